"""`casefile add KIND`: one new item in a case, each kind with its own options."""

from __future__ import annotations

from pathlib import Path

from casefile.cli.base import DATES_HELP, EXIT_OK, Command, Parser, date_arg, existing_file

# What each kind is called in "Added … N", as `casefile list` names them.
_NAMES = {"foia_request": "request", "record": "Vaughn entry", "vaughn_index": "Vaughn index",
          "correspondence": "letter", "deadline": "deadline"}


def _adder(run):
    def go(args) -> int:
        from casefile.store import CaseFile

        def added(s) -> str:
            item = run(s, args)
            if isinstance(item, tuple):  # an operation of casefile.adding: (noun, id)
                return f"{item[0]} {item[1]}"
            return f"{_NAMES.get(item.__tablename__, item.__tablename__)} {item.id}"

        # write(): a save the server gave up in a deadlock is run again, not shown.
        with CaseFile.open(args.case) as case:
            description = case.write(added)
        print(f"Added {description}.")
        return EXIT_OK

    return go


def _cfg_agency(p):
    p.add_argument("--name", required=True, help="e.g. U.S. Immigration and Customs Enforcement")
    p.add_argument("--abbreviation", required=True, help="e.g. ICE")
    p.add_argument("--parent", help="the agency this is a component of (e.g. DHS)")
    p.add_argument("--foia-office")
    p.add_argument("--address")
    p.add_argument("--email")
    p.add_argument("--rules", help="deadline rules to apply (e.g. DHS)")


def _operation(kind, s, values: dict) -> tuple[str, int]:
    """The window's add operation of that kind (casefile.adding), with the options
    given: one rule for both (the lawsuit a row belongs to, what a blank means)."""
    return kind.noun, kind.add(s, {k: v for k, v in values.items() if v is not None})


def _add_agency(s, a):
    from casefile.adding import AGENCY
    from casefile.matter import find_agency

    return _operation(AGENCY, s, {
        "name": a.name, "abbreviation": a.abbreviation,
        "parent_id": find_agency(s, a.parent).id if a.parent else None,
        "foia_office": a.foia_office, "address": a.address, "email": a.email,
        "rule_set": a.rules})


def _cfg_matter(p):
    p.add_argument("--caption", required=True)
    p.add_argument("--short-title", required=True, help="e.g. IDP v. DHS")
    p.add_argument("--court")
    p.add_argument("--docket")
    p.add_argument("--judge")
    p.add_argument("--filed", type=date_arg, metavar="DATE")
    p.add_argument("--served", type=date_arg, metavar="DATE",
                   help="when the United States was served (starts its 30 days to answer)")


def _add_matter(s, a):
    from casefile.matter import add_matter

    return add_matter(s, a.caption, a.short_title, court=a.court, docket_no=a.docket,
                      judge=a.judge, filed_on=a.filed, served_on=a.served)


def _cfg_party(p):
    from casefile.store.models import PartyRole

    p.add_argument("--name", required=True, help="the full name, as the caption gives it")
    p.add_argument("--role", required=True, choices=[r.value for r in PartyRole])
    p.add_argument("--short-name", help="how the papers name it for short, e.g. IDP")
    p.add_argument("--description", help="what it is and does, and where it is based "
                                         "(the complaint's parties paragraph)")
    p.add_argument("--address")
    p.add_argument("--agency", help="for a defendant: the agency it is (abbreviation)")
    p.add_argument("--matter", help="the lawsuit (default: the case's only one)")


def _add_party(s, a):
    from casefile.adding import PARTY
    from casefile.matter import find_agency

    return _operation(PARTY, s, {
        "name": a.name, "role": a.role, "matter": a.matter,
        "agency_id": find_agency(s, a.agency).id if a.agency else None,
        "short_name": a.short_name, "description": a.description, "address": a.address})


def _cfg_counsel(p):
    p.add_argument("--name", required=True)
    p.add_argument("--party", help="the party they appear for (name, short name or number); "
                                   "default: the plaintiffs as a whole")
    p.add_argument("--firm", help="firm or organisation")
    p.add_argument("--address", help="lines separated by '\\n' or ';'")
    p.add_argument("--phone")
    p.add_argument("--email")
    p.add_argument("--bar-no", help="bar number (the signature block states it)")
    p.add_argument("--admission", help="e.g. 'admitted pro hac vice', 'pro hac vice "
                                       "application pending'")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--lead", action="store_true", help="lead counsel (signs first)")
    group.add_argument("--of-counsel", action="store_true")
    p.add_argument("--matter", help="the lawsuit (default: the case's only one)")


def _add_counsel(s, a):
    from casefile.adding import COUNSEL
    from casefile.parties import find_party

    address = "\n".join(line.strip() for line in
                        (a.address or "").replace("\\n", ";").replace("\n", ";").split(";")
                        if line.strip())
    return _operation(COUNSEL, s, {
        "name": a.name, "matter": a.matter,
        "party_id": find_party(s, a.party).id if a.party else None, "firm": a.firm,
        "address": address or None, "phone": a.phone, "email": a.email, "bar_no": a.bar_no,
        "admission": a.admission, "is_lead": a.lead, "of_counsel": a.of_counsel})


def _cfg_request(p):
    p.add_argument("--agency", required=True, help="abbreviation, name or number")
    p.add_argument("--requester", required=True)
    p.add_argument("--subject", required=True)
    p.add_argument("--item", action="append", default=[], help="a numbered item (repeat)")
    p.add_argument("--sent", type=date_arg, metavar="DATE")
    p.add_argument("--received", type=date_arg, metavar="DATE",
                   help="when the proper component received it")
    p.add_argument("--first-received", type=date_arg, metavar="DATE",
                   help="when any component first received it, if it was routed")
    p.add_argument("--tracking")
    p.add_argument("--fee-waiver", action="store_true", help="a fee waiver was requested")
    p.add_argument("--expedited", action="store_true", help="expedited processing was requested")
    p.add_argument("--expedition-decided", type=date_arg, metavar="DATE",
                   help="the day the agency decided expedition (judged against its 10 days)")
    p.add_argument("--expedition-outcome", choices=["granted", "denied"],
                   help="what the agency decided on expedition")
    p.add_argument("--expedite-basis", help="the facts that show a compelling need "
                                            "(§ 552(a)(6)(E)(v))")
    p.add_argument("--fee-waiver-basis", help="the facts that show disclosure is in the "
                                              "public interest (§ 552(a)(4)(A)(iii))")
    p.add_argument("--fee-category", choices=["commercial", "educational", "news_media",
                                              "other"])
    p.add_argument("--fee-category-basis", help="why the requester is in that category")
    p.add_argument("--matter", help="the lawsuit it belongs to (default: the case's only one)")


def _add_request(s, a):
    from casefile.adding import REQUEST
    from casefile.errors import InputError
    from casefile.matter import find_agency
    from casefile.requests import update_request
    from casefile.store.models import FoiaRequest

    if (a.expedition_decided or a.expedition_outcome) and not a.expedited:
        raise InputError("An expedition decision needs --expedited: the request must ask for it.")
    added = _operation(REQUEST, s, {
        "agency_id": find_agency(s, a.agency).id, "requester": a.requester,
        "subject": a.subject, "items": a.item, "matter": a.matter, "date_sent": a.sent,
        "date_received": a.received, "tracking_no": a.tracking,
        "first_received": a.first_received, "fee_waiver_requested": a.fee_waiver,
        "expedited_requested": a.expedited, "expedite_basis": a.expedite_basis,
        "fee_waiver_basis": a.fee_waiver_basis, "fee_category": a.fee_category,
        "fee_category_basis": a.fee_category_basis})
    decided = {k: v for k, v in (("expedited_decided_on", a.expedition_decided),
                                 ("expedited_outcome", a.expedition_outcome)) if v}
    if decided:
        update_request(s, s.get(FoiaRequest, added[1]), **decided)
    return added


def _cfg_correspondence(p):
    from casefile.store.models import CorrespondenceKind, Direction

    p.add_argument("--direction", required=True, choices=[d.value for d in Direction])
    p.add_argument("--date", required=True, type=date_arg, metavar="DATE")
    p.add_argument("--kind", choices=[k.value for k in CorrespondenceKind],
                   help="left out: read from the subject and body (an incoming letter), "
                        "else other")
    p.add_argument("--request", action="append", default=[],
                   help="tracking number or number of a request it concerns (repeat)")
    p.add_argument("--from", dest="sender")
    p.add_argument("--to", dest="recipient")
    p.add_argument("--subject")
    p.add_argument("--body")
    p.add_argument("--file", type=Path, action="append", default=[],
                   help="a file that came with it (repeat); imported into the case as "
                        "'casefile import' would")


def _add_correspondence(s, a):
    from casefile.ingest import add_document
    from casefile.ingest.worker import Reader
    from casefile.requests import add_correspondence, find_request
    from casefile.store.models import CorrespondenceKind, Direction

    with Reader() as reader:  # one reader child for all the letter's files
        documents = [add_document(s, existing_file(path), reader=reader)[0]
                     for path in a.file]
    return add_correspondence(
        s, Direction(a.direction), a.date, CorrespondenceKind(a.kind) if a.kind else None,
        requests=[find_request(s, key) for key in a.request], sender=a.sender,
        recipient=a.recipient, subject=a.subject, body=a.body, documents=documents,
    )


def _cfg_index(p):
    from casefile.store.models import IndexAuthor

    p.add_argument("--title", required=True)
    p.add_argument("--author", choices=[x.value for x in IndexAuthor], default="agency")
    p.add_argument("--served", type=date_arg, metavar="DATE")
    p.add_argument("--request", help="the request it answers")


def _add_index(s, a):
    from casefile.requests import find_request
    from casefile.store.models import IndexAuthor
    from casefile.vaughn import add_index

    request = find_request(s, a.request) if a.request else None
    return add_index(s, a.title, IndexAuthor(a.author), served_on=a.served, request=request)


def _cfg_record(p):
    from casefile.store.models import Disposition

    p.add_argument("--index", help="the Vaughn index (default: the case's only one)")
    p.add_argument("--entry", required=True, help="entry number")
    p.add_argument("--bates", help="first Bates number")
    p.add_argument("--bates-end")
    p.add_argument("--date", type=date_arg, metavar="DATE", help="the withheld document's date")
    p.add_argument("--type", dest="doc_type", help="document type (email, memo…)")
    p.add_argument("--author")
    p.add_argument("--recipients")
    p.add_argument("--pages", type=int)
    p.add_argument("--description")
    p.add_argument("--disposition", choices=[d.value for d in Disposition])
    p.add_argument("--exemption", action="append", default=[],
                   help="an exemption claimed: b6, (b)(7)(C), b5-dp… (repeat)")
    p.add_argument("--justification", help="the agency's stated reason (for every exemption)")
    p.add_argument("--harm", help="the foreseeable harm stated")
    p.add_argument("--segregability")


def _add_record(s, a):
    from casefile.store.models import Disposition
    from casefile.vaughn import Claim, add_record, find_index

    claims = [Claim(e, a.justification, a.harm) for e in a.exemption]
    return add_record(
        s, find_index(s, a.index), a.entry, claims=claims, bates_begin=a.bates,
        bates_end=a.bates_end, doc_date=a.date, doc_type=a.doc_type, author=a.author,
        recipients=a.recipients, pages=a.pages, description=a.description,
        disposition=Disposition(a.disposition) if a.disposition else None,
        segregability=a.segregability,
    )


def _cfg_exhibit(p):
    p.add_argument("--set", dest="exhibit_set", required=True,
                   help="exhibit set name or number; a new set is made for a new name")
    p.add_argument("--title", required=True)
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--document", help="a document already in the case (its number)")
    group.add_argument("--file", type=Path,
                       help="a file to import (as 'casefile import' would) and use")
    p.add_argument("--pages", help="pages to use, e.g. 3-7")
    p.add_argument("--letters", action="store_true", help="label a new set A, B, C…")


def _add_exhibit(s, a):
    from casefile.errors import NotFound
    from casefile.exhibits import add_exhibit, add_set, find_set
    from casefile.ingest import add_document
    from casefile.lookup import by_key
    from casefile.store.models import Document, LabelScheme

    try:
        exhibit_set = find_set(s, a.exhibit_set)
    except NotFound:
        exhibit_set = add_set(s, a.exhibit_set,
                              scheme=LabelScheme.LETTERS if a.letters else LabelScheme.NUMBERS)
    if a.file:
        document = add_document(s, existing_file(a.file))[0]
    else:
        document = by_key(s, Document, a.document, Document.name, what="document")
    return add_exhibit(s, exhibit_set, document, a.title, page_selection=a.pages)


def _cfg_declaration(p):
    p.add_argument("--declarant", required=True)
    p.add_argument("--title", default="", help="default: Declaration of DECLARANT")
    p.add_argument("--declarant-title",
                   help="e.g. Staff Attorney, Center for Constitutional Rights")
    p.add_argument("--paragraph", action="append", default=[], help="a paragraph (repeat)")
    p.add_argument("--executed", type=date_arg, metavar="DATE")
    p.add_argument("--place", help="where it was signed")
    p.add_argument("--outside-us", action="store_true", help="signed outside the United States")


def _add_declaration(s, a):
    from casefile.adding import DECLARATION

    return _operation(DECLARATION, s, {
        "declarant": a.declarant, "title": a.title, "paragraphs": a.paragraph,
        "declarant_title": a.declarant_title, "executed_on": a.executed,
        "executed_at": a.place, "outside_us": a.outside_us})


def _cfg_deadline(p):
    from casefile.store.models import DeadlineKind

    p.add_argument("--title", required=True)
    p.add_argument("--due", required=True, type=date_arg, metavar="DATE")
    p.add_argument("--kind", choices=[k.value for k in DeadlineKind], default="court")
    p.add_argument("--request", help="the request it concerns")
    p.add_argument("--rule", help="the order or rule it comes from")
    p.add_argument("--citation")
    p.add_argument("--remind", type=int, help="days before to remind")


def _add_deadline(s, a):
    # The deadline dialog's operation: the same lawsuit rule, the same checks.
    from casefile.deadlines.entered import add_from_form
    from casefile.requests import find_request
    from casefile.store.models import DeadlineKind

    request = find_request(s, a.request) if a.request else None
    return "deadline", add_from_form(s, {
        "title": a.title, "due_on": a.due, "kind": DeadlineKind(a.kind),
        "request_id": request.id if request else None, "rule": a.rule,
        "citation": a.citation, "remind_days_before": a.remind})


NOTE_TARGETS = ("request", "correspondence", "document", "record", "exhibit", "declaration",
                "agency", "matter", "deadline")


def _cfg_note(p):
    p.add_argument("--on", required=True, nargs=2, metavar=("KIND", "KEY"),
                   help=f"what the note is about: one of {', '.join(NOTE_TARGETS)}, "
                        "and its number")
    p.add_argument("--text", required=True)


def _add_note(s, a):
    from casefile.errors import InputError
    from casefile.lookup import by_key
    from casefile.notes import add_note
    from casefile.store import models as m

    kind, key = a.on
    model = {"request": m.FoiaRequest, "correspondence": m.Correspondence,
             "document": m.Document, "record": m.Record, "exhibit": m.Exhibit,
             "declaration": m.Declaration, "agency": m.Agency, "matter": m.Matter,
             "deadline": m.Deadline}.get(kind)
    if model is None:
        raise InputError(f"A note can be on: {', '.join(NOTE_TARGETS)}.")
    return add_note(s, by_key(s, model, key, what=kind), a.text)


ADDERS = {
    "agency": ("Add an agency or component.", _cfg_agency, _add_agency),
    "matter": ("Add the lawsuit (caption, court, docket).", _cfg_matter, _add_matter),
    "party": ("Add a party to the lawsuit (plaintiff, defendant, intervenor).", _cfg_party,
              _add_party),
    "counsel": ("Add an attorney of record, with the signature block's lines.",
                _cfg_counsel, _add_counsel),
    "request": ("Add a FOIA request.", _cfg_request, _add_request),
    "correspondence": ("Add a letter, email or portal message.", _cfg_correspondence,
                       _add_correspondence),
    "index": ("Add a Vaughn index (the agency's, or our own draft).", _cfg_index, _add_index),
    "record": ("Add a Vaughn entry.", _cfg_record, _add_record),
    "exhibit": ("Add an exhibit to an exhibit set.", _cfg_exhibit, _add_exhibit),
    "declaration": ("Add a declaration.", _cfg_declaration, _add_declaration),
    "deadline": ("Add a deadline (court order, briefing…).", _cfg_deadline, _add_deadline),
    "note": ("Add a note on anything in the case.", _cfg_note, _add_note),
}


def _args_add(p) -> None:
    add_sub = p.add_subparsers(title="kinds", metavar="KIND", required=True, parser_class=Parser)
    for kind, (help_text, configure, run) in ADDERS.items():
        k = add_sub.add_parser(kind, help=help_text, description=help_text, epilog=DATES_HELP)
        k.add_argument("case", type=Path)
        configure(k)
        k.set_defaults(run=_adder(run))


COMMANDS = [
    Command("add", "Add a request, letter, Vaughn entry, exhibit…", _args_add,
            parser_options={"description": "Add one item to a case; each kind has its own "
                                           "options."}),
]
