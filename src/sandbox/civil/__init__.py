"""Sandbox of the civil registry (hộ tịch): births and deaths, signed notifications to subscribers.

It keeps its own PostgreSQL schema `sandbox_civil` (in the database at
$SANDBOX_CIVIL_DATABASE_URL, default: the embedded server), gives each child a personal ID in the
population-register sandbox and marks the dead there over HTTP, and notifies subscribers (the DCI
civil-registry `subscribe`/`notify` pattern) with ES256 compact JWS, retrying with exponential
back-off until a 2xx. Run `uvicorn sandbox.civil.app:create_app --factory`.
"""
