"""Sandbox of a public employment service centre (trung tâm dịch vụ việc làm): UI decisions.

It keeps its own PostgreSQL schema `sandbox_employment` (in the database at
$SANDBOX_EMPLOYMENT_DATABASE_URL), receives unemployment-benefit claims from the platform, asks
the platform for the claimant's UI contribution record over HTTP, and issues the decisions of
Decree 374/2025 (grant, incomplete file, refusal, suspension, resumption, termination, transfer,
reservation), each sent to the platform as an ES256 compact JWS, retried with back-off until a
2xx. Run `uvicorn sandbox.employment.app:create_app --factory`.
"""
