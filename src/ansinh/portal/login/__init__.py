"""Login with the national e-ID: the portal as an OpenID Connect relying party."""
