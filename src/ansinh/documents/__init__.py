"""Signed documents people can show: PDFs in Vietnamese with a QR, and their public verification."""
