"""Sandbox of a Vietnamese bank on NAPAS: name inquiry, ISO 20022 files, reports, VietQR.

It keeps its own PostgreSQL schema `sandbox_bank` in the database at $SANDBOX_BANK_DATABASE_URL
(default: the embedded server). Seed it with `python -m sandbox.bank.seed --people N`, then run
`python -m sandbox.bank.serve` (port $SANDBOX_BANK_PORT, default 8003).
"""
