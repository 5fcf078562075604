"""Insured persons, employers and employments: who is covered, and by whom."""
