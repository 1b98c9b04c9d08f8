"""`casefile scan` and `casefile redact`: personal data and text under redaction boxes.

``redact FILE --out OUT.pdf`` redacts a loose file; ``redact CASE DOCUMENT``
stores the redacted copy as the document's next version, with its log;
``redact CASE DOCUMENT --undo`` deletes the newest version. The work is in
``casefile.privacy.redact`` and ``casefile.privacy.versions``.
"""

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
    _args_scan_stored(p)


def cmd_scan(args) -> int:
    if args.production or args.stored:
        return scan_stored(args)
    from casefile import limits
    from casefile.display import plural
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
            print(f"{report.name}: {plural(report.pages, 'page')}; nothing found.")
            continue
        print(f"{report.name}: {plural(report.pages, 'page')}:")
        for line in lines:
            print(f"  {line}")
    if not reports:
        print("The case has no documents.")
    unchecked = sum(bool(r.not_checked) for r in reports)
    print(f"{found} finding{'' if found == 1 else 's'} in {len(reports)} document"
          f"{'' if len(reports) == 1 else 's'}" +
          (f"; {unchecked} not wholly checked." if unchecked else "."))
    return EXIT_PROBLEMS if found or unchecked else EXIT_OK


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _in_child(function, *args):
    from casefile import limits
    from casefile.jobs import call_in_child

    return call_in_child(function, *args, limits=limits.BUILDING)


def cmd_redact(args) -> int:
    if args.document is None:
        return _redact_file(args)
    return _redact_in_case(args)


def _redact_file(args) -> int:
    from casefile.display import shown
    from casefile.errors import InputError
    from casefile.outputs import write_atomically
    from casefile.privacy.redact import redact_file

    if args.undo:
        raise InputError("--undo works on a case's document: casefile redact CASE DOCUMENT "
                         "--undo.")
    if args.out is None:
        raise InputError("Name the redacted copy (--out OUT.pdf), or name a case and its "
                         "document to store the redacted copy as a new version.")
    if args.out.suffix.lower() != ".pdf":
        raise InputError(f"Write the redacted copy as a .pdf file, not '{args.out.name}'.")
    if args.out.resolve() == args.target.resolve():
        raise InputError("Write the redacted copy to a new file: the original stays as it is.")
    done = _in_child(redact_file, args.target, args.box, args.reason, _user(), args.findings,
                     _label(args))
    log = args.out.with_name(args.out.stem + " - redaction log.txt")
    write_atomically(args.out, lambda tmp: tmp.write_bytes(done.data))
    write_atomically(log, lambda tmp: tmp.write_text(
        "when\tpage\tbox\twhy\twhat\twho\n" + "\n".join(done.log) + "\n", encoding="utf-8"))
    print(f"Wrote {shown(str(args.out))} and its log {shown(str(log))}:")
    for line in done.log:
        print("  " + " ".join(line.split("\t")[1:]).strip())
    for line in done.not_located:
        print(f"  Not redacted: {line}")
    for line in done.still_present:
        print(f"  Check: {line}")
    return EXIT_PROBLEMS if done.still_present or done.not_located else EXIT_OK


def _redact_in_case(args) -> int:
    from casefile.display import shown
    from casefile.errors import InputError
    from casefile.lookup import by_key
    from casefile.privacy.redact import parse_box
    from casefile.privacy.versions import log_lines, redact_document, undo_redaction
    from casefile.store import CaseFile
    from casefile.store.models import Document, DocumentVersion

    if args.out is not None:
        raise InputError("A case's document is redacted into the case, as a new version: "
                         "leave out --out (export the version to have a file).")
    areas = [parse_box(b) for b in args.box]
    with CaseFile.open(Path(args.target)) as case, case.transaction() as s:
        document = by_key(s, Document, args.document, Document.name, what="document")
        name = shown(document.name)
        if args.undo:
            if areas or args.findings:
                raise InputError("--undo takes no boxes and no --findings: it deletes the "
                                 "newest redacted version.")
            gone = undo_redaction(s, document.id)
            print(f"Version {gone.number} of {name} deleted with its redaction log; "
                  f"{'version ' + str(gone.number - 1) if gone.number > 2 else 'the import'}"
                  " is current again.")
            return EXIT_OK
        done = redact_document(s, document.id, areas, reason=args.reason, by=_user(),
                               findings=args.findings, filed=args.today, run=_in_child,
                               label=_label(args))
        version = s.get(DocumentVersion, done.version_id)
        print(f"{name}: version {done.version} stored (the import is kept as it was); "
              f"its redaction log:")
        for line in log_lines(version):
            print("  " + " ".join(line.split("\t")[1:]).strip())
        for line in done.not_located:
            print(f"  Not redacted: {line}")
        for line in done.still_present:
            print(f"  Check: {line}")
    return EXIT_PROBLEMS if done.still_present or done.not_located else EXIT_OK


def _label(args) -> str:
    """--label TEXT; --label alone: the --reason; neither: no label."""
    from casefile.errors import InputError

    if args.label is None:
        return ""
    label = " ".join((args.label or args.reason or "").split())
    if not label:
        raise InputError("Name the label (--label \"(b)(6)\"), or give --reason to label the "
                         "boxes with it.")
    if len(label) > 40:
        raise InputError(f"A label is printed on the box: keep it short (40 characters at "
                         f"most), not '{label[:50]}…'.")
    return label


def _args_redact(p) -> None:
    """The ``redact`` command's arguments (``p`` is its parser)."""
    p.add_argument("target", type=Path, metavar="FILE|CASE",
                   help="a PDF to redact into --out, or a case whose DOCUMENT to redact")
    p.add_argument("document", nargs="?", metavar="DOCUMENT",
                   help="the case's document (its number, as 'list documents' shows, or its "
                        "name): the redacted copy becomes its new version")
    p.add_argument("--out", type=Path, metavar="OUT.pdf",
                   help="where to write the redacted copy of FILE")
    p.add_argument("--box", action="append", default=[], metavar="PAGE:X0,Y0,X1,Y1",
                   help="a box to redact, in points from the page's lower left (repeat for "
                        "several); default for a FILE: every box with text still under it")
    p.add_argument("--findings", action="store_true",
                   help="redact every finding of 'casefile scan' (personal data and text "
                        "under redaction boxes)")
    p.add_argument("--reason", default="", help='why: "FRCP 5.2(a)(1)", "(b)(6)"…')
    p.add_argument("--label", nargs="?", const="", metavar="TEXT",
                   help="print TEXT in white on each box (small type, left off a box too "
                        "small for it); --label alone prints the --reason")
    p.add_argument("--today", type=date_arg, metavar="DATE",
                   help="the filing date that says who is a minor (default: today)")
    p.add_argument("--undo", action="store_true",
                   help="delete the document's newest redacted version and its log")


def _args_scan_stored(p) -> None:
    """The ``scan`` command's options that read what the import stored."""
    p.add_argument("--production", metavar="PRODUCTION",
                   help="what the import's check found in a production's documents (its "
                        "number, as 'list productions' shows, or its title), with the Vaughn "
                        "entries that claim each page")
    p.add_argument("--stored", action="store_true",
                   help="what the import's check stored, without reading the files again")


def scan_stored(args) -> int:
    """``scan CASE --production P`` / ``--stored``: the findings the import stored."""
    from sqlalchemy import select

    from casefile.display import shown
    from casefile.lookup import by_key
    from casefile.privacy import stored
    from casefile.store import CaseFile
    from casefile.store.models import Document, Production, ProductionDocument

    with CaseFile.open(Path(args.case), read_only=True) as case, case.reading() as s:
        if args.production:
            production = by_key(s, Production, args.production, Production.title,
                                what="production")
            ids = list(s.scalars(select(ProductionDocument.document_id)
                                 .where(ProductionDocument.production_id == production.id)
                                 .order_by(ProductionDocument.position)))
            heading = f"Production {production.id}: {shown(production.title)}"
        else:
            ids = [by_key(s, Document, key, Document.name, what="document").id
                   for key in args.documents] or list(s.scalars(
                       select(Document.id).order_by(Document.id)))
            heading = "The case"
        summary = stored.summarize(s, ids)
        found = stored.findings(s, ids)
        names = dict(s.execute(select(Document.id, Document.name)
                               .where(Document.id.in_(ids))).all()) if ids else {}
    print(f"{heading}: {summary.sentence()}.")
    by_document: dict[int, list] = {}
    for f in found:
        by_document.setdefault(f.document_id, []).append(f)
    for document_id in ids:
        mine = by_document.get(document_id)
        if not mine:
            continue
        print(f"{document_id}: {shown(names.get(document_id, ''))}:")
        for f in mine:
            print(f"  {f.line()}")
            for claim in f.vaughn or []:
                print(f"    claimed by {claim.line()}")
    blocking = summary.hidden + summary.personal
    unchecked = summary.not_checked_files + summary.not_checked_pages + \
        (summary.documents - summary.checked)
    return EXIT_PROBLEMS if blocking or unchecked else EXIT_OK


COMMANDS = [
    Command("scan", "Find personal data (FRCP 5.2(a)) and text left under redaction boxes "
            "in a case's documents: ours before filing, the agency's as evidence.", _args_scan,
            cmd_scan),
    Command("redact", "Redact a PDF for real: what is under each box leaves the file "
            "(the page becomes a picture); a loose file is written to --out with a log "
            "beside it, a case's document gets a new version with its log.", _args_redact,
            cmd_redact),
]
