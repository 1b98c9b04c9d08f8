"""Work files of a run that was killed, found and removed by the next run.

Everything written aside before it is moved into place (a backup, an export,
a bundle's folder, an archive unpacked for an import) is named
``BASE.PID@HOST.partial``: the process that made it, on which computer. The
next run in the same place removes those whose process is gone from this
computer; a live process's work, and work from another computer (a synced
folder), is left alone. A reused pid only delays a removal.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

SUFFIX = ".partial"
# SQLite's own sidecars of a work file (-journal, -wal) belong to it.
_NAME = re.compile(r"\.(?P<pid>\d+)@(?P<host>[A-Za-z0-9-]{1,40})\.partial(-wal|-shm|-journal)?$")


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40] or "host"


def partial_name(base: str) -> str:
    """The name of this process's work file for ``base`` (no folder)."""
    return f"{base}.{os.getpid()}@{_host()}{SUFFIX}"


def partial_beside(target: Path) -> Path:
    """The hidden work file written beside ``target`` before it replaces it."""
    return target.with_name(partial_name(f".{target.name}"))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # our own other jobs (the window runs several)
    if os.name == "nt":  # pragma: no cover - Windows builds only
        return _alive_on_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0: asks, sends nothing
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's live process (EPERM), or we cannot tell
    return True


def _alive_on_windows(pid: int) -> bool:  # pragma: no cover - not run on Windows yet
    # Never os.kill here: on Windows it terminates the process.
    import ctypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def is_abandoned(path: Path) -> bool:
    """A work file of a process of this computer that no longer runs."""
    found = _NAME.search(path.name)
    return bool(found) and found["host"] == _host() and not _alive(int(found["pid"]))


def sweep(folder: Path) -> list[Path]:
    """Remove the abandoned work files and folders in ``folder``; returns them."""
    removed = []
    try:
        candidates = [p for p in folder.iterdir() if SUFFIX in p.name]
    except OSError:
        return removed  # not there yet, or not ours to list
    for path in candidates:
        if not is_abandoned(path):
            continue
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed


@contextlib.contextmanager
def scratch_dir(kind: str) -> Iterator[Path]:
    """A temporary folder named for this process, removed after use; the
    abandoned ones of killed runs are removed first."""
    base = Path(tempfile.gettempdir())
    sweep(base)
    folder = Path(tempfile.mkdtemp(prefix=f"casefile-{kind}-",
                                   suffix=f".{os.getpid()}@{_host()}{SUFFIX}", dir=base))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
