"""The national e-ID adapter: the relying-party client, its key, and e-ID usage counters."""
