"""Payments: where each beneficiary is paid, monthly and daily payroll runs, ISO 20022 files."""
