"""A folder import takes what a user put in the folder and says what it left:
hidden files (dotfiles, .DS_Store, Thumbs.db, Office's ~$ lock files, macOS's
__MACOSX) are skipped and counted in one line, and a link that leads nowhere
gets a line of its own. Real files on disk, imported by a real process."""

from __future__ import annotations

import os

import pytest

from casefile.ingest import import_files
from casefile.store import CaseFile
from casefile.store.models import Document
from tests.conftest import run_cli

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")


def _production(tmp_path):
    """The folder, and what each thing in it should become (stated here, not computed)."""
    folder = tmp_path / "Production 1"
    (folder / "sub").mkdir(parents=True)
    (folder / "memo.txt").write_text("The detention memo of June 2020.", encoding="utf-8")
    (folder / "sub" / "email.txt").write_text("Re: the Palladium operation.", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + b"\x00" * 64)
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 64)
    (folder / "~$brief.docx").write_bytes(b"\x0bJane Smith" + b"\x00" * 40)
    (folder / "__MACOSX").mkdir()
    (folder / "__MACOSX" / "._memo.txt").write_bytes(b"\x00\x05\x16\x07" + b"\x00" * 60)
    (folder / "sub" / ".hidden-notes.txt").write_text("private", encoding="utf-8")
    (folder / "gone.pdf").symlink_to(tmp_path / "deleted.pdf")  # leads nowhere
    (folder / "to-sub").symlink_to(folder / "sub", target_is_directory=True)
    expected_added = {"memo.txt", "email.txt"}
    expected_hidden = 5  # .DS_Store, Thumbs.db, ~$brief.docx, __MACOSX/, sub/.hidden-notes.txt
    return folder, expected_added, expected_hidden


def test_hidden_files_are_skipped_and_reported_and_a_broken_link_has_its_line(new_case,
                                                                              tmp_path):
    folder, expected_added, expected_hidden = _production(tmp_path)
    with CaseFile.open(new_case) as case:
        report = import_files(case, [folder], ocr=False)
        with case.reading() as s:
            names = {d.name for d in s.query(Document)}
    assert names == expected_added
    lines = [r.line() for r in report.results]
    hidden = [r for r in report.results if r.status == "skipped" and r.name == "Production 1"]
    assert len(hidden) == 1 and hidden[0].files == expected_hidden
    assert hidden[0].line().startswith("skipped    Production 1: 5 hidden files not imported (")
    assert hidden[0].reason == ("5 hidden files not imported (.DS_Store, __MACOSX/, "
                                "sub/.hidden-notes.txt, …)")
    broken = [line for line in lines if "gone.pdf" in line]
    assert broken == [f"skipped    Production 1/gone.pdf: a link to {tmp_path / 'deleted.pdf'}, "
                      "which is not there"]
    assert any(line.startswith("skipped    Production 1/to-sub: a link to a folder")
               for line in lines)
    assert report.count("failed") == 0
    assert report.summary() == "2 added (2 pages), 0 duplicate, 0 failed, 7 skipped"


def test_a_folder_of_hidden_files_only_says_so(new_case, tmp_path):
    folder = tmp_path / "empty-looking"
    folder.mkdir()
    (folder / ".DS_Store").write_bytes(b"Bud1")
    with CaseFile.open(new_case) as case:
        report = import_files(case, [folder], ocr=False)
    assert [r.line() for r in report.results] == [
        "skipped    empty-looking: 1 hidden file not imported (.DS_Store)",
        "failed     empty-looking: the folder has no files",
    ]


def test_the_command_prints_the_skipped_lines_and_exits_0(new_case, tmp_path):
    folder, _, _ = _production(tmp_path)
    result = run_cli("import", new_case, folder, "--no-ocr")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert "skipped    Production 1/gone.pdf: a link to " in "\n".join(out)
    assert any(line.startswith("skipped    Production 1: 5 hidden files") for line in out)
    assert out[-1] == "2 added (2 pages), 0 duplicate, 0 failed, 7 skipped"
