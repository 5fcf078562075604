"""The National Public Service Portal: dossiers filed there, and their statuses reported back."""
