"""The deadline agenda: each date of a case in its group, said the way an attorney reads it,
and the rules for the deadlines a user enters."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from casefile.deadlines.agenda import Item, Owner, Standing, agenda, export_calendar
from casefile.deadlines.entered import (
    add_deadline,
    mark_done,
    update_deadline,
)
from casefile.errors import InputError
from casefile.store import CaseFile
from casefile.store.models import Deadline, DeadlineKind, FoiaRequest, Matter
from tests.conftest import reopen_court_dates


@pytest.fixture
def demo_case(demo_on_both):
    """Every demo-case test here runs on a case file and on a server (issue 20)."""
    return demo_on_both


TODAY = date(2021, 5, 10)


def _item(due: date, state: str = "open", owner: Owner | None = Owner.US) -> Item:
    return Item(due, "Brief due", "IDP v. DHS", None, "Scheduling order", "",
                Standing.LATER, state, owner=owner)


def test_how_a_date_stands_today():
    assert _item(date(2021, 5, 10)).when(TODAY) == "due today"
    assert _item(date(2021, 5, 11)).when(TODAY) == "tomorrow"
    assert _item(date(2021, 5, 13)).when(TODAY) == "in 3 days"
    assert _item(date(2021, 5, 9)).when(TODAY) == "1 day overdue"
    assert _item(date(2018, 5, 10)).when(TODAY) == "1,096 days overdue"
    assert _item(date(2021, 5, 12), "missed").when(TODAY) == "missed"
    assert _item(date(2020, 7, 18), "passed").when(TODAY) == "passed"


def test_what_the_agency_missed_is_said_plainly_not_overdue():
    agency = Owner.AGENCY
    assert _item(date(2021, 5, 9), "missed", agency).when(TODAY) == "missed yesterday"
    assert _item(date(2020, 7, 17), "missed", agency).when(TODAY) == "missed 297 days ago"
    assert _item(date(2020, 7, 17), "open", agency).when(TODAY) == "missed 297 days ago"
    assert _item(date(2021, 5, 13), "open", agency).when(TODAY) == "in 3 days"
    assert _item(date(2021, 5, 12), "missed", agency).when(TODAY) == "missed"


def test_the_demo_case_in_its_groups(demo_case):
    reopen_court_dates(demo_case)
    with CaseFile.open(demo_case) as case:
        with case.transaction() as s:
            s.scalar(select(Deadline).where(Deadline.title.like("Joint status%"))).done_on = \
                date(2021, 2, 12)
        with case.reading() as s:
            found = agenda(s, TODAY)
    by = {standing: [(i.due, i.title, i.belongs_to) for i in found.items
                     if i.standing is standing] for standing in Standing}
    assert by[Standing.OVERDUE] == []  # ours are all done or still ahead
    assert by[Standing.MISSED][0] == (date(2020, 6, 28), "Decision on expedited processing due",
                                     "ICE 2020-ICFO-12345")
    assert [t for _, t, _ in by[Standing.MISSED]] == [
        "Decision on expedited processing due", "Decision on expedited processing due",
        "Initial determination due", "Initial determination due",
        "Defendants' answer to the complaint due (SAMPLE)"]
    assert [t for _, t, _ in by[Standing.THIS_WEEK]] == [
        "Defendants' motion for summary judgment due (SAMPLE)"]
    assert [d for d, _, _ in by[Standing.LATER]] == [date(2021, 6, 14)]
    done = {t: i for i in found.items if i.standing is Standing.DONE for t in [i.title]}
    assert done["Joint status report on production due (SAMPLE)"].belongs_to == \
        "ICE 2020-ICFO-12345"  # entered on the request: named as the engine names it
    assert done["Joint status report on production due (SAMPLE)"].when(TODAY) == \
        "done February 12, 2021"
    assert done["Suit may be filed (constructive exhaustion)"].state == "passed"
    assert done["Suit may be filed (constructive exhaustion)"].owner is None  # nobody's duty
    answer = next(i for i in found.items if "answer" in i.title)
    assert answer.citation == "5 U.S.C. § 552(a)(4)(C)" and answer.request_id is None
    assert any("state where the court sits" in w for w in answer.warnings)
    assert found.uncounted == []


def test_whose_duty_each_date_is(demo_case):
    reopen_court_dates(demo_case)
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        found = agenda(s, TODAY)
    owners = {(i.title, i.belongs_to): i.owner for i in found.items}
    assert owners["Initial determination due", "ICE 2020-ICFO-12345"] is Owner.AGENCY
    assert owners["Decision on expedited processing due", "DHS 2020-HQFO-01234"] is \
        Owner.AGENCY
    assert owners["Defendants' answer to the complaint due (SAMPLE)", "IDP v. DHS"] is \
        Owner.AGENCY
    assert owners["Defendants' motion for summary judgment due (SAMPLE)", "IDP v. DHS"] is \
        Owner.AGENCY  # entered, and its title names the other side
    assert owners["Plaintiffs' cross-motion and opposition due (SAMPLE)", "IDP v. DHS"] is \
        Owner.US
    assert owners["Joint status report on production due (SAMPLE)", "ICE 2020-ICFO-12345"] \
        is Owner.US
    # Ours, undone and past: overdue; the agency's: missed, in a group of their own.
    joint = next(i for i in found.items if i.title.startswith("Joint status"))
    assert (joint.standing, joint.when(TODAY)) == (Standing.OVERDUE, "84 days overdue")
    initial = next(i for i in found.items if i.title == "Initial determination due")
    assert (initial.standing, initial.when(TODAY)) == (Standing.MISSED, "missed 297 days ago")


def test_our_missed_appeal_is_overdue_not_the_agencys(new_case):
    from casefile.matter import add_agency
    from casefile.requests import add_correspondence, add_request
    from casefile.store.models import CorrespondenceKind, Direction

    with CaseFile.open(new_case) as case:
        with case.transaction() as s:
            request = add_request(s, add_agency(s, "Agency", "AG"), "Requester", "records",
                                  date_sent=date(2020, 1, 6), date_received=date(2020, 1, 6))
            add_correspondence(s, Direction.INCOMING, date(2020, 2, 3),
                               CorrespondenceKind.DETERMINATION, requests=[request])
        with case.reading() as s:
            found = agenda(s, TODAY)
    appeal = next(i for i in found.items if i.title.startswith("Last day to appeal"))
    assert (appeal.owner, appeal.standing) == (Owner.US, Standing.OVERDUE)
    assert appeal.when(TODAY).endswith("days overdue")
    initial = next(i for i in found.items if i.title == "Initial determination due")
    assert (initial.owner, initial.standing) == (Owner.AGENCY, Standing.DONE)  # met in time


def test_the_answer_entered_and_counted_is_listed_once(demo_case):
    with CaseFile.open(demo_case) as case:
        with case.reading() as s:
            found = agenda(s, TODAY)
            entered_id = s.scalar(select(Deadline.id).where(
                Deadline.title.like("Defendants' answer%")))
        [answer] = [i for i in found.items if "answer" in i.title.lower()]
        assert answer.title == "Defendants' answer to the complaint due (SAMPLE)"
        assert answer.deadline_id == entered_id and answer.entered
        assert answer.counted_rule.startswith("30 days after service on the United States")
        assert answer.counted_citation == "5 U.S.C. § 552(a)(4)(C)"
        # Done, it stays once: the counted one does not come back in its place.
        with case.transaction() as s:
            mark_done(s, s.get(Deadline, entered_id), date(2020, 11, 2))
        with case.reading() as s:
            found = agenda(s, TODAY)
        [answer] = [i for i in found.items if "answer" in i.title.lower()]
        assert (answer.standing, answer.when(TODAY)) == (Standing.DONE, "done November 2, 2020")
        # Another date is another deadline: both are listed.
        with case.transaction() as s:
            update_deadline(s, s.get(Deadline, entered_id), due_on=date(2020, 11, 9))
        with case.reading() as s:
            found = agenda(s, TODAY)
        assert len([i for i in found.items if "answer" in i.title.lower()]) == 2


def test_a_title_that_means_something_else_is_not_a_repeat(demo_case):
    with CaseFile.open(demo_case) as case:
        with case.transaction() as s:
            add_deadline(s, "Status conference", date(2020, 11, 2), matter=s.scalar(select(Matter)))
        with case.reading() as s:
            found = agenda(s, TODAY)
    on_the_day = {i.title for i in found.items if i.due == date(2020, 11, 2)}
    assert on_the_day == {"Status conference", "Defendants' answer to the complaint due (SAMPLE)"}


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
    reopen_court_dates(demo_case)
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        count = export_calendar(s, TODAY, case.case_uuid, tmp_path / "d.ics")
    text = (tmp_path / "d.ics").read_text()
    assert count == 10 == text.count("BEGIN:VEVENT")  # the answer once, as the agenda lists it
    assert "Initial determination due" in text
    assert "Defendants' answer to the complaint due" in text
    assert "Government's answer" not in text


# --- the deadlines a user enters --------------------------------------------------------


@pytest.fixture
def case(new_case):
    with CaseFile.open(new_case) as opened:
        yield opened


def _add(s, title="Reply due", **more) -> Deadline:
    return add_deadline(s, title, date(2021, 6, 1), **more)


def test_add_keeps_the_rules(case):
    with case.transaction() as s:
        deadline = _add(s, "  Reply due  ", rule="  ", citation=" LCvR 7(d) ")
        assert (deadline.title, deadline.rule, deadline.citation) == \
            ("Reply due", None, "LCvR 7(d)")
    for title in ("", "   "):
        with pytest.raises(InputError, match="needs a title"), case.transaction() as s:
            _add(s, title)
    with pytest.raises(InputError, match="number of days ≥ 0"), case.transaction() as s:
        _add(s, remind_days_before=-1)


def test_update_changes_what_it_is_given(case):
    with case.transaction() as s:
        deadline = _add(s, remind_days_before=7)
        update_deadline(s, deadline, title=" Reply brief due ", due_on=date(2021, 6, 8),
                        kind="internal", rule="", remind_days_before=None)
        assert (deadline.title, deadline.due_on, deadline.kind, deadline.rule,
                deadline.remind_days_before) == ("Reply brief due", date(2021, 6, 8),
                                                 DeadlineKind.INTERNAL, None, None)
    refusals = [({"title": " "}, "needs a title"),
                ({"remind_days_before": -3}, "number of days ≥ 0"),
                ({"due_on": None}, "needs a due date"),
                ({"kind": "weekly"}, "'weekly' is not a kind of deadline"),
                ({"colour": "red"}, "A deadline has no field 'colour'")]
    for changes, sentence in refusals:
        with pytest.raises(InputError, match=sentence), case.transaction() as s:
            update_deadline(s, s.scalar(select(Deadline)), **changes)
    with case.reading() as s:
        assert s.scalar(select(Deadline)).title == "Reply brief due"  # nothing half-done


def test_mark_done_and_open_again(case):
    with case.transaction() as s:
        deadline = _add(s)
        mark_done(s, deadline, date(2021, 5, 28))
        assert deadline.done_on == date(2021, 5, 28)
        mark_done(s, deadline, None)
        assert deadline.done_on is None
    with pytest.raises(InputError, match="is not a date"), case.transaction() as s:
        mark_done(s, s.scalar(select(Deadline)), "yesterday")


def test_a_deleted_deadline_is_put_back_under_the_same_id_and_uuid(case):
    from casefile.matter import add_agency
    from casefile.removal import delete_deadline, put_back
    from casefile.requests import add_request

    with case.transaction() as s:
        request = add_request(s, add_agency(s, "Agency", "AG"), "Requester", "records")
        deadline = _add(s, request=request, citation="LCvR 7(d)", remind_days_before=3)
        deadline_id, uuid = deadline.id, deadline.uuid
    with case.transaction() as s:
        removed = delete_deadline(s, s.get(Deadline, deadline_id))
    with case.reading() as s:
        assert s.get(Deadline, deadline_id) is None
    with case.transaction() as s:
        put_back(s, removed)
    with case.reading() as s:
        back = s.get(Deadline, deadline_id)
        assert (back.uuid, back.citation, back.remind_days_before) == (uuid, "LCvR 7(d)", 3)
        assert back.request is s.scalar(select(FoiaRequest))
    # Put back again while it is there: one sentence, the case as it was.
    with pytest.raises(InputError, match="cannot be put back"), case.transaction() as s:
        put_back(s, removed)
