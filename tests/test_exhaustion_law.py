"""Exhaustion law: the suit's filing date, adverse outcomes, expedition, tolling.

Each expected date is counted here by hand. March 2021 has no federal holiday:
a request received Monday, March 1, 2021 is due on the 20th working day,
Monday, March 29 (2–5, 8–12, 15–19, 22–26, 29), and suit may be filed the day
after, March 30.
"""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

from sqlalchemy import select

from casefile.deadlines.chronology import chronology
from casefile.deadlines.engine import derive, load_rules
from casefile.ingest import import_files
from casefile.ingest.worker import Reader
from casefile.store import CaseFile
from casefile.store.models import (
    Correspondence,
    CorrespondenceKind,
    Direction,
    FoiaRequest,
    Outcome,
)
from tests.conftest import assert_one_clear_line, run_cli

RECEIVED = date(2021, 3, 1)
TODAY = date(2026, 12, 7)
DENIAL = ("Dear Requester: ICE has completed its search. All 96 pages are withheld in full "
          "under Exemption (b)(7)(E). You have the right to appeal this determination within "
          "90 days of the date of this letter.")


def _case(tmp_path, *, filed_on=None, letters=(), expedited=False):
    """One request received March 1, 2021; letters as (direction, date, kind or None,
    body); the lawsuit filed on ``filed_on`` if given."""
    from casefile.matter import add_agency, add_matter
    from casefile.requests import add_correspondence, add_request

    case = CaseFile.create(tmp_path / "law")
    with case.transaction() as s:
        matter = add_matter(s, "A v. ICE", "A v. ICE", filed_on=filed_on) if filed_on else None
        agency = add_agency(s, "Immigration and Customs Enforcement", "ICE")
        request = add_request(s, agency, "A", "records", date_sent=RECEIVED,
                              date_received=RECEIVED, tracking_no="2021-ICFO-00001",
                              matter=matter, expedited_requested=expedited)
        for direction, day, kind, body in letters:
            add_correspondence(s, direction, day, kind, requests=[request], body=body)
        request_id = request.id
    return case, request_id


def _derived(case, request_id):
    with case.reading() as s:
        result = derive(s, s.get(FoiaRequest, request_id), TODAY, load_rules())
        return {d.key: d for d in result.dates}, result.warnings


def test_a_denial_after_suit_was_filed_needs_no_appeal_and_exhaustion_is_pleaded_as_of_filing(
        tmp_path):
    case, rid = _case(tmp_path, filed_on=date(2021, 4, 15),
                      letters=[(Direction.INCOMING, date(2021, 5, 3), None, DENIAL)])
    with case:
        dates, warnings = _derived(case, rid)
        with case.reading() as s:
            letter = s.scalars(select(Correspondence)).one()
            assert (letter.letter_kind, letter.outcome) == ("determination", "denial")
            sentences = [e.sentence for e in chronology(s, s.get(FoiaRequest, rid), TODAY)]
    assert "appeal_window" not in dates
    assert any("Oglesby" in w and "920 F.2d 57" in w for w in warnings)
    assert dates["exhaustion"].due == date(2021, 3, 30)
    assert any("as of the filing of this action on April 15, 2021" in x for x in sentences)
    assert any("denied the request in full" in x for x in sentences)


def test_a_denial_before_suit_starts_the_appeal_window(tmp_path):
    case, rid = _case(tmp_path, letters=[(Direction.INCOMING, date(2021, 3, 20), None, DENIAL)])
    with case:
        dates, _ = _derived(case, rid)
    # The statute's 90 calendar days from Saturday, March 20, 2021: June 18, 2021.
    assert dates["appeal_window"].due == date(2021, 6, 18)
    assert "denial" in dates["appeal_window"].rule
    assert "exhaustion" not in dates


def test_a_full_grant_starts_no_appeal_window(tmp_path):
    grant = "Dear Requester: the 23 pages located are released in full."
    case, rid = _case(tmp_path, letters=[(Direction.INCOMING, date(2021, 3, 20), None, grant)])
    with case:
        dates, warnings = _derived(case, rid)
    assert "appeal_window" not in dates
    assert any("granted the request in full" in w for w in warnings)


def test_an_appeal_date_the_letter_states_is_compared_with_ours(tmp_path):
    body = DENIAL.replace("within 90 days of the date of this letter",
                          "by writing to us; your appeal must be postmarked by June 1, 2021")
    case, rid = _case(tmp_path, letters=[(Direction.INCOMING, date(2021, 3, 20), None, body)])
    with case:
        window = _derived(case, rid)[0]["appeal_window"]
    assert window.due == date(2021, 6, 18)
    assert any(w == "The letter says appeal by June 1, 2021; our count ends June 18, 2021. File by "
               "the earlier, June 1, 2021." for w in window.warnings), window.warnings


def test_an_interim_release_is_not_the_determination(tmp_path):
    interim = ("Dear Requester: this is the first interim release. 40 pages are released in "
               "part. You may appeal within 90 days.")
    case, rid = _case(tmp_path, letters=[(Direction.INCOMING, date(2021, 3, 20), None, interim)])
    with case:
        dates, _ = _derived(case, rid)
    assert dates["initial"].met is False
    assert "appeal_window" not in dates
    assert dates["exhaustion"].due == date(2021, 3, 30)


def _expedited(tmp_path, decided_on, outcome):
    case, rid = _case(tmp_path, expedited=True)
    with case.transaction() as s:
        request = s.get(FoiaRequest, rid)
        request.expedited_outcome, request.expedited_decided_on = outcome, decided_on
    return case, rid


def test_an_expedition_denial_fourteen_days_after_receipt_is_late_and_reviewable(tmp_path):
    case, rid = _expedited(tmp_path, date(2021, 3, 15), Outcome.DENIED)
    with case:
        item = _derived(case, rid)[0]["expedited"]
    assert item.due == date(2021, 3, 11)  # 10 calendar days after March 1
    assert item.met is False
    assert "(E)(iii)" in item.citation and "§ 552(a)(6)(E)(iii)" in item.rule


def test_an_expedition_denial_within_ten_days_is_timely(tmp_path):
    case, rid = _expedited(tmp_path, date(2021, 3, 9), Outcome.DENIED)
    with case:
        item = _derived(case, rid)[0]["expedited"]
    assert item.met is True


def test_an_expedition_outcome_without_its_date_is_not_counted_as_met(tmp_path):
    case, rid = _expedited(tmp_path, None, Outcome.DENIED)
    with case:
        item = _derived(case, rid)[0]["expedited"]
    assert item.met is None
    assert any("date of the decision is not entered" in w for w in item.warnings)


def _tolled(tmp_path, received_on):
    ask = ("Dear Requester: your request does not reasonably describe the records sought. "
           "Please clarify the date range of your request.")
    case, rid = _case(tmp_path, letters=[
        (Direction.INCOMING, date(2021, 3, 10), None, ask),
        (Direction.OUTGOING, date(2021, 3, 15), CorrespondenceKind.EMAIL, "Clarified.")])
    if received_on:
        with case.transaction() as s:
            answer = s.scalars(select(Correspondence)
                               .where(Correspondence.direction == Direction.OUTGOING)).one()
            answer.received_on = received_on
    return case, rid


def test_tolling_ends_when_the_agency_receives_the_answer(tmp_path):
    # Paused after March 10 until Wednesday, March 17: 11, 12, 15, 16, 17 are 5
    # working days, so the 20 days end 5 working days after March 29: April 5.
    case, rid = _tolled(tmp_path, date(2021, 3, 17))
    with case:
        initial = _derived(case, rid)[0]["initial"]
    assert initial.due == date(2021, 4, 5)
    assert not any("receives the answer" in w for w in initial.warnings)


def test_tolling_without_a_receipt_date_counts_to_the_send_date_and_says_so(tmp_path):
    # Paused after March 10 until the answer sent Monday, March 15: 11, 12, 15 are 3.
    case, rid = _tolled(tmp_path, None)
    with case:
        initial = _derived(case, rid)[0]["initial"]
    assert initial.due == date(2021, 4, 1)
    assert any("the answer's send date (March 15, 2021) is used" in w
               for w in initial.warnings)


def test_the_referral_limit_says_its_working_days_come_from_the_regulations(tmp_path):
    from casefile.matter import add_agency
    from casefile.requests import add_request

    with CaseFile.create(tmp_path / "referral") as case:
        with case.transaction() as s:
            request = add_request(s, add_agency(s, "ICE", "ICE"), "A", "records",
                                  date_sent=date(2021, 2, 1), first_received=date(2021, 2, 1),
                                  date_received=date(2021, 3, 1))
            rid = request.id
        initial = _derived(case, rid)[0]["initial"]
    assert "agencies' regulations make them working days" in initial.rule


def test_passed_dates_stay_listed_in_their_own_group(tmp_path):
    case, _ = _case(tmp_path)
    case.close()
    result = run_cli("deadlines", case.path, "--today", "2026-12-07")
    assert result.returncode == 0, result.stderr
    passed = result.stdout.split("Done or passed")[1]
    assert "March 30, 2021  ICE 2021-ICFO-00001: Suit may be filed" in passed


def test_the_user_sets_a_letters_kind_from_the_command_line_and_it_sticks(tmp_path):
    case, rid = _case(tmp_path, letters=[(Direction.INCOMING, date(2021, 3, 20), None,
                                          "Dear Requester: a note about your request.")])
    case.close()
    shown = run_cli("letter", case.path, "1")
    assert "other" in shown.stdout, shown.stderr
    changed = run_cli("letter", case.path, "1", "--kind", "determination", "--outcome", "denial")
    assert "final determination (denial), set by hand" in changed.stdout, changed.stderr
    with CaseFile.open(case.path) as opened:
        dates, _ = _derived(opened, rid)
    assert dates["appeal_window"].due == date(2021, 6, 18)
    assert_one_clear_line(run_cli("letter", case.path, "1", "--kind", "sonnet"),
                          "not a kind of letter")
    assert_one_clear_line(run_cli("letter", case.path, "1", "--kind", "determination",
                                  "--outcome", "affirmed"), "not an outcome")


def test_an_unreadable_date_header_is_kept_and_the_received_header_dates_the_email(tmp_path):
    message = EmailMessage()
    message["From"] = "ICE FOIA <ice-foia@ice.dhs.gov>"
    message["To"] = "counsel@example.org"
    message["Subject"] = "2021-ICFO-00001"
    message["Received"] = ("from mx.ice.dhs.gov by mail.example.org; "
                           "Tue, 6 Apr 2021 10:12:00 -0400")
    message.set_content("Your request is still being processed.")
    raw = bytes(message).replace(b"Subject:", b"Date: sometime last Tuesday\nSubject:", 1)
    path = tmp_path / "undated.eml"
    path.write_bytes(raw)
    with CaseFile.create(tmp_path / "mail") as case, Reader() as reader:
        result = import_files(case, [path], reader=reader).results[0]
        with case.reading() as s:
            letter = s.scalars(select(Correspondence)).one()
            assert letter.dated == date(2021, 4, 6)
            assert letter.date_raw == "sometime last Tuesday"
    assert ("its Date header “sometime last Tuesday” cannot be read: dated by its Received "
            "header (April 6, 2021)") in result.notes


def test_the_receipt_date_an_acknowledgment_states_starts_the_count(tmp_path):
    from casefile.matter import add_agency
    from casefile.requests import add_correspondence, add_request

    with CaseFile.create(tmp_path / "ack") as case:
        with case.transaction() as s:
            request = add_request(s, add_agency(s, "ICE", "ICE"), "A", "records",
                                  date_sent=date(2021, 2, 24))
            add_correspondence(s, Direction.INCOMING, date(2021, 3, 4), None,
                               requests=[request],
                               body="This acknowledges receipt of your FOIA request, which was "
                                    "received in this office on March 1, 2021.")
            rid = request.id
        dates, warnings = _derived(case, rid)
    assert dates["initial"].due == date(2021, 3, 29)
    assert "receipt on March 1, 2021 (as the agency's acknowledgment of March 4, 2021 states)" \
        in dates["initial"].rule
    assert not any("No receipt date" in w for w in warnings)


def test_the_expedition_decision_is_entered_on_the_command_line_with_its_date(tmp_path):
    path = tmp_path / "cli.casefile"
    assert run_cli("new", path).returncode == 0
    assert run_cli("add", "agency", path, "--name", "Immigration and Customs Enforcement",
                   "--abbreviation", "ICE").returncode == 0
    added = run_cli("add", "request", path, "--agency", "ICE", "--requester", "A",
                    "--subject", "records", "--sent", "2021-03-01", "--received", "2021-03-01",
                    "--expedited", "--expedition-decided", "2021-03-15",
                    "--expedition-outcome", "denied")
    assert added.returncode == 0, added.stderr
    with CaseFile.open(path) as case:
        item = _derived(case, 1)[0]["expedited"]
    assert item.met is False and "denied on March 15, 2021" in item.rule
    assert_one_clear_line(run_cli("add", "request", path, "--agency", "ICE", "--requester", "A",
                                  "--subject", "records", "--expedition-outcome", "denied"),
                          "--expedited")
