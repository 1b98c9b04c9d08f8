"""The appeal draft argues what the determination did: a partial grant or a denial,
the withholdings and the search; "no records", the search alone; a Glomar
response, the refusal to confirm or deny; a full grant, nothing, with a blank
that says so. The outcome is the letter's (read from its words on entry, or
set by hand), and the draft is read back by LibreOffice and poppler."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from casefile import office
from casefile.drafts import templates
from casefile.drafts.generate import draft_case
from casefile.letters import set_kind
from casefile.matter import add_agency
from casefile.requests import add_correspondence, add_request
from casefile.store import CaseFile
from casefile.store.models import CorrespondenceKind, Direction
from tests.conftest import need_tool

# Letters in agencies' words (none made by casefile), with the outcome each should give.
LETTERS = {
    "partial_grant": "ICE located 40 pages of responsive records. 30 pages are released in "
                     "full and 10 pages are released in part; portions have been withheld "
                     "pursuant to FOIA Exemptions (b)(6) and (b)(7)(C). You may appeal this "
                     "determination within 90 days.",
    "denial": "After review, the records responsive to your request are withheld in their "
              "entirety pursuant to FOIA Exemption (b)(7)(A). You may appeal this "
              "determination within 90 days.",
    "no_records": "We conducted a search of the Office of Enforcement and Removal Operations "
                  "and did not locate any responsive records. You may appeal this "
                  "determination within 90 days.",
    "glomar": "ICE can neither confirm nor deny the existence of records responsive to your "
              "request, pursuant to FOIA Exemptions (b)(6) and (b)(7)(C). You may appeal "
              "this determination within 90 days.",
    "grant": "We are releasing the 12 responsive pages to you in full. You may appeal this "
             "determination within 90 days.",
}
WITHHOLDING = "The withholdings are not justified."
SEARCH = "The search was not adequate."
GLOMAR = "The refusal to confirm or deny is not justified."
# (paragraphs the appeal must argue, paragraphs it must not)
EXPECTED = {
    "partial_grant": ({WITHHOLDING, SEARCH, "released records only in part"}, {GLOMAR}),
    "denial": ({WITHHOLDING, SEARCH, "withheld the records requested in full"}, {GLOMAR}),
    "no_records": ({SEARCH, "no responsive records were found"}, {WITHHOLDING, GLOMAR}),
    "glomar": ({GLOMAR, "Wolf v. CIA, 473 F.3d 370, 374", "refused to confirm or deny"},
               {WITHHOLDING, SEARCH}),
    "grant": ({"[THE DETERMINATION GRANTED THE REQUEST IN FULL"}, {WITHHOLDING, SEARCH,
                                                                  GLOMAR}),
}


def _case(path: Path, body: str, *, kind=None, set_outcome: str | None = None) -> Path:
    with CaseFile.create(path) as case, case.transaction() as s:
        dhs = add_agency(s, "U.S. Department of Homeland Security", "DHS", rule_set="DHS")
        ice = add_agency(s, "U.S. Immigration and Customs Enforcement", "ICE", parent=dhs)
        request = add_request(s, ice, "Jane Doe", "Detention records",
                              date_sent=date(2024, 1, 2), date_received=date(2024, 1, 3),
                              tracking_no="2024-ICFO-00001")
        letter = add_correspondence(s, Direction.INCOMING, date(2024, 2, 1), kind,
                                    requests=[request], subject="Final response", body=body)
        if set_outcome is not None:
            set_kind(letter, "determination", set_outcome)
    return path


def _appeal_text(case_path: Path, tmp: Path) -> str:
    need_tool("soffice")
    need_tool("pdftotext")
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        done = draft_case(s, templates.find("appeal"), tmp / "appeal.docx", author="x")
    pdf = office.convert(done.path, "pdf", tmp)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return re.sub(r"\s+", " ", text.replace("’", "'"))


@pytest.mark.parametrize("outcome", list(LETTERS))
def test_the_appeal_argues_what_the_determination_did(tmp_path, outcome):
    case = _case(tmp_path / "doe.casefile", LETTERS[outcome])
    with CaseFile.open(case, read_only=True) as opened, opened.reading() as s:
        from casefile.store.models import Correspondence

        assert s.query(Correspondence).one().outcome == outcome  # read from its words
    text = _appeal_text(case, tmp_path)
    must, must_not = EXPECTED[outcome]
    for words in must:
        assert words.replace("’", "'") in text, words
    for words in must_not:
        assert words not in text, words


def test_a_letter_entered_with_its_kind_is_argued_from_its_words(tmp_path):
    # Entered as a determination by hand, with no outcome: its words still say Glomar.
    case = _case(tmp_path / "doe.casefile", LETTERS["glomar"],
                 kind=CorrespondenceKind.DETERMINATION)
    text = _appeal_text(case, tmp_path)
    assert GLOMAR in text and WITHHOLDING not in text


def test_the_outcome_the_user_set_wins_over_the_words(tmp_path):
    # Its words read as a partial grant; the attorney, who read the enclosure, says denial.
    case = _case(tmp_path / "doe.casefile", LETTERS["partial_grant"], set_outcome="denial")
    text = _appeal_text(case, tmp_path)
    assert "withheld the records requested in full" in text
    assert "released records only in part" not in text
