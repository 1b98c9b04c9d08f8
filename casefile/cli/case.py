"""`casefile new`, `info`, `unlock`: making a case, seeing what it holds, freeing it."""

from __future__ import annotations

from pathlib import Path

from casefile.cli.base import EXIT_OK, Command


def _args_new(p) -> None:
    p.add_argument("case", type=Path, help="the file to create (.casefile is added)")


def cmd_new(args) -> int:
    from casefile.store import CaseFile

    with CaseFile.create(args.case) as case:
        print(f"Created {case.path}")
    return EXIT_OK


def _args_case(p) -> None:
    p.add_argument("case", type=Path)


def cmd_info(args) -> int:
    from casefile.overview import overview
    from casefile.store import CaseFile

    with CaseFile.open(args.case, read_only=True) as case:
        print("\n".join(overview(case).lines()))
    return EXIT_OK


def cmd_unlock(args) -> int:
    from casefile.store.lock import break_lock, describe

    holder = break_lock(args.case)
    if holder is None:
        print(f"{args.case.name} was not locked.")
    else:
        print(f"Released the lock of {describe(holder)}.")
    return EXIT_OK


COMMANDS = [
    Command("new", "Create a new, empty case file.", _args_new, cmd_new),
    Command("info", "Show what a case holds.", _args_case, cmd_info),
    Command("unlock", "Release a case left locked by another computer.", _args_case,
            cmd_unlock),
]
