"""`casefile check`, `reindex`, `backup`, `restore`: keeping a case file sound."""

from __future__ import annotations

import os
from pathlib import Path

from casefile.cli.base import EXIT_OK, EXIT_PROBLEMS, Command


def _args_case(p) -> None:
    p.add_argument("case", type=Path)


def _args_backup(p) -> None:
    p.add_argument("case", type=Path)
    p.add_argument("--to", help="file or folder for the backup (a folder is made if the name "
                   "ends in /); default: the case's backup folder in your user data")
    p.add_argument("--list", action="store_true", help="list the case's backups instead")
    p.add_argument("--force", action="store_true",
                   help="replace an existing file named by --to (once no one has it open)")


def _args_restore(p) -> None:
    p.add_argument("case", type=Path)
    p.add_argument("backup", type=Path)
    p.add_argument("--other-case", action="store_true",
                   help="restore even though the backup is of a different case")


def cmd_check(args) -> int:
    from casefile.errors import CaseFileDamaged, CaseLocked, DiskFull, NotWritable
    from casefile.store import CaseFile
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
    from casefile.store import CaseFile, fts

    with CaseFile.open(args.case) as case, case.transaction() as s:
        pages = fts.rebuild(s.connection())
    print(f"Rebuilt the search index of {args.case.name}: {pages:,} pages, and every letter, "
          "Vaughn entry and note.")
    return EXIT_OK


def cmd_backup(args) -> int:
    from casefile.display import human_size
    from casefile.errors import from_os_error
    from casefile.store import CaseFile
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


COMMANDS = [
    Command("check", "Check a case file for damage (SQLite and the app's own rules).",
            _args_case, cmd_check),
    Command("reindex", "Rebuild the search index of a case from its own text.", _args_case,
            cmd_reindex),
    Command("backup", "Write a verified backup of a case.", _args_backup, cmd_backup),
    Command("restore", "Replace a case with one of its backups (the current file is "
            "kept aside first).", _args_restore, cmd_restore),
]
