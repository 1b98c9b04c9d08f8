"""Where a case is, as a user names it: a file, or a server's URL.

Light on purpose (no SQLAlchemy, no driver): the window's first paint lists
recent cases with these, before anything heavy is imported. Opening a case
goes through ``casefile.store``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

# argparse's type=Path and pathlib turn "postgresql://u@/db" into "postgresql:/u@/db".
SERVER_URL = re.compile(r"^(postgres(?:ql)?(?:\+psycopg)?):/+", re.IGNORECASE)


def is_url(location: object) -> bool:
    """Whether a case location (a path, or what a user typed) names a server."""
    return bool(SERVER_URL.match(str(location)))


def label(location: str) -> tuple[str, str]:
    """A case as lists name it: (its file's name, its folder), or (its database's
    name, "on" its server)."""
    if not is_url(location):
        return Path(location).name, str(Path(location).parent)
    parts = urlsplit(SERVER_URL.sub(lambda m: m[1].lower() + "://", location, count=1))
    database = parts.path.lstrip("/") or location
    socket = parse_qs(parts.query).get("host")
    where = parts.hostname or ("the local server" if socket else "localhost")
    return database, f"on {where}"
