"""Cards at life events: a newborn's card without application, a card ended by death."""
