"""FHIR R4 CoverageEligibilityRequest/Response over the eligibility check."""
