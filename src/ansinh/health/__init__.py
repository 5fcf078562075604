"""Health insurance: cards, facilities, the clinic eligibility check, check-ins and signed QR."""
