"""`casefile members`: who may open a case on a PostgreSQL server, and who may
only read it (roles and grants on the server: ``casefile.store.members``)."""

from __future__ import annotations

import sys

from casefile.cli.base import EXIT_OK, Command, Parser


def _args_members(p) -> None:
    cmds = p.add_subparsers(title="commands", metavar="COMMAND", required=True,
                            parser_class=Parser)
    listing = cmds.add_parser("list", help="Who may open the case, and who may only read it.",
                              description="Who may open the case, and who may only read it.")
    listing.add_argument("url", metavar="URL", help="postgresql://USER@HOST/DATABASE of the case")
    listing.set_defaults(run=cmd_list)

    add = cmds.add_parser(
        "add", help="Let a user of the server open the case (to edit, or --read-only).",
        description="Let a user of the server open the case. A member added with --read-only "
        "is refused every change by the server itself, whatever program they use. Adding "
        "someone who is a member already changes what they may do.")
    add.add_argument("url", metavar="URL", help="postgresql://OWNER@HOST/DATABASE of the case")
    add.add_argument("user", metavar="USER", help="their user name on the server")
    add.add_argument("--read-only", action="store_true", help="they may read, not change")
    add.add_argument("--new", action="store_true",
                     help="create USER on the server, asking for their first password "
                     "(or reading it from standard input when that is not a terminal)")
    add.set_defaults(run=cmd_add)

    remove = cmds.add_parser("remove", help="Stop a user from opening the case.",
                             description="Stop a user from opening the case. Their user on "
                             "the server stays (it may belong to other cases).")
    remove.add_argument("url", metavar="URL", help="postgresql://OWNER@HOST/DATABASE of the case")
    remove.add_argument("user", metavar="USER")
    remove.set_defaults(run=cmd_remove)


def _server_case(text: str):
    """The URL of a case on a server, opened as the owner's engine; a path is refused."""
    from casefile.errors import InputError
    from casefile.store import CaseFile, postgres

    if not postgres.is_url(text):
        raise InputError(f"{text} is a case file: members are kept by a server; give the "
                         "case's postgresql:// address.")
    return CaseFile.open(text, read_only=True)


def _new_password(user: str) -> str:
    import getpass

    from casefile.errors import InputError

    if sys.stdin.isatty():
        first = getpass.getpass(f"Password for {user}: ")
        if getpass.getpass("Again: ") != first:
            raise InputError("The two passwords differ: nothing was changed.")
    else:
        first = sys.stdin.readline().rstrip("\r\n")
    if not first:
        raise InputError(f"{user} needs a password: nothing was changed.")
    return first


def cmd_list(args) -> int:
    from casefile.store import members, postgres

    with _server_case(args.url) as case, case.engine.connect() as conn:
        found = members.list_members(conn, postgres.case_name(case.url))
    words = {"owner": "owner (reads and writes)", members.EDIT: "reads and writes",
             members.READ: "reads only"}
    width = max(len(m.name) for m in found)
    for member in found:
        print(f"{member.name.ljust(width)}  {words[member.access]}")
    return EXIT_OK


def cmd_add(args) -> int:
    from casefile.store import members, postgres

    password = _new_password(args.user) if args.new else None
    with _server_case(args.url) as case:
        member = members.set_member(case.url, args.user, read_only=args.read_only,
                                    password=password)
    what = "read it only" if member.access == members.READ else "read and change it"
    print(f"{member.name} may now open {postgres.case_name(case.url)} and {what}.")
    return EXIT_OK


def cmd_remove(args) -> int:
    from casefile.store import members, postgres

    with _server_case(args.url) as case:
        was = members.remove_member(case.url, args.user)
    name = postgres.case_name(case.url)
    print(f"{args.user} may no longer open {name}." if was
          else f"{args.user} was not a member of {name}; nothing was changed.")
    return EXIT_OK


COMMANDS = [
    Command("members", "Who may open a case on a server, and who may only read it.",
            _args_members),
]
