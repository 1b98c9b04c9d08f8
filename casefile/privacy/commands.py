"""The privacy commands of `casefile` (``redact``): parsing and printing only;
the work is in ``casefile.privacy.redact`` and ``casefile.privacy.versions``.

``redact FILE --out OUT.pdf`` redacts a loose file; ``redact CASE DOCUMENT``
stores the redacted copy as the document's next version, with its log;
``redact CASE DOCUMENT --undo`` deletes the newest version.
"""

from __future__ import annotations

import getpass
from pathlib import Path

from casefile.display import shown
from casefile.errors import InputError

EXIT_OK, EXIT_PROBLEMS = 0, 3


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _in_child(function, *args):
    from casefile import limits
    from casefile.jobs import call_in_child

    return call_in_child(function, *args, limits=limits.BUILDING)


def redact(args) -> int:
    if args.document is None:
        return _redact_file(args)
    return _redact_in_case(args)


def _redact_file(args) -> int:
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
    done = _in_child(redact_file, args.target, args.box, args.reason, _user(), args.findings)
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
                               findings=args.findings, filed=args.today, run=_in_child)
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


def configure_redact(p, date_type) -> None:
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
    p.add_argument("--today", type=date_type, metavar="DATE",
                   help="the filing date that says who is a minor (default: today)")
    p.add_argument("--undo", action="store_true",
                   help="delete the document's newest redacted version and its log")
