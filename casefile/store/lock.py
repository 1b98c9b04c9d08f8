"""One writer per case file: a lock file beside the case, held by an OS lock.

The lock file (``.NAME.casefile.lock``) says who holds the case (host, pid,
since when) so a second window can tell the user, and an OS-level lock on it
says whether that holder is still alive: a process killed mid-import releases
its OS lock with its life, and the next open takes the case over. A lock
written on another computer (the case sits in a synced folder) cannot be
probed from here, so it is honoured until ``casefile unlock`` removes it.

The lock belongs to the file, not to the name it was reached by: a symlink is
followed to the case it points to (so both names meet the same lock file),
and a case with a second hard link is refused for writing, because SQLite
would give each name its own WAL and one writer's work would be lost.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from datetime import datetime
from pathlib import Path

from casefile.errors import CaseLocked, from_os_error

if os.name == "nt":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        # Lock one byte far past the JSON so readers can still read the holder.
        os.lseek(fd, 1 << 20, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False


def lock_path(case_path: Path) -> Path:
    """The lock file of the case ``case_path`` names, beside the file itself
    (through any symlinks), so every name of one case meets one lock."""
    real = Path(os.path.realpath(case_path))
    return real.with_name(f".{real.name}.lock")


def refuse_hard_links(case_path: Path) -> None:
    """Refuse, in one sentence, a case that has another name on its disk."""
    try:
        links = os.stat(case_path).st_nlink
    except OSError:
        return  # a missing case is someone else's sentence (restore creates one)
    if links > 1:
        raise CaseLocked(
            f"{case_path.name} has {links - 1} other name{'s' if links > 2 else ''} on this "
            "disk (a hard link), and work saved through one name can be lost through the "
            "other, so it cannot be changed here; copy it to a file of its own and open "
            "the copy.")


def describe(holder: dict) -> str:
    """'host, pid 123, since 27 Nov 2026 14:05' for a lock holder."""
    since = holder.get("since", "")
    with contextlib.suppress(TypeError, ValueError):
        since = datetime.fromisoformat(since).strftime("%d %b %Y %H:%M")
    return f"{holder.get('host', 'unknown host')}, pid {holder.get('pid', '?')}, since {since}"


def read_holder(case_path: Path) -> dict | None:
    try:
        text = lock_path(case_path).read_text(encoding="utf-8")
        holder = json.loads(text) if text.strip() else None
        return holder if isinstance(holder, dict) else None
    except (OSError, ValueError):
        return None


class CaseLock:
    """The writer's lock on one case file; ``release()`` removes it."""

    def __init__(self, case_path: Path, *, links_ok: bool = False) -> None:
        self.case_path = case_path
        self.path = lock_path(case_path)
        # For work that never writes the case through this name: a restore puts
        # a new file under it (undoing the link), a tidy removes only the
        # sidecars a reader made under it.
        self.links_ok = links_ok
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`CaseLocked` naming its holder."""
        if not self.links_ok:
            refuse_hard_links(self.case_path)
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise from_os_error(exc, self.case_path, "opening") from None
            if not _try_lock(fd):
                holder = _read_fd(fd)
                os.close(fd)
                raise self._locked(holder)
            # Between our open and our lock, the holder may have released the
            # lock and unlinked the file; then we hold a lock on nothing.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            holder = _read_fd(fd)
            if holder and holder.get("host") != socket.gethostname():
                os.close(fd)
                raise self._locked(holder, other_host=True)
            self._fd = fd
            # On a full disk the OS lock alone keeps other writers out; only
            # the "who has it" note for a second window is missing.
            with contextlib.suppress(OSError):
                self._write_holder()
            return
        raise CaseLocked(f"{self.case_path.name} is being opened by another window; "
                         "try again in a moment.")

    def _locked(self, holder: dict | None, other_host: bool = False) -> CaseLocked:
        name = self.case_path.name
        who = describe(holder) if holder else "details unknown"
        where = "on another computer" if other_host else "in another Casefile window or command"
        message = (f"{name} is open {where} ({who}), so it cannot be changed here; "
                   "it can still be read.")
        if other_host:
            message += (" If that computer is no longer using it, "
                        f"'casefile unlock {name}' releases it.")
        return CaseLocked(message, holder)

    def _write_holder(self) -> None:
        assert self._fd is not None
        holder = {
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        data = json.dumps(holder).encode()
        os.ftruncate(self._fd, 0)
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.write(self._fd, data)

    def release(self) -> None:
        if self._fd is None:
            return
        # Unlink while still holding the lock, so nobody can take a lock on
        # the old file in between; a racer notices via the samestat check.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def _read_fd(fd: int) -> dict | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 4096).decode("utf-8", "replace")
        holder = json.loads(text) if text.strip() else None
        return holder if isinstance(holder, dict) else None
    except (OSError, ValueError):
        return None


def break_lock(case_path: Path) -> dict | None:
    """Remove a lock left by another computer; refuse one held on this one."""
    path = lock_path(case_path)
    if not path.exists():
        return None
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError as exc:
        raise from_os_error(exc, case_path, "unlocking") from None
    try:
        if not _try_lock(fd):
            holder = _read_fd(fd)
            raise CaseLocked(
                f"{case_path.name} is open in a running window on this computer "
                f"({describe(holder or {})}); close it there instead.",
                holder,
            )
        holder = _read_fd(fd)
        os.unlink(path)
        return holder
    finally:
        os.close(fd)
