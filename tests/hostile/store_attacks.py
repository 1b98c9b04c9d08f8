"""What the store attacks share: a writer held open in another process, a
folder's exact state, and cases with documents in them.

Everything here reads the case with plain ``sqlite3`` or the bytes on disk,
not through ``casefile.store``, so a test's expected result does not come
from the code it tests.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from casefile.ingest import import_files
from casefile.store import CaseFile

HOLDER = textwrap.dedent("""
    import sys
    from casefile.store import CaseFile
    case = CaseFile.open(sys.argv[1])
    print("open", flush=True)
    sys.stdin.readline()
    case.close()
""")


def hold_open(path: Path) -> subprocess.Popen:
    """Another process that has ``path`` open for writing until told to stop."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout.readline().strip() == "open"
    return child


def let_go(child: subprocess.Popen) -> None:
    child.communicate("\n", timeout=30)


def snapshot(folder: Path) -> dict[str, str]:
    """Every name in ``folder`` (sidecars and lock files included) with its SHA-256."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
            for p in sorted(folder.iterdir())}


def text_files(folder: Path, count: int, size: int = 3_000, tag: str = "release") -> list[Path]:
    """``count`` text files of about ``size`` bytes, no run of 40 bytes repeated
    within or across them (each line carries a digest of its tag, file and line)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(count):
        f = folder / f"{tag}-{n:02d}.txt"
        lines = [f"{tag} {n}: the agency's release, page one."]
        length = len(lines[0]) + 1
        while length < size:
            mark = hashlib.sha256(f"{tag}/{n}/{len(lines)}".encode()).hexdigest()[:24]
            lines.append(f"item {len(lines)} {mark}")
            length += len(lines[-1]) + 1
        f.write_text("\n".join(lines) + "\n")
        files.append(f)
    return files


def case_with_documents(path: Path, files: list[Path]) -> Path:
    """A closed case holding ``files``."""
    with CaseFile.create(path) as case:
        report = import_files(case, files, ocr=False)
        assert report.count("added") == len(files), report.summary()
        return case.path


def stored_hashes(path: Path) -> set[str]:
    """The SHA-256 of every document's bytes, read with sqlite3 alone."""
    conn = sqlite3.connect(path)  # read only; closing it removes the WAL files it opened
    try:
        return {row[0] for row in conn.execute(
            "SELECT blob.sha256 FROM document JOIN blob ON blob.id = document.blob_id")}
    finally:
        conn.close()


def case_uuid(path: Path) -> str:
    conn = sqlite3.connect(path)  # read only; closing it removes the WAL files it opened
    try:
        return conn.execute("SELECT value FROM setting WHERE key = 'case_uuid'").fetchone()[0]
    finally:
        conn.close()


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
