"""Voluntary enrolment: self-paying participants, their plans and payments."""
