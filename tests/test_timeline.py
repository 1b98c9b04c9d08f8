"""The timeline's events: every dated thing of a case on one axis, each deadline met,
missed or open as the agenda counts it, each event naming the row it stands for.

The case is built here through casefile's own functions; every date expected
below is worked out by hand beside it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casefile import timeline as tl
from casefile.deadlines import add_deadline
from casefile.deadlines.entered import mark_done
from casefile.matter import add_agency, add_matter
from casefile.productions import add_production
from casefile.requests import add_correspondence, add_request
from casefile.store import CaseFile
from casefile.store.models import CorrespondenceKind, DeadlineKind, Direction

TODAY = date(2022, 1, 10)
IN = Direction.INCOMING
OUT = Direction.OUTGOING
# An ICE letter of the usual shape: a partial grant with the appeal-rights paragraph.
PARTIAL_GRANT = ("This is the final response to your Freedom of Information Act request. "
                 "ICE located 120 pages of responsive records. 100 pages are released in full "
                 "and 20 pages are released in part; portions have been withheld pursuant to "
                 "FOIA Exemptions (b)(6) and (b)(7)(C). You may appeal this determination "
                 "within 90 days of the date of this letter.")


def build_case(path: Path) -> dict[str, int]:
    """fill_case's case, in a new case file at ``path``."""
    with CaseFile.create(path) as case:
        return fill_case(case)


def fill_case(case: CaseFile) -> dict[str, int]:
    """A request to ICE from filing to production, with its letters, a lawsuit, and two
    entered deadlines, saved to an open, empty ``case``; returns the ids of what the
    tests open."""
    with case.transaction() as s:
        dhs = add_agency(s, "U.S. Department of Homeland Security", "DHS")
        ice = add_agency(s, "U.S. Immigration and Customs Enforcement", "ICE", parent=dhs)
        matter = add_matter(s, "Doe v. ICE", "Doe v. ICE", docket_no="1:21-cv-05000",
                            filed_on=date(2021, 6, 15), served_on=date(2021, 6, 17))
        request = add_request(s, ice, "Jane Doe", "Detention records", matter=matter,
                              date_sent=date(2021, 2, 26), date_received=date(2021, 3, 1),
                              tracking_no="2021-ICFO-00001")
        ack = add_correspondence(s, IN, date(2021, 3, 3), None, requests=[request],
                                 subject="Acknowledgment",
                                 body="This acknowledges receipt of your FOIA request.")
        determination = add_correspondence(s, IN, date(2021, 4, 5), None, requests=[request],
                                           subject="Final response", body=PARTIAL_GRANT)
        appeal = add_correspondence(s, OUT, date(2021, 5, 3), CorrespondenceKind.APPEAL,
                                    requests=[request], subject="FOIA appeal")
        production = add_production(s, "First release", produced_on=date(2021, 9, 1),
                                    request=request, bates_begin="ICE-000001",
                                    bates_end="ICE-000120", pages_released_full=100,
                                    pages_released_part=20)
        undated = add_production(s, "Second release (date to come)", request=request)
        report = add_deadline(s, "Joint status report due", date(2021, 9, 15),
                              kind=DeadlineKind.COURT, matter=matter)
        mark_done(s, report, date(2021, 9, 14))
        briefing = add_deadline(s, "Plaintiff's motion for summary judgment due",
                                date(2022, 2, 1), kind=DeadlineKind.COURT, matter=matter)
        return {"request": request.id, "ack": ack.id, "determination": determination.id,
                "appeal": appeal.id, "production": production.id, "undated": undated.id,
                "report": report.id, "briefing": briefing.id, "matter": matter.id}


@pytest.fixture
def case(tmp_path):
    path = tmp_path / "doe.casefile"
    ids = build_case(path)
    with CaseFile.open(path) as opened:
        yield opened, ids


def _read(case, today=TODAY, sources=None) -> tl.Timeline:
    with case.reading() as s:
        return tl.timeline(s, today, sources)


def _by_kind(events) -> dict[tuple[str, str], list[tl.Event]]:
    out: dict[tuple[str, str], list[tl.Event]] = {}
    for e in events:
        out.setdefault((e.lane, e.kind), []).append(e)
    return out


def test_the_request_and_its_letters_are_on_the_axis_with_their_rows(case):
    opened, ids = case
    events = _by_kind(_read(opened).events)
    [sent], [received] = events["request", "submitted"], events["request", "received"]
    assert (sent.day, sent.table, sent.row_id) == (date(2021, 2, 26), "foia_request",
                                                   ids["request"])
    assert received.day == date(2021, 3, 1)
    # The letters' kinds are what the letters' words make them.
    [ack] = events["letter", "acknowledgment"]
    assert (ack.day, ack.table, ack.row_id) == (date(2021, 3, 3), "correspondence", ids["ack"])
    [determination] = events["letter", "determination"]
    assert determination.row_id == ids["determination"]
    assert determination.label.startswith("Final determination (partial grant) from the agency "
                                          "(ICE 2021-ICFO-00001)")
    assert determination.status is None  # a fact, not a deadline
    [appeal] = events["appeal", "appeal"]  # our appeal goes in the appeals' lane
    assert (appeal.day, appeal.row_id) == (date(2021, 5, 3), ids["appeal"])


def test_statutory_deadlines_are_met_missed_or_open_as_counted_by_hand(case):
    opened, _ids = case
    events = _by_kind(_read(opened).events)
    # Received Monday March 1, 2021: 20 working days (no holiday in March 2021) end
    # Monday March 29. The determination came April 5: missed.
    [initial] = events["deadline", "initial"]
    assert (initial.day, initial.status) == (date(2021, 3, 29), tl.MISSED)
    # April 5 + 90 calendar days (the statute's window, ICE having no rule set) = July 4;
    # appealed May 3: met.
    [window] = events["deadline", "appeal_window"]
    assert (window.day, window.status) == (date(2021, 7, 4), tl.MET)
    # Appeal sent Monday May 3, receipt not entered: 20 working days from May 3, with
    # Memorial Day (May 31) skipped, end Tuesday June 1. No decision by then: missed.
    [decision] = events["deadline", "appeal_decision"]
    assert (decision.day, decision.status) == (date(2021, 6, 1), tl.MISSED)
    # So suit may be filed from June 2: a milestone, nobody's deadline.
    [exhausted] = events["deadline", "exhaustion"]
    assert (exhausted.day, exhausted.status) == (date(2021, 6, 2), None)
    # Served Thursday June 17: 30 days is Saturday July 17, so Monday July 19; no answer
    # is recorded and it is long past: missed by the government.
    [answer] = events["deadline", "answer"]
    assert (answer.day, answer.status, answer.table) == (date(2021, 7, 19), tl.MISSED,
                                                         "matter")


def test_a_counted_date_carries_the_warnings_the_agenda_gives_it(case):
    opened, _ids = case
    events = _by_kind(_read(opened).events)
    [decision] = events["deadline", "appeal_decision"]
    # The appeal's receipt is not entered: counted from the day it was sent, and said so.
    assert "Enter the date the agency received the appeal to be sure." in decision.notes
    [filed] = events["court", "filed"]
    assert filed.notes == ()


def test_entered_deadlines_are_met_when_done_and_open_before_they_fall_due(case):
    opened, ids = case
    entered = {e.row_id: e for e in _read(opened).events if e.table == "deadline"}
    assert (entered[ids["report"]].day, entered[ids["report"]].status) == (
        date(2021, 9, 15), tl.MET)
    assert (entered[ids["briefing"]].day, entered[ids["briefing"]].status) == (
        date(2022, 2, 1), tl.PENDING)
    # A week after it falls due and still not done, it is missed.
    later = {e.row_id: e for e in _read(opened, date(2022, 2, 8)).events
             if e.table == "deadline"}
    assert later[ids["briefing"]].status == tl.MISSED


def test_the_suit_and_the_productions_are_on_the_axis_and_the_undated_named_apart(case):
    opened, ids = case
    t = _read(opened)
    events = _by_kind(t.events)
    [filed], [served] = events["court", "filed"], events["court", "served"]
    assert (filed.day, filed.table, filed.row_id) == (date(2021, 6, 15), "matter", ids["matter"])
    assert filed.label == "Complaint filed: Doe v. ICE, 1:21-cv-05000"
    assert served.day == date(2021, 6, 17)
    [production] = events["production", "production"]
    assert (production.day, production.row_id) == (date(2021, 9, 1), ids["production"])
    assert "ICE-000001–ICE-000120" in production.label
    assert "120 pages: 100 in full, 20 in part, 0 withheld" in production.label
    assert ids["undated"] not in [e.row_id for e in t.events if e.table == "production"]
    assert t.undated == ["Production “Second release (date to come)”: no date produced"]


def test_events_run_by_day_and_every_one_is_in_a_lane(case):
    opened, _ids = case
    t = _read(opened)
    assert [e.day for e in t.events] == sorted(e.day for e in t.events)
    assert {e.lane for e in t.events} == {"request", "letter", "appeal", "deadline",
                                          "production", "court"}
    assert (t.first, t.last) == (date(2021, 2, 26), date(2022, 2, 1))
    assert t.title == "Doe v. ICE, 1:21-cv-05000"


def test_another_source_joins_with_one_call(case, monkeypatch):
    opened, _ids = case
    monkeypatch.setattr(tl, "SOURCES", list(tl.SOURCES))  # the module's list, restored after

    def docket(session, today):
        yield tl.Event(date(2021, 7, 1), "court", "docket_entry", "ECF No. 12: Order",
                       "docket_entry", 12)

    assert tl.add_source(docket) is docket
    tl.add_source(docket)  # twice is once
    entries = [e for e in _read(opened).events if e.kind == "docket_entry"]
    assert [(e.day, e.table, e.row_id) for e in entries] == [(date(2021, 7, 1),
                                                              "docket_entry", 12)]


def test_a_source_giving_an_event_in_no_lane_is_a_programming_error_named(case):
    opened, _ids = case

    def astray(session, today):
        yield tl.Event(date(2021, 7, 1), "docket", "entry", "x", "docket_entry", 1)

    with pytest.raises(ValueError, match="astray gave an event in no lane: 'docket'"):
        _read(opened, sources=[astray])


def test_an_empty_case_has_an_empty_timeline(tmp_path):
    with CaseFile.create(tmp_path / "empty.casefile") as case:
        t = _read(case)
    assert (t.events, t.undated, t.first, t.last, t.title) == ([], [], None, None, "")


def test_the_courts_docket_is_on_the_court_lane_entry_by_entry(tmp_path):
    """A docket imported from the corpus's D.D.C. report (tests/docket_corpus, made by
    its own generator): each entry on the day the report says it was filed."""
    import json

    from casefile.docket.store import import_docket

    corpus = Path(__file__).parent / "docket_corpus"
    expected = json.loads((corpus / "expected.json").read_text())["dcd.html"]["entries"]
    path = tmp_path / "idp.casefile"
    CaseFile.create(path).close()
    with CaseFile.open(path) as case:
        assert import_docket(case, corpus / "dcd.html").is_docket
        events = [e for e in _read(case).events if e.kind == "docket"]
    assert [(e.day.isoformat(), e.lane, e.table) for e in events] == \
        [(filed, "court", "docket_entry") for _n, filed, _text in expected]
    numbered = [(n, e.label) for (n, _f, _t), e in zip(expected, events, strict=True)
                if n is not None]
    assert all(label.startswith(f"ECF No. {n}: ") for n, label in numbered)
