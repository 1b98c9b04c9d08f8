"""The window shows the findings stored when a file was checked, at once: it
checks again only a document never checked under these rules (or a redacted
version not checked), and stores what it found.

The case is tests/ui/test_findings_panel.py's: letter.pdf, made by reportlab,
page 1 holding an SSN (123-45-6789), page 2 "Maria Gonzalez" under a black box
drawn after it; both found and stored by the import's check.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from casefile.store import CaseFile
from tests.ui import test_findings_panel as base
from tests.ui.test_findings_panel import SECRET, SECRET_BOX, SSN, _checked, _section

# test_findings_panel's case (letter.pdf in a production, a Vaughn entry 7) and window.
case_path = base.case_path
window = base.window

try:
    import ui.findings_panel as panel_module
except ImportError:  # pragma: no cover - test_findings_panel skips the module first
    pytest.skip("Qt cannot load here", allow_module_level=True)


@pytest.fixture
def checks(monkeypatch) -> list[list[int]]:
    """The documents each call of the window's check reads (on the worker: the
    child it starts is below it)."""
    calls: list[list[int]] = []
    real = panel_module.check_unchecked

    def counted(case, ids, need, **kwargs):
        calls.append(list(need))
        return real(case, ids, need, **kwargs)

    monkeypatch.setattr(panel_module, "check_unchecked", counted)
    return calls


def _rules(case_path) -> list[str]:
    from casefile.store.models import PrivacyCheck

    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        return list(s.scalars(select(PrivacyCheck.rules)))


def test_a_checked_document_lists_its_stored_findings_without_reading_it_again(
        window, qtbot, case_path, checks):
    panel = window.findings
    assert window.open_case(case_path)
    assert window.show_document(1)
    # The stored findings are listed from the case, before any child starts.
    qtbot.waitUntil(lambda: panel.listed, timeout=30_000)
    rows = [(r.page, r.text) for r in panel.rows()]
    assert rows == [(1, SSN), (2, SECRET)]
    assert panel.rows()[1].box == pytest.approx(SECRET_BOX, abs=2)  # stored with its box
    assert panel.summary.text().startswith("1 page with text under redaction boxes; 1 piece")
    _checked(window, qtbot)
    assert checks == []  # nothing was checked again
    assert panel.rows()[0].box is not None  # the SSN placed on its page afterwards


def test_a_document_checked_under_older_rules_is_checked_again_and_stored(
        window, qtbot, case_path, checks):
    from casefile.privacy import stored
    from casefile.store.models import PrivacyCheck

    with CaseFile.open(case_path) as case, case.transaction() as s:
        s.execute(update(PrivacyCheck).values(rules="0"))
    assert window.open_case(case_path)
    assert window.show_document(1)
    _checked(window, qtbot)
    assert checks == [[1]]
    assert [(r.page, r.text) for r in window.findings.rows()] == [(1, SSN), (2, SECRET)]
    assert _rules(case_path) == [stored.RULES]  # stored: next time it is shown at once
    window.close_case()
    assert window.open_case(case_path)
    assert window.show_document(1)
    _checked(window, qtbot)
    assert checks == [[1]]


def test_the_production_page_reads_the_stored_findings(window, qtbot, case_path, checks):
    assert window.open_case(case_path)
    _section(window, "productions")
    window.lists["productions"].model.wait()
    window.lists["productions"].select_id(1)
    findings = window.production_findings
    qtbot.waitUntil(lambda: findings.list.topLevelItemCount() == 2, timeout=30_000)
    assert findings.summary.text() == ("1 page with text under redaction boxes; 1 piece of "
                                       "personal data (FRCP 5.2(a)).")
    assert findings.list.topLevelItem(1).text(4) == "Entry 7: (b)(6)"
    window.worker.wait()
    assert checks == []


def test_a_redacted_version_is_listed_from_the_check_made_with_it(window, qtbot, case_path,
                                                                  checks):
    assert window.open_case(case_path)
    assert window.show_document(1)
    _checked(window, qtbot)
    panel = window.findings
    panel.select_row(1)  # the text under the black box
    panel.redact_button.click()
    window.worker.wait()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=60_000)
    _checked(window, qtbot)
    assert [(r.page, r.text) for r in panel.rows()] == [(1, SSN)]
    assert checks == []  # the new version was checked as it was made


def test_a_redaction_labelled_with_its_reason_when_the_box_is_ticked(window, qtbot, case_path,
                                                                     tmp_path):
    """The text under the black box redacted with "(b)(6)" and "Print the reason on
    the box" ticked: pdftotext reads the box's region back as "(b)(6)" alone."""
    from casefile.privacy.versions import versions
    from casefile.store import blobs
    from tests.test_privacy_label import _region

    assert window.open_case(case_path)
    assert window.show_document(1)
    _checked(window, qtbot)
    panel = window.findings
    panel.select_row(1)
    panel.label_box.setChecked(True)
    panel.reason.setCurrentText("")
    assert panel.redact() is None  # nothing to print: said, nothing done
    panel.reason.setCurrentText("(b)(6)")
    panel.redact_button.click()
    window.worker.wait()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=60_000)
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        [version] = versions(s, 1)
        out = tmp_path / "v2.pdf"
        out.write_bytes(blobs.read_bytes(s, version.blob_id))
    assert _region(out, SECRET_BOX, page=2) == "(b)(6)"
