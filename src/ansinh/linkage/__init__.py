"""Population-register reconciliation: normalise, match (exact, then Splink), assign, review."""
