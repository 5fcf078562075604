"""Sandbox of the National Population Database: verify, lookup, bulk extract and change feed.

It keeps its own PostgreSQL schema `population_register` in the database at
$SANDBOX_POPULATION_DATABASE_URL (default: the embedded server). Seed it with
`python -m sandbox.population.seed --people N`, then run
`uvicorn sandbox.population.app:create_app --factory`.
"""
