"""Certificates of coverage: workers posted abroad stay insured at home under an agreement."""
