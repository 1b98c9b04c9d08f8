"""Casefile's window (PySide6). It calls casefile/ and nothing calls it."""
