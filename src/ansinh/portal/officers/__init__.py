"""Officers' local accounts (argon2 passwords, roles) and the back-office pages."""
