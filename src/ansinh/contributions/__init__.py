"""Contributions: employer declarations, bills, collection and arrears, and the SI book."""
