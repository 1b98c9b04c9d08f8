"""The deadline agenda: each date of a case in its group, said the way an attorney reads it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from casefile.deadlines.agenda import Item, Standing, agenda, export_calendar
from casefile.store import CaseFile
from casefile.store.models import Deadline

TODAY = date(2021, 5, 10)


def _item(due: date, state: str = "open") -> Item:
    return Item(due, "Brief due", "IDP v. DHS", None, "Scheduling order", "",
                Standing.LATER, state)


def test_how_a_date_stands_today():
    assert _item(date(2021, 5, 10)).when(TODAY) == "due today"
    assert _item(date(2021, 5, 11)).when(TODAY) == "tomorrow"
    assert _item(date(2021, 5, 13)).when(TODAY) == "in 3 days"
    assert _item(date(2021, 5, 9)).when(TODAY) == "1 day overdue"
    assert _item(date(2018, 5, 10)).when(TODAY) == "1,096 days overdue"
    assert _item(date(2021, 5, 12), "missed").when(TODAY) == "missed"
    assert _item(date(2020, 7, 18), "passed").when(TODAY) == "passed"


def test_the_demo_case_in_its_groups(demo_case):
    with CaseFile.open(demo_case) as case:
        with case.transaction() as s:
            s.scalar(select(Deadline).where(Deadline.title.like("Joint status%"))).done_on = \
                date(2021, 2, 12)
        with case.reading() as s:
            found = agenda(s, TODAY)
    by = {standing: [(i.due, i.title, i.belongs_to) for i in found.items
                     if i.standing is standing] for standing in Standing}
    assert by[Standing.OVERDUE][0] == (date(2020, 6, 28), "Decision on expedited processing due",
                                      "ICE 2020-ICFO-12345")
    assert len(by[Standing.OVERDUE]) == 6
    assert [t for _, t, _ in by[Standing.THIS_WEEK]] == [
        "Defendants' motion for summary judgment due (SAMPLE)"]
    assert [d for d, _, _ in by[Standing.LATER]] == [date(2021, 6, 14)]
    done = {t: i for i in found.items if i.standing is Standing.DONE for t in [i.title]}
    assert done["Joint status report on production due (SAMPLE)"].belongs_to == \
        "ICE 2020-ICFO-12345"  # entered on the request: named as the engine names it
    assert done["Joint status report on production due (SAMPLE)"].when(TODAY) == \
        "done February 12, 2021"
    assert done["Suit may be filed (constructive exhaustion)"].state == "passed"
    answer = next(i for i in found.items if i.title.startswith("Government's answer"))
    assert answer.citation == "5 U.S.C. § 552(a)(4)(C)" and answer.request_id is None
    assert any("state where the court sits" in w for w in answer.warnings)
    assert found.uncounted == []


def test_a_request_with_no_dates_is_said_to_be_uncounted(new_case):
    from casefile.matter import add_agency
    from casefile.requests import add_request

    with CaseFile.open(new_case) as case:
        with case.transaction() as s:
            add_request(s, add_agency(s, "Agency", "AG"), "Requester", "records")
        with case.reading() as s:
            found = agenda(s, TODAY)
    [uncounted] = found.uncounted
    assert uncounted.label == "AG request 1" and found.items == []
    assert "no deadline can be counted" in uncounted.warnings[0]


def test_the_calendar_holds_the_open_dates(demo_case, tmp_path):
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        count = export_calendar(s, TODAY, case.case_uuid, tmp_path / "d.ics")
    text = (tmp_path / "d.ics").read_text()
    assert count == 11 == text.count("BEGIN:VEVENT")
    assert "Initial determination due" in text
