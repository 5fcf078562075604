"""Citizen portal and officers' back office: e-ID login, pages, the Project 06 scorecard."""
