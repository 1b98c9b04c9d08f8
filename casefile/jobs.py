"""What long work shares: a progress callback and a cancel token.

The import, the bundle build, the exports and OCR take these, so the command
line, the tests and the window's worker thread run the very same functions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from casefile.errors import CasefileError

# progress(done, total, note): the note names what is being worked on now.
Progress = Callable[[int, int, str], None]


class Cancelled(CasefileError):
    def __init__(self, message: str = "Cancelled; nothing was changed.") -> None:
        super().__init__(message)


class CancelToken:
    """Set from any thread; long work checks it between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise Cancelled when cancelled: for work that stops between steps."""
        if self._event.is_set():
            raise Cancelled()
