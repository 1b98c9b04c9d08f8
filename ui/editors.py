"""Editors for the lawsuit and for one request, letter, production, document or declaration,
shown beside their lists.

An editor says what the user changed through ``edited`` (description, old
values, new values); the window applies it with the editor's apply function
in EDITORS through ui.undo, so each edit is one transaction that can be
undone. The rules live in casefile: a refused edit comes back as its sentence,
and the window shows the row again to put back what the case holds. The
editor itself checks only what it must read: a date.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile import changing
from casefile.dates import long_date, parse_date
from casefile.deadlines.engine import answer_due
from casefile.declarations import jurat
from casefile.errors import InputError
from casefile.letters import OUTCOMES
from casefile.letters import describe as describe_letter
from casefile.letters import reading_of as letters_reading_of
from casefile.matter import agency_choices as agency_list
from casefile.parties import party_choices as party_list
from casefile.requests import request_choices as request_list
from casefile.store import CaseFile
from casefile.vaughn.stats import by_production
from ui.charts import PagesBar
from ui.undo import CaseSession

# How each kind of field is shown and read:
# line: one line of text; date: typed MM/DD/YYYY; choice: a combo of fixed values;
# check: a check box; count: a whole number of pages (casefile checks it); long: text
# kept as typed (a letter's body); wrapped: one line of text too long for a line edit
# (a subject, a title), shown wrapped, saved on one line.
# long and wrapped are saved by "Save text" (or Ctrl+S), the others as soon as they change.
_TEXTS = ("long", "wrapped")


@dataclass(frozen=True)
class Field:
    name: str  # the field of the casefile update function
    label: str
    kind: str = "line"
    tip: str = ""
    what: str = ""  # how an edit is described ("fee waiver request"); the label by default
    choices: tuple[tuple[str, Any], ...] = ()  # (shown, value), for a choice


class FieldForm(QFormLayout):
    """The inputs of some fields, shown and read the same way in an editor and in a
    dialog that adds a row."""

    def __init__(self, fields: tuple[Field, ...]) -> None:
        super().__init__()
        self.fields = fields
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.inputs: dict[str, QWidget] = {}
        # A combo's values are kept here, not as item data: Qt turns a StrEnum
        # member stored as item data into a plain str.
        self._choices: dict[str, list[Any]] = {}
        for field in fields:
            self._add_input(field)

    def _add_input(self, field: Field) -> None:
        if field.kind == "choice":
            widget = QComboBox()
            # As narrow as the panel beside the list: a long agency name is cut, not the panel.
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(12)
        elif field.kind == "check":
            widget = QCheckBox(field.label)
        elif field.kind in _TEXTS:
            widget = QPlainTextEdit()
            widget.setTabChangesFocus(True)
            widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            lines = 6 if field.kind == "long" else 3
            widget.setFixedHeight(widget.fontMetrics().lineSpacing() * lines + 12)
        else:
            widget = QLineEdit()
            if field.kind == "date":
                widget.setPlaceholderText("MM/DD/YYYY")
                widget.setAccessibleDescription("A date, as MM/DD/YYYY")
            elif field.kind == "count":
                widget.setPlaceholderText("0")
                widget.setMaximumWidth(widget.fontMetrics().averageCharWidth() * 12)
        widget.setAccessibleName(field.label)
        if field.tip:
            widget.setToolTip(field.tip)
        self.inputs[field.name] = widget
        if field.kind == "choice":
            self.set_choices(field.name, field.choices)
        # A check box carries its own words; its row has no label.
        self.addRow("" if field.kind == "check" else field.label, widget)

    def set_choices(self, name: str, choices) -> None:
        self._choices[name] = [value for _shown, value in choices]
        combo = self.inputs[name]
        combo.clear()
        combo.addItems([shown for shown, _value in choices])

    def with_choices(self, field: Field) -> Field:
        """``field`` with the choices its combo holds now (filled from the case)."""
        if field.kind != "choice" or field.name not in self._choices:
            return field
        combo = self.inputs[field.name]
        shown = [combo.itemText(i) for i in range(combo.count())]
        return dataclasses.replace(field, choices=tuple(zip(shown, self._choices[field.name],
                                                            strict=True)))

    def fact(self, label: str) -> QLabel:
        """A read-only line in the form for something derived (a letter's attachments)."""
        fact = QLabel()
        fact.setWordWrap(True)
        fact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        fact.setAccessibleName(label)
        self.addRow(label, fact)
        return fact

    def show(self, field: Field, value: Any) -> None:
        widget = self.inputs[field.name]
        if field.kind == "choice":
            choices = self._choices[field.name]
            widget.setCurrentIndex(choices.index(value) if value in choices else -1)
        elif field.kind == "check":
            widget.setChecked(bool(value))
        elif field.kind in _TEXTS:
            widget.setPlainText(value or "")
            widget.document().setModified(False)
        elif field.kind == "date":
            widget.setText(f"{value:%m/%d/%Y}" if value else "")
        else:
            widget.setText("" if value is None else str(value))
            widget.setCursorPosition(0)  # a long name shows its start, not its end

    def read(self, field: Field) -> Any:
        """The field's value as typed; a date that cannot be read raises InputError."""
        widget = self.inputs[field.name]
        if field.kind == "choice":
            index = widget.currentIndex()
            return self._choices[field.name][index] if index >= 0 else None
        if field.kind == "check":
            return widget.isChecked()
        if field.kind == "long":
            return widget.toPlainText().strip() or None
        if field.kind == "wrapped":
            return " ".join(widget.toPlainText().split()) or None
        text = widget.text().strip()
        if field.kind == "date":
            return parse_date(text) if text else None
        return text or None


class RowEditor(QWidget):
    """One row's fields, read-only facts about it, and a "Save text" button."""

    # description of the edit, old values, new values; emitted only for a real change
    edited = Signal(str, dict, dict)

    KEY: str  # its list, as casefile.changing names it
    NOUN = "row"
    FIELDS: tuple[Field, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.row_id: int | None = None
        self._values: dict[str, Any] = {}

        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: 600; font-size: 13pt;")
        self.heading.setWordWrap(True)
        self.form = FieldForm(self.FIELDS)
        self.inputs = self.form.inputs
        for field in self.FIELDS:
            self._wire(field)
        self.save = QPushButton("Save text")
        self.save.setToolTip("Save the text you typed in the larger boxes (Ctrl+S)")
        self.save.clicked.connect(self._save_texts)
        # Only while the focus is in this editor: several editors live in one window.
        save_keys = QShortcut(QKeySequence.StandardKey.Save, self)
        save_keys.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_keys.activated.connect(self._save_texts)

        self._column = QVBoxLayout(self)
        self._column.addWidget(self.heading)
        self._column.addLayout(self.form)
        self.setEnabled(False)

    def _wire(self, field: Field) -> None:
        """Save a field as soon as it changes; the larger text boxes wait for Save."""
        widget = self.inputs[field.name]
        if field.kind == "choice":
            widget.activated.connect(lambda _i, name=field.name: self._commit(name))
        elif field.kind == "check":
            widget.clicked.connect(lambda _on, name=field.name: self._commit(name))
        elif field.kind in _TEXTS:
            widget.document().modificationChanged.connect(self._texts_changed)
        else:
            widget.editingFinished.connect(lambda name=field.name: self._commit(name))

    def _finish_layout(self, stretch: QWidget | None = None) -> None:
        """Put the Save button last, below the widget that takes the spare height."""
        if stretch is not None:
            self._column.addWidget(stretch, 1)
        else:
            self._column.addStretch(1)
        if any(f.kind in _TEXTS for f in self.FIELDS):
            self._column.addWidget(self.save, alignment=Qt.AlignmentFlag.AlignRight)
        else:
            self.save.hide()  # every field saves as it changes: nothing to press

    def _set_choices(self, name: str, choices) -> None:
        self.form.set_choices(name, choices)

    def _fact(self, label: str) -> QLabel:
        return self.form.fact(label)

    # --- showing a row --------------------------------------------------------------------

    def show_row(self, case: CaseFile | None, row_id: int | None) -> None:
        """Show the row (None, or a row no longer in the case, shows none)."""
        values, version = None, None
        if case is not None and row_id is not None:
            with case.reading() as s:
                row = changing.row(s, self.KEY, row_id)
                if row is not None:
                    values = {f.name: getattr(row, f.name) for f in self.FIELDS}
                    version = getattr(row, "row_version", None)
                    self._show_facts(s, row)
        self.row_id = row_id if values is not None else None
        # The version shown: a save over a newer one (another user's, on a server) is
        # refused, not written over it (casefile.edits.opened).
        self.row_version = version if values is not None else None
        self._values = values or {}
        self.setEnabled(values is not None)
        if values is None:
            self.heading.setText(f"No {self.NOUN} selected")
            self._show_facts(None, None)
        for field in self.FIELDS:
            self.form.show(field, self._values.get(field.name))
        self.save.setEnabled(False)

    def _show_facts(self, session: CaseSession | None, row) -> None:
        """Set the heading and the read-only facts; row is None when nothing is shown."""
        raise NotImplementedError

    def _texts_changed(self) -> None:
        self.save.setEnabled(any(self.inputs[f.name].document().isModified()
                                 for f in self.FIELDS if f.kind in _TEXTS))

    # --- edits ----------------------------------------------------------------------------

    def _commit(self, name: str) -> None:
        field = next(f for f in self.FIELDS if f.name == name)
        try:
            value = self.form.read(field)
        except InputError as exc:
            # Put the old value back first: the warning takes the focus, and the line
            # edit losing it would otherwise commit the same bad text again.
            self.form.show(field, self._values.get(name))
            QMessageBox.warning(self, "Casefile", exc.message)
            return
        self._emit({name: value})

    def _save_texts(self) -> None:
        # All read before any is emitted: applying an edit shows the row again,
        # which would put back the other boxes' unsaved text.
        texts = [f for f in self.FIELDS if f.kind in _TEXTS]
        values = {f.name: self.form.read(f) for f in texts}
        for field in texts:
            self.inputs[field.name].document().setModified(False)
        self._emit(values)

    def _emit(self, values: dict[str, Any]) -> None:
        """Say what changed, as one edit (one step to undo)."""
        new = {name: v for name, v in values.items() if not _same(v, self._values.get(name))}
        if self.row_id is None or not new:
            return
        old = {name: self._values.get(name) for name in new}
        self._values.update(new)
        changed = [f for f in self.FIELDS if f.name in new]
        what = (changed[0].what or changed[0].label.lower()) if len(changed) == 1 else "text"
        self.edited.emit(what, old, new)


def _same(typed: Any, held: Any) -> bool:
    """A count typed as "12" is the 12 the case holds; blank is its 0."""
    if isinstance(held, int) and not isinstance(held, bool) and isinstance(typed, str | None):
        return (typed or "0").strip() == str(held)
    return typed == held


# --- a request ------------------------------------------------------------------------------


class RequestEditor(RowEditor):
    KEY = "requests"
    NOUN = "request"
    FIELDS = (
        Field("agency_id", "Agency", "choice",
              "The agency or component the request went to: its rules set the deadlines"),
        Field("requester", "Requester"),
        Field("subject", "Subject", "wrapped"),
        Field("tracking_no", "Tracking no.", tip="The agency's number for the request, as its "
              "acknowledgment gives it", what="tracking number"),
        Field("date_sent", "Date sent", "date"),
        Field("date_received", "Date received", "date", "Date received: by the agency's "
              "proper FOIA office; the 20 working days run from here"),
        Field("first_received", "First received", "date", "If the request went first to "
              "the wrong component: the day any part of the agency had it. The 20 days then "
              "start no more than 10 working days after it", "date first received"),
        Field("status", "Status", "choice", choices=changing.REQUEST_STATUSES),
        Field("fee_waiver_requested", "Fee waiver asked for", "check",
              "Whether the request asked that fees be waived (5 U.S.C. § 552(a)(4)(A)(iii))",
              "fee waiver request"),
        Field("fee_waiver_outcome", "Fee waiver outcome", "choice",
              choices=changing.OUTCOMES),
        Field("expedited_requested", "Expedited processing asked for", "check",
              "Whether the request asked for expedited processing: the agency must decide "
              "within 10 days (5 U.S.C. § 552(a)(6)(E)(ii)(I))", "expedited processing request"),
        Field("expedited_outcome", "Expedited outcome", "choice",
              choices=changing.OUTCOMES),
        Field("expedited_decided_on", "Expedition decided", "date", "The day the agency "
              "decided expedition: judged against the 10 days; a denial or no decision in time "
              "may go to court at once (5 U.S.C. § 552(a)(6)(E)(iii))",
              "date expedition was decided"),
        Field("expedite_basis", "Why expedite", "long", "The facts that show a compelling "
              "need (5 U.S.C. § 552(a)(6)(E)(v)): the request letter states them",
              "facts for expedition"),
        Field("fee_waiver_basis", "Why waive fees", "long", "The facts that show disclosure "
              "is in the public interest (5 U.S.C. § 552(a)(4)(A)(iii))",
              "facts for the fee waiver"),
        Field("fee_category", "Fee category", "choice", "The requester's fee category, "
              "5 U.S.C. § 552(a)(4)(A)(ii)", "fee category",
              choices=changing.FEE_CATEGORIES),
        Field("fee_category_basis", "Why that category", "long", "Why the requester is in "
              "that category, as the request letter says it", "basis of the fee category"),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items = QPlainTextEdit()
        self.items.setReadOnly(True)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.setAccessibleName("Items requested")
        self.items.setToolTip("The numbered items of the request, as sent")
        self._column.addWidget(QLabel("Items requested"))
        self._finish_layout(self.items)

    def _show_facts(self, session, row) -> None:
        self._set_choices("agency_id", agency_list(session)
                          if session is not None else [])
        if row is None:
            self.items.clear()
            return
        self.heading.setText(f"{row.agency.abbreviation} "
                             f"{row.tracking_no or f'request {row.id}'}")
        self.items.setPlainText("\n\n".join(f"{i.number}. {i.text}" for i in row.items)
                                or "No numbered items.")



# --- a letter -------------------------------------------------------------------------------


class CorrespondenceEditor(RowEditor):
    KEY = "correspondence"
    NOUN = "letter"
    FIELDS = (
        Field("dated", "Date", "date", "The date the letter bears: the deadlines read "
              "tolling letters, extension notices and determinations by it"),
        Field("direction", "Direction", "choice",
              choices=changing.DIRECTIONS),
        Field("kind", "Kind", "choice", "What the letter does: a tolling letter, an extension "
              "notice or a determination moves the request's deadlines",
              choices=changing.LETTER_KINDS),
        Field("outcome", "Outcome", "choice", "What a determination or an appeal decision "
              "announced: an adverse one starts the appeal window",
              choices=(("—", None), *((o.replace("_", " ").capitalize(), o)
                                      for kind in ("determination", "appeal_decision")
                                      for o in OUTCOMES[kind]))),
        Field("sender", "From", what="sender"),
        Field("recipient", "To", what="recipient"),
        Field("cc", "Cc", what="copy list"),
        Field("subject", "Subject", "wrapped"),
        Field("body", "Body", "long", "The text of an email or portal message"),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.requests = self._fact("Requests")
        self.requests.setToolTip("The requests this letter is about")
        self.attachments = self._fact("Attachments")
        self.reading = self._fact("Read as")
        self.reading.setToolTip("What the letter's words make it, and the phrase that decided")
        self._finish_layout()

    def _show_facts(self, session, row) -> None:
        if row is None:
            self.requests.clear()
            self.attachments.clear()
            self.reading.clear()
            return
        # Held beside the fields: a change of kind or outcome carries it as its old
        # value, so Undo puts back the reading, not a choice "set by hand".
        self._values_reading = letters_reading_of(row)
        self.reading.setText(describe_letter(row))
        self.heading.setText(f"{row.kind.value.replace('_', ' ').capitalize()} of "
                             f"{long_date(row.dated)}")
        self.requests.setText("\n".join(
            f"{r.agency.abbreviation} {r.tracking_no or f'request {r.id}'}"
            for r in row.requests) or "None")
        self.attachments.setText("\n".join(a.document.name for a in row.attachments)
                                 or "None")

    def show_row(self, case, row_id) -> None:
        self._values_reading = None
        super().show_row(case, row_id)
        if self._values_reading is not None:
            self._values["reading"] = self._values_reading

    def _emit(self, values) -> None:
        if any(name in values and not _same(values[name], self._values.get(name))
               for name in ("kind", "outcome")):
            values = {**values, "reading": None}  # new: the user's choice; old: the reading
        super()._emit(values)



# --- a declaration --------------------------------------------------------------------------


class DeclarationEditor(RowEditor):
    KEY = "declarations"
    NOUN = "declaration"
    FIELDS = (
        Field("declarant", "Declarant"),
        Field("declarant_title", "Position", tip="The declarant's position, as the signature "
              "block gives it", what="declarant's position"),
        Field("title", "Title", "wrapped", "The title on the caption page"),
        Field("executed_on", "Executed on", "date", "The day it is signed, for the jurat; "
              "it may be ahead while the declaration is a draft", "execution date"),
        Field("executed_at", "Executed at", tip="City and state (or country) where it is "
              "signed, as the jurat gives it", what="place of execution"),
        Field("outside_us", "Signed outside the United States", "check",
              "The jurat then adds \"under the laws of the United States of America\" "
              "(28 U.S.C. § 1746(1))", "place of signing"),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.paragraphs = self._fact("Paragraphs")
        self.exhibits = self._fact("Exhibits")
        self.jurat = self._fact("Jurat")
        self.jurat.setToolTip("The closing sentence 28 U.S.C. § 1746 requires, from the "
                              "fields above")
        self._finish_layout()

    def _show_facts(self, session, row) -> None:
        if row is None:
            for fact in (self.paragraphs, self.exhibits, self.jurat):
                fact.clear()
            return
        self.heading.setText(f"Declaration of {row.declarant}")
        self.paragraphs.setText(str(len(row.paragraphs)))
        exhibits = row.exhibit_set.exhibits if row.exhibit_set else []
        self.exhibits.setText(f"{len(exhibits)} ({row.exhibit_set.name})" if exhibits
                              else "None")
        self.jurat.setText(jurat(row))



# --- the lawsuit ----------------------------------------------------------------------------


class MatterEditor(RowEditor):
    KEY = "matter"
    NOUN = "lawsuit"
    FIELDS = (
        Field("short_title", "Short title", tip="How the case file and the papers name the "
              "case, e.g. IDP v. DHS"),
        Field("caption", "Caption", "wrapped", "The parties as the complaint's caption names "
              "them"),
        Field("court", "Court"),
        Field("docket_no", "Docket no.", tip="The docket number, as the court's docket shows "
              "it, e.g. 1:20-cv-08000", what="docket number"),
        Field("judge", "Judge"),
        Field("filed_on", "Filed on", "date", "The day the complaint was filed. The answer "
              "runs from service on the United States (Served on), not from this day",
              "filing date"),
        Field("served_on", "Served on", "date", "The day the United States was served (Fed. "
              "R. Civ. P. 4(i)): the answer is due 30 days after (5 U.S.C. § 552(a)(4)(C))",
              "service date"),
        Field("summary", "Summary", "long", "What the suit is about, in a few sentences"),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # A caption names every party: five lines show a usual one whole.
        caption = self.inputs["caption"]
        caption.setFixedHeight(caption.fontMetrics().lineSpacing() * 5 + 12)
        self.answer = self._fact("Answer due")
        self.answer.setToolTip("The government's answer, from the service date")
        self._finish_layout()

    def _show_facts(self, session, row) -> None:
        if row is None:
            self.answer.clear()
            return
        self.heading.setText(row.short_title)
        answer = answer_due(row)
        self.answer.setText(long_date(answer.due) if answer else "Not served yet")



# --- a production ---------------------------------------------------------------------------


def request_choices(session: CaseSession | None) -> list[tuple[str, Any]]:
    """The case's requests for a combo, with a blank for none."""
    return [("—", None)] + (request_list(session) if session is not None else [])


class ProductionEditor(RowEditor):
    KEY = "productions"
    NOUN = "production"
    FIELDS = (
        Field("title", "Title", "wrapped", "How the agency's cover letter names the release, "
              "e.g. First interim release"),
        Field("produced_on", "Produced on", "date", "The day the release reached you",
              "production date"),
        Field("request_id", "Request", "choice", "The request the release answers",
              "request"),
        Field("bates_begin", "First Bates", tip="The Bates number on the release's first page",
              what="first Bates number"),
        Field("bates_end", "Last Bates", tip="The Bates number on the release's last page",
              what="last Bates number"),
        Field("pages_released_full", "Released in full", "count",
              "Pages released in full, as the cover letter counts them",
              "pages released in full"),
        Field("pages_released_part", "Released in part", "count",
              "Pages released with redactions", "pages released in part"),
        Field("pages_withheld_full", "Withheld in full", "count",
              "Pages withheld in full: each should have a Vaughn entry",
              "pages withheld in full"),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.documents = self._fact("Documents")
        self.documents.setToolTip("The documents this release delivered, listed below")
        self.cover_letter = self._fact("Cover letter")
        self.pages_bar = PagesBar()  # the letter's page counts, as `vaughn stats` reads them
        self.form.addRow("Pages", self.pages_bar)
        self._finish_layout()

    def _show_facts(self, session, row) -> None:
        self._set_choices("request_id", request_choices(session))
        if row is None:
            self.documents.clear()
            self.cover_letter.clear()
            self.pages_bar.set_pages(0, 0, 0)
            return
        self.heading.setText(row.title)
        counted = next((p for p in by_production(session) if p.production_id == row.id), None)
        self.pages_bar.set_pages(*((counted.released_full, counted.released_part,
                                    counted.withheld_full) if counted else (0, 0, 0)))
        pages = sum(d.document.page_count or 0 for d in row.documents)
        self.documents.setText(f"{len(row.documents):,}, {pages:,} pages" if row.documents
                               else "None yet: import the release's files into it")
        letter = row.cover_letter
        self.cover_letter.setText(f"{letter.subject or letter.kind.value} "
                                  f"({long_date(letter.dated)})" if letter else "None")



# --- a document -----------------------------------------------------------------------------


class DocumentEditor(RowEditor):
    KEY = "documents"
    NOUN = "document"
    FIELDS = (
        Field("title", "Title", "wrapped", "What the document is, as an exhibit list or "
              "index would name it; its file name is kept as imported"),
        Field("privileged", "Privileged", "check", "A bundle refuses a privileged document "
              "unless you let it in by name", "privilege mark"),
        Field("work_product", "Attorney work product", "check", "A bundle refuses work "
              "product unless you let it in by name", "work product mark"),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.kind = self._fact("File")
        self.bates = self._fact("Bates")
        self.productions = self._fact("Produced in")
        self.exhibits = self._fact("Exhibit")
        self._finish_layout()

    def _show_facts(self, session, row) -> None:
        if row is None:
            for fact in (self.kind, self.bates, self.productions, self.exhibits):
                fact.clear()
            return
        self.heading.setText(row.origin or row.name)
        pages = f", {row.page_count:,} page{'s' if row.page_count != 1 else ''}" \
            if row.page_count else ""
        self.kind.setText(f"{row.name}{pages}")
        facts = changing.document_facts(session, row.id)
        self.bates.setText(facts.bates)
        self.productions.setText("\n".join(facts.productions) or "Not part of a production")
        self.exhibits.setText("\n".join(facts.exhibits) or "Not an exhibit")



# --- the people of the case -----------------------------------------------------------------

_ROLES = changing.PARTY_ROLES


def agency_choices(session: CaseSession | None) -> list[tuple[str, Any]]:
    return [("—", None)] + (agency_list(session) if session is not None else [])


def party_choices(session: CaseSession | None) -> list[tuple[str, Any]]:
    return [("The plaintiffs (all of them)", None)] + (
        party_list(session) if session is not None else [])


class PartyEditor(RowEditor):
    KEY = "parties"
    NOUN = "party"
    FIELDS = (
        Field("name", "Name", tip="The full name, as the caption gives it"),
        Field("role", "Role", "choice", choices=_ROLES),
        Field("short_name", "Short name", tip="How the papers name it for short, e.g. IDP",
              what="short name"),
        Field("agency_id", "Agency", "choice", "For a defendant: the agency it is, so that "
              "service and appeals find its address", "agency"),
        Field("description", "Description", "wrapped", "What it is and does, and where it is "
              "based: the complaint's paragraph on this party"),
        Field("address", "Address", "long", "Its mailing address, one line per line"),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._finish_layout()

    def _show_facts(self, session, row) -> None:
        self._set_choices("agency_id", agency_choices(session))
        if row is not None:
            self.heading.setText(f"{row.name} ({row.role.value})")


class CounselEditor(RowEditor):
    KEY = "counsel"
    NOUN = "counsel"
    FIELDS = (
        Field("name", "Name"),
        Field("party_id", "Appears for", "choice", "The party they represent; the "
              "plaintiffs as a whole for our own lawyers. A defendant's counsel sign the "
              "defendants' block", "party represented"),
        Field("firm", "Firm", tip="Firm or organisation, or the U.S. Attorney's Office"),
        Field("bar_no", "Bar no.", tip="The bar number the signature block states",
              what="bar number"),
        Field("admission", "Admission", tip="When not a member of this court's bar: "
              "“admitted pro hac vice”, “pro hac vice application pending”"),
        Field("is_lead", "Lead counsel (signs first)", "check", what="lead counsel"),
        Field("of_counsel", "Of counsel", "check", what="of counsel"),
        Field("phone", "Telephone", what="telephone"),
        Field("email", "Email", what="email"),
        Field("address", "Address", "long", "One line per line, as the signature block "
              "prints it"),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._finish_layout()

    def _show_facts(self, session, row) -> None:
        self._set_choices("party_id", party_choices(session))
        if row is not None:
            self.heading.setText(row.name)


# list key → (editor, apply(session, row_id, values) for ui.undo.ChangeFields)
EDITORS: dict[str, tuple[type[RowEditor], Callable[..., None]]] = {
    key: (editor, changing.APPLY[key]) for key, editor in (
        ("matter", MatterEditor), ("requests", RequestEditor),
        ("correspondence", CorrespondenceEditor), ("declarations", DeclarationEditor),
        ("productions", ProductionEditor), ("documents", DocumentEditor),
        ("parties", PartyEditor), ("counsel", CounselEditor))
}
