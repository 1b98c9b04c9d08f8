"""`casefile push`, `pull`: moving a case between a case file and a PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

from casefile.cli.base import EXIT_OK, Command


def _args_push(p) -> None:
    p.add_argument("case", type=Path, metavar="CASE", help="the case file to put on the server")
    p.add_argument("url", metavar="URL",
                   help="postgresql://USER@HOST/DATABASE: a database the server does not "
                   "have yet, or an empty one")


def _args_pull(p) -> None:
    p.add_argument("url", metavar="URL", help="postgresql://USER@HOST/DATABASE of the case")
    p.add_argument("case", type=Path, metavar="CASE",
                   help="the new case file to make (it must not exist)")


def cmd_push(args) -> int:
    from casefile.display import plural
    from casefile.store import postgres
    from casefile.store.transfer import push

    moved = push(args.case, args.url)
    print(f"Pushed {args.case.name} to {postgres.shown(args.url)}: "
          f"{plural(moved.documents, 'document')}, {plural(moved.pages, 'page')} indexed, "
          f"{plural(moved.rows, 'row')} in all. The file is unchanged.")
    return EXIT_OK


def cmd_pull(args) -> int:
    from casefile.display import plural
    from casefile.store import postgres
    from casefile.store.transfer import pull, when_pulled

    moved = pull(args.url, args.case)
    print(f"Pulled {postgres.shown(args.url)} into {moved.path}: "
          f"{plural(moved.documents, 'document')}, {plural(moved.pages, 'page')} indexed. "
          f"The copy remembers the server and its state as of {when_pulled(moved.pulled_at)}.")
    return EXIT_OK


COMMANDS = [
    Command("push", "Put a case file onto a PostgreSQL server, for the team to share.",
            _args_push, cmd_push),
    Command("pull", "Make a case file of a case on a PostgreSQL server, to take offline.",
            _args_pull, cmd_pull),
]
