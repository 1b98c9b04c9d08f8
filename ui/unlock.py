"""Unlock an encrypted PDF from its document page: the password asked once, kept nowhere.

The work is ``casefile.ingest.unlock.unlock`` (the command line and the tests
call it too), run on the case-file worker. The password lives in one local
variable of the job and goes with it: no setting, no log, no undo entry.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from ui.document_view import PASSWORD_MESSAGE, DocumentView
from ui.worker import Job

LOCKED_NOTE = "encrypted: cannot be filed until unlocked"


def ask_password(parent: QWidget, name: str) -> str | None:
    """The password, typed into a masked box; None when the user cancels."""
    password, ok = QInputDialog.getText(
        parent, "Unlock PDF", f"The password of {name}\n(used once to decrypt it; Casefile "
        "does not keep it):", QLineEdit.EchoMode.Password)
    return password if ok else None


def locked_files(report) -> str:
    """A sentence for an import that stored encrypted PDFs it could not read ("" if none)."""
    locked = [r for r in report.results
              if r.status == "added" and any(n.startswith(LOCKED_NOTE) for n in r.notes)]
    if not locked:
        return ""
    which = "1 PDF is" if len(locked) == 1 else f"{len(locked)} PDFs are"
    return (f" {which} encrypted: to read and file it, open its page and choose "
            "Unlock.")


class Unlocker:
    """Offers Unlock on a document page that could not show a PDF for its password."""

    def __init__(self, window) -> None:
        self.window = window
        self._document_id: int | None = None
        self._view: DocumentView | None = None

    def offer(self, view: DocumentView, document_id: int, shown: bool) -> None:
        """After ``view`` tried to show document ``document_id``: an Unlock button
        when its password stopped it, none otherwise."""
        locked = not shown and view.message() == PASSWORD_MESSAGE
        self._document_id, self._view = (document_id, view) if locked else (None, None)
        view.offer_unlock(self.start if locked else None)

    def start(self, password_asker: Callable[[QWidget, str], str | None] = ask_password
              ) -> Job | None:
        window, document_id, view = self.window, self._document_id, self._view
        if window.case is None or document_id is None:
            return None
        case = window.case
        from casefile.ingest.unlock import name_of

        password = password_asker(window, name_of(case, document_id))
        if password is None:
            return None

        def work(_progress, _cancel):
            from casefile.ingest.unlock import unlock

            return unlock(case, document_id, password)

        def done(result) -> None:
            window._imported()  # new bytes and pages: undo before it would lie
            window._say_briefly(result.line())
            window.show_document(document_id, view=view, go=view is window.document_view)

        return window.worker.submit(Job("Unlocking the PDF", work, on_done=done,
                                        on_failed=window._error))
