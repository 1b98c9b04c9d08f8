"""`casefile docket …`: import a PACER docket report, list the docket, and accept or
reject the dates its orders set.

Thin, as every command is: each parses, opens the case, calls
``casefile.docket`` and prints.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from casefile.cli.base import EXIT_OK, Command, Parser, date_arg


def _setup(docket) -> None:
    cmds = docket.add_subparsers(title="commands", metavar="COMMAND", required=True,
                                 parser_class=Parser)

    def command(name: str, help_text: str, run):
        p = cmds.add_parser(name, help=help_text, description=help_text,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("case", type=Path)
        p.set_defaults(run=run)
        return p

    p = command("import", "Import a docket report saved from CM/ECF (HTML, or the PDF a "
                "browser prints); importing a newer one adds the new entries.", cmd_import)
    p.add_argument("file", type=Path)

    p = command("list", "List the docket: number, date filed, text, linked documents.",
                cmd_list)
    p.add_argument("--full", action="store_true", help="print each entry's whole text")

    p = command("proposals", "List the dates orders set, waiting to be accepted.",
                cmd_proposals)
    p.add_argument("--all", action="store_true", help="also the accepted and rejected ones")

    p = command("accept", "Make proposed dates court deadlines of the case.", cmd_accept)
    p.add_argument("ids", type=int, nargs="+", metavar="ID")
    p.add_argument("--title", help="the deadline's title, if not the one proposed")
    p.add_argument("--due", type=date_arg, metavar="DATE",
                   help="the due date, if not the one proposed")

    p = command("reject", "Set proposed dates aside (an accepted one loses its deadline).",
                cmd_reject)
    p.add_argument("ids", type=int, nargs="+", metavar="ID")

    p = command("period", "Count a court period under Rule 6(a): the local rule's "
                "response period, or a number of days, with the court's state holidays.",
                cmd_period)
    p.add_argument("start", type=date_arg, metavar="DATE", help="the day of the event")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--days", type=int, help="a period of this many days")
    what.add_argument("--rule", choices=["opposition", "reply"],
                      help="the local rule's period for the court of the case's lawsuit")
    p.add_argument("--court", help="dcd, nysd, cand (default: the lawsuit's court)")


def cmd_import(args) -> int:
    from casefile.docket.store import import_docket
    from casefile.errors import InputError
    from casefile.store import CaseFile

    with CaseFile.open(args.case) as case:
        result = import_docket(case, args.file)
    if not result.is_docket:
        # One sentence, as every refusal: what the file is not, and that it is kept.
        raise InputError(result.lines()[0])
    for line in result.lines():
        print(line)
    return EXIT_OK


def cmd_list(args) -> int:
    from casefile.display import shown
    from casefile.docket.store import docket_entries
    from casefile.store import CaseFile

    with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
        rows = docket_entries(s)
    if not rows:
        print(f"No docket in {args.case.name}; import one with 'casefile docket import'.")
        return EXIT_OK
    for row in rows:
        number = str(row.number) if row.number is not None else "—"
        text = shown(row.text)
        if not args.full and len(text) > 100:
            text = text[:99] + "…"
        docs = (f"  [document{'s' if len(row.document_ids) > 1 else ''} "
                f"{', '.join(map(str, row.document_ids))}]" if row.document_ids else "")
        waits = f"  ({row.proposals} date{'s' if row.proposals > 1 else ''} proposed)" \
            if row.proposals else ""
        print(f"{number:>5}  {row.filed_on:%m/%d/%Y}  {text}{docs}{waits}")
    return EXIT_OK


def cmd_proposals(args) -> int:
    from casefile.dates import long_date
    from casefile.display import shown
    from casefile.docket.store import docket_proposals
    from casefile.store import CaseFile

    with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
        rows = docket_proposals(s, every=args.all)
    if not rows:
        print("No dates waiting to be accepted." if not args.all else
              "No dates were read from the docket.")
        return EXIT_OK
    for row in rows:
        where = f"ECF {row.entry_number}" if row.entry_number is not None else "minute entry"
        state = "" if row.state == "proposed" else f" [{row.state}]"
        print(f"{row.id:>4}. {long_date(row.due_on)}  {shown(row.title)}{state}")
        print(f"      {where} of {long_date(row.entry_filed_on)}: “{shown(row.phrase)}”")
        if row.rule and "Rule 6(a)" in row.rule:
            print(f"      {shown(row.rule)}")
    if any(r.state == "proposed" for r in rows):
        print("Accept with 'casefile docket accept CASE ID…'; set aside with 'reject'.")
    return EXIT_OK


def cmd_accept(args) -> int:
    from casefile.dates import long_date
    from casefile.display import shown
    from casefile.docket.store import accept_proposal
    from casefile.store import CaseFile

    with CaseFile.open(args.case) as case, case.transaction() as s:
        done = [accept_proposal(s, i, title=args.title, due_on=args.due) for i in args.ids]
    for row in done:
        print(f"Deadline {row.deadline_id}: {long_date(row.due_on)}, {shown(row.title)}.")
    return EXIT_OK


def cmd_reject(args) -> int:
    from casefile.dates import long_date
    from casefile.display import shown
    from casefile.docket.store import reject_proposal
    from casefile.store import CaseFile

    with CaseFile.open(args.case) as case, case.transaction() as s:
        done = [reject_proposal(s, i) for i in args.ids]
    for row in done:
        print(f"Set aside: {long_date(row.due_on)}, {shown(row.title)}.")
    return EXIT_OK


def cmd_period(args) -> int:
    from casefile.dates import long_date
    from casefile.deadlines.court import CourtCalendar, days_after, find_court, response_due
    from casefile.errors import InputError
    from casefile.matter import the_matter
    from casefile.store import CaseFile

    court = find_court(args.court) if args.court else None
    if args.court and court is None:
        raise InputError(f"'{args.court}' is not a court Casefile knows; use dcd, nysd or "
                         "cand, or leave it out to use the lawsuit's court.")
    if court is None:
        with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
            matter = the_matter(s)
            court = find_court(matter.court if matter else None)
    if args.rule:
        if court is None:
            raise InputError("The lawsuit's court is not one whose local rules Casefile "
                             "knows (D.D.C., S.D.N.Y., N.D. Cal.); name one with --court.")
        counted = response_due(court, args.rule, args.start)
    else:
        if args.days is None or args.days < 0:
            raise InputError("Give --days as a whole number from 0 up.")
        counted = days_after(args.start, args.days, CourtCalendar(court.state if court
                                                                  else None))
    print(f"{long_date(counted.due)}"
          + (f" ({court.short}; {court.state} holidays count)" if court else
             " (no state's holidays: the court is not known)"))
    print(f"  {counted.explanation}")
    return EXIT_OK


COMMANDS = [
    Command("docket", "The court's docket: import a PACER docket report, list it, accept "
                      "the dates orders set.", _setup,
            parser_options={"description": "The court's docket in the case: entries with "
                                           "their number, date and text, linked to the case's "
                                           "documents by ECF number; the dates orders set are "
                                           "proposed as deadlines and count once accepted."}),
]
