"""Claims for benefits, their evidence and decisions."""
