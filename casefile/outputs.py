"""Writing files the user asked for: whole or not at all.

Every export (Word, Excel, CSV, PDF) is written beside its target under a
hidden name and moved into place when complete, so a full disk or a crash
leaves the old file, never half a new one. The hidden name carries the
writer's pid (``casefile.leftovers``): what a killed run left is removed by
the next write into that folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from casefile import leftovers
from casefile.errors import InputError, from_os_error


def write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)``, then put ``tmp`` in place of ``target``."""
    if target.is_dir():
        raise InputError(f"{target} is a folder; give a file name to write.")
    if not target.parent.is_dir():
        raise InputError(f"The folder {target.parent} does not exist.")
    leftovers.sweep(target.parent)
    tmp = leftovers.partial_beside(target)
    try:
        write(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise from_os_error(exc, target, "writing") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
