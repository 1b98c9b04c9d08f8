"""`casefile scan` and `casefile redact`: personal data and text under redaction boxes."""

from __future__ import annotations

from pathlib import Path

from casefile.cli.base import EXIT_OK, EXIT_PROBLEMS, Command, date_arg


def _args_scan(p) -> None:
    p.add_argument("case", type=Path)
    p.add_argument("documents", nargs="*", metavar="DOCUMENT",
                   help="documents (their numbers, as 'list documents' shows, or names); "
                        "default: every document")
    p.add_argument("--today", type=date_arg, metavar="DATE",
                   help="the filing date that says who is a minor (default: today)")


def _args_redact(p) -> None:
    p.add_argument("file", type=Path)
    p.add_argument("--out", type=Path, required=True, metavar="OUT.pdf")
    p.add_argument("--box", action="append", default=[], metavar="PAGE:X0,Y0,X1,Y1",
                   help="a box to redact, in points from the page's lower left (repeat for "
                        "several); default: every box with text still under it")
    p.add_argument("--reason", default="", help='why: "FRCP 5.2(a)(1)", "(b)(6)"…')


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
    from casefile.display import shown
    from casefile.errors import InputError
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


COMMANDS = [
    Command("scan", "Find personal data (FRCP 5.2(a)) and text left under redaction boxes "
            "in a case's documents: ours before filing, the agency's as evidence.", _args_scan,
            cmd_scan),
    Command("redact", "Redact a PDF for real: what is under each box leaves the file "
            "(the page becomes a picture), with a redaction log beside it.", _args_redact,
            cmd_redact),
]
