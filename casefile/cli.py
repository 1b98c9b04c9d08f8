"""The `casefile` command: every job of the window, without a window.

Each command is a thin layer over a function in ``casefile/``: it parses what
the user typed, opens the case, calls the function inside one transaction and
prints the result. A user's mistake ends in one line on stderr and exit 1;
only a bug shows a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from casefile import __version__
from casefile.dates import long_date, parse_date
from casefile.display import shown
from casefile.errors import CasefileError, InputError, NotFound, from_os_error
from casefile.listings import LISTINGS
from casefile.store import CaseFile

DATES_HELP = "Dates (DATE) may be written 2020-06-18, 06/18/2020 or June 18, 2020."
EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE, EXIT_PROBLEMS = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake on the command line is one line, not a usage block."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"casefile: {message} (see '{self.prog} --help')\n")


def _log_to_file() -> None:
    """Errors logged by casefile (a child process's traceback, say) go to
    casefile.log in the data folder, not to the terminal: the user gets the
    one sentence, the log keeps the details."""
    from casefile.paths import user_data_dir

    logger = logging.getLogger("casefile")
    if logger.handlers:
        return
    logger.propagate = False
    try:
        folder = user_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(folder / "casefile.log",
                                                       encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s"))
    except OSError:
        handler = logging.NullHandler()
    handler.setLevel(logging.ERROR)
    logger.addHandler(handler)


def main(argv: Sequence[str] | None = None) -> int:
    # pypdf logs what it repairs in a damaged PDF; the import report says
    # what matters to the user, file by file.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    _log_to_file()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USER_ERROR
    try:
        return args.run(args) or EXIT_OK
    except CasefileError as exc:
        # One line whatever it holds: a sentence may quote a file's name.
        print(f"casefile: {shown(exc.message)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("casefile: interrupted; what was finished is saved, nothing is half-written.",
              file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `casefile list … | head` closing early is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


# --- the parser ----------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="casefile",
        description="Casefile: a FOIA case in one file. Every command takes the case file "
                    "(NAME.casefile) it works on.",
    )
    parser.add_argument("--version", action="version", version=f"casefile {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_text: str, run: Callable) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(run=run)
        return p

    p = command("new", "Create a new, empty case file.", cmd_new)
    p.add_argument("case", type=Path, help="the file to create (.casefile is added)")

    p = command("info", "Show what a case holds.", cmd_info)
    p.add_argument("case", type=Path)

    p = command("list", "List the requests, documents, entries… of a case.", cmd_list)
    p.add_argument("kind", choices=sorted(LISTINGS), help="what to list")
    p.add_argument("case", type=Path)

    p = command("import", "Store files in the case, read their text and index them: PDF, "
                "Word, email (.eml, .msg), images, text, folders and ZIP archives.", cmd_import)
    p.add_argument("case", type=Path)
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument("--password", help="the password of encrypted PDFs in this import")
    p.add_argument("--no-ocr", action="store_true",
                   help="do not OCR pages without text (faster; they stay unsearchable)")

    p = command("search", "Search every page, letter, Vaughn entry and note of a case.",
                cmd_search)
    p.add_argument("case", type=Path)
    p.add_argument("query", nargs="+", help='words, "a phrase", prefix*, AND / OR / NOT, '
                   "or a Bates number")
    p.add_argument("--kind", action="append", choices=["page", "correspondence", "record",
                                                        "note"],
                   help="only this kind of hit (repeat for several)")
    p.add_argument("--request", help="only what concerns this request (tracking no. or #)")
    p.add_argument("--from", dest="date_from", type=_date, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=_date, metavar="DATE")
    p.add_argument("--limit", type=_positive, default=20, help="hits per page of results")
    p.add_argument("--page", type=_positive, default=1, help="which page of results")

    p = command("deadlines", "List every deadline: overdue, due within 7 days, later.",
                cmd_deadlines)
    p.add_argument("case", type=Path)
    p.add_argument("--today", type=_date, metavar="DATE", help="count as if today were DATE")

    p = command("calendar", "Export the deadlines as an iCalendar (.ics) file.", cmd_calendar)
    p.add_argument("case", type=Path)
    p.add_argument("--ics", type=Path, required=True, metavar="FILE")
    p.add_argument("--today", type=_date, metavar="DATE", help="count as if today were DATE")

    p = command("chronology", "The exhaustion chronology, in a complaint's words.",
                cmd_chronology)
    p.add_argument("case", type=Path)
    p.add_argument("--request", help="only this request (tracking no. or #)")
    p.add_argument("--today", type=_date, metavar="DATE", help="count as if today were DATE")

    p = command("letter", "Show what a letter is, or set its kind, outcome or dates "
                "(the kind you set is never re-read).", cmd_letter)
    p.add_argument("case", type=Path)
    p.add_argument("letter", type=int, help="the letter's number")
    p.add_argument("--kind", help="acknowledgment, tracking_number, clarification, fee_letter, "
                   "extension, interim_determination, determination, appeal_acknowledgment, "
                   "appeal_decision, production, litigation, request, appeal, other")
    p.add_argument("--outcome", help="of a determination: grant, partial_grant, denial, "
                   "no_records, glomar; of an appeal decision: affirmed, remanded, reversed")
    p.add_argument("--received", type=_date, metavar="DATE",
                   help="the day the other side received it (our answer to a tolling letter: "
                        "the agency's receipt ends the pause)")
    p.add_argument("--reread", action="store_true",
                   help="forget the kind set by hand and read it from the text again")

    p = command("check", "Check a case file for damage (SQLite and the app's own rules).",
                cmd_check)
    p.add_argument("case", type=Path)

    p = command("reindex", "Rebuild the search index of a case from its own text.",
                cmd_reindex)
    p.add_argument("case", type=Path)

    p = command("backup", "Write a verified backup of a case.", cmd_backup)
    p.add_argument("case", type=Path)
    p.add_argument("--to", help="file or folder for the backup (a folder is made if the name "
                   "ends in /); default: the case's backup folder in your user data")
    p.add_argument("--list", action="store_true", help="list the case's backups instead")
    p.add_argument("--force", action="store_true",
                   help="replace an existing file named by --to (once no one has it open)")

    p = command("restore", "Replace a case with one of its backups (the current file is "
                "kept aside first).", cmd_restore)
    p.add_argument("case", type=Path)
    p.add_argument("backup", type=Path)
    p.add_argument("--other-case", action="store_true",
                   help="restore even though the backup is of a different case")

    p = command("mark", "Mark a document privileged or attorney work product (bundles keep "
                "it out), or clear the mark.", cmd_mark)
    p.add_argument("case", type=Path)
    p.add_argument("document", help="the document (its number, as 'list documents' shows, "
                   "or its name)")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--privileged", action="store_true")
    group.add_argument("--work-product", action="store_true")
    group.add_argument("--clear", action="store_true")

    p = command("scan", "Find personal data (FRCP 5.2(a)) and text left under redaction boxes "
                "in a case's documents: ours before filing, the agency's as evidence.", cmd_scan)
    p.add_argument("case", type=Path)
    p.add_argument("documents", nargs="*", metavar="DOCUMENT",
                   help="documents (their numbers, as 'list documents' shows, or names); "
                        "default: every document")
    p.add_argument("--today", type=_date, metavar="DATE",
                   help="the filing date that says who is a minor (default: today)")

    p = command("redact", "Redact a PDF for real: what is under each box leaves the file "
                "(the page becomes a picture), with a redaction log beside it.", cmd_redact)
    p.add_argument("file", type=Path)
    p.add_argument("--out", type=Path, required=True, metavar="OUT.pdf")
    p.add_argument("--box", action="append", default=[], metavar="PAGE:X0,Y0,X1,Y1",
                   help="a box to redact, in points from the page's lower left (repeat for "
                        "several); default: every box with text still under it")
    p.add_argument("--reason", default="", help='why: "FRCP 5.2(a)(1)", "(b)(6)"…')

    p = command("unlock", "Release a case left locked by another computer.", cmd_unlock)
    p.add_argument("case", type=Path)

    p = command("demo", "Build the demo case (IDP and CCR v. DHS and ICE) and open it.", cmd_demo)
    p.add_argument("--out", type=Path, default=Path("casefile-demo"),
                   help="folder for the demo case and its outputs (default: ./casefile-demo)")
    p.add_argument("--no-gui", action="store_true", help="build it without opening a window")

    p = command("gui", "Open the Casefile window.", cmd_gui)
    p.add_argument("case", type=Path, nargs="?")

    from casefile import cli_bundle, cli_draft, cli_vaughn

    cli_vaughn.configure(sub, _Parser, _date)
    cli_bundle.configure(sub, _Parser)
    cli_draft.configure(sub)

    add = sub.add_parser("add", help="Add a request, letter, Vaughn entry, exhibit…",
                         description="Add one item to a case; each kind has its own options.")
    add_sub = add.add_subparsers(title="kinds", metavar="KIND", required=True,
                                 parser_class=_Parser)
    for kind, (help_text, configure, run) in ADDERS.items():
        p = add_sub.add_parser(kind, help=help_text, description=help_text, epilog=DATES_HELP)
        p.add_argument("case", type=Path)
        configure(p)
        p.set_defaults(run=_adder(run))
    return parser


def _date(text: str):
    try:
        return parse_date(text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number from 1 up")
    return int(text)


def _existing_file(path: Path) -> Path:
    """A file the user names to store: it must be there, and be a file."""
    if path.is_dir():
        raise InputError(f"{path} is a folder; name a file (or use 'casefile import').")
    if not path.is_file():
        raise InputError(f"{path} does not exist.")
    return path


# --- case-level commands -----------------------------------------------------------


def cmd_new(args) -> int:
    with CaseFile.create(args.case) as case:
        print(f"Created {case.path}")
    return EXIT_OK


def cmd_info(args) -> int:
    from casefile.overview import overview

    with CaseFile.open(args.case, read_only=True) as case:
        print("\n".join(overview(case).lines()))
    return EXIT_OK


def cmd_import(args) -> int:
    from casefile.ingest import import_files

    with CaseFile.open(args.case) as case:
        report = import_files(case, args.files, password=args.password, ocr=not args.no_ocr,
                              on_result=lambda result: print(result.line(), flush=True))
    print(report.summary())
    if report.stopped:
        raise CasefileError(report.stopped)
    return EXIT_PROBLEMS if report.count("failed") else EXIT_OK


def cmd_search(args) -> int:
    from casefile.search import KINDS, search

    query = " ".join(args.query)
    with CaseFile.open(args.case, read_only=True) as case:
        request_id = None
        if args.request:
            from casefile.requests import find_request

            with case.reading() as s:
                request_id = find_request(s, args.request).id
        results = search(case, query, kinds=tuple(args.kind or KINDS), request_id=request_id,
                         date_from=args.date_from, date_to=args.date_to, limit=args.limit,
                         offset=(args.page - 1) * args.limit)
    quoted = shown(query if len(query) <= 60 else query[:57] + "…")
    if not results.hits:
        if args.page > 1:
            print(f"No more results: page {args.page} is past the last of them.")
        else:
            print(f"Nothing in {args.case.name} matches {quoted}.")
        lowered = {"and", "or", "not"} & set(query.split())
        if lowered:
            print(f"('{sorted(lowered)[0]}' in lower case is searched as a word; write AND, OR, "
                  "NOT in capitals to combine words.)")
        return EXIT_OK
    bold = sys.stdout.isatty()
    first = (args.page - 1) * args.limit
    for n, hit in enumerate(results.hits, first + 1):
        tag = "Bates match" if hit.exact else hit.kind
        when = f"  {hit.dated.isoformat()}" if hit.dated else ""
        print(f"{n:>3}. [{tag}] {shown(hit.title)}{when}")
        if hit.snippet:
            print(f"     {_marked(hit.snippet, bold)}")
    if results.more:
        print(f"More results: add --page {args.page + 1}.")
    if results.capped:
        from casefile.search import RANK_LIMIT

        print(f"Over {RANK_LIMIT:,} pages match, so pages are listed in case order, not "
              "ranked; add words to narrow the search.")
    return EXIT_OK


def _marked(snippet: str, bold: bool) -> str:
    from casefile.search import MARK_CLOSE, MARK_OPEN

    start, end = ("\033[1m", "\033[0m") if bold else ("*", "*")
    return snippet.replace(MARK_OPEN, start).replace(MARK_CLOSE, end)


def cmd_deadlines(args) -> int:
    """The window's agenda as text: our overdue duties, this week, later, what the
    agency has missed, and last what is done or passed (the day suit may be filed
    is a passed date an attorney looks for)."""
    from datetime import date

    from casefile.deadlines.agenda import Standing, agenda

    today = args.today or date.today()
    with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
        listed = agenda(s, today)
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


def cmd_letter(args) -> int:
    from casefile import letters
    from casefile.lookup import by_key
    from casefile.store.models import Correspondence

    changing = args.kind or args.outcome or args.received or args.reread
    with CaseFile.open(args.case, read_only=not changing) as case, \
            (case.transaction() if changing else case.reading()) as s:
        letter = by_key(s, Correspondence, str(args.letter), what="letter")
        if args.reread:
            letter.kind_by_user = False
            letters.apply(letter)
        if args.kind or args.outcome:
            letters.set_kind(letter, args.kind or letter.letter_kind or letter.kind.value,
                             args.outcome)
        if args.received:
            if args.received < letter.dated:
                raise InputError(f"Letter {letter.id} is dated {long_date(letter.dated)}: "
                                 "it cannot have been received before.")
            letter.received_on = args.received
        print(f"Letter {letter.id} of {long_date(letter.dated)} "
              f"({letter.direction.value}): {letters.describe(letter)}")
        if letter.received_on:
            print(f"  received {long_date(letter.received_on)}")
        if letter.stated_appeal_due:
            print(f"  the letter says appeal by {long_date(letter.stated_appeal_due)}")
    return EXIT_OK


def cmd_check(args) -> int:
    from casefile.errors import CaseFileDamaged, CaseLocked, DiskFull, NotWritable
    from casefile.store.check import problems

    name = args.case.name
    # A file too damaged to open at all is refused like any bad file: one line.
    try:
        case = CaseFile.open(args.case, despite_damage=True, keep_journal_mode=True)
    except (CaseLocked, DiskFull, NotWritable) as exc:
        # Open elsewhere, or nowhere to write: check what reading alone can.
        why = "is open elsewhere" if isinstance(exc, CaseLocked) and exc.holder else (
            "cannot be opened for writing here")
        print(f"{name} {why}: its search index is not checked.")
        case = CaseFile.open(args.case, read_only=True, despite_damage=True)
    with case:
        try:
            found = problems(case)
        except CaseFileDamaged as exc:
            # A malformed page met while reading rows: that is the finding.
            found = [exc.message]
    if not found:
        print(f"{name}: no problems found.")
        return EXIT_OK
    for line in found:
        print(line)
    print(f"{name}: {len(found)} problem(s); restore a backup with "
          "'casefile restore', or keep this file and ask for help.")
    return EXIT_PROBLEMS


def cmd_reindex(args) -> int:
    from casefile.store import fts

    with CaseFile.open(args.case) as case, case.transaction() as s:
        pages = fts.rebuild(s.connection())
    print(f"Rebuilt the search index of {args.case.name}: {pages:,} pages, and every letter, "
          "Vaughn entry and note.")
    return EXIT_OK


def cmd_backup(args) -> int:
    from casefile.display import human_size
    from casefile.store.backup import list_backups

    with CaseFile.open(args.case, read_only=True) as case:
        if args.list:
            found = list_backups(case.backup_dir)
            for path in found:
                print(f"{path}  {human_size(path.stat().st_size)}")
            if not found:
                print(f"No backups of {args.case.name} yet (they go in {case.backup_dir}).")
            return EXIT_OK
        target = None
        if args.to:
            target = Path(args.to)
            if args.to.endswith(("/", os.sep)):
                try:
                    target.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise from_os_error(exc, target, "creating") from None
        path = case.backup(target, replace=args.force)
    print(f"Backed up to {path} (verified).")
    return EXIT_OK


def cmd_restore(args) -> int:
    from casefile.store.restore import restore

    kept = restore(args.backup, args.case, other_case=args.other_case)
    print(f"Restored {args.case} from {args.backup.name}.")
    if kept:
        print(f"The file it replaced is kept as {kept}.")
    return EXIT_OK


def cmd_mark(args) -> int:
    from casefile.documents import update_document
    from casefile.lookup import by_key
    from casefile.store.models import Document

    with CaseFile.open(args.case) as case, case.transaction() as s:
        document = by_key(s, Document, args.document, Document.name, what="document")
        update_document(s, document, privileged=args.privileged,
                        work_product=args.work_product)
        name = document.name
    state = ("privileged" if args.privileged else "attorney work product"
             if args.work_product else "neither privileged nor work product")
    print(f"{shown(name)} is marked {state}.")
    return EXIT_OK


def cmd_scan(args) -> int:
    from casefile import limits
    from casefile.jobs import in_child
    from casefile.privacy.check import scan_case

    # The documents came from outside: read in a child with the reading limits.
    reports = in_child(scan_case, args.case, args.documents, args.today,
                       limits=limits.BUILDING)
    found = 0
    for report in reports:
        lines = report.lines()
        found += len(report.blocking)
        if not lines:
            print(f"{report.name}: {report.pages} pages; nothing found.")
            continue
        print(f"{report.name}: {report.pages} pages:")
        for line in lines:
            print(f"  {line}")
    if not reports:
        print("The case has no documents.")
    unchecked = sum(bool(r.not_checked) for r in reports)
    print(f"{found} finding{'' if found == 1 else 's'} in {len(reports)} document"
          f"{'' if len(reports) == 1 else 's'}" +
          (f"; {unchecked} not wholly checked." if unchecked else "."))
    return EXIT_PROBLEMS if found or unchecked else EXIT_OK


def cmd_redact(args) -> int:
    import getpass

    from casefile import limits
    from casefile.jobs import call_in_child
    from casefile.outputs import write_atomically
    from casefile.privacy.redact import redact_file

    if args.out.suffix.lower() != ".pdf":
        raise InputError(f"Write the redacted copy as a .pdf file, not '{args.out.name}'.")
    if args.out.resolve() == args.file.resolve():
        raise InputError("Write the redacted copy to a new file: the original stays as it is.")
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    done = call_in_child(redact_file, args.file, args.box, args.reason, user,
                         limits=limits.BUILDING)
    log = args.out.with_name(args.out.stem + " - redaction log.txt")
    write_atomically(args.out, lambda tmp: tmp.write_bytes(done.data))
    write_atomically(log, lambda tmp: tmp.write_text(
        "when\tpage\tbox\twhy\twhat\twho\n" + "\n".join(done.log) + "\n", encoding="utf-8"))
    print(f"Wrote {shown(str(args.out))} and its log {shown(str(log))}:")
    for line in done.log:
        print("  " + " ".join(line.split("\t")[1:]).strip())
    for line in done.still_present:
        print(f"  Check: {line}")
    return EXIT_PROBLEMS if done.still_present else EXIT_OK


def cmd_unlock(args) -> int:
    from casefile.store.lock import break_lock, describe

    holder = break_lock(args.case)
    if holder is None:
        print(f"{args.case.name} was not locked.")
    else:
        print(f"Released the lock of {describe(holder)}.")
    return EXIT_OK


def cmd_demo(args) -> int:
    from casefile.demo import build_demo, write_outputs
    from casefile.display import why_no_window

    if args.out.exists() and not args.out.is_dir():
        raise InputError(f"{args.out} is a file; give --out a folder for the demo case.")
    path = build_demo(args.out)
    written = write_outputs(path, args.out)
    print(f"Built the demo case {path}")
    print(f"Wrote {len(written)} files to {args.out}/ (exhibits, the case summary).")
    if args.no_gui:
        return EXIT_OK
    reason = why_no_window()
    if reason:
        print(f"{reason}; the demo case and its outputs are in {args.out}/.")
        return EXIT_OK
    return _launch_window(path)


def cmd_gui(args) -> int:
    from casefile.display import why_no_window

    reason = why_no_window()
    if reason:
        raise CasefileError(f"{reason}; every job of the window has a command "
                            "(see 'casefile --help').")
    return _launch_window(args.case)


def _launch_window(case: Path | None) -> int:
    # The window is a separate package registered as the `casefile-gui` entry
    # point; the core finds it through the installation, never by import.
    from importlib.metadata import entry_points

    found = entry_points(group="gui_scripts", name="casefile-gui")
    if not found:
        raise CasefileError("The Casefile window is not installed with this copy of Casefile.")
    launch = next(iter(found)).load()
    return launch([str(case)] if case else [])


# --- list ---------------------------------------------------------------------------


def cmd_list(args) -> int:
    listing = LISTINGS[args.kind]
    with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
        rows = [tuple(shown(str(v)) for v in row) for row in listing.rows(s)]
    if not rows:
        print(f"No {args.kind} in {args.case.name}.")
        return EXIT_OK
    rows.insert(0, listing.columns)
    widths = [min(max(len(r[i]) for r in rows), 60) for i in range(len(rows[0]))]
    for row in rows:
        cells = [v if len(v) <= w else v[: w - 1] + "…" for v, w in zip(row, widths, strict=True)]
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return EXIT_OK


# --- add -------------------------------------------------------------------------------


def _adder(run):
    def go(args) -> int:
        with CaseFile.open(args.case) as case, case.transaction() as s:
            item = run(s, args)
            description = f"{item.__tablename__.replace('_', ' ')} {item.id}"
        print(f"Added {description}.")
        return EXIT_OK

    return go


def _cfg_agency(p):
    p.add_argument("--name", required=True, help="e.g. U.S. Immigration and Customs Enforcement")
    p.add_argument("--abbreviation", required=True, help="e.g. ICE")
    p.add_argument("--parent", help="the agency this is a component of (e.g. DHS)")
    p.add_argument("--foia-office")
    p.add_argument("--address")
    p.add_argument("--email")
    p.add_argument("--rules", help="deadline rules to apply (e.g. DHS)")


def _add_agency(s, a):
    from casefile.matter import add_agency, find_agency

    parent = find_agency(s, a.parent) if a.parent else None
    return add_agency(s, a.name, a.abbreviation, parent=parent, foia_office=a.foia_office,
                      address=a.address, email=a.email, rule_set=a.rules)


def _cfg_matter(p):
    p.add_argument("--caption", required=True)
    p.add_argument("--short-title", required=True, help="e.g. IDP v. DHS")
    p.add_argument("--court")
    p.add_argument("--docket")
    p.add_argument("--judge")
    p.add_argument("--filed", type=_date, metavar="DATE")
    p.add_argument("--served", type=_date, metavar="DATE",
                   help="when the United States was served (starts its 30 days to answer)")


def _add_matter(s, a):
    from casefile.matter import add_matter

    return add_matter(s, a.caption, a.short_title, court=a.court, docket_no=a.docket,
                      judge=a.judge, filed_on=a.filed, served_on=a.served)


def _cfg_party(p):
    from casefile.store.models import PartyRole

    p.add_argument("--name", required=True, help="the full name, as the caption gives it")
    p.add_argument("--role", required=True, choices=[r.value for r in PartyRole])
    p.add_argument("--short-name", help="how the papers name it for short, e.g. IDP")
    p.add_argument("--description", help="what it is and does, and where it is based "
                                         "(the complaint's parties paragraph)")
    p.add_argument("--address")
    p.add_argument("--agency", help="for a defendant: the agency it is (abbreviation)")
    p.add_argument("--matter", help="the lawsuit (default: the case's only one)")


def _add_party(s, a):
    from casefile.matter import find_agency, find_matter
    from casefile.parties import add_party

    agency = find_agency(s, a.agency) if a.agency else None
    return add_party(s, find_matter(s, a.matter), a.name, a.role, agency=agency,
                     short_name=a.short_name, description=a.description, address=a.address)


def _cfg_counsel(p):
    p.add_argument("--name", required=True)
    p.add_argument("--party", help="the party they appear for (name, short name or number); "
                                   "default: the plaintiffs as a whole")
    p.add_argument("--firm", help="firm or organisation")
    p.add_argument("--address", help="lines separated by '\\n' or ';'")
    p.add_argument("--phone")
    p.add_argument("--email")
    p.add_argument("--bar-no", help="bar number (the signature block states it)")
    p.add_argument("--admission", help="e.g. 'admitted pro hac vice', 'pro hac vice "
                                       "application pending'")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--lead", action="store_true", help="lead counsel (signs first)")
    group.add_argument("--of-counsel", action="store_true")
    p.add_argument("--matter", help="the lawsuit (default: the case's only one)")


def _add_counsel(s, a):
    from casefile.matter import find_matter
    from casefile.parties import add_counsel, find_party

    address = "\n".join(line.strip() for line in
                        (a.address or "").replace("\\n", ";").replace("\n", ";").split(";")
                        if line.strip())
    return add_counsel(s, find_matter(s, a.matter), a.name,
                       party=find_party(s, a.party) if a.party else None, firm=a.firm,
                       address=address, phone=a.phone, email=a.email, bar_no=a.bar_no,
                       admission=a.admission, is_lead=a.lead, of_counsel=a.of_counsel)


def _cfg_request(p):
    p.add_argument("--agency", required=True, help="abbreviation, name or number")
    p.add_argument("--requester", required=True)
    p.add_argument("--subject", required=True)
    p.add_argument("--item", action="append", default=[], help="a numbered item (repeat)")
    p.add_argument("--sent", type=_date, metavar="DATE")
    p.add_argument("--received", type=_date, metavar="DATE",
                   help="when the proper component received it")
    p.add_argument("--first-received", type=_date, metavar="DATE",
                   help="when any component first received it, if it was routed")
    p.add_argument("--tracking")
    p.add_argument("--fee-waiver", action="store_true", help="a fee waiver was requested")
    p.add_argument("--expedited", action="store_true", help="expedited processing was requested")
    p.add_argument("--expedition-decided", type=_date, metavar="DATE",
                   help="the day the agency decided expedition (judged against its 10 days)")
    p.add_argument("--expedition-outcome", choices=["granted", "denied"],
                   help="what the agency decided on expedition")
    p.add_argument("--expedite-basis", help="the facts that show a compelling need "
                                            "(§ 552(a)(6)(E)(v))")
    p.add_argument("--fee-waiver-basis", help="the facts that show disclosure is in the "
                                              "public interest (§ 552(a)(4)(A)(iii))")
    p.add_argument("--fee-category", choices=["commercial", "educational", "news_media",
                                              "other"])
    p.add_argument("--fee-category-basis", help="why the requester is in that category")
    p.add_argument("--matter", help="the lawsuit it belongs to (default: the case's only one)")


def _add_request(s, a):
    from casefile.matter import find_agency, find_matter
    from casefile.requests import add_request

    matter = find_matter(s, a.matter) if a.matter else _only_matter_or_none(s)
    from casefile.requests import update_request

    if (a.expedition_decided or a.expedition_outcome) and not a.expedited:
        raise InputError("An expedition decision needs --expedited: the request must ask for it.")
    request = add_request(s, find_agency(s, a.agency), a.requester, a.subject, items=a.item,
                          date_sent=a.sent, date_received=a.received, tracking_no=a.tracking,
                          first_received=a.first_received,
                          fee_waiver_requested=a.fee_waiver, expedited_requested=a.expedited,
                          matter=matter, expedite_basis=a.expedite_basis,
                          fee_waiver_basis=a.fee_waiver_basis, fee_category=a.fee_category,
                          fee_category_basis=a.fee_category_basis)
    decided = {k: v for k, v in (("expedited_decided_on", a.expedition_decided),
                                 ("expedited_outcome", a.expedition_outcome)) if v}
    return update_request(s, request, **decided) if decided else request


def _only_matter_or_none(s):
    """The case's one matter; none when it has none; ask when it has several."""
    from sqlalchemy import func, select

    from casefile.matter import the_matter
    from casefile.store.models import Matter

    if (s.scalar(select(func.count()).select_from(Matter)) or 0) > 1:
        raise InputError("This case has several matters: name one with --matter.")
    return the_matter(s)


def _cfg_correspondence(p):
    from casefile.store.models import CorrespondenceKind, Direction

    p.add_argument("--direction", required=True, choices=[d.value for d in Direction])
    p.add_argument("--date", required=True, type=_date, metavar="DATE")
    p.add_argument("--kind", choices=[k.value for k in CorrespondenceKind],
                   help="left out: read from the subject and body (an incoming letter), "
                        "else other")
    p.add_argument("--request", action="append", default=[],
                   help="tracking number or number of a request it concerns (repeat)")
    p.add_argument("--from", dest="sender")
    p.add_argument("--to", dest="recipient")
    p.add_argument("--subject")
    p.add_argument("--body")
    p.add_argument("--file", type=Path, action="append", default=[],
                   help="a file that came with it (repeat); imported into the case as "
                        "'casefile import' would")


def _add_correspondence(s, a):
    from casefile.ingest import add_document
    from casefile.ingest.worker import Reader
    from casefile.requests import add_correspondence, find_request
    from casefile.store.models import CorrespondenceKind, Direction

    with Reader() as reader:  # one reader child for all the letter's files
        documents = [add_document(s, _existing_file(path), reader=reader)[0]
                     for path in a.file]
    return add_correspondence(
        s, Direction(a.direction), a.date, CorrespondenceKind(a.kind) if a.kind else None,
        requests=[find_request(s, key) for key in a.request], sender=a.sender,
        recipient=a.recipient, subject=a.subject, body=a.body, documents=documents,
    )


def _cfg_index(p):
    from casefile.store.models import IndexAuthor

    p.add_argument("--title", required=True)
    p.add_argument("--author", choices=[x.value for x in IndexAuthor], default="agency")
    p.add_argument("--served", type=_date, metavar="DATE")
    p.add_argument("--request", help="the request it answers")


def _add_index(s, a):
    from casefile.requests import find_request
    from casefile.store.models import IndexAuthor
    from casefile.vaughn import add_index

    request = find_request(s, a.request) if a.request else None
    return add_index(s, a.title, IndexAuthor(a.author), served_on=a.served, request=request)


def _cfg_record(p):
    from casefile.store.models import Disposition

    p.add_argument("--index", help="the Vaughn index (default: the case's only one)")
    p.add_argument("--entry", required=True, help="entry number")
    p.add_argument("--bates", help="first Bates number")
    p.add_argument("--bates-end")
    p.add_argument("--date", type=_date, metavar="DATE", help="the withheld document's date")
    p.add_argument("--type", dest="doc_type", help="document type (email, memo…)")
    p.add_argument("--author")
    p.add_argument("--recipients")
    p.add_argument("--pages", type=int)
    p.add_argument("--description")
    p.add_argument("--disposition", choices=[d.value for d in Disposition])
    p.add_argument("--exemption", action="append", default=[],
                   help="an exemption claimed: b6, (b)(7)(C), b5-dp… (repeat)")
    p.add_argument("--justification", help="the agency's stated reason (for every exemption)")
    p.add_argument("--harm", help="the foreseeable harm stated")
    p.add_argument("--segregability")


def _add_record(s, a):
    from casefile.store.models import Disposition
    from casefile.vaughn import Claim, add_record, find_index

    claims = [Claim(e, a.justification, a.harm) for e in a.exemption]
    return add_record(
        s, find_index(s, a.index), a.entry, claims=claims, bates_begin=a.bates,
        bates_end=a.bates_end, doc_date=a.date, doc_type=a.doc_type, author=a.author,
        recipients=a.recipients, pages=a.pages, description=a.description,
        disposition=Disposition(a.disposition) if a.disposition else None,
        segregability=a.segregability,
    )


def _cfg_exhibit(p):
    p.add_argument("--set", dest="exhibit_set", required=True,
                   help="exhibit set name or number; a new set is made for a new name")
    p.add_argument("--title", required=True)
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--document", help="a document already in the case (its number)")
    group.add_argument("--file", type=Path,
                       help="a file to import (as 'casefile import' would) and use")
    p.add_argument("--pages", help="pages to use, e.g. 3-7")
    p.add_argument("--letters", action="store_true", help="label a new set A, B, C…")


def _add_exhibit(s, a):
    from casefile.exhibits import add_exhibit, add_set, find_set
    from casefile.ingest import add_document
    from casefile.lookup import by_key
    from casefile.store.models import Document, LabelScheme

    try:
        exhibit_set = find_set(s, a.exhibit_set)
    except NotFound:
        exhibit_set = add_set(s, a.exhibit_set,
                              scheme=LabelScheme.LETTERS if a.letters else LabelScheme.NUMBERS)
    if a.file:
        document = add_document(s, _existing_file(a.file))[0]
    else:
        document = by_key(s, Document, a.document, Document.name, what="document")
    return add_exhibit(s, exhibit_set, document, a.title, page_selection=a.pages)


def _cfg_declaration(p):
    p.add_argument("--declarant", required=True)
    p.add_argument("--title", default="", help="default: Declaration of DECLARANT")
    p.add_argument("--declarant-title",
                   help="e.g. Staff Attorney, Center for Constitutional Rights")
    p.add_argument("--paragraph", action="append", default=[], help="a paragraph (repeat)")
    p.add_argument("--executed", type=_date, metavar="DATE")
    p.add_argument("--place", help="where it was signed")
    p.add_argument("--outside-us", action="store_true", help="signed outside the United States")


def _add_declaration(s, a):
    from casefile.declarations import add_declaration

    return add_declaration(s, a.declarant, a.title, paragraphs=a.paragraph,
                           matter=_only_matter_or_none(s), declarant_title=a.declarant_title,
                           executed_on=a.executed, executed_at=a.place,
                           outside_us=a.outside_us)


def _cfg_deadline(p):
    from casefile.store.models import DeadlineKind

    p.add_argument("--title", required=True)
    p.add_argument("--due", required=True, type=_date, metavar="DATE")
    p.add_argument("--kind", choices=[k.value for k in DeadlineKind], default="court")
    p.add_argument("--request", help="the request it concerns")
    p.add_argument("--rule", help="the order or rule it comes from")
    p.add_argument("--citation")
    p.add_argument("--remind", type=int, help="days before to remind")


def _add_deadline(s, a):
    from casefile.deadlines import add_deadline
    from casefile.requests import find_request
    from casefile.store.models import DeadlineKind

    request = find_request(s, a.request) if a.request else None
    return add_deadline(s, a.title, a.due, kind=DeadlineKind(a.kind),
                        matter=_only_matter_or_none(s),
                        request=request, rule=a.rule, citation=a.citation,
                        remind_days_before=a.remind)


NOTE_TARGETS = ("request", "correspondence", "document", "record", "exhibit", "declaration",
                "agency", "matter", "deadline")


def _cfg_note(p):
    p.add_argument("--on", required=True, nargs=2, metavar=("KIND", "KEY"),
                   help=f"what the note is about: one of {', '.join(NOTE_TARGETS)}, "
                        "and its number")
    p.add_argument("--text", required=True)


def _add_note(s, a):
    from casefile.lookup import by_key
    from casefile.notes import add_note
    from casefile.store import models as m

    kind, key = a.on
    model = {"request": m.FoiaRequest, "correspondence": m.Correspondence,
             "document": m.Document, "record": m.Record, "exhibit": m.Exhibit,
             "declaration": m.Declaration, "agency": m.Agency, "matter": m.Matter,
             "deadline": m.Deadline}.get(kind)
    if model is None:
        raise InputError(f"A note can be on: {', '.join(NOTE_TARGETS)}.")
    return add_note(s, by_key(s, model, key, what=kind), a.text)


ADDERS = {
    "agency": ("Add an agency or component.", _cfg_agency, _add_agency),
    "matter": ("Add the lawsuit (caption, court, docket).", _cfg_matter, _add_matter),
    "party": ("Add a party to the lawsuit (plaintiff, defendant, intervenor).", _cfg_party,
              _add_party),
    "counsel": ("Add an attorney of record, with the signature block's lines.",
                _cfg_counsel, _add_counsel),
    "request": ("Add a FOIA request.", _cfg_request, _add_request),
    "correspondence": ("Add a letter, email or portal message.", _cfg_correspondence,
                       _add_correspondence),
    "index": ("Add a Vaughn index (the agency's, or our own draft).", _cfg_index, _add_index),
    "record": ("Add a Vaughn entry.", _cfg_record, _add_record),
    "exhibit": ("Add an exhibit to an exhibit set.", _cfg_exhibit, _add_exhibit),
    "declaration": ("Add a declaration.", _cfg_declaration, _add_declaration),
    "deadline": ("Add a deadline (court order, briefing…).", _cfg_deadline, _add_deadline),
    "note": ("Add a note on anything in the case.", _cfg_note, _add_note),
}


if __name__ == "__main__":
    raise SystemExit(main())
