"""Which case files were found damaged, so they stay read-only until restored.

Damage is found by ``casefile check`` or by SQLite refusing a page mid-work;
a full check on every open would cost seconds on a large case. The finding is
kept in the user's data folder, never beside the case, so the damaged file and
its folder stay exactly as they were found. It names the file by its real path
and inode: a restore puts a new file (a new inode) in place, which ends the
finding by itself; a clean ``check`` ends it too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from datetime import datetime
from pathlib import Path

from casefile.paths import user_data_dir


def _identity(path: Path) -> tuple[str, int] | None:
    real = os.path.realpath(path)
    try:
        return real, os.stat(real).st_ino
    except OSError:
        return None


def _record_file(real: str) -> Path:
    return user_data_dir() / "damaged" / (hashlib.sha256(real.encode()).hexdigest()[:32]
                                          + ".json")


def record(path: Path, finding: str) -> None:
    """Remember that ``path`` is damaged (best effort: a full disk skips it)."""
    identity = _identity(path)
    if identity is None:
        return
    real, inode = identity
    note = _record_file(real)
    with contextlib.suppress(OSError):
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(json.dumps({
            "path": real, "inode": inode, "finding": finding,
            "since": datetime.now().astimezone().isoformat(timespec="seconds"),
        }), encoding="utf-8")


def recorded(path: Path) -> str | None:
    """What was found wrong with ``path`` (this very file), or None."""
    identity = _identity(path)
    if identity is None:
        return None
    real, inode = identity
    try:
        note = json.loads(_record_file(real).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(note, dict) or note.get("inode") != inode:
        return None  # another file now has the name (a restore): the finding is over
    return str(note.get("finding") or "damaged")


def clear(path: Path) -> None:
    with contextlib.suppress(OSError):
        _record_file(os.path.realpath(path)).unlink()


def read_only_sentence(path: Path, finding: str) -> str:
    return (f"{path.name} is damaged ({finding.rstrip('.')}), so it is open read-only and "
            f"nothing was changed; restore it from a backup with 'casefile restore "
            f"{path.name} BACKUP' ('casefile backup {path.name} --list' lists them).")
