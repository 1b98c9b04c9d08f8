"""`casefile merge`, `sync`: two copies of one case brought together (casefile.sync)."""

from __future__ import annotations

from pathlib import Path

from casefile.cli.base import EXIT_OK, EXIT_PROBLEMS, Command

_KEEP_HELP = ("where both sides changed the same thing: keep mine, or take theirs, for "
              "every conflict (without it, conflicts are listed and nothing of yours is "
              "overwritten)")


def _choices(p, theirs: str = "theirs") -> None:
    from casefile.cli.base import positive

    p.add_argument("--keep", choices=("mine", "theirs"), help=_KEEP_HELP.replace(
        "take theirs", f"take {theirs}"))
    p.add_argument("--theirs", type=positive, nargs="+", default=[], metavar="N",
                   dest="take_theirs",
                   help=f"take {theirs} in the conflicts numbered N, as the last run listed "
                   "them")
    p.add_argument("--mine", type=positive, nargs="+", default=[], metavar="N",
                   dest="keep_mine",
                   help="keep yours in the conflicts numbered N")


def _chosen(args) -> dict[int, str]:
    from casefile.errors import InputError

    both = set(args.take_theirs) & set(args.keep_mine)
    if both:
        raise InputError(f"Conflict {min(both)} cannot be settled both ways.")
    return {n: "theirs" for n in args.take_theirs} | {n: "mine" for n in args.keep_mine}


def _args_merge(p) -> None:
    # Plain strings: either may be a server's URL, which a Path would spoil ("//").
    p.add_argument("mine", metavar="MINE", help="your copy of the case (a file, or a "
                   "postgresql:// URL): changed")
    p.add_argument("theirs", metavar="THEIRS",
                   help="another copy of the same case: only read")
    _choices(p)


def _print_conflicts(conflicts) -> None:
    from casefile.display import shown

    for conflict in conflicts:
        mark = {"theirs": " [settled: theirs]", "mine": " [settled: yours]"}.get(
            conflict.settled, "")
        print(f"{conflict.number}. {shown(conflict.sentence())}{mark}")


def cmd_merge(args) -> int:
    from casefile.store import postgres
    from casefile.sync import merge

    merged = merge(args.mine, args.theirs, keep=args.keep, choices=_chosen(args))
    _print_conflicts(merged.conflicts)
    theirs = postgres.case_name(postgres.as_url(args.theirs)) \
        if postgres.is_url(args.theirs) else Path(args.theirs).name
    print(merged.summary(theirs))
    return EXIT_PROBLEMS if any(c.settled is None for c in merged.conflicts) else EXIT_OK


def _args_sync(p) -> None:
    p.add_argument("case", type=Path, metavar="CASE", help="a case file made by casefile pull")
    p.add_argument("--url", metavar="URL",
                   help="the server's postgresql://USER:PASSWORD@HOST/DATABASE, when the one "
                   "the copy remembers needs a password (or keep it with casefile login "
                   "URL, or use PGPASSWORD, ~/.pgpass)")
    _choices(p, "the server's")


def cmd_sync(args) -> int:
    from casefile.store.transfer import when_pulled
    from casefile.sync import sync

    synced = sync(args.case, args.url, keep=args.keep, choices=_chosen(args))
    _print_conflicts(synced.taken.conflicts)
    print(synced.summary("the server") + " The copy's base is now "
          f"{when_pulled(synced.pulled_at)}.")
    return EXIT_PROBLEMS if any(c.settled is None for c in synced.taken.conflicts) else EXIT_OK


COMMANDS = [
    Command("merge", "Bring another copy's changes to a case into yours, field by field.",
            _args_merge, cmd_merge),
    Command("sync", "Bring a pulled copy and its server together: send your changes, take "
            "theirs.", _args_sync, cmd_sync),
]
