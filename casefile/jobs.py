"""What long work shares: a progress callback, a cancel token, and a child
process to run in.

The import, the bundle build, the exports and OCR take these, so the command
line, the tests and the window's worker thread run the very same functions.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from typing import Any

from casefile import limits as _limits
from casefile.errors import CasefileError

log = logging.getLogger(__name__)

# progress(done, total, note): the note names what is being worked on now.
Progress = Callable[[int, int, str], None]


class Cancelled(CasefileError):
    def __init__(self, message: str = "Cancelled; nothing was changed.") -> None:
        super().__init__(message)


class CancelToken:
    """Set from any thread; long work checks it between steps."""

    def __init__(self, event: Any = None) -> None:
        # A multiprocessing Event when the work runs in a child process.
        self._event = event if event is not None else threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise Cancelled when cancelled: for work that stops between steps."""
        if self._event.is_set():
            raise Cancelled()


def in_child(work: Callable[..., Any], /, *args: Any, progress: Progress | None = None,
             cancel: CancelToken | None = None,
             limits: _limits.ProcessLimits | None = None, **kwargs: Any) -> Any:
    """``work(*args, progress=…, cancel=…, **kwargs)`` in a child process; its result.

    Why: C libraries such as pikepdf hold Python's GIL for long stretches, and
    a thread running them starves the window's thread (a 2,500-page bundle
    froze it for two thirds of a second at a time). A child process has its
    own GIL. ``work`` must be a module-level function and its arguments and
    result picklable; its CasefileError arrives here as one (Cancelled as
    Cancelled), and a crash as a CasefileError saying so.

    ``limits`` bound the child when it reads files from outside (an exhibit,
    a PDF to preflight, an agency's index): an address-space ceiling, so a
    bomb meets MemoryError rather than the machine's swap, and a time it may
    stay silent (no progress, no result) before it is killed.
    """
    limits = limits or _limits.ProcessLimits(memory=None, quiet=None)
    context = multiprocessing.get_context("spawn")  # no fork: the parent runs threads
    stop = context.Event()
    here, there = context.Pipe()
    child = context.Process(target=_serve, args=(there, work, args, kwargs, stop,
                                                 limits.memory), daemon=True)
    child.start()
    there.close()
    heard = time.monotonic()
    doing = ""  # the last progress note, to say where a killed child was
    try:
        while True:
            if cancel is not None and cancel.cancelled:
                stop.set()  # the child stops at its next check and tidies up after itself
            if not here.poll(0.05):
                if not child.is_alive() and not here.poll(0):
                    where = f" while {doing[:1].lower()}{doing[1:]}" if doing else ""
                    why = ("its process ended, most likely on a file too large or malformed "
                           "to read") if limits.memory is not None else "its process ended"
                    raise CasefileError(f"The work stopped unexpectedly{where} ({why}); "
                                        "nothing was written.")
                if limits.quiet is not None and time.monotonic() - heard > limits.quiet:
                    child.kill()
                    where = f" at {doing}" if doing else ""
                    raise CasefileError(f"The work made no progress for {limits.quiet:.0f} "
                                        f"seconds{where}, so it was stopped; nothing was "
                                        "written.")
                continue
            try:
                message = here.recv()
            except EOFError:
                continue  # the child is gone: the next turn says so
            heard = time.monotonic()
            kind, *rest = message
            if kind == "progress":
                doing = str(rest[-1]) if rest else doing
                if progress is not None:
                    progress(*rest)
            elif kind == "done":
                return rest[0]
            elif kind == "cancelled":
                raise Cancelled(rest[0])
            elif kind == "error":
                error = rest[0]
                raise error if isinstance(error, CasefileError) else CasefileError(error)
            else:  # "crash"
                log.error("%s failed in its process:\n%s", getattr(work, "__name__", work),
                          rest[1])
                raise CasefileError(f"The work stopped on an unexpected error ({rest[0]}); "
                                    "nothing was written. The details are in the log.")
    finally:
        here.close()
        child.join(timeout=10)
        if child.is_alive():
            child.kill()


def _serve(conn, work, args, kwargs, stop, memory) -> None:  # pragma: no cover - in the child
    import signal
    import traceback

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limits.apply_memory(memory)
    try:
        result = work(*args, progress=lambda *p: conn.send(("progress", *p)),
                      cancel=CancelToken(stop), **kwargs)
        conn.send(("done", result))
    except Cancelled as exc:
        conn.send(("cancelled", exc.message))
    except CasefileError as exc:
        conn.send(("error", _portable(exc)))
    except MemoryError:
        conn.send(("error", f"Stopped: {_limits.too_much_memory()}; nothing was written."))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which logs it
        conn.send(("crash", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    finally:
        conn.close()


def _portable(exc: CasefileError) -> CasefileError | str:
    """The error itself when it survives pickling (so the parent can tell an
    InputError from a CaseLocked), else its sentence."""
    import pickle

    try:
        back = pickle.loads(pickle.dumps(exc))
        return back if type(back) is type(exc) and back.message == exc.message else exc.message
    except Exception:  # noqa: BLE001 - an error class whose __init__ wants more
        return exc.message


def call_in_child(function: Callable[..., Any], /, *args: Any,
                  limits: _limits.ProcessLimits = _limits.READING) -> Any:
    """``function(*args)`` in a child process with ``limits``: for reading one file
    from outside (no progress, no cancel). ``function`` must be module-level."""
    return in_child(_plain, function, args, limits=limits)


def _plain(function, args, *, progress, cancel):  # pragma: no cover - in the child
    return function(*args)
