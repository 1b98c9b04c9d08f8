"""`casefile history`: who changed what in a case, and when (the audit log)."""

from __future__ import annotations

from pathlib import Path

from casefile.cli.base import EXIT_OK, Command, positive


def _args_history(p) -> None:
    p.add_argument("case", type=Path)
    p.add_argument("--limit", type=positive, default=50,
                   help="how many changes to show, newest first (default 50)")


def cmd_history(args) -> int:
    from casefile.audit import history
    from casefile.display import shown
    from casefile.store import CaseFile
    from casefile.versions import when

    with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
        changes = history(s, args.limit)
        name = case.path.name
    if not changes:
        print(f"{name} records no changes yet (changes are recorded from this version of "
              "Casefile on).")
        return EXIT_OK
    for change in changes:
        print(f"{when(change.at)}  {shown(change.sentence())}")
    return EXIT_OK


COMMANDS = [
    Command("history", "Show who changed what in a case, and when, newest first.",
            _args_history, cmd_history),
]
