"""The employer channel: short-term claims filed as a batch list (01B-HSB)."""
