"""Casefile: a FOIA case in one file."""

__version__ = "0.1.0"
