"""Where templates are: the built-in ones, and the user's own beside them.

A .docx a user writes in Word and drops into ``templates`` in the Casefile
data folder appears beside the built-in ones; one of the same name replaces
the built-in one.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from casefile.errors import InputError
from casefile.paths import user_data_dir


def user_folder() -> Path:
    return user_data_dir() / "templates"


def built_in_folder() -> Path:
    return Path(str(resources.files("casefile.resources").joinpath("templates")))


def available() -> dict[str, Path]:
    found = {p.stem: p for p in sorted(built_in_folder().glob("*.docx"))}
    mine = user_folder()
    if mine.is_dir():
        found.update({p.stem: p for p in sorted(mine.glob("*.docx"))
                      if not p.name.startswith("~$")})  # Word's lock files
    return found


def find(name: str) -> Path:
    """A template by name ("complaint") or by its path."""
    path = Path(name)
    if path.suffix.lower() == ".docx" and path.exists():
        return path
    templates = available()
    if name in templates:
        return templates[name]
    raise InputError(f"There is no template '{name}'; the templates are "
                     f"{', '.join(sorted(templates))} (add your own .docx to {user_folder()}).")
