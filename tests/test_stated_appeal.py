"""An appeal deadline a determination states in its own words is compared with ours,
whether the letter was read on import, entered with its kind, or named by the user:
a difference is a warning on the appeal window that says which date to file by."""

from __future__ import annotations

from datetime import date

from casefile.deadlines.engine import derive
from casefile.letters import set_kind
from casefile.matter import add_agency
from casefile.requests import add_correspondence, add_request
from casefile.store import CaseFile
from casefile.store.models import Correspondence, CorrespondenceKind, Direction

# ICE under the statute's rules (no agency rule set): 90 calendar days to appeal. The
# letter, dated Thursday February 1, 2024, says 90 working days.
WORDS = ("Your request is denied in full under Exemption (b)(7)(A). You may appeal this "
         "decision within 90 working days of the date of this letter.")
# Feb 1 + 90 calendar days = May 1, 2024 (ours). 90 working days after Feb 1, skipping
# Presidents Day (Feb 19) and Memorial Day (May 27): Monday June 10, 2024 (the letter's).
WARNING = ("The letter says appeal by June 10, 2024; our count ends May 1, 2024. File by the "
           "earlier, May 1, 2024.")


def _window(tmp_path, kind, *, by_hand: bool = False, body: str = WORDS):
    with CaseFile.create(tmp_path / "doe.casefile") as case, case.transaction() as s:
        dhs = add_agency(s, "U.S. Department of Homeland Security", "DHS")
        ice = add_agency(s, "U.S. Immigration and Customs Enforcement", "ICE", parent=dhs)
        request = add_request(s, ice, "Jane Doe", "Records", date_sent=date(2024, 1, 2),
                              date_received=date(2024, 1, 3))
        letter = add_correspondence(s, Direction.INCOMING, date(2024, 2, 1), kind,
                                    requests=[request], subject="Response", body=body)
        if by_hand:
            set_kind(letter, "determination", "denial")
        s.flush()
        stated = s.get(Correspondence, letter.id).stated_appeal_due
        [window] = [d for d in derive(s, request, date(2024, 3, 1)).dates
                    if d.key == "appeal_window"]
        return stated, window


def test_a_letter_read_on_entry_is_compared(tmp_path):
    stated, window = _window(tmp_path, None)
    assert stated == date(2024, 6, 10)
    assert window.due == date(2024, 5, 1)
    assert WARNING in window.warnings


def test_a_letter_entered_with_its_kind_is_compared_too(tmp_path):
    stated, window = _window(tmp_path, CorrespondenceKind.DETERMINATION)
    assert stated == date(2024, 6, 10)
    assert WARNING in window.warnings


def test_a_letter_the_user_names_a_determination_is_compared_too(tmp_path):
    # Entered as an email (its kind unread), then named a denial by hand.
    stated, window = _window(tmp_path, CorrespondenceKind.EMAIL, by_hand=True)
    assert stated == date(2024, 6, 10)
    assert WARNING in window.warnings


def test_a_letter_stating_the_same_day_as_ours_raises_nothing(tmp_path):
    same = WORDS.replace("90 working days", "90 days")  # calendar days: May 1, as ours
    stated, window = _window(tmp_path, CorrespondenceKind.DETERMINATION, body=same)
    assert stated == date(2024, 5, 1)
    assert not any("The letter says" in w for w in window.warnings)
