"""LibreOffice, where installed: converting Word files to PDF or text.

Each conversion runs headless with a profile of its own in a temporary
folder, so it neither waits on nor disturbs a LibreOffice the user has open.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from casefile import leftovers
from casefile.errors import CasefileError


class OfficeMissing(CasefileError):
    """LibreOffice is not installed."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, target_format: str, out_dir: Path, *, timeout: float = 300) -> Path:
    """Convert ``source`` to ``target_format`` ("pdf", "txt:Text (encoded):UTF8") in ``out_dir``.

    Returns the written file; raises CasefileError naming the file when
    LibreOffice is missing, fails or takes longer than ``timeout`` seconds.
    """
    office = soffice()
    if office is None:
        raise OfficeMissing(f"{source.name} needs LibreOffice to be converted; install "
                            "LibreOffice (libreoffice.org) and try again.")
    extension = target_format.split(":", 1)[0]
    with leftovers.scratch_dir("office") as profile:
        try:
            done = subprocess.run(
                [office, f"-env:UserInstallation=file://{profile}/profile", "--headless",
                 "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
                capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise CasefileError(f"LibreOffice took more than {timeout:.0f} s to convert "
                                f"{source.name}; it was stopped.") from None
    out = out_dir / f"{source.stem}.{extension}"
    if done.returncode != 0 or not out.exists():
        raise CasefileError(f"LibreOffice could not convert {source.name}.")
    return out
