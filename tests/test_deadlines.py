"""Deadlines: every statutory date, hand-computed here with its reasoning."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.deadlines.calendar import WorkCalendar, _public
from casefile.deadlines.engine import derive, load_rules
from casefile.store import CaseFile
from casefile.store.models import CorrespondenceKind, Direction
from tests.conftest import run_cli


@pytest.fixture
def demo_case(demo_on_both):
    """Every demo-case test here runs on a case file and on a server (issue 20)."""
    return demo_on_both


STATUTE = WorkCalendar()
AGENCY = WorkCalendar(agency=True)

# 5 U.S.C. § 6103(a), as amended (Juneteenth added in 2021).
LEGAL_PUBLIC_HOLIDAYS = {
    "New Year's Day", "Martin Luther King Jr. Day", "Washington's Birthday", "Memorial Day",
    "Independence Day", "Labor Day", "Columbus Day", "Veterans Day", "Thanksgiving Day",
    "Christmas Day",
}


@pytest.mark.parametrize("year", range(2000, 2036))
def test_the_holiday_library_matches_the_statute_year_by_year(year):
    names = {n.replace(" (observed)", "") for d, n in _public(year).items() if d.year == year}
    expected = set(LEGAL_PUBLIC_HOLIDAYS)
    if year >= 2021:
        expected.add("Juneteenth National Independence Day")
    assert names == expected
    for day, name in _public(year).items():
        if "(observed)" in name:  # Saturday → Friday before, Sunday → Monday after
            assert day.weekday() in (0, 4)


def case_with(tmp_path, *, rule_set=None, parent_rules=None, sent, received=None,
              letters=(), first_received=None):
    """A case with one request and its letters: (kind, direction, date) triples."""
    from casefile.matter import add_agency
    from casefile.requests import add_correspondence, add_request

    case = CaseFile.create(tmp_path / "deadlines")
    with case.transaction() as s:
        parent = add_agency(s, "Department", "DEPT", rule_set=parent_rules)
        agency = add_agency(s, "Component", "COMP", parent=parent, rule_set=rule_set)
        request = add_request(s, agency, "Requester", "records", date_sent=sent,
                              date_received=received, first_received=first_received,
                              tracking_no="2020-TEST-00001")
        for kind, direction, day in letters:
            add_correspondence(s, direction, day, kind, requests=[request])
        request_id = request.id
    return case, request_id


def dates_of(case, request_id, today=date(2030, 1, 1)):
    from casefile.store.models import FoiaRequest

    with case.reading() as s:
        result = derive(s, s.get(FoiaRequest, request_id), today, load_rules())
        return {d.key: d for d in result.dates}, result.warnings


def test_received_the_day_before_thanksgiving(tmp_path):
    # Received Wed Nov 25, 2020. Thu 26 is Thanksgiving: not counted. Day 1 is
    # Fri 27; Nov 30–Dec 4 are days 2–6, Dec 7–11 7–11, Dec 14–18 12–16,
    # Dec 21–24 17–20: due Thu Dec 24. But the agencies were closed that day by
    # Executive Order 13961, and Dec 25 is Christmas: the agency's count ends
    # Mon Dec 28. Both are shown.
    case, rid = case_with(tmp_path, sent=date(2020, 11, 25), received=date(2020, 11, 25))
    with case:
        initial = dates_of(case, rid)[0]["initial"]
    assert initial.due == date(2020, 12, 24)
    assert initial.agency_due == date(2020, 12, 28)


def test_new_year_on_a_saturday_is_observed_the_friday_before(tmp_path):
    # Jan 1, 2022 was a Saturday, observed Fri Dec 31, 2021. Received Thu Dec 30:
    # Dec 31 is a holiday; Jan 3–7 are days 1–5, Jan 10–14 6–10, Mon Jan 17 is
    # MLK Day, Jan 18–21 11–14, Jan 24–28 15–19, Mon Jan 31 day 20.
    assert STATUTE.add_working_days(date(2021, 12, 30), 1) == date(2022, 1, 3)
    case, rid = case_with(tmp_path, sent=date(2021, 12, 30), received=date(2021, 12, 30))
    with case:
        assert dates_of(case, rid)[0]["initial"].due == date(2022, 1, 31)


def test_juneteenth_2021_was_observed_on_friday_june_18(tmp_path):
    # Juneteenth fell on Sat June 19, 2021, observed Fri June 18. Received Thu
    # June 17: day 1 is Mon June 21; June 21–25 1–5, June 28–July 2 6–10, Mon
    # July 5 observes Independence Day (a Sunday), July 6–9 11–14, July 12–16
    # 15–19, Mon July 19 day 20.
    assert not STATUTE.is_working_day(date(2021, 6, 18))
    case, rid = case_with(tmp_path, sent=date(2021, 6, 17), received=date(2021, 6, 17))
    with case:
        assert dates_of(case, rid)[0]["initial"].due == date(2021, 7, 19)


def test_a_tolled_request(tmp_path):
    # Received Mon Mar 1, 2021; the agency asked for information Mon Mar 8; the
    # requester answered Mon Mar 15: 5 working days tolled (Mar 9–12, 15).
    # 25 working days from Mar 1: Mar 2–5 1–4, 8–12 5–9, 15–19 10–14, 22–26
    # 15–19, Mar 29–Apr 2 20–24, Mon Apr 5 day 25.
    case, rid = case_with(tmp_path, sent=date(2021, 3, 1), received=date(2021, 3, 1), letters=[
        (CorrespondenceKind.TOLLING_LETTER, Direction.INCOMING, date(2021, 3, 8)),
        (CorrespondenceKind.OTHER, Direction.OUTGOING, date(2021, 3, 15)),
    ])
    with case:
        initial = dates_of(case, rid)[0]["initial"]
    assert initial.due == date(2021, 4, 5)
    assert "5 working days tolled in all" in initial.rule and "(A)(ii)" in initial.citation


def test_a_request_extended_for_unusual_circumstances(tmp_path):
    # Received Mar 1, 2021, extension noticed Mar 20: 30 working days. Day 25 is
    # Apr 5 (above); Apr 6–9 26–29, Mon Apr 12 day 30.
    case, rid = case_with(tmp_path, sent=date(2021, 3, 1), received=date(2021, 3, 1), letters=[
        (CorrespondenceKind.EXTENSION_NOTICE, Direction.INCOMING, date(2021, 3, 20)),
    ])
    with case:
        initial = dates_of(case, rid)[0]["initial"]
    assert initial.due == date(2021, 4, 12)
    assert "(B)(i)" in initial.citation


def test_an_appeal_window_under_the_dhs_rule_counts_working_days(tmp_path):
    # Determination Mon Feb 1, 2021; a DHS component (the rule comes from its
    # parent): 90 working days. February after the 1st: 18 (Feb 15 is
    # Washington's Birthday); March 23 (41); April 22 (63); May 20 (83; May 31
    # is Memorial Day); June 1–4 84–87, June 7–9 88–90: Wed June 9, 2021.
    # The statute alone would say 90 calendar days: May 2, 2021.
    letters = [(CorrespondenceKind.DETERMINATION, Direction.INCOMING, date(2021, 2, 1))]
    case, rid = case_with(tmp_path, parent_rules="DHS", sent=date(2021, 1, 4),
                          received=date(2021, 1, 4), letters=letters)
    with case:
        window = dates_of(case, rid)[0]["appeal_window"]
    assert window.due == date(2021, 6, 9) and "6 C.F.R. § 5.8" in window.citation
    (tmp_path / "plain").mkdir()
    plain, rid2 = case_with(tmp_path / "plain", sent=date(2021, 1, 4),
                            received=date(2021, 1, 4), letters=letters)
    with plain:
        assert dates_of(plain, rid2)[0]["appeal_window"].due == date(2021, 5, 2)


def test_an_appeal_not_decided_in_time_opens_the_courthouse(tmp_path):
    # Appeal sent Mon Mar 1, 2021: 20 working days → Mon Mar 29. No decision:
    # suit may be filed Tue Mar 30.
    case, rid = case_with(tmp_path, sent=date(2021, 1, 4), received=date(2021, 1, 4), letters=[
        (CorrespondenceKind.DETERMINATION, Direction.INCOMING, date(2021, 2, 1)),
        (CorrespondenceKind.APPEAL, Direction.OUTGOING, date(2021, 3, 1)),
    ])
    with case:
        found = dates_of(case, rid)[0]
    assert found["appeal_decision"].due == date(2021, 3, 29)
    assert found["exhaustion"].due == date(2021, 3, 30)


def test_the_demo_case_dates(demo_case):
    from sqlalchemy import select

    from casefile.deadlines.engine import derive_all
    from casefile.store.models import FoiaRequest

    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        ice, dhs = s.scalars(select(FoiaRequest).order_by(FoiaRequest.id)).all()
        # ICE received Thu June 18, 2020: July 3 observes Independence Day;
        # 20 working days end Fri July 17. DHS received Fri June 19: Mon July 20.
        ice_dates = {d.key: d for d in derive(s, ice, date(2026, 1, 1)).dates}
        dhs_dates = {d.key: d for d in derive(s, dhs, date(2026, 1, 1)).dates}
        answer = [g for g in derive_all(s, date(2026, 1, 1)) if g.request_id is None][0]
    assert ice_dates["initial"].due == date(2020, 7, 17) and ice_dates["initial"].met is False
    assert ice_dates["expedited"].due == date(2020, 6, 28)
    assert ice_dates["exhaustion"].due == date(2020, 7, 18)
    assert dhs_dates["initial"].due == date(2020, 7, 20)
    # Served Fri Oct 2, 2020: 30 days is Sun Nov 1; the answer is due Mon Nov 2.
    assert answer.dates[0].due == date(2020, 11, 2)


def test_uncertain_dates_are_said_to_be_uncertain(tmp_path):
    case, rid = case_with(tmp_path, rule_set="NOPE", sent=date(2021, 3, 10),
                          received=None, letters=[
                              (CorrespondenceKind.ACKNOWLEDGMENT, Direction.INCOMING,
                               date(2021, 3, 1))])
    with case:
        _, warnings = dates_of(case, rid)
    text = " ".join(warnings)
    assert "No receipt date: counting from the day it was sent" in text
    assert "No deadline rules are known for 'NOPE'" in text
    assert "before the request was received" in text


@settings(max_examples=300, deadline=None)
@given(st.dates(date(2015, 1, 1), date(2032, 12, 31)), st.integers(1, 120),
       st.booleans())
def test_a_due_date_is_never_a_weekend_or_holiday(start, days, agency):
    calendar = AGENCY if agency else STATUTE
    due = calendar.add_working_days(start, days)
    assert due.weekday() < 5 and calendar.is_working_day(due)
    assert calendar.working_days_between(start, due) == days


@settings(max_examples=300, deadline=None)
@given(st.dates(date(2015, 1, 1), date(2032, 12, 31)), st.integers(0, 60),
       st.integers(0, 60), st.integers(0, 30))
def test_adding_working_days_is_monotonic(start, a, b, shift):
    assert (STATUTE.add_working_days(start, min(a, b))
            <= STATUTE.add_working_days(start, max(a, b)))
    later = start + timedelta(days=shift)
    assert STATUTE.add_working_days(start, a) <= STATUTE.add_working_days(later, a)
    assert STATUTE.add_working_days(start, a) <= AGENCY.add_working_days(start, a)


def test_deadlines_calendar_and_chronology_from_the_command_line(demo_case, tmp_path):
    listing = run_cli("deadlines", demo_case, "--today", "2020-10-28")
    assert listing.returncode == 0, listing.stderr
    assert "Due this week (today is October 28, 2020):" in listing.stdout
    # Entered from the scheduling order and counted by the engine: listed once, with the
    # rule the engine counts it by.
    assert ("November 2, 2020  IDP v. DHS: Defendants' answer to the complaint due (SAMPLE) "
            "— in 5 days") in listing.stdout
    assert listing.stdout.count("answer to the complaint") == 1
    assert "Missed by the agency (today is October 28, 2020):" in listing.stdout
    assert "Initial determination due — missed" in listing.stdout
    ics = tmp_path / "deadlines.ics"
    written = run_cli("calendar", demo_case, "--ics", ics)
    assert written.returncode == 0, written.stderr
    from icalendar import Calendar

    events = [e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    summaries = {str(e["SUMMARY"]) for e in events}
    assert "ICE 2020-ICFO-12345: Initial determination due" in summaries
    assert any("5 U.S.C. § 552(a)(6)(A)(i)" in str(e["DESCRIPTION"]) for e in events)
    story = run_cli("chronology", demo_case, "--request", "2020-ICFO-12345").stdout
    assert ("On June 18, 2020, Plaintiffs submitted a FOIA request to U.S. Immigration and "
            "Customs Enforcement (ICE)") in story
    assert ("ICE did not make a determination on the request within the twenty working days "
            "required by 5 U.S.C. § 552(a)(6)(A)(i), which ended on July 17, 2020.") in story


def test_a_routed_request_runs_at_most_ten_working_days_past_first_receipt(tmp_path):
    # Sent to the wrong component, which had it Mon Mar 1, 2021; the proper one
    # logged it only Mon Mar 22. The 20 days start no later than 10 working days
    # after Mar 1: Mar 2–5 1–4, 8–12 5–9, Mon Mar 15 10. From Mar 15, 20
    # working days: Mar 16–19 1–4, 22–26 5–9, Mar 29–Apr 2 10–14, Apr 5–9
    # 15–19, Mon Apr 12 day 20.
    case, rid = case_with(tmp_path, sent=date(2021, 2, 26), received=date(2021, 3, 22),
                          first_received=date(2021, 3, 1))
    with case:
        initial = dates_of(case, rid)[0]["initial"]
    assert initial.due == date(2021, 4, 12)
    assert "10 working days after the agency first received it on March 1, 2021" in initial.rule


def test_tolling_is_once_for_information_within_the_20_days_and_overlaps_count_once(tmp_path):
    # Received Wed Mar 1, 2023; 20 working days end Wed Mar 29.
    incoming, outgoing = Direction.INCOMING, Direction.OUTGOING
    # Two requests for information, no answer yet, today Mar 31: only the first
    # (Mar 10) tolls: Mar 13-17, 20-24, 27-31 = 15 working days paused, so 35
    # working days from Mar 1: Mar 2-3 1-2, 6-10 3-7, 13-17 8-12, 20-24 13-17,
    # 27-31 18-22, Apr 3-7 23-27, 10-14 28-32, Apr 17-19 33-35: Wed Apr 19.
    case, rid = case_with(tmp_path, sent=date(2023, 3, 1), received=date(2023, 3, 1), letters=[
        (CorrespondenceKind.TOLLING_LETTER, incoming, date(2023, 3, 10)),
        (CorrespondenceKind.TOLLING_LETTER, incoming, date(2023, 3, 15)),
    ])
    with case:
        initial = dates_of(case, rid, today=date(2023, 3, 31))[0]["initial"]
    assert initial.due == date(2023, 4, 19)
    assert "a second request for information" in initial.rule
    # A fee letter and an information request on the same day, answered Mar 20:
    # one pause of 6 working days (Mar 13-17, 20), not 12: due Thu Apr 6.
    (tmp_path / "b").mkdir()
    case, rid = case_with(tmp_path / "b", sent=date(2023, 3, 1), received=date(2023, 3, 1),
                          letters=[
                              (CorrespondenceKind.TOLLING_LETTER, incoming, date(2023, 3, 10)),
                              (CorrespondenceKind.FEE_LETTER, incoming, date(2023, 3, 10)),
                              (CorrespondenceKind.OTHER, outgoing, date(2023, 3, 20))])
    with case:
        assert dates_of(case, rid)[0]["initial"].due == date(2023, 4, 6)
    # A request for information after the 20 days ran out tolls nothing.
    (tmp_path / "c").mkdir()
    case, rid = case_with(tmp_path / "c", sent=date(2023, 3, 1), received=date(2023, 3, 1),
                          letters=[
                              (CorrespondenceKind.TOLLING_LETTER, incoming, date(2023, 4, 10)),
                              (CorrespondenceKind.OTHER, outgoing, date(2023, 4, 20))])
    with case:
        found = dates_of(case, rid, today=date(2023, 5, 1))[0]
    assert found["initial"].due == date(2023, 3, 29)
    assert found["exhaustion"].due == date(2023, 3, 30)


def test_an_extension_during_an_appeal_extends_the_appeal_decision(tmp_path):
    # Appeal Wed Mar 15, 2023; extension noticed Apr 5: 30 working days.
    # Mar 16-17 1-2, 20-24 3-7, 27-31 8-12, Apr 3-7 13-17, 10-14 18-22,
    # 17-21 23-27, Apr 24-26 28-30: Wed Apr 26. Decided Apr 20: in time.
    case, rid = case_with(tmp_path, sent=date(2023, 1, 3), received=date(2023, 1, 3), letters=[
        (CorrespondenceKind.DETERMINATION, Direction.INCOMING, date(2023, 2, 1)),
        (CorrespondenceKind.APPEAL, Direction.OUTGOING, date(2023, 3, 15)),
        (CorrespondenceKind.EXTENSION_NOTICE, Direction.INCOMING, date(2023, 4, 5)),
        (CorrespondenceKind.APPEAL_DECISION, Direction.INCOMING, date(2023, 4, 20)),
    ])
    with case:
        decision = dates_of(case, rid)[0]["appeal_decision"]
    assert decision.due == date(2023, 4, 26) and decision.met is True


def test_our_own_appeal_deadline_shows_the_earlier_count(tmp_path):
    # Determination Fri Nov 1, 2024 under the DHS rule: 90 working days end Mon
    # Mar 17, 2025 by the statute's holidays, Wed Mar 19 by the agency's (its
    # Christmas Eve and Jimmy Carter mourning-day closures). An attorney must
    # act by the earlier.
    case, rid = case_with(tmp_path, parent_rules="DHS", sent=date(2024, 10, 1),
                          received=date(2024, 10, 1), letters=[
                              (CorrespondenceKind.DETERMINATION, Direction.INCOMING,
                               date(2024, 11, 1))])
    with case:
        window = dates_of(case, rid, today=date(2024, 11, 2))[0]["appeal_window"]
    assert (window.due, window.agency_due) == (date(2025, 3, 17), date(2025, 3, 19))
    assert window.headline == date(2025, 3, 17)


def test_the_answer_skips_a_day_the_president_closed_the_government():
    from casefile.deadlines.engine import answer_due
    from casefile.store.models import Matter

    # Served Sun Nov 24, 2024: 30 days is Tue Dec 24, 2024, closed by executive
    # order; Dec 25 is Christmas: the answer is due Thu Dec 26 (Rule 6(a)(6)(B)).
    matter = Matter(caption="x", short_title="x", served_on=date(2024, 11, 24))
    assert answer_due(matter).due == date(2024, 12, 26)
