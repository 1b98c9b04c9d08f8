"""ZIP archives (an agency's production): members out, safely, paths kept.

A hostile or broken archive is answered member by member: paths that climb
out of the archive ("../"), absolute paths, encrypted members, and members
that inflate past what their headers promise or past the limits below (zip
bombs) are reported and skipped; the rest of the archive is imported.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_MEMBER_BYTES = 2 * 1024**3  # one file larger than 2 GiB is not an exhibit
MAX_TOTAL_BYTES = 8 * 1024**3  # nor is an archive that inflates past 8 GiB
MAX_RATIO = 200  # deflate rarely beats 100:1 on real documents
MAX_DEPTH = 4  # a ZIP inside a ZIP inside a ZIP…


@dataclass
class Member:
    name: str  # the path inside the archive, as written there
    path: Path | None  # where it was extracted, or None if it was refused
    problem: str | None = None


def members(archive: Path, out: Path) -> list[Member]:
    """Extract ``archive`` into ``out``; every member comes back, refused ones with why."""
    result: list[Member] = []
    total = 0
    try:
        with zipfile.ZipFile(archive) as zf:
            for n, info in enumerate(zf.infolist()):
                if info.is_dir():
                    continue
                name = info.filename
                problem = _unsafe(name)
                if problem is None and info.flag_bits & 0x1:
                    problem = "it is password-protected inside the ZIP"
                if problem is None and info.file_size > MAX_MEMBER_BYTES:
                    problem = f"it would inflate to {info.file_size / 1e9:.1f} GB"
                if (problem is None and info.compress_size > 0
                        and info.file_size / info.compress_size > MAX_RATIO
                        and info.file_size > 50 * 1024**2):
                    problem = "it inflates suspiciously (a ZIP bomb?)"
                if problem is None and total + info.file_size > MAX_TOTAL_BYTES:
                    problem = "the archive inflates past 8 GB"
                if problem:
                    result.append(Member(name, None, problem))
                    continue
                target = out / f"{n:05d}-{PurePosixPath(name).name}"
                try:
                    written = _copy_bounded(zf, info, target)
                except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError,
                        ValueError, NotImplementedError) as exc:
                    target.unlink(missing_ok=True)
                    result.append(Member(name, None, f"it cannot be extracted ({exc})"))
                    continue
                total += written
                result.append(Member(name, target))
    except zipfile.BadZipFile as exc:
        raise ValueError(f"it is not a readable ZIP archive ({exc})") from None
    return result


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
