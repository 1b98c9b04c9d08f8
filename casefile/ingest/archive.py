"""ZIP archives (an agency's production): members out, safely, paths kept.

A hostile or broken archive is answered member by member: paths that climb
out of the archive ("../"), absolute paths, encrypted members, and members
that inflate past what their headers promise or past the ratio a document
can reach (zip bombs) are reported and skipped; the rest of the archive is
imported. One :class:`Budget` is shared by an archive and every archive
nested in it, so a bomb of nested ZIPs (42.zip) cannot multiply its way past
the total: when the budget is spent, the rest is refused in one line.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from casefile import limits

MAX_DEPTH = limits.ARCHIVE_DEPTH  # a ZIP inside a ZIP inside a ZIP…


@dataclass
class Member:
    name: str  # the path inside the archive, as written there
    path: Path | None  # where it was extracted, or None if it was refused
    problem: str | None = None


@dataclass
class Budget:
    """What one archive, nested archives included, may still unpack."""

    bytes_left: int = field(default_factory=limits.archive_budget)
    members_left: int = limits.ARCHIVE_MEMBERS
    total: int = 0  # the bytes budget it started with, for the sentence

    def __post_init__(self) -> None:
        self.total = self.total or self.bytes_left


def members(archive: Path, out: Path, budget: Budget | None = None,
            depth: int = 0, prefix: str = "") -> list[Member]:
    """Extract ``archive`` (itself ``depth`` archives deep) into ``out``, each file
    named ``prefix`` + its number + its name; every member comes back, refused
    ones with why.

    When ``budget`` runs out, one last Member named "…" stands for the rest. An
    archive inside an archive at the last level it may open is refused without
    being written out: 42.zip's thousands of inner ZIPs never touch the disk.
    """
    budget = budget or Budget()
    result: list[Member] = []
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            for n, info in enumerate(infos):
                if budget.members_left <= 0:
                    result.append(Member("…", None, limits.archive_too_many(len(infos) - n)))
                    break
                budget.members_left -= 1
                name = info.filename
                problem = _unsafe(name)
                if problem is None and info.flag_bits & 0x1:
                    problem = "it is password-protected inside the ZIP"
                problem = problem or inflates(info)
                if problem is None and info.file_size > budget.bytes_left:
                    result.append(Member(name, None, limits.archive_too_large(budget.total)))
                    budget.bytes_left = 0
                    if n + 1 < len(infos):
                        result.append(Member("…", None,
                                             limits.archive_too_large(budget.total)))
                    break
                if problem is None and depth + 1 >= MAX_DEPTH and _is_archive(zf, info):
                    problem = limits.archive_too_deep()
                if problem:
                    result.append(Member(name, None, problem))
                    continue
                target = out / f"{prefix}{n:05d}-{disk_name(name)}"
                try:
                    written = _copy_bounded(zf, info, target)
                except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError,
                        ValueError, NotImplementedError, RuntimeError) as exc:
                    target.unlink(missing_ok=True)
                    result.append(Member(name, None, f"it cannot be extracted ({exc})"))
                    continue
                budget.bytes_left -= written
                result.append(Member(name, target))
    except zipfile.BadZipFile as exc:
        raise ValueError(f"it is not a readable ZIP archive ({exc})") from None
    return result


def inflates(info: zipfile.ZipInfo) -> str | None:
    """Why a member inflates past what a document can (the ratio rule), or None."""
    if info.file_size <= limits.ARCHIVE_RATIO_FLOOR:
        return None
    ratio = info.file_size / max(1, info.compress_size)
    return limits.member_inflates(ratio) if ratio > limits.ARCHIVE_RATIO else None


def package_problem(zf: zipfile.ZipFile, budget: Budget | None = None) -> str | None:
    """Why a ZIP read whole by a library (a .xlsx, a .docx: openpyxl and lxml
    inflate every part they parse) is refused before it is read, or None: the
    archive rules on its parts' headers (number, ratio, total unpacked size).
    Python's zipfile never inflates a member past the size its header declares,
    so the headers bound what the reader can be made to hold."""
    budget = budget or Budget()
    infos = [i for i in zf.infolist() if not i.is_dir()]
    if len(infos) > budget.members_left:
        return limits.archive_too_many(len(infos) - budget.members_left)
    for info in infos:
        problem = inflates(info)
        if problem:
            return f"its part {info.filename}: {problem}"
        if info.file_size > budget.bytes_left:
            return limits.package_too_large(budget.total)
        budget.bytes_left -= info.file_size
    return None


def disk_name(name: str) -> str:
    """The member's file name, made safe to write here: no folders, no control
    characters, and short enough for any file system (a 300-character name
    raised Errno 36), its extension kept so its kind is still known."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = "".join(c if c.isprintable() and c not in '<>:"|?*' else "_" for c in base)
    return fit_name(base.strip(" .") or "member")


def fit_name(base: str, limit: int = limits.NAME_BYTES) -> str:
    """``base`` cut to ``limit`` bytes of UTF-8 (file systems count bytes: 120
    Chinese characters are 360 of the 255 allowed), its extension kept."""
    if len(base.encode("utf-8")) <= limit:
        return base
    stem, dot, ext = base.rpartition(".")
    if not dot or len(ext) > 10:
        stem, ext = base, ""
    tail = f"~.{ext}" if ext else "~"
    room = limit - len(tail.encode("utf-8"))
    cut = stem.encode("utf-8")[:room].decode("utf-8", "ignore")  # no half character
    return cut + tail


def _is_archive(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a member is a ZIP archive itself, by its first bytes (a Word file
    is a ZIP too, but named .docx, and read as a document)."""
    suffix = PurePosixPath(info.filename).suffix.lower()
    if suffix == ".docx":
        return False
    if suffix == ".zip":
        return True  # no need to look: 42.zip's 4,096 inner ZIPs are named so
    try:
        with zf.open(info) as member:
            return member.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError):
        return False  # extracting it will say what is wrong


def _unsafe(name: str) -> str | None:
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or (len(name) > 1 and name[1] == ":"):
        return "its path is absolute, outside the archive"
    if ".." in posix.parts:
        return "its path climbs out of the archive (../)"
    return None


def _copy_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> int:
    """Extract one member, refusing to write more than its header declared."""
    limit = info.file_size
    written = 0
    with zf.open(info) as source, target.open("wb") as sink:
        while chunk := source.read(1 << 20):
            written += len(chunk)
            if written > limit:
                raise ValueError("it inflates past the size its header declares")
            sink.write(chunk)
    return written
