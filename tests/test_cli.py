"""The `casefile` command, run as a user runs it: a real process, real files."""

from __future__ import annotations

import sqlite3

import pytest

from casefile.cli import build_parser, main
from casefile.cli.add import ADDERS
from casefile.listings import LISTINGS
from tests.conftest import assert_one_clear_line, run_cli, sha256

COMMANDS = ["new", "info", "list", "import", "search", "check", "reindex", "backup", "restore",
            "unlock", "demo", "gui", "add"]


@pytest.mark.parametrize("command", COMMANDS + [f"add {kind}" for kind in ADDERS])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([*command.split(), "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: casefile " + command)


def test_version_is_printed():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("casefile 0.")


def test_a_case_is_built_from_the_command_line(tmp_path, capsys):
    case = tmp_path / "palladium.casefile"
    letter = tmp_path / "ack.pdf"
    from casefile.sample_pdfs import text_pdf

    letter.write_bytes(text_pdf("Acknowledgment", [["We received your request."]]))
    steps = [
        ["new", str(tmp_path / "palladium")],
        ["add", "matter", str(case), "--caption", "IDP v. DHS", "--short-title", "IDP v. DHS",
         "--court", "S.D.N.Y.", "--docket", "1:20-cv-08000"],
        ["add", "agency", str(case), "--name", "U.S. Department of Homeland Security",
         "--abbreviation", "DHS", "--rules", "DHS"],
        ["add", "agency", str(case), "--name", "U.S. Immigration and Customs Enforcement",
         "--abbreviation", "ICE", "--parent", "DHS"],
        ["add", "request", str(case), "--agency", "ice", "--requester", "IDP and CCR",
         "--subject", "Operation Palladium", "--item", "Policy guidance", "--item",
         "Training materials", "--sent", "2020-06-18", "--received", "June 18, 2020",
         "--tracking", "2020-ICFO-12345", "--fee-waiver", "--expedited"],
        ["add", "correspondence", str(case), "--direction", "incoming", "--date", "2020-06-25",
         "--kind", "acknowledgment", "--request", "2020-ICFO-12345", "--from", "ICE FOIA",
         "--subject", "Acknowledgment", "--file", str(letter)],
        ["add", "index", str(case), "--title", "ICE Vaughn index", "--request", "1"],
        ["add", "record", str(case), "--entry", "1", "--bates", "ICE-2020-000007",
         "--exemption", "(b)(6)", "--exemption", "b7C", "--pages", "1",
         "--disposition", "released_in_part", "--justification", "Names of employees."],
        ["add", "declaration", str(case), "--declarant", "Alex Rivera",
         "--paragraph", "I am counsel for Plaintiffs."],
        ["add", "exhibit", str(case), "--set", "Rivera exhibits", "--letters",
         "--document", "1", "--title", "ICE acknowledgment"],
        ["add", "deadline", str(case), "--title", "Answer due", "--due", "2020-11-02",
         "--citation", "5 U.S.C. § 552(a)(4)(C)"],
        ["add", "note", str(case), "--on", "request", "1", "--text", "Call ICE FOIA."],
    ]
    for step in steps:
        assert main(step) == 0, step
    out = capsys.readouterr().out
    assert "Added exhibit 1." in out and "Added note 1." in out

    assert main(["list", "requests", str(case)]) == 0
    assert "2020-ICFO-12345" in capsys.readouterr().out
    assert main(["list", "records", str(case)]) == 0
    assert "(b)(6), (b)(7)(C)" in capsys.readouterr().out
    assert main(["list", "exhibits", str(case)]) == 0
    assert "Ex. A" in capsys.readouterr().out
    assert main(["info", str(case)]) == 0
    info = capsys.readouterr().out
    assert "IDP v. DHS" in info and "S.D.N.Y." in info
    for kind in LISTINGS:
        assert main(["list", kind, str(case)]) == 0
    assert main(["check", str(case)]) == 0
    assert "no problems found" in capsys.readouterr().out


def test_import_reports_each_file_and_goes_on_after_a_bad_one(new_case, tmp_path):
    from casefile.sample_pdfs import text_pdf

    good = tmp_path / "release.pdf"
    good.write_bytes(text_pdf("Release", [["Page one."], ["Page two."]]))
    copy = tmp_path / "release-copy.pdf"
    copy.write_bytes(good.read_bytes())
    folder = tmp_path / "production"
    folder.mkdir()
    (folder / "letter.txt").write_text("Dear Counsel, enclosed is the first release.")
    (folder / "fake.pdf").write_bytes(b"%PDF-1.7 but nothing after it")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    result = run_cli("import", new_case, good, tmp_path / "missing.pdf", copy, folder,
                     tmp_path)
    assert result.returncode == 3, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "added      release.pdf (2 pages)"
    assert lines[1] == "failed     missing.pdf: no such file"
    assert lines[2] == ("duplicate  release-copy.pdf (already in the case as release.pdf, "
                        "document 1)")
    assert lines[3] == "skipped    production: 1 hidden file not imported (.DS_Store)"
    assert lines[4].startswith("failed     production/fake.pdf: it is not a readable PDF")
    assert lines[5] == "added      production/letter.txt (1 page)"
    # The folder the case lives in: its own file, lock and journal are passed over.
    assert not any("case.casefile" in line for line in lines)
    # production/.DS_Store is skipped twice: in production, and in the folder holding it
    assert lines[-1] == "2 added (3 pages), 4 duplicate, 3 failed, 2 skipped"
    result = run_cli("list", "documents", new_case)
    assert "release.pdf" in result.stdout and "  2  " in result.stdout  # two pages counted


@pytest.mark.parametrize("args, words", [
    (["add", "request", "{case}", "--agency", "FBI", "--requester", "x", "--subject", "y"],
     ["no agency 'FBI'"]),
    (["add", "record", "{case}", "--entry", "1", "--exemption", "b10"], ["Vaughn index"]),
    (["add", "request", "{case}", "--agency", "1", "--requester", "x", "--subject", "y",
      "--sent", "2020-06-18", "--received", "2020-06-01"], ["before it was sent"]),
    (["info", "{missing}"], ["does not exist"]),
    (["new", "{case}"], ["already exists"]),
    (["restore", "{case}", "{missing}"], ["does not exist"]),
])
def test_user_mistakes_get_one_clear_line(new_case, tmp_path, args, words):
    run_cli("add", "agency", new_case, "--name", "ICE", "--abbreviation", "ICE")
    before = sha256(new_case)
    args = [a.format(case=new_case, missing=tmp_path / "missing.casefile") for a in args]
    assert_one_clear_line(run_cli(*args), *words)
    assert sha256(new_case) == before


def test_a_bad_exemption_is_refused_with_the_forms_it_takes(new_case):
    run_cli("add", "index", new_case, "--title", "ICE index")
    result = run_cli("add", "record", new_case, "--entry", "1", "--exemption", "b10")
    assert_one_clear_line(result, "cannot read 'b10' as an exemption", "(b)(7)(C)")


@pytest.mark.parametrize("content", [b"", b"not a case at all", b"SQLite format 3\x00" + bytes(50)])
def test_bad_files_are_refused_untouched_by_every_command(tmp_path, content):
    bad = tmp_path / "bad.casefile"
    bad.write_bytes(content)
    for args in (["info", bad], ["check", bad], ["import", bad, bad], ["backup", bad],
                 ["add", "agency", bad, "--name", "x", "--abbreviation", "x"]):
        assert_one_clear_line(run_cli(*args))
    assert bad.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.casefile"]


def test_a_case_open_in_another_window_is_named_not_damaged(new_case):
    from tests.test_store import _hold_open

    child = _hold_open(new_case)
    try:
        result = run_cli("add", "agency", new_case, "--name", "ICE", "--abbreviation", "ICE")
        assert_one_clear_line(result, "open in another Casefile window", f"pid {child.pid}")
        assert run_cli("info", new_case).returncode == 0  # reading is allowed
    finally:
        child.communicate("\n", timeout=30)


def test_a_read_only_folder_gets_a_sentence_and_an_untouched_file(new_case, make_read_only):
    folder = make_read_only([new_case])
    case = folder / new_case.name
    before = sha256(case)
    result = run_cli("add", "agency", case, "--name", "ICE", "--abbreviation", "ICE")
    assert_one_clear_line(result, "read-only")
    assert_one_clear_line(run_cli("new", folder / "another"), "read-only")
    info = run_cli("info", case)  # reading still works
    assert info.returncode == 0, info.stderr
    assert sha256(case) == before
    assert sorted(p.name for p in folder.iterdir()) == [case.name]


def test_backup_restore_and_unlock_from_the_command_line(new_case, tmp_path):
    run_cli("add", "agency", new_case, "--name", "ICE", "--abbreviation", "ICE")
    target = tmp_path / "backups"
    target.mkdir()
    result = run_cli("backup", new_case, "--to", target)
    assert result.returncode == 0 and "(verified)" in result.stdout
    backup = next(target.iterdir())
    run_cli("add", "agency", new_case, "--name", "CBP", "--abbreviation", "CBP")
    result = run_cli("restore", new_case, backup)
    assert result.returncode == 0, result.stderr
    assert "kept as" in result.stdout
    agencies = run_cli("list", "agencies", new_case).stdout
    assert "ICE" in agencies and "CBP" not in agencies
    listed = run_cli("backup", new_case, "--list")
    assert listed.returncode == 0
    assert run_cli("unlock", new_case).stdout.strip().endswith("was not locked.")


def test_check_exits_non_zero_on_a_damaged_case(new_case, tmp_path):
    from casefile.sample_pdfs import text_pdf

    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(text_pdf("R", [["x"]]))
    run_cli("import", new_case, pdf)
    with sqlite3.connect(new_case) as conn:
        conn.execute("UPDATE blob_chunk SET data = X'00'")
    conn.close()
    result = run_cli("check", new_case)
    assert result.returncode == 3
    assert "1 bytes stored" in result.stdout and "1 problem(s)" in result.stdout


def test_the_parser_lists_every_command():
    help_text = build_parser().format_help()
    for command in COMMANDS:
        assert command in help_text


@pytest.mark.parametrize("args, words", [
    (["new", ""], ["is a folder"]),
    (["new", "."], ["is a folder"]),
    (["add", "request", "{case}", "--agency", "ICE", "--requester", "x", "--subject", "y",
      "--sent", "2099-01-01"], ["in the future"]),
    (["add", "request", "{case}", "--agency", "ICE", "--requester", "x", "--subject", "y",
      "--tracking", "2020-ICFO-12345"], ["already has tracking number 2020-ICFO-12345"]),
    (["add", "record", "{case}", "--entry", "1"], ["already has an entry 1"]),
    (["add", "record", "{case}", "--entry", "2", "--exemption", "b6, b7C"],
     ["more than one exemption", "repeat the option"]),
    (["add", "exhibit", "{case}", "--set", "Exhibits", "--document", "1", "--title", "x",
      "--pages", "7-9"], ["past the end of the document (1 page)"]),
    (["add", "correspondence", "{case}", "--direction", "incoming", "--date", "2020-06-25",
      "--kind", "email", "--file", "{folder}"], ["is a folder"]),
    (["demo", "--out", "{case}"], ["is a file"]),
])
def test_impossible_entries_are_refused_with_a_reason(tmp_path, args, words):
    from casefile.sample_pdfs import text_pdf

    case = tmp_path / "c.casefile"
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(text_pdf("Letter", [["One page."]]))
    for step in (["new", case],
                 ["add", "agency", case, "--name", "ICE", "--abbreviation", "ICE"],
                 ["add", "request", case, "--agency", "ICE", "--requester", "x", "--subject",
                  "y", "--tracking", "2020-ICFO-12345"],
                 ["add", "index", case, "--title", "ICE index"],
                 ["add", "record", case, "--entry", "1"],
                 ["import", case, letter]):
        assert main([str(a) for a in step]) == 0
    before = sha256(case)
    args = [a.format(case=case, folder=tmp_path) for a in args]
    assert_one_clear_line(run_cli(*args, cwd=tmp_path), *words)
    assert sha256(case) == before


def test_one_exemption_written_twice_is_one_withholding(new_case, capsys):
    for step in (["add", "index", new_case, "--title", "Index"],
                 ["add", "record", new_case, "--entry", "1", "--exemption", "b7E",
                  "--exemption", "(b)(7)(E)", "--exemption", "Exemption 6"]):
        assert main([str(a) for a in step]) == 0
    assert main(["list", "records", str(new_case)]) == 0
    assert "(b)(7)(E), (b)(6)" in capsys.readouterr().out


def test_with_several_matters_a_request_must_name_its_matter(new_case):
    for title in ("IDP v. DHS", "CCR v. ICE"):
        main(["add", "matter", str(new_case), "--caption", title, "--short-title", title])
    main(["add", "agency", str(new_case), "--name", "ICE", "--abbreviation", "ICE"])
    result = run_cli("add", "request", new_case, "--agency", "ICE", "--requester", "x",
                     "--subject", "y")
    assert_one_clear_line(result, "several matters", "--matter")
    ok = run_cli("add", "request", new_case, "--agency", "ICE", "--requester", "x",
                 "--subject", "y", "--matter", "CCR v. ICE")
    assert ok.returncode == 0, ok.stderr


def test_a_mistyped_option_is_one_line_too():
    result = run_cli("add", "request", "x.casefile", "--sent", "yesterday")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("casefile: ")
    assert "'yesterday' is not a date" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_window_without_a_display_is_one_sentence(new_case):
    result = run_cli("gui", new_case, env={"DISPLAY": "", "WAYLAND_DISPLAY": "",
                                           "QT_QPA_PLATFORM": ""})
    assert_one_clear_line(result, "no display")


def test_a_case_is_found_without_its_suffix(new_case):
    result = run_cli("info", new_case.with_suffix(""))
    assert result.returncode == 0, result.stderr


def test_restore_refuses_another_cases_backup_unless_told(tmp_path):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    for case in (ours, theirs):
        assert main(["new", str(case)]) == 0
    backups = tmp_path / "b"
    assert run_cli("backup", theirs, "--to", f"{backups}/").returncode == 0
    their_backup = next(backups.iterdir())
    before = sha256(tmp_path / "ours.casefile")
    assert_one_clear_line(run_cli("restore", ours, their_backup), "backup of another case",
                          "--other-case")
    assert_one_clear_line(run_cli("restore", ours, tmp_path / "ours.casefile"),
                          "is the case itself")
    assert sha256(tmp_path / "ours.casefile") == before
    assert run_cli("restore", ours, their_backup, "--other-case").returncode == 0


def test_a_password_protected_pdf_is_flagged_encrypted_and_pypdf_stays_quiet(new_case):
    from tests.conftest import CORPUS, unavailable

    locked = CORPUS / "005-libreoffice-writer-password" / "libreoffice-writer-password.pdf"
    noisy = CORPUS / "017-unreadable-meta-data" / "unreadablemetadata.pdf"
    if not locked.exists() or not noisy.exists():
        unavailable(f"the shared corpus is not at {CORPUS}")
    result = run_cli("import", new_case, locked, noisy)
    assert result.returncode == 3  # the noisy one cannot be read, and is reported
    assert "unreadablemetadata.pdf: it is not a readable PDF" in result.stdout
    assert result.stderr == ""
    listing = run_cli("list", "documents", new_case).stdout
    line = next(x for x in listing.splitlines() if "password" in x)
    assert line.rstrip().endswith("encrypted")


def test_a_missing_x11_library_is_named_instead_of_crashing(monkeypatch):
    """Qt aborts the process when its xcb plugin cannot load; we ask first."""
    import ctypes

    from casefile import display

    real = ctypes.CDLL

    def cdll(name, *a, **k):
        if name == "libxcb-cursor.so.0":
            raise OSError(f"{name}: cannot open shared object file")
        return real(name, *a, **k)

    monkeypatch.setattr(display.ctypes, "CDLL", cdll)
    monkeypatch.setattr(display.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    reason = display.why_no_window()
    assert reason.startswith("The window cannot open")
    assert "sudo apt install libxcb-cursor0" in reason


def test_ctrl_c_during_an_import_is_one_sentence_and_keeps_whole_files(new_case, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from casefile.sample_pdfs import text_pdf

    folder = tmp_path / "release"
    folder.mkdir()
    for n in range(40):
        (folder / f"{n:02d}.pdf").write_bytes(text_pdf(f"Doc {n}", [[f"p{p}"] for p in range(40)]))
    child = subprocess.Popen([sys.executable, "-m", "casefile", "import", str(new_case),
                              str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, start_new_session=True)
    first = child.stdout.readline()  # under way: at least one file is in
    assert first.startswith("added"), first
    time.sleep(0.5)
    os.killpg(child.pid, signal.SIGINT)  # as a terminal's Ctrl-C reaches the whole group
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert "Traceback" not in err
    assert err.strip() == ("casefile: interrupted; what was finished is saved, nothing is "
                           "half-written.")
    assert run_cli("check", new_case).returncode == 0
