"""What a newcomer's trial of the command line found: counts that disagree between
screens, words in the wrong number, values printed where they should not be."""

from __future__ import annotations

import re
from datetime import date

from casefile.overview import overview
from casefile.store import CaseFile
from tests.conftest import run_cli

TODAY = date(2026, 12, 7)


def test_info_counts_the_deadlines_the_deadlines_command_lists(demo_case):
    """The demo case holds 4 entered deadlines, and the law sets 6 more on its two
    requests; `casefile deadlines` lists 10, so info must say 10, not the 4 rows."""
    listing = run_cli("deadlines", demo_case, "--today", TODAY.isoformat())
    assert listing.returncode == 0, listing.stderr
    listed = re.findall(r"^  [A-Z][a-z]+ \d{1,2}, \d{4}  ", listing.stdout, re.MULTILINE)
    missed = listing.stdout.split("Missed by the agency")[1].split("Done or passed")[0]
    missed_count = len(re.findall(r"^  [A-Z][a-z]+ \d", missed, re.MULTILINE))
    with CaseFile.open(demo_case, read_only=True) as case:
        shown = overview(case, TODAY)
    assert shown.counts["deadlines"] == len(listed) == 10
    assert f"{missed_count} missed by the agency" in shown.deadlines_by_standing
    line = next(x for x in shown.lines() if x.strip().startswith("deadlines"))
    assert re.search(r"deadlines\s+10  \(4 missed by the agency, 6 done or passed\)", line)


def _pii_pdf(path):
    """A one-page letter made by ReportLab, not by Casefile. Expected findings: a
    Social Security number, a child's birth date (a birth date, and a minor's), a
    financial-account number: three boxes."""
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path))
    c.drawString(72, 700, "Detainee SSN 123-45-6789, date of birth 03/14/2012.")
    c.drawString(72, 680, "Account 4111 1111 1111 1111 was frozen.")
    c.showPage()
    c.save()
    return path


def test_one_box_is_one_log_line_and_a_finding_keeps_its_own_rule(tmp_path):
    from casefile.privacy.redact import redact_file

    done = redact_file(_pii_pdf(tmp_path / "pii.pdf"), ["1:72,600,120,620"], "(b)(6)",
                       "paralegal", findings=True)
    boxes = [line.split("\t") for line in done.log if line.split("\t")[2].startswith("[")]
    whys = [why for _when, _page, _box, why, *_ in boxes]
    assert len(boxes) == len({b[2] for b in boxes}) == 4, whys
    assert "(b)(6)" in whys  # the box the user drew takes the user's reason
    birth = [w for w in whys if "birth date" in w]
    assert birth == ["FRCP 5.2(a)(2) (birth date); FRCP 5.2(a)(3) (birth date of a minor)"]
    assert all(w.startswith("FRCP 5.2(a)(") for w in whys if w != "(b)(6)")


def test_a_reason_that_repeats_a_finding_s_rule_is_not_said_twice(tmp_path):
    from casefile.privacy.redact import redact_file

    done = redact_file(_pii_pdf(tmp_path / "pii.pdf"), [], "FRCP 5.2(a)", "paralegal",
                       findings=True)
    assert not any("FRCP 5.2(a);" in line for line in done.log), done.log


def test_a_one_day_period_says_day_and_a_new_request_is_called_a_request(demo_case):
    period = run_cli("docket", "period", demo_case, "2026-12-01", "--days", "1")
    assert period.returncode == 0, period.stderr
    assert "1 day after December 1, 2026 ends December 2, 2026" in period.stdout
    added = run_cli("add", "request", demo_case, "--agency", "ICE", "--requester",
                    "Immigrant Defense Project", "--subject", "Body-camera policy")
    assert added.returncode == 0, added.stderr
    assert re.fullmatch(r"Added request \d+\.\n", added.stdout), added.stdout


def test_draft_list_lists_the_templates_in_columns_that_do_not_run_together(demo_case):
    listed = run_cli("draft", "list", demo_case)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert any(line.startswith("joint-status-report  Joint status report") for line in lines)
    starts = {len(line) - len(line.split(maxsplit=1)[1]) for line in lines}
    assert len(starts) == 1, lines  # every description begins in the same column


def test_a_locked_import_is_counted_as_locked_and_a_damaged_one_says_what_to_do(
        demo_case, tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    locked = tmp_path / "locked.pdf"
    c = Canvas(str(locked), encrypt=StandardEncryption("pw", "owner", strength=128))
    c.drawString(72, 700, "Sealed annex")
    c.showPage()
    c.save()
    # A PDF header and nothing a reader can rebuild (no objects, no trailer).
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n1 0 obj garbage\nxref\n0 9\ntrailer\n")
    done = run_cli("import", demo_case, locked, damaged)
    assert "1 added (0 pages; 1 locked, not read until unlocked), 0 duplicate, 1 failed" \
        in done.stdout, done.stdout
    assert "damaged.pdf: it is not a readable PDF: the file is damaged or incomplete and " \
        "could not be repaired; ask for a fresh copy" in done.stdout


def test_list_takes_the_case_first_as_every_other_command_does(demo_case):
    kind_first = run_cli("list", "records", demo_case)
    case_first = run_cli("list", demo_case, "entries")
    assert kind_first.returncode == case_first.returncode == 0, case_first.stderr
    assert case_first.stdout == kind_first.stdout
    assert "ICE-2020-000007" in case_first.stdout


def test_list_names_the_kinds_when_one_is_misspelt(demo_case):
    from tests.conftest import assert_one_clear_line

    assert_one_clear_line(run_cli("list", "recrds", demo_case), "did you mean 'records'")


def test_an_appeal_drafted_for_a_request_in_suit_warns_and_a_complaint_does_not(
        demo_case, tmp_path):
    """The demo's ICE request is in litigation since October 1, 2020."""
    appeal = run_cli("draft", demo_case, "appeal", "--out", tmp_path / "appeal.docx")
    assert appeal.returncode == 0, appeal.stderr
    assert "Check: Request 2020-ICFO-12345 is in litigation (suit filed October 1, 2020)" \
        in appeal.stdout
    complaint = run_cli("draft", demo_case, "complaint", "--out", tmp_path / "complaint.docx")
    assert complaint.returncode == 0, complaint.stderr
    assert "in litigation" not in complaint.stdout
