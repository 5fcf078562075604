"""Partner API for the national e-ID app: a citizen's SI-book summary and HI card."""
