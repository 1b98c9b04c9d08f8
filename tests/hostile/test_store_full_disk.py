"""A full disk: the import says exactly what it kept, and reading still works.

On a real 3 MiB tmpfs (the ``small_disk`` fixture: root only, else skipped
with the reason, and a failure under CI).
"""

from __future__ import annotations

import errno
import hashlib
from pathlib import Path

from tests.conftest import run_cli
from tests.hostile.store_attacks import case_with_documents, snapshot, stored_hashes, text_files

READ_ONLY_COMMANDS = (["info"], ["list", "documents"], ["search", "{case}", "release"],
                      ["check"])


def _fill(disk: Path) -> None:
    """Write a filler file until the disk refuses another byte."""
    with (disk / "filler").open("wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    try:
        with (disk / "filler").open("ab") as f:
            while True:
                f.write(b"\0")
                f.flush()
    except OSError as exc:
        assert exc.errno == errno.ENOSPC


def _run(command: list[str], case: Path):
    args = [case if a == "{case}" else a for a in command]
    if "{case}" not in command:
        args.append(case)
    return run_cli(*args)


def test_an_import_that_fills_the_disk_says_exactly_how_many_files_were_kept(
        small_disk, tmp_path):
    case = small_disk / "case.casefile"
    assert run_cli("new", case).returncode == 0
    files = text_files(tmp_path / "incoming", 20, size=150_000)

    result = run_cli("import", case, *files, "--no-ocr")

    kept = stored_hashes(case)
    saved = len(kept)
    assert 0 < saved < 20, result.stdout
    # Committed file by file, in order: the first `saved` files, whole.
    assert kept == {hashlib.sha256(f.read_bytes()).hexdigest() for f in files[:saved]}
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"casefile: {saved} of 20 files were saved before the disk filled; the last "
        f"{20 - saved} files were not imported. Free some space and import those again."]
    assert "Traceback" not in result.stderr
    # Every read-only command still works on the full disk.
    for command in READ_ONLY_COMMANDS:
        done = _run(command, case)
        assert done.returncode == 0, (command, done.stderr)
    assert f"documents             {saved}" in _run(["info"], case).stdout


def test_read_only_commands_work_on_a_full_disk_and_leave_nothing(small_disk, tmp_path):
    case = case_with_documents(small_disk / "case.casefile",
                               text_files(tmp_path / "incoming", 3))
    _fill(small_disk)
    before = snapshot(small_disk)
    for command in READ_ONLY_COMMANDS:
        done = _run(command, case)
        assert done.returncode == 0, (command, done.stderr)
        assert "Traceback" not in done.stderr
        assert snapshot(small_disk) == before, command
    assert "no problems found" in _run(["check"], case).stdout
