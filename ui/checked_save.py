"""A save of fields a view shows, checked against the version it showed, and settled
field by field when someone else saved the row meanwhile.

Every editor of the window saves this way (the lists' editors, the lawsuit page,
a Vaughn entry, a deadline, an exhibit): the edit is one step to undo
(``ui.undo.ChangeFields``), and before its first application the case checks
that the row is still the version the view showed (``casefile.edits.still_as_shown``).
When it is not (``EditConflict``), nothing is written over the other person's save:

- a field only they changed keeps their value;
- a field only the user changed is saved over their version, without asking;
- a field both changed is offered side by side (``ConflictDialog``), theirs chosen
  until the user picks their own; Cancel saves nothing of the user's.

Meanwhile the view shows what the case holds now (theirs). A second save refused
while settling (a third person) is settled the same way again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from casefile.errors import EditConflict
from casefile.store import CaseFile
from ui.conflict_dialog import ConflictDialog
from ui.editors import Field
from ui.undo import Apply, ChangeFields, push


@dataclass
class Editing:
    """What a view's saves of one row need, again when a save must be settled."""

    parent: QWidget  # the conflict dialog's parent
    case: CaseFile
    undo: QUndoStack
    table: str  # the row's table, as the case names it ("deadline")
    row_id: int
    apply: Apply  # apply(session, row_id, values): the casefile function that saves
    noun: str  # "deadline": the dialog's title, the status line
    after: Callable[[int], None]  # a save, its undo or redo applied: show the row again
    failed: Callable[[str], None]  # a refusal's sentence
    say: Callable[[str], None]  # a brief status line
    reshow: Callable[[], None]  # show what the case holds now
    fields: Callable[[list[str]], list[Field]]  # the fields named, with the choices shown
    hold: Callable[[ConflictDialog | None], None]  # where the open dialog is kept
    # Told when a refused save is being settled (a dialog of the view's own that
    # waits for the save's outcome can close: the conflict is handled apart from it).
    settling: Callable[[], None] | None = None


def save(editing: Editing, old: dict[str, Any], new: dict[str, Any], version: int | None,
         text: str) -> bool:
    """Save ``new`` over ``old`` as one step to undo, if the row is still at ``version``
    (None checks nothing). False when refused at once (its sentence told, or the
    conflict being settled)."""
    table, row_id = editing.table, editing.row_id

    def still_as_shown(session) -> None:
        from casefile.edits import still_as_shown as check

        check(session, table, row_id, version, new)

    command = ChangeFields(editing.case, row_id, editing.apply, old, new, text,
                           after=editing.after, failed=editing.failed, check=still_as_shown,
                           conflicted=lambda conflict: settle(editing, old, new, conflict, text))
    return push(editing.undo, command)


def settle(editing: Editing, old: dict[str, Any], new: dict[str, Any],
           conflict: EditConflict, text: str) -> ConflictDialog | None:
    """Merge the refused save with theirs, asking about the fields both changed;
    the dialog when one is open."""
    if editing.settling is not None:
        editing.settling()
    editing.reshow()  # theirs, while the user decides
    if conflict.deleted or conflict.version is None:
        editing.failed(conflict.message)
        return None
    theirs = conflict.theirs
    both = [k for k in new if k in theirs and theirs[k] != old.get(k) and theirs[k] != new[k]]
    only_mine = {k: v for k, v in new.items() if k not in both and theirs.get(k) != v}

    def keep(kept: dict[str, Any]) -> None:
        editing.hold(None)
        if not kept:
            editing.reshow()
            return
        saved = save(editing, {k: theirs.get(k) for k in kept}, kept, conflict.version, text)
        if saved and not both:
            editing.say(f"Saved. {conflict.by or 'Someone else'} had changed other fields "
                        f"of this {editing.noun} meanwhile; their changes are kept.")

    if not both:
        keep(only_mine)
        return None
    dialog = ConflictDialog(conflict, editing.fields(both), new, editing.noun, editing.parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    # The slots name the dialog's choice, not the dialog: a closure holding the dialog
    # would keep its Python side alive past the deleteLater (a double free at exit).
    dialog.chosen.connect(lambda mine: keep(only_mine | {k: new[k] for k in mine}
                                            if mine is not None else {}))
    dialog.finished.connect(dialog.deleteLater)
    editing.hold(dialog)
    dialog.open()
    return dialog
