"""Where Casefile keeps the user's own files (backups, templates, settings)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Casefile"


def user_data_dir() -> Path:
    """Per-user data folder; ``CASEFILE_DATA_DIR`` moves it (tests, portable use)."""
    override = os.environ.get("CASEFILE_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def backups_dir() -> Path:
    return user_data_dir() / "backups"


def documents_dir() -> Path:
    """Where a case kept on a server, which has no folder of its own, puts its papers
    by default: the user's Documents folder; ``CASEFILE_DOCUMENTS_DIR`` moves it (tests)."""
    override = os.environ.get("CASEFILE_DOCUMENTS_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_documents_dir())
