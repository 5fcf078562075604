"""Sandbox national e-ID: an OpenID Connect provider shaped like VNeID behind the DVCQG SSO."""
