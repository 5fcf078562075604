"""HI cards: a citizen's own card reads and primary-care changes, each audited in the verb."""
