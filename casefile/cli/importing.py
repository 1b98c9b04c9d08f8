"""`casefile import`: files, folders and archives into a case."""

from __future__ import annotations

from pathlib import Path

from casefile.cli.base import EXIT_OK, EXIT_PROBLEMS, Command


def _args_import(p) -> None:
    p.add_argument("case", type=Path)
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument("--password", help="the password of encrypted PDFs in this import")
    p.add_argument("--production", metavar="PRODUCTION",
                   help="list the files under this production (its number or title): an "
                   "agency's release imported as it came")
    p.add_argument("--no-ocr", action="store_true",
                   help="do not OCR pages without text (faster; they stay unsearchable)")


def cmd_import(args) -> int:
    from casefile.errors import CasefileError
    from casefile.ingest import import_files
    from casefile.store import CaseFile

    with CaseFile.open(args.case) as case:
        production_id = None
        if args.production:
            from casefile.productions import find_production

            with case.reading() as s:  # named wrong: refused before anything is read
                production_id = find_production(s, args.production).id
        report = import_files(case, args.files, password=args.password, ocr=not args.no_ocr,
                              on_result=lambda result: print(result.line(), flush=True),
                              production_id=production_id)
    print(report.summary())
    if report.stopped:
        raise CasefileError(report.stopped)
    return EXIT_PROBLEMS if report.count("failed") else EXIT_OK


COMMANDS = [
    Command("import", "Store files in the case, read their text and index them: PDF, "
            "Word, email (.eml, .msg), images, text, folders and ZIP archives.", _args_import,
            cmd_import),
]
