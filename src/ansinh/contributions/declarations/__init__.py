"""Employer declarations: files, line checks, set-based apply through the registry."""
