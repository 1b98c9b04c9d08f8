"""Court periods under Fed. R. Civ. P. 6(a), with the state's legal holidays.

Every expected date below was worked out by hand from the rule's text and a
calendar: exclude the trigger day, count every day, and if the last day is a
Saturday, Sunday or legal holiday (federal, declared by the President, or the
state's where the court sits) run on to the next day that is none of these.
"""

from __future__ import annotations

from datetime import date

import pytest

from casefile.deadlines.calendar import _public
from casefile.deadlines.court import (
    CourtCalendar,
    days_after,
    days_before,
    find_court,
    holiday_data,
    response_due,
    section_holidays,
    state_holidays,
)


def test_the_data_files_federal_days_are_the_days_the_house_calendar_counts():
    """The federal rules written out in court_holidays.json give, year by year, the
    very days calendar.py takes from the holidays library (observed days included)."""
    federal = holiday_data()["federal"]
    for year in range(1990, 2046):
        assert set(section_holidays(federal, year)) == set(_public(year)), year


@pytest.mark.parametrize("state, trigger, days, due, why", [
    # Wed Feb 12, 2025: Lincoln's Birthday, N.Y. Gen. Constr. Law § 24 → Thu Feb 13.
    ("NY", date(2025, 1, 29), 14, date(2025, 2, 13), "Lincoln's Birthday"),
    # Not a D.C. holiday: the period ends on the Wednesday itself.
    ("DC", date(2025, 1, 29), 14, date(2025, 2, 12), None),
    # Wed Apr 16, 2025: D.C. Emancipation Day, D.C. Code § 28-2701 → Thu Apr 17.
    ("DC", date(2025, 4, 2), 14, date(2025, 4, 17), "Emancipation Day"),
    ("NY", date(2025, 4, 2), 14, date(2025, 4, 16), None),
    # Sun Apr 16, 2023: kept Monday Apr 17 in D.C.; 14 days from Apr 3 end on that
    # Monday → Tue Apr 18. New York keeps no such day: Monday Apr 17.
    ("DC", date(2023, 4, 3), 14, date(2023, 4, 18), "Emancipation Day (observed)"),
    ("NY", date(2023, 4, 3), 14, date(2023, 4, 17), None),
    # Mon Mar 31, 2025: Cesar Chavez Day, Cal. Gov. Code § 6700 → Tue Apr 1.
    ("CA", date(2025, 3, 17), 14, date(2025, 4, 1), "Cesar Chavez Day"),
    # Sat Mar 30, 2024, Sun Mar 31 (Chavez Day on a Sunday), Mon Apr 1 kept for it
    # (§ 6700(b)) → Tue Apr 2 in California; Mon Apr 1 elsewhere.
    ("CA", date(2024, 3, 16), 14, date(2024, 4, 2), "Cesar Chavez Day (observed)"),
    ("NY", date(2024, 3, 16), 14, date(2024, 4, 1), None),
    # Tue Nov 4, 2025: general election day in New York (§ 24) → Wed Nov 5.
    ("NY", date(2025, 10, 21), 14, date(2025, 11, 5), "General Election Day"),
    ("DC", date(2025, 10, 21), 14, date(2025, 11, 4), None),
    # Fri Nov 28, 2025: the day after Thanksgiving, § 6700 → Sat, Sun → Mon Dec 1.
    ("CA", date(2025, 11, 14), 14, date(2025, 12, 1), "Day after Thanksgiving"),
    # Tue Sep 9, 2025: Admission Day, § 6700 → Wed Sep 10.
    ("CA", date(2025, 8, 26), 14, date(2025, 9, 10), "Admission Day"),
    # Thu Jan 20, 2033: Inauguration Day in D.C. → Fri Jan 21.
    ("DC", date(2033, 1, 6), 14, date(2033, 1, 21), "Inauguration Day"),
    ("NY", date(2033, 1, 6), 14, date(2033, 1, 20), None),
    # Thu Jan 9, 2025: national day of mourning, declared by the President
    # (Rule 6(a)(6)(B)), in every court → Fri Jan 10.
    (None, date(2024, 12, 26), 14, date(2025, 1, 10), "declared by the President"),
    # Thu Jun 19, 2025: Juneteenth, 5 U.S.C. § 6103 → Fri Jun 20.
    (None, date(2025, 6, 5), 14, date(2025, 6, 20), "Juneteenth"),
    # Sat Jul 4, 2026 is kept Fri Jul 3; a period ending that Friday runs to Mon Jul 6.
    (None, date(2026, 6, 19), 14, date(2026, 7, 6), "Independence Day (observed)"),
    # 30 days from Mar 17, 2025 end Apr 16, 2025: the D.C. holiday again.
    ("DC", date(2025, 3, 17), 30, date(2025, 4, 17), "Emancipation Day"),
    # An ordinary Tuesday: nothing rolls.
    ("CA", date(2025, 5, 6), 7, date(2025, 5, 13), None),
])
def test_a_period_ends_on_the_next_open_day_after_a_weekend_or_legal_holiday(
        state, trigger, days, due, why):
    counted = days_after(trigger, days, CourtCalendar(state))
    assert counted.due == due
    if why:
        assert why in counted.explanation
    else:
        assert "holiday" not in counted.explanation


def test_new_york_keeps_a_saturday_holiday_on_the_saturday_but_the_federal_friday_still_counts():
    """Lincoln's Birthday 2022 was a Saturday: § 24 moves only a Sunday holiday, so
    Friday Feb 11, 2022 is open in New York; July 4, 2020 (a Saturday) was kept on
    Friday July 3 under 5 U.S.C. § 6103, which counts everywhere."""
    assert date(2022, 2, 11) not in state_holidays("NY", 2022)
    assert CourtCalendar("NY").closed(date(2022, 2, 11)) is None
    assert "Independence Day" in CourtCalendar("NY").closed(date(2020, 7, 3))


def test_a_period_counted_backward_runs_on_backward():
    """Rule 6(a)(5): 14 days before Mon Apr 30, 2025 is Wed Apr 16, 2025, D.C.
    Emancipation Day: the 'next day' is the day before, Tue Apr 15."""
    assert days_before(date(2025, 4, 30), 14, CourtCalendar("DC")).due == date(2025, 4, 15)
    assert days_before(date(2025, 4, 30), 14, CourtCalendar("NY")).due == date(2025, 4, 16)


@pytest.mark.parametrize("header, key, state", [
    ("District of Columbia (Washington, DC)", "dcd", "DC"),
    ("Southern District of New York (Foley Square)", "nysd", "NY"),
    ("California Northern District (San Francisco)", "cand", "CA"),
    ("United States District Court for the Northern District of California", "cand", "CA"),
    ("S.D.N.Y.", "nysd", "NY"),
])
def test_the_court_a_docket_names_is_found_with_its_state(header, key, state):
    court = find_court(header)
    assert (court.key, court.state) == (key, state)


def test_a_court_casefile_does_not_know_is_none():
    assert find_court("Eastern District of Virginia (Alexandria)") is None
    assert find_court("") is None


def test_the_local_rules_response_periods():
    """D.D.C. LCvR 7(b): 14 days; a motion served Wed Apr 2, 2025 → Apr 16, D.C.
    Emancipation Day → Thu Apr 17. LCvR 7(d): reply 7 days after service of the
    opposition. N.D. Cal. Civil L.R. 7-3(a): 14 days after filing, Mar 17, 2025 →
    Mon Mar 31, Cesar Chavez Day → Tue Apr 1; 7-3(c): reply 7 days after the
    opposition was due (Apr 1 → Tue Apr 8). S.D.N.Y. Local Civil Rule 6.1(b): 14 days
    after service of the moving papers, Jan 29, 2025 → Feb 12, Lincoln's Birthday →
    Thu Feb 13; reply 7 days after the answering papers (Feb 13 → Thu Feb 20)."""
    dcd, cand, nysd = find_court("dcd"), find_court("cand"), find_court("nysd")
    assert response_due(dcd, "opposition", date(2025, 4, 2)).due == date(2025, 4, 17)
    assert response_due(dcd, "reply", date(2025, 4, 17)).due == date(2025, 4, 24)
    assert "LCvR 7(b)" in response_due(dcd, "opposition", date(2025, 4, 2)).explanation
    assert response_due(cand, "opposition", date(2025, 3, 17)).due == date(2025, 4, 1)
    assert response_due(cand, "reply", date(2025, 4, 1)).due == date(2025, 4, 8)
    assert "7-3(a)" in response_due(cand, "opposition", date(2025, 3, 17)).explanation
    assert response_due(nysd, "opposition", date(2025, 1, 29)).due == date(2025, 2, 13)
    assert response_due(nysd, "reply", date(2025, 2, 13)).due == date(2025, 2, 20)
    assert "6.1(b)" in response_due(nysd, "reply", date(2025, 2, 13)).explanation


def test_every_court_and_period_in_the_data_file_cites_its_source():
    from casefile.deadlines.court import court_data

    for court in court_data():
        assert court["state"] in holiday_data()["states"]
        for period in court["periods"]:
            assert period["citation"] and period["text"] and period["days"] > 0
    for state in holiday_data()["states"].values():
        assert state["citation"]
