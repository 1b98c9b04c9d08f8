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
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout

from casefile import adding
from casefile.errors import InputError
from casefile.store import CaseFile
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
)
from ui.undo import AddRow, push


@dataclass(frozen=True)
class Adder:
    """A kind of row the case adds (``casefile.adding``), with the fields its dialog
    asks for and a hint below them."""

    kind: adding.Kind
    fields: tuple[Field, ...]
    hint: str = ""

    @property
    def noun(self) -> str:
        return self.kind.noun

    def add(self, session, values: dict[str, Any]) -> int:
        return self.kind.add(session, values)

    def remove(self, session, row_id: int):
        return self.kind.remove(session, row_id)

    def choices(self, session) -> dict[str, list[tuple[str, Any]]]:
        return self.kind.choices(session)

    def defaults(self, session) -> dict[str, Any]:
        return self.kind.defaults(session)


def _editor_fields(editor: type, *names: str) -> tuple[Field, ...]:
    """The editor's own fields, so a field reads the same in both places."""
    return tuple(next(f for f in editor.FIELDS if f.name == name) for name in names)


REQUEST = Adder(
    adding.REQUEST,
    _editor_fields(RequestEditor, "agency_id", "requester", "subject")
    + (Field("items", "Items requested", "long", "The numbered items, each its own paragraph "
             "(a blank line between them)"),)
    + _editor_fields(RequestEditor, "date_sent", "tracking_no", "fee_waiver_requested",
                     "expedited_requested"),
    hint="A request not yet sent has no date; its deadlines start when you enter one.",
)

LETTER = Adder(
    adding.LETTER,
    _editor_fields(CorrespondenceEditor, "dated", "direction", "kind")
    + (Field("request_id", "Request", "choice", "The request the letter is about: its "
             "deadlines read tolling letters, extensions and determinations"),)
    + _editor_fields(CorrespondenceEditor, "sender", "recipient", "subject", "body"),
    hint="An email or a PDF letter is quicker imported (File > Import Files): its date, "
         "sender and text are read from it.",
)

PRODUCTION = Adder(
    adding.PRODUCTION,
    _editor_fields(ProductionEditor, "title", "produced_on", "request_id", "bates_begin",
                   "bates_end"),
    hint="Then import the release's files into it (Import into this production, below "
         "the list).",
)

DECLARATION = Adder(
    adding.DECLARATION,
    _editor_fields(DeclarationEditor, "declarant", "declarant_title", "title", "executed_at"),
    hint="A blank title becomes \"Declaration of\" and the declarant's name.",
)

MATTER = Adder(
    adding.MATTER,
    _editor_fields(MatterEditor, "short_title", "caption", "court", "docket_no", "judge",
                   "filed_on", "served_on"),
    hint="Before the suit is filed, a short title and a caption are enough: the rest can "
         "wait for the docket.",
)

AGENCY = Adder(
    adding.AGENCY,
    (Field("name", "Name", tip="The agency's full name, as the caption names it"),
     Field("abbreviation", "Abbreviation", tip="How the papers name it for short, e.g. ICE"),
     Field("parent_id", "Component of", "choice", "The department it belongs to: a "
           "component takes its department's deadline rules"),
     Field("foia_office", "FOIA office"),
     Field("email", "FOIA email")),
)

PARTY = Adder(
    adding.PARTY,
    _editor_fields(PartyEditor, "name", "role", "short_name", "agency_id", "description"),
    hint="A defendant names the agency it is; the description is the complaint's "
         "paragraph on the party.",
)

COUNSEL = Adder(
    adding.COUNSEL,
    _editor_fields(CounselEditor, "name", "party_id", "firm", "bar_no", "admission",
                   "is_lead", "phone", "email", "address"),
    hint="Every paper's signature block prints these lines; the bar number is required "
         "unless the admission is pro hac vice.",
)

EXHIBIT_SET = Adder(
    adding.EXHIBIT_SET,
    (Field("name", "Name", tip="How the set is named in lists, e.g. Rivera Declaration "
           "exhibits"),
     Field("declaration_id", "Declaration", "choice", "The declaration the exhibits are "
           "attached to: its paragraphs attach them"),
     Field("scheme", "Labels", "choice"),
     Field("prefix", "Prefix", tip="Before each label: Ex., Pl. Ex., Def. Ex.")),
)

VAUGHN_INDEX = Adder(
    adding.VAUGHN_INDEX,
    (Field("title", "Title", tip="e.g. Plaintiffs' challenged entries, or the index we "
           "draft from the production"),
     Field("request_id", "Request", "choice", "The request the index answers")),
    hint="An agency's index is imported instead (Import…): its entries come with it.",
)

ADDERS = {"requests": REQUEST, "correspondence": LETTER, "productions": PRODUCTION,
          "declarations": DECLARATION, "matter": MATTER, "agencies": AGENCY,
          "parties": PARTY, "counsel": COUNSEL,
          "exhibit_sets": EXHIBIT_SET, "vaughn_indexes": VAUGHN_INDEX}
assert ADDERS.keys() == adding.KINDS.keys()


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
