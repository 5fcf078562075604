"""Unemployment insurance: claims to the employment centres, their decisions, payment and stop."""
