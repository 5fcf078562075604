"""Benefit claims and decisions: every branch filed, held, decided, approved and entitled."""
