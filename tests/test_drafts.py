"""Word drafts: the built-in templates filled from the demo case, read back by LibreOffice."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from casefile import office
from casefile.drafts import builtin, render, templates
from casefile.drafts.context import build
from casefile.errors import InputError
from casefile.store import CaseFile
from tests.conftest import need_tool, run_cli


@pytest.fixture
def demo_case(demo_on_both):
    """Every demo-case test here runs on a case file and on a server (issue 20)."""
    return demo_on_both



def _context(case_path: Path) -> dict:
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        return build(s, author="A. Rivera").values


def _pdf_text(path: Path, tmp: Path) -> str:
    need_tool("soffice")
    need_tool("pdftotext")
    pdf = office.convert(path, "pdf", tmp)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


@pytest.mark.parametrize("name, facts", [
    ("complaint", ["COMPLAINT FOR DECLARATORY AND INJUNCTIVE RELIEF", "Case No. 1:20-cv-08000",
                   "28 U.S.C. § 1331", "On June 18, 2020, Plaintiffs submitted a FOIA request",
                   "2020-ICFO-12345", "COUNT II", "PRAYER FOR RELIEF", "/s/ Alex Rivera"]),
    ("declaration", ["I, Alex Rivera (SAMPLE), declare as follows:",
                     "Attached as Exhibit 1 is a true and correct copy of the FOIA request to "
                     "ICE dated June 18, 2020.",
                     "I declare under penalty of perjury that the foregoing is true and "
                     "correct. Executed on June 14, 2021"]),
    ("request", ["for records concerning \"Operation Palladium\"", "1. All policy guidance",
                 "Request for expedited processing", "5 U.S.C. § 552(a)(6)(E)(vi)",
                 "Request for a fee waiver"]),
    ("appeal", ["Freedom of Information Act Appeal — Request No. 2020-ICFO-12345",
                "On June 25, 2020, ICE acknowledged the request."]),
    ("joint-status-report", ["JOINT STATUS REPORT", "In January 2021, Defendants processed 12 "
                             "pages: 6 released in full, 4 released in part, and 2 withheld "
                             "in full.", "ICE-2020-000001 – ICE-2020-000012"]),
    # The demo case is in the S.D.N.Y.: the Second Circuit's authorities, not the D.C.
    # Circuit's (Mead Data); entries named by number, Bates range and description.
    ("meet-and-confer", ["served on March 1, 2021", "Withheld in full with no segregability",
                         "Halpern v. FBI, 181 F.3d 279", "1 entry (5)",
                         "Entry 5 (ICE-2020-000011 – ICE-2020-000012): Draft memorandum.",
                         "Morgan Diaz (SAMPLE)", "Counsel for Plaintiffs"]),
])
def test_each_built_in_draft_of_the_demo_case_reads_as_a_filing(demo_case, tmp_path, name,
                                                               facts):
    out = render.draft(templates.find(name), _context(demo_case), tmp_path / f"{name}.docx",
                       author="A. Rivera")
    text = _pdf_text(out, tmp_path)
    for fact in facts:
        assert fact in text, fact
    assert "None" not in text and "{{" not in text and "{%" not in text
    core = zipfile.ZipFile(out).read("docProps/core.xml").decode()
    assert "<dc:creator>A. Rivera</dc:creator>" in core and "<cp:revision>1<" in core
    assert "python-docx" not in core


def test_a_missing_value_is_a_visible_placeholder_and_a_warning(new_case, tmp_path):
    from casefile.matter import add_matter

    with CaseFile.open(new_case) as case, case.transaction() as s:
        add_matter(s, "Doe v. ICE", "Doe v. ICE", court="District of Columbia")
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        context = build(s)
    assert context.values["matter"]["docket_no"] == "[DOCKET NO.]"
    assert any("docket number" in w for w in context.warnings)
    out = render.draft(templates.find("complaint"), context.values, tmp_path / "c.docx",
                       author="x")
    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert "[DOCKET NO.]" in "\n".join(c.text for t in docx.Document(out).tables
                                       for row in t.rows for c in row.cells)
    assert "None" not in text


def _template_with(tmp_path: Path, *paragraphs: str) -> Path:
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    path = tmp_path / "mine.docx"
    d.save(path)
    return path


def test_a_syntax_error_is_named_with_its_paragraph_and_nothing_is_written(demo_case,
                                                                         tmp_path):
    path = _template_with(tmp_path, "Dear Counsel,", "{%p for r in requests %}",
                          "Request {{ r.tracking_no }", "{%p endfor %}")
    [problem] = render.check(path, _context(demo_case))
    assert problem.paragraph == 3 and "Request {{ r.tracking_no }" in problem.excerpt
    with pytest.raises(InputError, match="mine.docx, paragraph 3"):
        render.draft(path, _context(demo_case), tmp_path / "out.docx", author="x")
    assert not (tmp_path / "out.docx").exists()


def test_the_draft_command_names_a_broken_tag_without_a_traceback(demo_case, tmp_path):
    """The fields a template uses are read before it is checked; a broken tag
    there must still reach the user as the check's one sentence."""
    path = _template_with(tmp_path, "Dear Counsel,", "Re {{ foo")
    done = run_cli("draft", demo_case, path, "--out", tmp_path / "out.docx")
    assert done.returncode != 0
    assert "mine.docx, paragraph 2" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out.docx").exists()


def test_the_blanks_a_draft_still_shows_are_listed_for_the_attorney(user_data, demo_case,
                                                                   tmp_path):
    """A template's own blanks ("by [DATE]") are reported like unfilled fields."""
    folder = user_data / "templates"
    folder.mkdir()
    (folder / "letter.docx").write_bytes(_template_with(
        tmp_path, "Dear {{ defense_counsel.name }}:", "Please answer by [DATE].").read_bytes())
    done = run_cli("draft", demo_case, "letter", "--out", tmp_path / "m.docx")
    assert done.returncode == 0, done.stderr
    assert "Check: Fill in [DATE]." in done.stdout


def test_an_unknown_field_is_named_with_its_paragraph(demo_case, tmp_path):
    path = _template_with(tmp_path, "Dear Counsel,", "Case {{ matter.docket_number }}.")
    [problem] = render.check(path, _context(demo_case))
    assert problem.paragraph == 2 and "docket_number" in problem.message


def test_a_users_template_appears_beside_the_built_in_ones(user_data, demo_case, tmp_path):
    folder = user_data / "templates"
    folder.mkdir()
    (folder / "status-letter.docx").write_bytes(
        _template_with(tmp_path, "Re: {{ matter.short_title }}").read_bytes())
    assert {"complaint", "declaration", "meet-and-confer", "request", "appeal",
            "joint-status-report", "status-letter"} <= set(
        templates.available())
    out = render.draft(templates.find("status-letter"), _context(demo_case),
                       tmp_path / "s.docx", author="x")
    assert docx.Document(out).paragraphs[0].text == "Re: IDP v. DHS"


def test_the_shipped_templates_are_what_the_module_makes(tmp_path):
    for made in builtin.write_all(tmp_path):
        shipped = templates.built_in_folder() / made.name
        assert zipfile.ZipFile(made).read("word/document.xml") == \
            zipfile.ZipFile(shipped).read("word/document.xml"), made.name


def test_the_draft_commands(demo_case, tmp_path):
    out = tmp_path / "complaint.docx"
    done = run_cli("draft", demo_case, "complaint", "--out", out, "--author", "A. Rivera")
    assert done.returncode == 0, done.stderr
    assert out.exists()
    done = run_cli("draft", "fields", demo_case)
    assert "matter.docket_no" in done.stdout and "requests[].items_requested[].text" in done.stdout
    done = run_cli("draft", "check", "complaint", demo_case)
    assert done.returncode == 0 and "every field and tag is right" in done.stdout
    done = run_cli("draft", "templates")
    assert "meet-and-confer" in done.stdout
    done = run_cli("draft", demo_case, "no-such-template")
    assert done.returncode == 1 and "There is no template 'no-such-template'" in done.stderr
