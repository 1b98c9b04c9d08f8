"""Adding a lawsuit, an agency, a party, a counsel, a request, a letter, a production, a
declaration, an exhibit set or a Vaughn index of our own.

A dialog asks for the fields a new row cannot do without (and a few more that
are usually at hand); the rest are filled in the editor beside the list. The
row is added through ui.undo.AddRow, so Edit > Undo takes it back, and a
refusal leaves the dialog open with what was typed and the sentence that says
why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout
from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile import removal
from casefile.declarations import add_declaration
from casefile.edits import required
from casefile.errors import InputError
from casefile.exhibits import add_set
from casefile.matter import add_agency, add_matter, the_matter
from casefile.matter import agency_choices as agency_list
from casefile.parties import add_counsel, add_party, delete_counsel, delete_party
from casefile.productions import add_production
from casefile.removal import Removed
from casefile.requests import (
    add_correspondence,
    add_request,
)
from casefile.store import CaseFile
from casefile.store.models import (
    Agency,
    Correspondence,
    CorrespondenceKind,
    Counsel,
    Declaration,
    Direction,
    ExhibitSet,
    FoiaRequest,
    IndexAuthor,
    LabelScheme,
    Matter,
    Party,
    PartyRole,
    Production,
    VaughnIndex,
)
from casefile.vaughn.entries import add_index
from ui.editors import (
    CorrespondenceEditor,
    CounselEditor,
    DeclarationEditor,
    Field,
    FieldForm,
    MatterEditor,
    PartyEditor,
    ProductionEditor,
    RequestEditor,
    agency_choices,
    party_choices,
    request_choices,
)
from ui.undo import AddRow, push


@dataclass(frozen=True)
class Adder:
    noun: str  # "request": the dialog's title and the undo step's words
    fields: tuple[Field, ...]
    add: Callable[[Session, dict[str, Any]], int]  # the new row's id
    remove: Callable[[Session, int], Removed]  # what Undo does (Redo puts it back)
    # The combos' choices and the values a new row starts with, read from the case.
    choices: Callable[[Session], dict[str, list[tuple[str, Any]]]] = lambda _s: {}
    defaults: Callable[[Session], dict[str, Any]] = lambda _s: {}
    hint: str = ""


def _editor_fields(editor: type, *names: str) -> tuple[Field, ...]:
    """The editor's own fields, so a field reads the same in both places."""
    return tuple(next(f for f in editor.FIELDS if f.name == name) for name in names)


# --- a request ------------------------------------------------------------------------------




def _last_request(session: Session) -> FoiaRequest | None:
    return session.scalar(select(FoiaRequest).order_by(FoiaRequest.id.desc()).limit(1))


def _request_defaults(session: Session) -> dict[str, Any]:
    last = _last_request(session)  # a second request usually comes from the same requester
    if last is not None:
        return {"agency_id": last.agency_id, "requester": last.requester}
    first = session.scalar(select(Agency.id).order_by(Agency.abbreviation).limit(1))
    return {"agency_id": first}


def _add_request(session: Session, values: dict[str, Any]) -> int:
    agency = session.get(Agency, values.pop("agency_id")) if values.get("agency_id") else None
    if agency is None:
        raise InputError("A request needs an agency: add it first (Matter, Agencies, "
                         "Add agency…).")
    items = [t.strip() for t in (values.pop("items") or "").split("\n\n") if t.strip()]
    return add_request(session, agency, values.pop("requester") or "",
                       values.pop("subject") or "", items=items, matter=the_matter(session),
                       **values).id


def _remove_request(session: Session, row_id: int) -> Removed:
    return removal.delete_request(session, session.get(FoiaRequest, row_id))


REQUEST = Adder(
    "request",
    _editor_fields(RequestEditor, "agency_id", "requester", "subject")
    + (Field("items", "Items requested", "long", "The numbered items, each its own paragraph "
             "(a blank line between them)"),)
    + _editor_fields(RequestEditor, "date_sent", "tracking_no", "fee_waiver_requested",
                     "expedited_requested"),
    _add_request, _remove_request,
    choices=lambda s: {"agency_id": agency_list(s)}, defaults=_request_defaults,
    hint="A request not yet sent has no date; its deadlines start when you enter one.",
)


# --- a letter -------------------------------------------------------------------------------


def _add_letter(session: Session, values: dict[str, Any]) -> int:
    request_id = values.pop("request_id")
    requests = [session.get(FoiaRequest, request_id)] if request_id else []
    if values.get("dated") is None:
        raise InputError("A letter needs a date.")
    return add_correspondence(session, values.pop("direction"), values.pop("dated"),
                              values.pop("kind"), requests=requests, **values).id


def _remove_letter(session: Session, row_id: int) -> Removed:
    return removal.delete_letter(session, session.get(Correspondence, row_id))


def _letter_defaults(session: Session) -> dict[str, Any]:
    last = _last_request(session)
    return {"dated": date.today(), "direction": Direction.INCOMING,
            "kind": CorrespondenceKind.EMAIL, "request_id": last.id if last else None}


LETTER = Adder(
    "letter",
    _editor_fields(CorrespondenceEditor, "dated", "direction", "kind")
    + (Field("request_id", "Request", "choice", "The request the letter is about: its "
             "deadlines read tolling letters, extensions and determinations"),)
    + _editor_fields(CorrespondenceEditor, "sender", "recipient", "subject", "body"),
    _add_letter, _remove_letter,
    choices=lambda s: {"request_id": request_choices(s)}, defaults=_letter_defaults,
    hint="An email or a PDF letter is quicker imported (File > Import Files): its date, "
         "sender and text are read from it.",
)


# --- a production ---------------------------------------------------------------------------


def _add_production(session: Session, values: dict[str, Any]) -> int:
    request_id = values.pop("request_id")
    request = session.get(FoiaRequest, request_id) if request_id else None
    return add_production(session, values.pop("title") or "", request=request, **values).id


def _remove_production(session: Session, row_id: int) -> Removed:
    return removal.delete_production(session, session.get(Production, row_id))


PRODUCTION = Adder(
    "production",
    _editor_fields(ProductionEditor, "title", "produced_on", "request_id", "bates_begin",
                   "bates_end"),
    _add_production, _remove_production,
    choices=lambda s: {"request_id": request_choices(s)},
    defaults=lambda s: {"request_id": (r.id if (r := _last_request(s)) else None)},
    hint="Then import the release's files into it (Import into this production, below "
         "the list).",
)


# --- a declaration --------------------------------------------------------------------------


def _add_declaration(session: Session, values: dict[str, Any]) -> int:
    return add_declaration(session, values.pop("declarant") or "", values.pop("title") or "",
                           matter=the_matter(session), **values).id


def _remove_declaration(session: Session, row_id: int) -> Removed:
    return removal.delete_declaration(session, session.get(Declaration, row_id))


DECLARATION = Adder(
    "declaration",
    _editor_fields(DeclarationEditor, "declarant", "declarant_title", "title", "executed_at"),
    _add_declaration, _remove_declaration,
    hint="A blank title becomes \"Declaration of\" and the declarant's name.",
)

# --- the lawsuit, an agency, an exhibit set, a Vaughn index of our own --------------------


def _add_matter(session: Session, values: dict[str, Any]) -> int:
    if the_matter(session) is not None:
        raise InputError("The case already has its lawsuit: change it on the Matter page.")
    return add_matter(session, values.pop("caption") or "", values.pop("short_title") or "",
                      **values).id


MATTER = Adder(
    "lawsuit",
    _editor_fields(MatterEditor, "short_title", "caption", "court", "docket_no", "judge",
                   "filed_on", "served_on"),
    _add_matter, lambda s, row_id: removal.delete_matter(s, s.get(Matter, row_id)),
    hint="Before the suit is filed, a short title and a caption are enough: the rest can "
         "wait for the docket.",
)

AGENCY = Adder(
    "agency",
    (Field("name", "Name", tip="The agency's full name, as the caption names it"),
     Field("abbreviation", "Abbreviation", tip="How the papers name it for short, e.g. ICE"),
     Field("parent_id", "Component of", "choice", "The department it belongs to: a "
           "component takes its department's deadline rules"),
     Field("foia_office", "FOIA office"),
     Field("email", "FOIA email")),
    lambda s, v: add_agency(s, v.pop("name") or "", v.pop("abbreviation") or "",
                            parent=s.get(Agency, p) if (p := v.pop("parent_id")) else None,
                            **v).id,
    lambda s, row_id: removal.delete_agency(s, s.get(Agency, row_id)),
    choices=lambda s: {"parent_id": agency_choices(s)},
)


def _matter_for(session: Session) -> Matter:
    matter = the_matter(session)
    if matter is None:
        raise InputError("Set up the lawsuit first (Set up the lawsuit…): parties and counsel "
                         "belong to it.")
    return matter


PARTY = Adder(
    "party",
    _editor_fields(PartyEditor, "name", "role", "short_name", "agency_id", "description"),
    lambda s, v: add_party(s, _matter_for(s), v.pop("name") or "",
                           v.pop("role") or PartyRole.PLAINTIFF,
                           s.get(Agency, a) if (a := v.pop("agency_id")) else None, **v).id,
    lambda s, row_id: delete_party(s, s.get(Party, row_id)),
    choices=lambda s: {"agency_id": agency_choices(s)},
    defaults=lambda s: {"role": PartyRole.PLAINTIFF},
    hint="A defendant names the agency it is; the description is the complaint's "
         "paragraph on the party.",
)

COUNSEL = Adder(
    "counsel",
    _editor_fields(CounselEditor, "name", "party_id", "firm", "bar_no", "admission",
                   "is_lead", "phone", "email", "address"),
    lambda s, v: add_counsel(s, _matter_for(s), v.pop("name") or "",
                             party=s.get(Party, p) if (p := v.pop("party_id")) else None,
                             **v).id,
    lambda s, row_id: delete_counsel(s, s.get(Counsel, row_id)),
    choices=lambda s: {"party_id": party_choices(s)},
    hint="Every paper's signature block prints these lines; the bar number is required "
         "unless the admission is pro hac vice.",
)


def _declarations(session: Session) -> list[tuple[str, Any]]:
    return [("—", None)] + [(f"Declaration of {d.declarant}", d.id) for d in
                            session.scalars(select(Declaration).order_by(Declaration.id))
                            if d.exhibit_set is None]


EXHIBIT_SET = Adder(
    "exhibit set",
    (Field("name", "Name", tip="How the set is named in lists, e.g. Rivera Declaration "
           "exhibits"),
     Field("declaration_id", "Declaration", "choice", "The declaration the exhibits are "
           "attached to: its paragraphs attach them"),
     Field("scheme", "Labels", "choice", choices=(("1, 2, 3…", LabelScheme.NUMBERS),
                                                   ("A, B, C…", LabelScheme.LETTERS))),
     Field("prefix", "Prefix", tip="Before each label: Ex., Pl. Ex., Def. Ex.")),
    lambda s, v: add_set(s, required(v.pop("name"), "An exhibit set needs a name."),
                         declaration=s.get(Declaration, d) if (d := v.pop("declaration_id"))
                         else None, scheme=v.pop("scheme") or LabelScheme.NUMBERS,
                         prefix=v.pop("prefix") or "").id,
    lambda s, row_id: removal.delete_set(s, s.get(ExhibitSet, row_id)),
    choices=lambda s: {"declaration_id": _declarations(s)},
    defaults=lambda s: {"scheme": LabelScheme.NUMBERS, "prefix": "Ex."},
)

VAUGHN_INDEX = Adder(
    "Vaughn index",
    (Field("title", "Title", tip="e.g. Plaintiffs' challenged entries, or the index we "
           "draft from the production"),
     Field("request_id", "Request", "choice", "The request the index answers")),
    lambda s, v: add_index(s, required(v.pop("title"), "A Vaughn index needs a title."),
                           IndexAuthor.OURS,
                           request=s.get(FoiaRequest, r) if (r := v.pop("request_id"))
                           else None).id,
    lambda s, row_id: removal.delete_index(s, s.get(VaughnIndex, row_id)),
    choices=lambda s: {"request_id": request_choices(s)},
    hint="An agency's index is imported instead (Import…): its entries come with it.",
)

ADDERS = {"requests": REQUEST, "correspondence": LETTER, "productions": PRODUCTION,
          "declarations": DECLARATION, "matter": MATTER, "agencies": AGENCY,
          "parties": PARTY, "counsel": COUNSEL,
          "exhibit_sets": EXHIBIT_SET, "vaughn_indexes": VAUGHN_INDEX}


def add_with_dialog(parent, case: CaseFile, undo: QUndoStack, adder: Adder,
                    after: Callable[[int | None], None],
                    failed: Callable[[str], None]) -> AddDialog:
    """Open the adder's dialog (window-modal); OK adds the row as one step to undo.
    ``after`` hears the new row's id (None once undone). The dialog is returned open,
    for tests to drive."""

    def submit(values: dict[str, Any]) -> bool:
        # A copy for each run: Redo adds the row again from the same values.
        command = AddRow(case, lambda s: adder.add(s, dict(values)), adder.remove,
                         f"Add {'an' if adder.noun[0] in 'aeiou' else 'a'} {adder.noun}",
                         after=after, failed=failed)
        return push(undo, command)

    dialog = AddDialog(case, adder, submit, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog


class AddDialog(QDialog):
    """The new row's fields; OK hands them to ``submit``, which adds the row (True)
    or has said why not (False: the dialog stays open with what was typed)."""

    def __init__(self, case: CaseFile, adder: Adder,
                 submit: Callable[[dict[str, Any]], bool], parent=None) -> None:
        super().__init__(parent)
        self.adder, self._submit = adder, submit
        self.setWindowTitle(f"Add a {adder.noun}")
        self.form = FieldForm(adder.fields)
        with case.reading() as s:
            for name, choices in adder.choices(s).items():
                self.form.set_choices(name, choices)
            defaults = adder.defaults(s)
        for f in adder.fields:
            self.form.show(f, defaults.get(f.name))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(f"Add {adder.noun}")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        if adder.hint:
            hint = QLabel(adder.hint)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(placeholder-text);")
            layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def values(self) -> dict[str, Any]:
        """What was typed; a date that cannot be read raises InputError."""
        return {f.name: self.form.read(f) for f in self.adder.fields}

    def accept(self) -> None:
        try:
            values = self.values()
        except InputError as exc:
            QMessageBox.warning(self, "Casefile", exc.message)
            return
        if self._submit(values):
            super().accept()
