"""Who is calling: API clients with scopes (officers and citizens log in through the portal)."""
