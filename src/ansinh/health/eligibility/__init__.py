"""The clinic eligibility check: card lookup, verdicts, the durable check log."""
