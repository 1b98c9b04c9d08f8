"""`casefile letter`, `casefile mark` and `casefile set`: change what is already in a case."""

from __future__ import annotations

from pathlib import Path

from casefile.cli.base import EXIT_OK, Command, date_arg


def _args_letter(p) -> None:
    p.add_argument("case", type=Path)
    p.add_argument("letter", type=int, help="the letter's number")
    p.add_argument("--kind", help="acknowledgment, tracking_number, clarification, fee_letter, "
                   "extension, interim_determination, determination, appeal_acknowledgment, "
                   "appeal_decision, production, litigation, request, appeal, other")
    p.add_argument("--outcome", help="of a determination: grant, partial_grant, denial, "
                   "no_records, glomar; of an appeal decision: affirmed, remanded, reversed")
    p.add_argument("--received", type=date_arg, metavar="DATE",
                   help="the day the other side received it (our answer to a tolling letter: "
                        "the agency's receipt ends the pause)")
    p.add_argument("--reread", action="store_true",
                   help="forget the kind set by hand and read it from the text again")


def _args_mark(p) -> None:
    p.add_argument("case", type=Path)
    p.add_argument("document", help="the document (its number, as 'list documents' shows, "
                   "or its name)")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--privileged", action="store_true")
    group.add_argument("--work-product", action="store_true")
    group.add_argument("--clear", action="store_true")


def cmd_letter(args) -> int:
    from casefile import letters
    from casefile.dates import long_date
    from casefile.lookup import by_key
    from casefile.requests import update_correspondence
    from casefile.store import CaseFile
    from casefile.store.models import Correspondence

    changing = args.kind or args.outcome or args.received or args.reread
    with CaseFile.open(args.case, read_only=not changing) as case, \
            (case.transaction() if changing else case.reading()) as s:
        letter = by_key(s, Correspondence, str(args.letter), what="letter")
        if args.reread:
            letter.kind_by_user = False
            letters.apply(letter)
        if args.kind or args.outcome:
            letters.set_kind(letter, args.kind or letter.letter_kind or letter.kind.value,
                             args.outcome)
        if args.received:
            # The window's and 'casefile set''s update: one place holds the rules
            # on a receipt date (not before the letter's, not in the future).
            update_correspondence(s, letter, received_on=args.received)
        print(f"Letter {letter.id} of {long_date(letter.dated)} "
              f"({letter.direction.value}): {letters.describe(letter)}")
        if letter.received_on:
            print(f"  received {long_date(letter.received_on)}")
        if letter.stated_appeal_due:
            print(f"  the letter says appeal by {long_date(letter.stated_appeal_due)}")
    return EXIT_OK


def cmd_mark(args) -> int:
    from casefile.display import shown
    from casefile.documents import update_document
    from casefile.lookup import by_key
    from casefile.store import CaseFile
    from casefile.store.models import Document

    def mark(s) -> str:
        document = by_key(s, Document, args.document, Document.name, what="document")
        update_document(s, document, privileged=args.privileged,
                        work_product=args.work_product)
        return document.name

    with CaseFile.open(args.case) as case:
        name = case.write(mark)  # run again if a server gives it up in a deadlock
    state = ("privileged" if args.privileged else "attorney work product"
             if args.work_product else "neither privileged nor work product")
    print(f"{shown(name)} is marked {state}.")
    return EXIT_OK


def _args_set(p) -> None:
    from casefile.typed_fields import KINDS

    p.add_argument("case", type=Path)
    p.add_argument("what", choices=sorted(KINDS), metavar="WHAT",
                   help=f"what to change: {', '.join(sorted(KINDS))}")
    p.add_argument("row", help="its number, as 'list' shows it, or its name (a request's "
                   "tracking number, a party's short name…)")
    p.add_argument("fields", nargs="*", metavar="FIELD=VALUE",
                   help="each field and its new value, as you would type it "
                        "(date_received=\"June 20, 2020\", status=\"in litigation\", "
                        "agency=ICE); FIELD= clears it. None: show the fields and "
                        "their values.")


def cmd_set(args) -> int:
    from casefile import typed_fields
    from casefile.errors import InputError
    from casefile.store import CaseFile

    key, pairs = args.row, list(args.fields)
    if "=" in key:  # "casefile set CASE lawsuit judge=…": the case's one lawsuit
        key, pairs = None, [key, *pairs]
    typed: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        name = name.strip()
        if not equals or not name:
            raise InputError(f"Write each change as FIELD=VALUE, not {pair!r}.")
        if name in typed:
            raise InputError(f"The field {name} is given twice; give it once.")
        typed[name] = value
    noun = args.what

    def heading(row) -> str:
        name = typed_fields.name_of(noun, row)
        return f"{noun.capitalize()} {row.id}" + (f" ({name})" if name else "")

    if not typed:
        with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
            row = typed_fields.find(s, noun, key)
            print(f"{heading(row)}:")
            for name, value in typed_fields.fields_of(noun, row):
                print(f"  {name}: {value}")
        return EXIT_OK

    def change(s):
        row = typed_fields.find(s, noun, key)
        return row.id, typed_fields.change(s, noun, row, typed)

    with CaseFile.open(args.case) as case:
        row_id, changed = case.write(change)  # run again if a server gives it up
    if not changed:
        print(f"{noun.capitalize()} {row_id} already holds that; nothing was changed.")
    for name, before, after in changed:
        print(f"{noun.capitalize()} {row_id}: {name} {before} → {after}")
    return EXIT_OK


COMMANDS = [
    Command("letter", "Show what a letter is, or set its kind, outcome or dates "
            "(the kind you set is never re-read).", _args_letter, cmd_letter),
    Command("mark", "Mark a document privileged or attorney work product (bundles keep "
            "it out), or clear the mark.", _args_mark, cmd_mark),
    Command("set", "Change a request's, letter's, declaration's, party's… fields, as "
            "the window's editors do; without FIELD=VALUE, show them.", _args_set, cmd_set),
]
