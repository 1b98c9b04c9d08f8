"""The Draft dialog: a complaint from the demo case, its placeholders, broken templates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from tests.conftest import unavailable

try:
    from PySide6.QtWidgets import QMessageBox

    from ui.drafts_dialog import DraftsDialog
    from ui.worker import CaseWorker
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screens"
TODAY = date(2026, 11, 28)


@pytest.fixture
def demo_case(demo_on_both):
    """Every demo-case test here runs on a case file and on a server (issue 20)."""
    return demo_on_both


@pytest.fixture
def open_case(demo_case):
    from casefile.store import CaseFile

    with CaseFile.open(demo_case, read_only=True) as case:
        yield case


@pytest.fixture
def make_dialog(qtbot):
    worker = CaseWorker()
    opened: list[Path] = []
    made: list[DraftsDialog] = []

    def make(case) -> DraftsDialog:
        dialog = DraftsDialog(case, worker, opener=opened.append, today=TODAY)
        dialog.opened = opened
        qtbot.addWidget(dialog)
        dialog.show()
        made.append(dialog)
        return dialog

    yield make
    # The dialogs live until the worker is done: a job's last reference to its dialog
    # must not be dropped on the worker thread.
    worker.wait()
    made.clear()


def _choose(dialog, title: str) -> None:
    tree = dialog.templates
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(0) == title)
    tree.setCurrentItem(item)


def _word_template(path: Path, *paragraphs: str) -> Path:
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(path)
    return path


def _text(path: Path) -> str:
    d = docx.Document(path)
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_the_complaint_of_the_demo_case_is_drafted_and_opened(qtbot, make_dialog, open_case,
                                                              user_data, backend):
    _word_template(user_data / "templates" / "status-letter.docx", "Re {{ matter.short_title }}")
    dialog = make_dialog(open_case)
    _choose(dialog, "Complaint")
    # Beside a case file; a server's case, with no folder, in the user's Documents
    # (never the working folder, "/" for an app the desktop started).
    assert open_case.folder == (open_case.path.parent if backend == "sqlite"
                                else user_data / "Documents")
    expected = open_case.folder / "2026-11-28 Complaint.docx"
    assert dialog.target.text() == str(expected)
    dialog.generate_button.click()
    qtbot.waitUntil(dialog.open_button.isEnabled, timeout=20_000)
    assert expected.exists()
    text = _text(expected)
    assert "IMMIGRANT DEFENSE PROJECT and CENTER FOR CONSTITUTIONAL RIGHTS,\n\nPlaintiffs," in text
    assert "Case No. 1:20-cv-08000" in text
    assert "Every field was filled" in dialog.result.text()
    dialog.open_button.click()
    assert dialog.opened == [expected]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dialog.resize(1200, 760)
    dialog.grab().save(str(SCREENSHOTS / "drafts.png"))


@pytest.mark.parametrize("create", [True, False])
def test_a_folder_typed_that_is_not_there_is_made_when_the_user_says_so(
        qtbot, make_dialog, open_case, tmp_path, monkeypatch, create):
    from PySide6.QtWidgets import QMessageBox

    asked = []
    answer = QMessageBox.StandardButton.Yes if create else QMessageBox.StandardButton.Cancel
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or answer)
    target = tmp_path / "Drafts" / "Status" / "complaint.docx"
    dialog = make_dialog(open_case)
    _choose(dialog, "Complaint")
    dialog.target.setText(str(target))
    dialog.generate_button.click()
    assert asked == [f"The folder {target.parent} does not exist. Create it?"]
    if create:
        qtbot.waitUntil(dialog.open_button.isEnabled, timeout=20_000)
        assert target.exists()
    else:
        assert not target.parent.exists()
        assert dialog.generate_button.isEnabled()


def test_an_existing_draft_is_not_replaced_by_default(make_dialog, open_case):
    (open_case.folder / "2026-11-28 Complaint.docx").write_bytes(b"the attorney's edits")
    dialog = make_dialog(open_case)
    _choose(dialog, "Complaint")
    assert dialog.target.text().endswith("2026-11-28 Complaint (2).docx")


def test_what_the_case_cannot_fill_is_listed_after_drafting(qtbot, make_dialog, fresh_case):
    from casefile.matter import add_matter

    with fresh_case as case:
        with case.transaction() as s:
            add_matter(s, "Doe v. ICE", "Doe v. ICE", court="District of Columbia")
        dialog = make_dialog(case)
        _choose(dialog, "Complaint")
        dialog.generate_button.click()
        qtbot.waitUntil(dialog.open_button.isEnabled, timeout=20_000)
    assert "[DOCKET NO.]" in _text(dialog.drafted())
    assert "Fill in before filing" in dialog.result.text()
    assert "The case has no docket number yet" in dialog.result.text()


@pytest.mark.parametrize("paragraph, says", [
    ("Re {{ foo", "broken.docx, paragraph 2 (“Re {{ foo”): a tag opened with '{{' is not "
                  "closed with '}}' in the same paragraph. Nothing was written."),
    ("Re {{ foo }}", "broken.docx, paragraph 2 (“Re {{ foo }}”): the field 'foo' is not one "
                     "the case file has (see 'casefile draft fields'). Nothing was written."),
])
def test_a_broken_template_is_one_sentence_and_writes_nothing(qtbot, make_dialog, open_case,
                                                               user_data, monkeypatch,
                                                               paragraph, says):
    _word_template(user_data / "templates" / "broken.docx", "Dear Counsel,", paragraph)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    dialog = make_dialog(open_case)
    _choose(dialog, "Broken")
    row = dialog.templates.currentItem()
    assert (row.text(1), row.text(2)) == ("Yours", "broken.docx, in your templates folder")
    dialog.generate_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert shown == [says]
    assert not list(open_case.folder.glob("*.docx"))
    assert not list(open_case.folder.glob(".*partial"))
    assert not dialog.open_button.isEnabled() and dialog.generate_button.isEnabled()


def test_the_templates_are_listed_with_what_they_draft(make_dialog, open_case, user_data):
    dialog = make_dialog(open_case)
    rows = {dialog.templates.topLevelItem(i).text(0): dialog.templates.topLevelItem(i)
            for i in range(dialog.templates.topLevelItemCount())}
    assert rows["Complaint"].text(1) == "Built-in"
    assert rows["Complaint"].text(2) == "Complaint for declaratory and injunctive relief"
    assert "Joint status report" in rows
    # A template dropped into the folder appears when the dialog is back in front.
    _word_template(user_data / "templates" / "status-letter.docx", "Re {{ matter.short_title }}")
    dialog.reload_templates()
    assert dialog.templates.topLevelItem(dialog.templates.topLevelItemCount() - 1).text(0) == \
        "Status letter"


def test_show_templates_folder_creates_it(make_dialog, open_case, user_data):
    folder = user_data / "templates"
    assert not folder.exists()
    dialog = make_dialog(open_case)
    dialog.folder_button.click()
    assert folder.is_dir() and dialog.opened == [folder]


def test_an_appeal_is_drafted_for_the_request_chosen_not_the_first(qtbot, make_dialog,
                                                                   open_case, tmp_path):
    dialog = make_dialog(open_case)
    requests = dialog.sources["request_id"]
    assert requests.isVisibleTo(dialog) and requests.count() == 2
    assert not dialog.sources["set_id"].isVisibleTo(dialog)  # the demo has one set
    requests.setCurrentIndex(requests.findText("DHS 2020-HQFO-01234"))
    _choose(dialog, "Appeal")
    target = tmp_path / "appeal.docx"
    dialog.target.setText(str(target))
    dialog.generate_button.click()
    qtbot.waitUntil(dialog.open_button.isEnabled, timeout=20_000)
    text = _text(target).replace("\u00a0", " ")  # citations and dates are tied
    assert "Freedom of Information Act Appeal — Request No. 2020-HQFO-01234" in text
    assert ("the failure of the U.S. Department of Homeland Security to make a determination "
            "on FOIA Request No. 2020-HQFO-01234, submitted on June 18, 2020") in text
