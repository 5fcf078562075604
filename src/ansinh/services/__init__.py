"""Online public services: the catalogue, applications and their timeline, and each service."""
