"""Edits that Edit > Undo can take back: each one transaction, each way.

An edit is applied once before it joins the undo stack, so a refused edit
(an entry number already taken, a read-only case) shows its one sentence and
leaves nothing to undo. Redo and undo apply the new or the old values through
the same casefile function, in a transaction of their own.

A row taken back (Undo of an Add, or a Delete) is deleted through
casefile.removal, which keeps what puts it back: Redo of an Add and Undo of a
Delete restore the very row, under the id that the edits after it on the
stack name.

While a job on the worker holds the write lock (an import, file by file), an
edit, an undo and a redo are applied on the edit queue's thread, never on the
UI thread: the command counts as made, and its outcome (the view
refreshed, or its one sentence and the history cleared) arrives when the lock
is free. The edits after it keep their order behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from casefile.errors import CasefileError, EditConflict
from casefile.removal import Removed, put_back
from casefile.store import CaseFile
from ui import edit_queue

# A session of the case, as CaseFile hands it to casefile's functions: the window only
# passes it on, never queries through it, and so names no SQLAlchemy type.
CaseSession = Any

# apply(session, row_id, values): changes one row through a casefile function.
Apply = Callable[[CaseSession, int, dict[str, Any]], None]
# remove(session, row_id): deletes one row through casefile.removal.
Remove = Callable[[CaseSession, int], Removed]


class AppliedOnce(QUndoCommand):
    """A command whose first application happens in ``push``, before it joins the stack
    (QUndoStack.push calls redo, which then has nothing to do)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._skip_first_redo = True
        self.stack: QUndoStack | None = None  # set by push()

    def apply(self, forward: bool) -> bool:
        """Do (True) or take back (False) the edit; False when the case refused."""
        raise NotImplementedError

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._again(True)

    def undo(self) -> None:
        self._again(False)

    def _again(self, forward: bool) -> None:
        # QUndoStack moves its index whether or not the step could be taken. A step
        # refused (the case busy, a row gone) would leave the history describing a
        # case that is not there, so the history goes: what is shown is what is held.
        if not self.apply(forward) and self.stack is not None:
            QTimer.singleShot(0, self.stack.clear)  # not from inside its own undo()


# Hears the tables each applied step wrote (the window: the sections showing them read
# the case again); set by ``on_changes``.
_changed: Callable[[frozenset[str], bool], None] | None = None


def on_changes(listener: Callable[[frozenset[str], bool], None] | None) -> None:
    global _changed
    _changed = listener


class _InCase(AppliedOnce):
    """Each application one transaction; a refusal told through ``failed``."""

    def __init__(self, case: CaseFile, text: str, failed: Callable[[str], None]) -> None:
        super().__init__(text)
        self.case, self.failed = case, failed
        self.tables: frozenset[str] = frozenset()  # what the last application wrote
        # Hears a first save refused over someone else's newer one, to offer both
        # values (ChangeFields); None: it is told through ``failed`` as any refusal.
        self.conflicted: Callable[[EditConflict], None] | None = None

    def apply(self, forward: bool) -> bool:
        if edit_queue.must_queue(self.case):
            # True: taken, and on its way. A refusal later says so and clears the history.
            edit_queue.edit_queue().submit(lambda: self._write(forward),
                                           lambda error: self._outcome(forward, error, True))
            return True
        try:
            # On the queue's thread, this thread waiting: the window never waits on
            # the case (a server's round trips, another user's row lock) itself.
            edit_queue.edit_queue().run(lambda: self._write(forward))
        except CasefileError as exc:
            self._outcome(forward, exc, False)
            return False
        self._outcome(forward, None, False)
        return True

    def _write(self, forward: bool) -> None:
        # On a server, a save given up in a deadlock with another user's is run
        # again by the case (``CaseFile.write``): ``change`` keeps nothing of a failed try.
        self.tables = self.case.apply(self.change, forward).tables

    def _outcome(self, forward: bool, error: CasefileError | None, queued: bool) -> None:
        if error is None:
            if _changed is not None and self.tables:
                # The views that show what changed; the first application was made on
                # the page shown, which refreshes itself in ``done`` (an undo may come
                # from any page). Told first, so that the window knows the view's own
                # "changed" that follows is answered already.
                _changed(self.tables, self.stack is None)
            self.done(forward)
            return
        # Applied at once, a refused first edit never joins the stack (nothing to clear);
        # queued, it joined the stack already, and the history must go as a refused
        # undo's does (``_again`` clears it for a step refused at once).
        cleared = self.stack is not None
        if forward and isinstance(error, EditConflict) and self.conflicted is not None:
            if queued and cleared:
                QTimer.singleShot(0, self.stack.clear)  # the step never happened
            self.conflicted(error)
            return
        self.failed(error.message + (" The undo history is cleared: the case is as you see "
                                     "it now." if cleared else ""))
        if queued and self.stack is not None:
            QTimer.singleShot(0, self.stack.clear)

    def change(self, session: CaseSession, forward: bool) -> None:
        raise NotImplementedError

    def done(self, forward: bool) -> None:
        raise NotImplementedError


class ChangeFields(_InCase):
    def __init__(self, case: CaseFile, row_id: int, apply: Apply, old: dict[str, Any],
                 new: dict[str, Any], text: str, *, after: Callable[[int], None],
                 failed: Callable[[str], None],
                 check: Callable[[CaseSession], None] | None = None,
                 conflicted: Callable[[EditConflict], None] | None = None) -> None:
        super().__init__(case, text, failed)
        self.conflicted = conflicted
        self.row_id, self.fields = row_id, apply
        self.old, self.new = old, new
        self.after = after
        # Run before the first change only: the row must still be the version the
        # user saw (an undo and redo later move the version themselves).
        self.check = check

    def change(self, session: CaseSession, forward: bool) -> None:
        if forward and self.check is not None:
            self.check(session)
        self.fields(session, self.row_id, self.new if forward else self.old)

    def done(self, forward: bool) -> None:
        # Dropped once saved, not when checked: a try the server gave up checks again.
        self.check = None
        self.after(self.row_id)


class AddRow(_InCase):
    """A new row: undo deletes it (keeping what puts it back), redo puts it back."""

    def __init__(self, case: CaseFile, add: Callable[[CaseSession], int], remove: Remove,
                 text: str, *, after: Callable[[int | None], None],
                 failed: Callable[[str], None]) -> None:
        super().__init__(case, text, failed)
        self.add, self.remove, self.after = add, remove, after
        self.row_id: int | None = None
        self.removed: Removed | None = None

    def change(self, session: CaseSession, forward: bool) -> None:
        if not forward:
            self.removed = self.remove(session, self.row_id)
        elif self.removed is not None:
            put_back(session, self.removed)
        else:
            self.row_id = self.add(session)

    def done(self, forward: bool) -> None:
        self.after(self.row_id if forward else None)


class RemoveRow(_InCase):
    """A deleted row: undo puts it back whole, under its own id."""

    def __init__(self, case: CaseFile, row_id: int, remove: Remove, text: str, *,
                 after: Callable[[int | None], None], failed: Callable[[str], None]) -> None:
        super().__init__(case, text, failed)
        self.row_id, self.remove, self.after = row_id, remove, after
        self.removed: Removed | None = None

    def change(self, session: CaseSession, forward: bool) -> None:
        if forward:
            self.removed = self.remove(session, self.row_id)
        else:
            put_back(session, self.removed)

    def done(self, forward: bool) -> None:
        self.after(None if forward else self.row_id)


def push(stack: QUndoStack, command: AppliedOnce) -> bool:
    """Apply the edit; on success put it on the stack. False when refused."""
    if not command.apply(True):
        return False
    command.stack = stack
    stack.push(command)
    return True
