"""`casefile push`, `pull`: moving a case between a case file and a PostgreSQL server;
`login`, `logout`: its password, kept in the operating system's keyring."""

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


def _args_login(p) -> None:
    p.add_argument("url", metavar="URL", help="postgresql://USER@HOST/DATABASE of the case")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from standard input (one line), for scripts, "
                   "instead of asking for it")


def _args_logout(p) -> None:
    p.add_argument("url", metavar="URL", help="postgresql://USER@HOST/DATABASE of the case")


def _read_password(args, url) -> str:
    import getpass
    import sys

    from casefile.store import credentials

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return getpass.getpass(f"Password for {credentials.account(url)}: ")


def cmd_login(args) -> int:
    from casefile.store import credentials, postgres

    url = postgres.as_url(args.url)
    credentials.keyring_name()  # no keyring: one sentence before the password is asked
    # A password in the URL itself is taken as given (and not asked for again).
    password = url.password if url.password is not None else _read_password(args, url)
    kept_in = credentials.login(postgres.without_password(url), password)
    print(f"The password for {credentials.account(url)} is kept in {kept_in}: "
          f"casefile opens {postgres.shown(url)} without asking for it.")
    return EXIT_OK


def cmd_logout(args) -> int:
    from casefile.store import credentials, postgres

    url = postgres.as_url(args.url)
    if credentials.forget(url):
        print(f"The password for {credentials.account(url)} is no longer kept on this "
              "computer.")
    else:
        print(f"No password was kept for {credentials.account(url)}; nothing changed.")
    return EXIT_OK


COMMANDS = [
    Command("push", "Put a case file onto a PostgreSQL server, for the team to share.",
            _args_push, cmd_push),
    Command("pull", "Make a case file of a case on a PostgreSQL server, to take offline.",
            _args_pull, cmd_pull),
    Command("login", "Keep the password for a case on a PostgreSQL server in this computer's "
            "keyring, after checking it with the server.", _args_login, cmd_login),
    Command("logout", "Remove the password kept for a case on a PostgreSQL server.",
            _args_logout, cmd_logout),
]
