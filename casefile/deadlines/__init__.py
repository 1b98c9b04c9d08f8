"""Deadlines: the statutory dates of a FOIA case, derived with their rules,
and the dates a user enters (court orders, briefing)."""

from casefile.deadlines.entered import add_deadline

__all__ = ["add_deadline"]
