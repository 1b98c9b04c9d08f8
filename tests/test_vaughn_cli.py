"""`casefile vaughn …` run as a user runs it."""

from __future__ import annotations

import openpyxl
import pytest

from bench import sample_vaughn as sv
from tests.conftest import assert_one_clear_line, run_cli, sha256
from tests.test_vaughn_corpus import CORPUS


@pytest.fixture
def demo_case(demo_on_both):
    """Every demo-case test here runs on a case file and on a server (issue 20)."""
    return demo_on_both



@pytest.fixture
def served(tmp_path):
    return sv.write_agency_docx(tmp_path / "ICE Vaughn Index.docx", sv.sample_rows(40))


def test_import_review_challenge_and_export_from_the_command_line(demo_case, served, tmp_path):
    done = run_cli("vaughn", "import", demo_case, served, "--title", "ICE second index",
                   "--agency", "ICE", "--report", tmp_path / "rows.csv")
    assert done.returncode == 0, done.stderr
    assert "40 entries imported into 'ICE second index'" in done.stdout
    assert "Doc. No." in done.stdout and "→ entry_no" in done.stdout
    assert (tmp_path / "rows.csv").read_text(encoding="utf-8-sig").count("\n") > 40

    done = run_cli("vaughn", "review", demo_case, "--index", "ICE second index",
                   "--out", tmp_path / "review.docx")
    assert done.returncode == 0, done.stderr
    assert "Boilerplate:" in done.stdout and "justifies" in done.stdout
    assert (tmp_path / "review.docx").stat().st_size > 5000

    done = run_cli("vaughn", "challenge", demo_case, "3", "4", "--index", "ICE second index",
                   "--state", "challenged", "--argument", "Boilerplate; no harm stated.",
                   "--cite", "Reporters Comm. v. FBI, 3 F.4th 350 (D.C. Cir. 2021)")
    assert done.returncode == 0, done.stderr
    assert "2 entries updated" in done.stdout
    done = run_cli("vaughn", "challenges", demo_case, "--index", "ICE second index")
    assert "Plaintiffs challenge" in done.stdout

    done = run_cli("vaughn", "show", demo_case, "3", "--index", "ICE second index")
    assert done.returncode == 0, done.stderr
    assert "Reporters Comm." in done.stdout and "Imported from: ICE Vaughn Index.docx" in \
        done.stdout

    out = tmp_path / "ours.xlsx"
    columns = ("--columns", "entry_no,bates,exemptions,challenge_state")
    assert_one_clear_line(run_cli("vaughn", "export", demo_case, out, "--index",
                                  "ICE second index", *columns), "--include-strategy")
    done = run_cli("vaughn", "export", demo_case, out, "--index", "ICE second index",
                   *columns, "--include-strategy")
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "Privileged & Confidential — Attorney Work Product"
    assert [c.value for c in sheet[2]] == ["Entry", "Bates Range", "Exemptions", "Challenge"]
    assert sheet.max_row == 42 and sheet["D5"].value == "Challenged"


def test_the_same_index_imported_twice_is_recognised_and_the_user_chooses(demo_case, tmp_path):
    served = tmp_path / "DHS index.docx"
    served.write_bytes((CORPUS / "01_dhs_merged_down.docx").read_bytes())
    done = run_cli("vaughn", "import", demo_case, served, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "12 records over 24 rows; the record cells are merged down; columns: Doc. No. = " \
        "Entry, Bates No(s). = Bates Range" in done.stdout
    assert run_cli("vaughn", "import", demo_case, served).returncode == 0
    before = sha256(demo_case)
    assert_one_clear_line(run_cli("vaughn", "import", demo_case, served),
                          "imported before", "--replace", "--keep-both")
    assert sha256(demo_case) == before
    done = run_cli("vaughn", "import", demo_case, served, "--dry-run")
    assert "This file was imported before, as index" in done.stdout
    done = run_cli("vaughn", "import", demo_case, served, "--replace")
    assert done.returncode == 0 and "was deleted and replaced" in done.stdout
    done = run_cli("vaughn", "import", demo_case, served, "--keep-both", "--title", "Again")
    assert done.returncode == 0, done.stderr
    listed = run_cli("vaughn", "stats", demo_case).stdout
    assert listed.count("DHS index") == 1 and "Again" in listed


def test_stats_edit_and_dry_run(demo_case, served):
    done = run_cli("vaughn", "stats", demo_case)
    assert done.returncode == 0, done.stderr
    assert "(b)(5) DPP" in done.stdout and "withheld in full 2" in done.stdout

    done = run_cli("vaughn", "edit", demo_case, "3", "--date", "2020-03-01", "--exemption",
                   "b7E", "--justification", "Thresholds; release would risk circumvention.")
    assert done.returncode == 0, done.stderr
    assert "03/01/2020" in run_cli("vaughn", "show", demo_case, "3").stdout

    before = sha256(demo_case)
    done = run_cli("vaughn", "import", demo_case, served, "--dry-run")
    assert done.returncode == 0 and "Dry run: nothing was stored" in done.stdout
    assert sha256(demo_case) == before
    import re

    assert re.search(r"Vaughn entries\s+5\n", run_cli("info", demo_case).stdout)


@pytest.mark.parametrize("args, words", [
    (["import", "{case}", "{tmp}/nothing.docx"], ["does not exist"]),
    (["import", "{case}", "{served}", "--map", "Doc. No.=colour"], ["not a field"]),
    (["import", "{case}", "{tmp}/scan.odt"], ["Word (.docx)"]),
    (["export", "{case}", "{tmp}/out.pdf"], [".docx, .xlsx or .csv"]),
    (["export", "{case}", "{tmp}/no-such-folder/out.docx"], ["does not exist"]),
    (["show", "{case}", "99"], ["no entry 99"]),
    (["review", "{case}", "--index", "No such index"], ["no Vaughn index"]),
    (["edit", "{case}", "1"], ["Nothing to change"]),
    (["challenge", "{case}", "1"], ["--state"]),
])
def test_mistakes_get_one_clear_line_and_change_nothing(demo_case, served, tmp_path, args,
                                                        words):
    (tmp_path / "scan.odt").write_bytes(b"odt")
    before = sha256(demo_case)
    filled = [a.format(case=demo_case, tmp=tmp_path, served=served) for a in args]
    assert_one_clear_line(run_cli("vaughn", *filled), *words)
    assert sha256(demo_case) == before


def test_an_encrypted_spreadsheet_asks_for_its_password(demo_case, tmp_path):
    locked = sv.write_agency_xlsx(tmp_path / "locked.xlsx", sv.sample_rows(5), password="pw")
    assert_one_clear_line(run_cli("vaughn", "import", demo_case, locked), "--password")
    assert_one_clear_line(run_cli("vaughn", "import", demo_case, locked, "--password", "no"),
                          "does not open")
    done = run_cli("vaughn", "import", demo_case, locked, "--password", "pw")
    assert done.returncode == 0 and "5 entries imported" in done.stdout


def test_edit_pairs_each_justification_with_its_exemption(demo_case):
    done = run_cli("vaughn", "edit", demo_case, "3", "--exemption", "b3", "--statute",
                   "8 U.S.C. § 1367", "--justification", "Protected by statute.",
                   "--exemption", "b6", "--justification", "Names of officers; harassment.")
    assert done.returncode == 0, done.stderr
    shown = run_cli("vaughn", "show", demo_case, "3").stdout
    assert shown.index("(b)(3) — 8 U.S.C. § 1367") < shown.index("Protected by statute.") < \
        shown.index("(b)(6)") < shown.index("Names of officers; harassment.")
    assert_one_clear_line(run_cli("vaughn", "edit", demo_case, "3", "--exemption", "b3",
                                  "--exemption", "b6", "--exemption", "b7C",
                                  "--justification", "a", "--justification", "b"),
                          "once for each")
