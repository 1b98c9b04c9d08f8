"""`casefile deadlines`, `calendar`, `chronology`: the dates that run, as text and .ics."""

from __future__ import annotations

from pathlib import Path

from casefile.cli.base import EXIT_OK, Command, date_arg


def _args_deadlines(p) -> None:
    p.add_argument("case", type=Path)
    p.add_argument("--today", type=date_arg, metavar="DATE", help="count as if today were DATE")


def _args_calendar(p) -> None:
    p.add_argument("case", type=Path)
    p.add_argument("--ics", type=Path, required=True, metavar="FILE")
    p.add_argument("--today", type=date_arg, metavar="DATE", help="count as if today were DATE")


def _args_chronology(p) -> None:
    p.add_argument("case", type=Path)
    p.add_argument("--request", help="only this request (tracking no. or #)")
    p.add_argument("--today", type=date_arg, metavar="DATE", help="count as if today were DATE")


def cmd_deadlines(args) -> int:
    """The window's agenda as text: our overdue duties, this week, later, what the
    agency has missed, and last what is done or passed (the day suit may be filed
    is a passed date an attorney looks for)."""

    from datetime import date

    from casefile.dates import long_date
    from casefile.deadlines.agenda import Standing, agenda
    from casefile.docket.store import waiting_note
    from casefile.store import CaseFile

    today = args.today or date.today()
    with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
        listed = agenda(s, today)
        waiting = waiting_note(s)
    if waiting:
        print(waiting)
    if not listed.items and not listed.uncounted:
        print(f"No deadlines in {args.case.name}.")
        return EXIT_OK
    for line in _uncounted_lines(listed.uncounted):
        print(line)
    for standing in (Standing.OVERDUE, Standing.THIS_WEEK, Standing.LATER, Standing.MISSED,
                     Standing.DONE):
        chosen = [i for i in listed.items if i.standing is standing]
        if not chosen:
            continue
        print(f"{standing.value} (today is {long_date(today)}):")
        for item in chosen:
            print(f"  {long_date(item.due)}  {item.belongs_to}: {item.title} — "
                  f"{item.when(today)}")
            cited = ". ".join(x for x in (item.counted_rule or item.rule,
                                          item.counted_citation or item.citation) if x)
            print(f"      {cited}." + (f" Source: {item.source}." if item.source else ""))
            if item.counts:
                print(f"      {item.counts}")
            for warning in item.warnings:
                print(f"      ! {warning}")
    return EXIT_OK


def _uncounted_lines(uncounted) -> list[str]:
    """Requests with no countable dates, said first with why."""
    lines = []
    for u in uncounted:
        lines.append(f"{u.label}: no dates")
        lines.extend(f"      ! {warning}" for warning in u.warnings)
    return lines


def cmd_calendar(args) -> int:
    from datetime import date

    from casefile.deadlines.agenda import export_calendar
    from casefile.store import CaseFile

    today = args.today or date.today()
    with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
        count = export_calendar(s, today, case.case_uuid, args.ics)
    print(f"Wrote {count} dates to {args.ics}.")
    return EXIT_OK


def cmd_chronology(args) -> int:
    from datetime import date

    from sqlalchemy import select

    from casefile.deadlines.chronology import chronology
    from casefile.requests import find_request
    from casefile.store import CaseFile
    from casefile.store.models import FoiaRequest

    today = args.today or date.today()
    with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
        requests = ([find_request(s, args.request)] if args.request else
                    list(s.scalars(select(FoiaRequest).order_by(FoiaRequest.id))))
        for request in requests:
            print(f"{request.agency.abbreviation} {request.tracking_no or ''}".rstrip() + ":")
            for n, event in enumerate(chronology(s, request, today), 1):
                print(f"  {n}. {event.sentence}")
    return EXIT_OK


COMMANDS = [
    Command("deadlines", "List every deadline: overdue, due within 7 days, later.",
            _args_deadlines, cmd_deadlines),
    Command("calendar", "Export the deadlines as an iCalendar (.ics) file.", _args_calendar,
            cmd_calendar),
    Command("chronology", "The exhaustion chronology, in a complaint's words.",
            _args_chronology, cmd_chronology),
]
