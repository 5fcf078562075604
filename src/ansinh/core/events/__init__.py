"""Domain events: typed, versioned, recorded in an outbox, delivered by the job queue."""
