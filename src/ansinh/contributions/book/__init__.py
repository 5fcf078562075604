"""The bitemporal SI book: recorded months, what counts, the passbook and its read model."""
