"""The job queue (procrastinate, in the platform's PostgreSQL): enqueue, run, list."""
