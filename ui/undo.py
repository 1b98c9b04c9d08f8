"""Edits that Edit > Undo can take back: each one transaction, each way.

An edit is applied once before it joins the undo stack, so a refused edit
(an entry number already taken, a read-only case) shows its one sentence and
leaves nothing to undo. Redo and undo apply the new or the old values through
the same casefile function, in a transaction of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy.orm import Session

from casefile.errors import CasefileError
from casefile.removal import Removed, put_back
from casefile.store import CaseFile

# apply(session, row_id, values): changes one row through a casefile function.
Apply = Callable[[Session, int, dict[str, Any]], None]


class ChangeFields(QUndoCommand):
    def __init__(self, case: CaseFile, row_id: int, apply: Apply, old: dict[str, Any],
                 new: dict[str, Any], text: str, *, after: Callable[[int], None],
                 failed: Callable[[str], None]) -> None:
        super().__init__(text)
        self.case, self.row_id, self.apply = case, row_id, apply
        self.old, self.new = old, new
        self.after, self.failed = after, failed
        self._skip_first_redo = True

    def _run(self, values: dict[str, Any]) -> bool:
        try:
            with self.case.transaction() as s:
                self.apply(s, self.row_id, values)
        except CasefileError as exc:
            self.failed(exc.message)
            return False
        self.after(self.row_id)
        return True

    def redo(self) -> None:
        if self._skip_first_redo:  # push() calls redo; the edit was applied already
            self._skip_first_redo = False
            return
        self._run(self.new)

    def undo(self) -> None:
        self._run(self.old)


class AddRow(QUndoCommand):
    """A new row: undo deletes it, redo makes it again (under a new id)."""

    def __init__(self, case: CaseFile, add: Callable[[Session], int],
                 remove: Callable[[Session, int], None], text: str, *,
                 after: Callable[[int | None], None], failed: Callable[[str], None]) -> None:
        super().__init__(text)
        self.case, self.add, self.remove = case, add, remove
        self.after, self.failed = after, failed
        self.row_id: int | None = None
        self._skip_first_redo = True

    def _run(self, adding: bool) -> bool:
        try:
            with self.case.transaction() as s:
                if adding:
                    self.row_id = self.add(s)
                else:
                    self.remove(s, self.row_id)
        except CasefileError as exc:
            self.failed(exc.message)
            return False
        self.after(self.row_id if adding else None)
        return True

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._run(True)

    def undo(self) -> None:
        self._run(False)


class RemoveRow(QUndoCommand):
    """A deleted row: undo puts it back whole (casefile.removal), under its own id."""

    def __init__(self, case: CaseFile, row_id: int, remove: Callable[[Session, int], Removed],
                 text: str, *, after: Callable[[int | None], None],
                 failed: Callable[[str], None]) -> None:
        super().__init__(text)
        self.case, self.row_id, self.remove = case, row_id, remove
        self.after, self.failed = after, failed
        self.removed: Removed | None = None
        self._skip_first_redo = True

    def _run(self, removing: bool) -> bool:
        try:
            with self.case.transaction() as s:
                if removing:
                    self.removed = self.remove(s, self.row_id)
                else:
                    put_back(s, self.removed)
        except CasefileError as exc:
            self.failed(exc.message)
            return False
        self.after(None if removing else self.row_id)
        return True

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._run(True)

    def undo(self) -> None:
        self._run(False)


def push(stack: QUndoStack, command: ChangeFields | AddRow | RemoveRow) -> bool:
    """Apply the edit; on success put it on the stack. False when refused."""
    applied = (command._run(True) if isinstance(command, AddRow | RemoveRow)
               else command._run(command.new))
    if not applied:
        return False
    stack.push(command)
    return True
