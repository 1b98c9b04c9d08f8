"""`casefile vaughn …`: import, export, review, statistics and challenges of Vaughn indexes.

Thin, as every command is: each parses, opens the case, calls ``casefile.vaughn``
in one transaction and prints.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from casefile.cli.base import EXIT_OK, EXIT_PROBLEMS, Command, Parser, date_arg

FORMATS = {".docx": "Word", ".xlsx": "Excel", ".csv": "CSV"}


def _setup(vaughn) -> None:
    cmds = vaughn.add_subparsers(title="commands", metavar="COMMAND", required=True,
                                 parser_class=Parser)

    def command(name: str, help_text: str, run, epilog: str | None = None):
        p = cmds.add_parser(name, help=help_text, description=help_text, epilog=epilog,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("case", type=Path)
        p.set_defaults(run=run)
        return p

    p = command("import", "Import an agency's Vaughn index from Word, Excel, CSV or PDF.",
                cmd_import, epilog=_MAP_HELP)
    p.add_argument("file", type=Path)
    p.add_argument("--title", help="the new index's title (default: from the file name)")
    p.add_argument("--into", metavar="INDEX", help="add the entries to this existing index")
    p.add_argument("--agency", help="the agency that served it: its saved column mapping "
                   "applies, and --map corrections are saved for it")
    p.add_argument("--request", help="the request it answers (tracking no. or #)")
    p.add_argument("--production", help="the production it indexes (its number or title)")
    p.add_argument("--served", type=date_arg, metavar="DATE")
    p.add_argument("--map", action="append", default=[], metavar="'HEADER=FIELD'",
                   help="match a column to a field (repeat); FIELD 'ignore' drops it")
    p.add_argument("--password", help="the password of an encrypted file")
    p.add_argument("--dry-run", action="store_true",
                   help="read the file and report what was understood (its records, how "
                        "they are laid out, its columns), but store nothing")
    again = p.add_mutually_exclusive_group()
    again.add_argument("--replace", action="store_true",
                       help="the file was imported before: delete that import and import "
                            "it again")
    again.add_argument("--keep-both", action="store_true",
                       help="the file was imported before: import it again as another index")
    p.add_argument("--report", type=Path, metavar="FILE.csv",
                   help="also write the row-by-row report as CSV")

    p = command("export", "Export an index to Word (for the court), Excel or CSV.", cmd_export)
    p.add_argument("out", type=Path, metavar="FILE", help="FILE.docx, FILE.xlsx or FILE.csv")
    p.add_argument("--index")
    p.add_argument("--columns", help="comma-separated fields, in order (default: the court's "
                   "columns; Word leaves out those no entry fills); see 'import --help'")
    p.add_argument("--include-strategy", action="store_true",
                   help="also export the Challenge, Argument and Authorities columns (your "
                        "work product: the file is marked 'Privileged & Confidential')")
    p.add_argument("--font", default="Times New Roman", help="the Word file's font")
    p.add_argument("--title", help="the Word file's title (default: the index's)")

    p = command("review", "Flag the entries that fall short of what courts require.",
                cmd_review)
    p.add_argument("--index")
    p.add_argument("--out", type=Path, metavar="FILE",
                   help="also write the report as FILE.docx or FILE.csv")
    p.add_argument("--today", type=date_arg, metavar="DATE",
                   help="the request date for the 25-year rule, if the index has no request")

    p = command("stats", "Withholdings by exemption, pages by disposition, by production.",
                cmd_stats)
    p.add_argument("--index")

    p = command("show", "Show one entry: its claims, review flags and produced pages.",
                cmd_show)
    p.add_argument("entry")
    p.add_argument("--index")

    p = command("edit", "Change an entry (only the options given change).", cmd_edit)
    p.add_argument("entry")
    p.add_argument("--index")
    p.add_argument("--number", help="a new entry number")
    p.add_argument("--bates")
    p.add_argument("--bates-end")
    p.add_argument("--date", type=date_arg, metavar="DATE")
    p.add_argument("--type", dest="doc_type")
    p.add_argument("--author")
    p.add_argument("--recipients")
    p.add_argument("--pages", type=int)
    p.add_argument("--description")
    p.add_argument("--disposition", choices=_dispositions())
    p.add_argument("--segregability")
    p.add_argument("--exemption", action="append", default=[],
                   help="replace the claims: b6, (b)(7)(C), b5-dp… (repeat)")
    p.add_argument("--justification", action="append", default=[],
                   help="with --exemption: the reason given (once for all, or once per "
                        "--exemption, in the same order)")
    p.add_argument("--harm", action="append", default=[],
                   help="with --exemption: the foreseeable harm stated (once, or per exemption)")
    p.add_argument("--statute", help="with --exemption b3: the statute")

    p = command("challenge", "Set the challenge state, argument and authorities of entries.",
                cmd_challenge)
    p.add_argument("entries", nargs="+", metavar="ENTRY")
    p.add_argument("--index")
    p.add_argument("--state", choices=_states())
    p.add_argument("--argument")
    p.add_argument("--cite", action="append", default=[],
                   help="an authority to add (repeat)")
    p.add_argument("--clear-cites", action="store_true", help="remove the authorities first")

    p = command("challenges", "What Plaintiffs challenge, by exemption, in the brief's words.",
                cmd_challenges)
    p.add_argument("--index")


_MAP_HELP = """\
Columns are matched by their headers ("Doc. No.", "Bates Begin", "Exemption(s)
Asserted", "Basis for Withholding"…). Correct one with --map, e.g.
  --map 'Withholding Rationale=justification' --map 'Reviewer Notes=ignore'
Fields: entry_no, bates (a range), bates_begin, bates_end, doc_date, doc_type,
author, recipients, pages, description, disposition, exemptions, statute,
justification, foreseeable_harm, segregability, challenge_state,
challenge_argument, challenge_citations, and ignore.
"""


def _dispositions() -> list[str]:
    from casefile.store.models import Disposition

    return [d.value for d in Disposition]


def _states() -> list[str]:
    from casefile.store.models import ChallengeState

    return [s.value for s in ChallengeState]


def _index(s, key):
    from casefile.vaughn import find_index

    return find_index(s, key)


def cmd_import(args) -> int:
    from casefile.matter import find_agency
    from casefile.requests import find_request
    from casefile.store import CaseFile
    from casefile.vaughn import columns
    from casefile.vaughn.importer import KEEP_BOTH, REFUSED, REPLACE, import_index

    overrides = columns.parse_overrides(args.map)
    with CaseFile.open(args.case) as case, case.transaction() as s:
        report = import_index(
            s, args.file, title=args.title,
            index=_index(s, args.into) if args.into else None,
            agency=find_agency(s, args.agency) if args.agency else None,
            request=find_request(s, args.request) if args.request else None,
            production=_production(s, args.production) if args.production else None,
            served_on=args.served, overrides=overrides, password=args.password,
            again=REPLACE if args.replace else KEEP_BOTH if args.keep_both else None,
            dry_run=args.dry_run)
        if args.dry_run:
            s.rollback()
    for line in report.lines():
        print(line)
    if args.report:
        report.write_csv(args.report)
        print(f"Row-by-row report: {args.report}")
    if args.dry_run:
        print("Dry run: nothing was stored; the counts above are what an import would do."
              + (" The file was imported before: import it with --replace or --keep-both."
                 if report.earlier else ""))
    return EXIT_PROBLEMS if report.count(REFUSED) else EXIT_OK


def _production(s, key: str):
    from casefile.lookup import by_key
    from casefile.store.models import Production

    return by_key(s, Production, key, Production.title, what="production")


def cmd_export(args) -> int:
    from sqlalchemy import func, select

    from casefile.errors import InputError
    from casefile.store import CaseFile
    from casefile.store.models import Record
    from casefile.vaughn import export

    kind = FORMATS.get(args.out.suffix.lower())
    if kind is None:
        raise InputError(f"Export to .docx, .xlsx or .csv, not '{args.out.suffix or args.out}'.")
    with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
        index = _index(s, args.index)
        fields = export.parse_fields(args.columns, []) if args.columns else None
        if kind == "Word":
            export.to_docx(s, index, args.out, export.WordOptions(
                font=args.font, title=args.title, fields=fields,
                include_strategy=args.include_strategy))
        else:
            writer = export.to_xlsx if kind == "Excel" else export.to_csv
            writer(s, index, args.out, fields, include_strategy=args.include_strategy)
        count = s.scalar(select(func.count(Record.id)).where(Record.index_id == index.id))
    print(f"Wrote {count:,} entries of '{index.title}' to {args.out} ({kind})"
          + ("; it holds your strategy and is marked Privileged & Confidential — Attorney "
             "Work Product." if args.include_strategy else "."))
    return 0


def cmd_review(args) -> int:
    from casefile.errors import InputError
    from casefile.store import CaseFile
    from casefile.vaughn import report
    from casefile.vaughn.review import review

    with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
        index = _index(s, args.index)
        result = review(s, index, today=args.today)
        if args.out:
            suffix = args.out.suffix.lower()
            if suffix == ".docx":
                report.to_docx(s, result, args.out)
            elif suffix == ".csv":
                report.to_csv(result, args.out)
            else:
                raise InputError(f"Write the review as .docx or .csv, not '{suffix or args.out}'.")
    for line in report.lines(result):
        print(line)
    if args.out:
        print(f"\nReport written to {args.out}.")
    return 0


def cmd_stats(args) -> int:
    from casefile.display import plural
    from casefile.store import CaseFile
    from casefile.store.models import VaughnIndex
    from casefile.vaughn import stats

    with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
        from sqlalchemy import select

        indexes = [_index(s, args.index)] if args.index else \
            list(s.scalars(select(VaughnIndex).order_by(VaughnIndex.id)))
        if not indexes:
            print(f"{args.case.name} has no Vaughn index.")
            return 0
        for index in indexes:
            for line in stats.stats(s, index).lines():
                print(line)
            print()
        productions = stats.by_production(s)
    if productions and not args.index:
        print("Productions (pages per the production letters; entries per the indexes):")
        for p in productions:
            print(f"  {p.produced_on or '—':10}  {p.title}  {p.bates}")
            print(f"              released in full {p.released_full:,}, in part "
                  f"{p.released_part:,}, withheld in full {p.withheld_full:,}; "
                  f"{plural(p.entries, 'index entry', 'index entries')} covering "
                  f"{plural(p.entry_pages, 'page')}")
    return 0


def cmd_show(args) -> int:
    from casefile.store import CaseFile
    from casefile.vaughn import data, export
    from casefile.vaughn.challenges import STATE_NAMES, find_entry
    from casefile.vaughn.entries import pages_of
    from casefile.vaughn.review import review

    with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
        index = _index(s, args.index)
        record = find_entry(s, index, args.entry)
        entry = next(e for e in data.entries(s, index.id) if e.id == record.id)
        flags = review(s, index).by_entry().get(record.id, [])
        pages = [(p.bates, p.document.name, p.page_no) for p in pages_of(s, record)]
    print(f"Entry {entry.entry_no} of {index.title}")
    for fld, label in (("bates", "Bates"), ("doc_date", "Date"), ("doc_type", "Type"),
                       ("author", "Author"), ("recipients", "Recipients"), ("pages", "Pages"),
                       ("description", "Description"), ("disposition", "Disposition"),
                       ("segregability", "Segregability")):
        value = export.cell(entry, fld)
        if value:
            print(f"  {label + ':':14} " + value.replace("\n", "\n" + " " * 17))
    for h in entry.held:
        print(f"  {h.label or '(no exemption)'}" + (f" — {h.statute}" if h.statute else ""))
        if h.justification:
            print("      " + h.justification.replace("\n", "\n      "))
        if h.foreseeable_harm:
            print("      Harm: " + h.foreseeable_harm.replace("\n", "\n      "))
    print(f"  Challenge:     {STATE_NAMES[entry.challenge_state]}")
    if entry.challenge_argument:
        print(f"  Argument:      {entry.challenge_argument}")
    for cite in (entry.challenge_citations or "").splitlines():
        print(f"  Authority:     {cite}")
    if entry.source_ref:
        print(f"  Imported from: {entry.source_ref}")
    if pages:
        print(f"  Produced pages ({len(pages)}):")
        for bates, name, page_no in pages:
            print(f"      {bates}  {name}, page {page_no}")
    if flags:
        print("  Review flags:")
        for f in flags:
            print(f"      {f.title}: {f.reason}")
    return 0


def cmd_edit(args) -> int:
    from casefile.errors import InputError
    from casefile.store import CaseFile
    from casefile.store.models import Disposition
    from casefile.vaughn.challenges import find_entry
    from casefile.vaughn.entries import Claim, set_claims, update_record

    changes = {k: v for k, v in {
        "entry_no": args.number, "bates_begin": args.bates, "bates_end": args.bates_end,
        "doc_date": args.date, "doc_type": args.doc_type, "author": args.author,
        "recipients": args.recipients, "pages": args.pages, "description": args.description,
        "disposition": Disposition(args.disposition) if args.disposition else None,
        "segregability": args.segregability}.items() if v is not None}
    if (args.justification or args.harm or args.statute) and not args.exemption:
        raise InputError("--justification, --harm and --statute go with --exemption, which "
                         "replaces the entry's claims.")
    if not changes and not args.exemption:
        raise InputError("Nothing to change: give the fields to change (see --help).")
    def change(s) -> str:
        index = _index(s, args.index)
        record = find_entry(s, index, args.entry)
        if changes:
            update_record(s, record, **changes)
        if args.exemption:
            set_claims(s, record, [
                Claim(e, _nth(args.justification, i, "--justification", len(args.exemption)),
                      _nth(args.harm, i, "--harm", len(args.exemption)),
                      args.statute if _is_b3(e) else None)
                for i, e in enumerate(args.exemption)])
        return record.entry_no

    with CaseFile.open(args.case) as case:
        entry_no = case.write(change)  # run again if a server gives it up in a deadlock
    print(f"Entry {entry_no} changed.")
    return 0


def _nth(values: list[str], i: int, option: str, claims: int) -> str | None:
    """One value for every claim, or one per claim in order."""
    from casefile.errors import InputError

    if not values:
        return None
    if len(values) == 1:
        return values[0]
    if len(values) != claims:
        raise InputError(f"Give {option} once for all the exemptions, or once for each "
                         f"({claims}), not {len(values)} times.")
    return values[i]


def _is_b3(text: str) -> bool:
    from casefile.exemptions import normalise

    return normalise(text) == "b3"


def cmd_challenge(args) -> int:
    from casefile.errors import InputError
    from casefile.store import CaseFile
    from casefile.store.models import ChallengeState
    from casefile.vaughn.challenges import find_entry, set_challenge

    if not (args.state or args.argument is not None or args.cite or args.clear_cites):
        raise InputError("Give --state, --argument or --cite.")
    def challenge(s) -> int:
        index = _index(s, args.index)
        records = [find_entry(s, index, no) for no in args.entries]
        for record in records:
            set_challenge(record, ChallengeState(args.state) if args.state else None,
                          argument=args.argument,
                          citations=[] if args.clear_cites else None, add_citations=args.cite)
        return len(records)

    # Several entries in the order typed: two users naming them in opposite orders
    # can deadlock on a server; write() runs the loser again rather than show it.
    with CaseFile.open(args.case) as case:
        count = case.write(challenge)
    print(f"{count} entr{'ies' if count != 1 else 'y'} updated.")
    return 0


def cmd_challenges(args) -> int:
    from casefile.store import CaseFile
    from casefile.vaughn.challenges import STATE_NAMES, states, summary_sentences

    with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
        index = _index(s, args.index)
        sentences = summary_sentences(s, index)
        counts = states(s, index)
    for state, n in counts.most_common():
        print(f"  {STATE_NAMES[state]:14} {n:>7,}")
    print()
    if not sentences:
        print("No entry is challenged yet: mark them with 'casefile vaughn challenge'.")
    for sentence in sentences:
        print(sentence)
    return 0


COMMANDS = [
    Command("vaughn", "Vaughn indexes: import the agency's, review, challenge, export.", _setup,
            parser_options={"description": "Work on the Vaughn indexes of a case. Entries are "
                                           "named by their entry number; --index names the "
                                           "index (its number or title) when the case has "
                                           "several."}),
]
