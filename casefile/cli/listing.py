"""`casefile list` and `casefile search`: what a case holds, and where a word is."""

from __future__ import annotations

import sys
from pathlib import Path

from casefile.cli.base import EXIT_OK, EXIT_USAGE, Command, date_arg, positive


def _args_list(p) -> None:
    from casefile.listings import LISTINGS

    p.add_argument("kind", metavar="KIND", help="what to list: " + ", ".join(sorted(LISTINGS))
                   + " (records are the Vaughn entries)")
    p.add_argument("case", metavar="CASE",
                   help="the case file (every other command names it first; so may this)")


def cmd_list(args) -> int:
    from casefile.display import shown
    from casefile.listings import LISTINGS
    from casefile.store import CaseFile

    try:
        kind, case_path = _kind_and_case(args.kind, args.case, LISTINGS)
    except ValueError as exc:  # a usage mistake, answered as argparse answers one
        import sys

        print(f"casefile: {exc} (see 'casefile list --help')", file=sys.stderr)
        return EXIT_USAGE
    args.kind, args.case = kind, Path(case_path)
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


def _kind_and_case(first: str, second: str, kinds) -> tuple[str, str]:
    """KIND CASE, or CASE KIND as every other command has it; "entries" and
    "vaughn" mean the Vaughn entries, the records."""
    aliases = {"entries": "records", "vaughn": "records", "letters": "correspondence",
               "index": "indexes"}
    for kind, case in ((first, second), (second, first)):
        kind = aliases.get(kind.lower(), kind.lower())
        if kind in kinds:
            return kind, case
    import difflib

    close = difflib.get_close_matches(first.lower(), list(kinds), n=1)
    raise ValueError(f"'{first}' is not something a case lists"
                     + (f"; did you mean '{close[0]}'?" if close else "")
                     + ("; the kinds are " + ", ".join(sorted(kinds)) if not close else ""))


def _args_search(p) -> None:
    p.add_argument("case", type=Path)
    p.add_argument("query", nargs="+", help='words, "a phrase", prefix*, AND / OR / NOT, '
                   "or a Bates number")
    p.add_argument("--kind", action="append", choices=["page", "correspondence", "record",
                                                        "note"],
                   help="only this kind of hit (repeat for several)")
    p.add_argument("--request", help="only what concerns this request (tracking no. or #)")
    p.add_argument("--from", dest="date_from", type=date_arg, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=date_arg, metavar="DATE")
    p.add_argument("--limit", type=positive, default=20, help="hits per page of results")
    p.add_argument("--page", type=positive, default=1, help="which page of results")


def cmd_search(args) -> int:
    from casefile.display import shown
    from casefile.search import KINDS, search
    from casefile.store import CaseFile

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
    return EXIT_OK


def _marked(snippet: str, bold: bool) -> str:
    from casefile.search import MARK_CLOSE, MARK_OPEN

    start, end = ("\033[1m", "\033[0m") if bold else ("*", "*")
    return snippet.replace(MARK_OPEN, start).replace(MARK_CLOSE, end)


COMMANDS = [
    Command("list", "List the requests, documents, Vaughn entries (records)… of a case.",
            _args_list, cmd_list),
    Command("search", "Search every page, letter, Vaughn entry and note of a case.",
            _args_search, cmd_search),
]
