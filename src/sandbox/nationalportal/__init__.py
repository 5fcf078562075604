"""Sandbox of the National Public Service Portal (Cổng Dịch vụ công quốc gia).

Citizens file dossiers here; the portal forwards each to the agency over HTTP and shows the
statuses the agency reports back. It imports nothing of the platform.
"""
