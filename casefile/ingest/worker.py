"""The reader process: file parsing kept out of the app's own process.

PDF and image libraries are C code fed with whatever an agency sent. A file
that sends one into an endless loop or a crash must cost one line in the
import report, not the app. So every file is read in a child process that
streams pages back; if it goes quiet for ``QUIET_LIMIT_S`` seconds, or dies,
it is killed, the file is reported, and a fresh child takes the next file.
The child holds the limits of ``casefile.limits``: an address-space
ceiling, and readers that refuse a file past its pixels, pages or parts.
"""

from __future__ import annotations

import multiprocessing
import signal
from pathlib import Path

from casefile import limits
from casefile.ingest import kinds
from casefile.ingest.extract import Emit, Extraction, Unreadable, extract
from casefile.ingest.mail import Mail
from casefile.ingest.mail import read as read_mail

# No page (or OCR of a page) should take this long; a file that goes this
# long without a page is taken to hang.
QUIET_LIMIT_S = limits.QUIET_SECONDS
# A reader that needs more memory than this is fed a bomb.
MEMORY_LIMIT = limits.MEMORY_BYTES
# A new child's own start (an interpreter, its imports) is not a file's
# reading: on a loaded laptop it took over 2 s, which a short quiet limit
# counted against the first file. It has this long to say it is ready.
START_LIMIT_S = 60


def _serve(conn, memory: int | None = MEMORY_LIMIT) -> None:  # pragma: no cover - child
    # Ctrl-C in the terminal reaches the whole process group; the app handles
    # it (and kills this reader), so the reader must not print its own trace.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limits.apply_memory(memory)
    # Every file's text is checked for privacy as it is read: loaded here, as
    # part of the start, not of the first file's quiet time.
    import casefile.privacy.stored  # noqa: F401
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        what, kind, path, options = job
        try:
            if what == "mail":
                result = read_mail(kind, Path(path), Path(options["attachments_dir"]))
                from casefile.privacy.check import check_texts

                # Its text is checked here, as a file's pages are (its attachments are
                # read, and checked, as files of their own).
                result.privacy = check_texts({1: result.as_text()})
            else:
                from casefile.privacy.stored import TextCheck

                def send(*page):
                    conn.send(("page", *page))

                # A PDF is checked for privacy as its pages are read (extract.pdf);
                # any other file's text is checked here, page by page as it is sent.
                checked = None if kind == kinds.PDF else \
                    TextCheck(send, scanned=kind in kinds.IMAGES)
                result = extract(kind, Path(path), checked or send,
                                 password=options.get("password"), ocr=options.get("ocr", True))
                if checked is not None and result.privacy is None:
                    result.privacy = checked.report
            conn.send(("done", result))
        except Unreadable as exc:
            conn.send(("unreadable", str(exc)))
        except MemoryError:
            conn.send(("unreadable", limits.too_much_memory()))
        except RecursionError:
            conn.send(("unreadable", "its structure loops back on itself"))
        except Exception as exc:  # a library's own failure on a malformed file
            conn.send(("unreadable", f"it could not be read ({type(exc).__name__}: "
                                     f"{str(exc)[:200]})"))


def _extract_job(kind: str, path: Path, password: str | None, ocr: bool) -> tuple:
    return ("extract", kind, str(path), {"password": password, "ocr": ocr})


class Reader:
    """One child process reading files on request; restarted when it fails."""

    def __init__(self, quiet_limit: float = QUIET_LIMIT_S,
                 memory_limit: int | None = MEMORY_LIMIT) -> None:
        self.quiet_limit = quiet_limit
        self.memory_limit = memory_limit
        self._process = None
        self._conn = None
        self._starting = False  # the child has not said "ready" yet
        # Jobs sent ahead (``read_ahead``) whose answers are still in the pipe, in
        # order: the child reads the next file while the app stores this one.
        self._ahead: list[tuple] = []

    def _ensure(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child, self.memory_limit), daemon=True,
                                  name="casefile-reader")
        process.start()
        child.close()
        self._process, self._conn = process, parent
        self._starting = True

    def extract(self, kind: str, path: Path, on_page: Emit, *, password: str | None = None,
                ocr: bool = True) -> Extraction:
        return self._run(_extract_job(kind, path, password, ocr), on_page)

    def read_ahead(self, kind: str, path: Path, *, password: str | None = None,
                   ocr: bool = True) -> None:
        """Send the next file to the child now, while the app still stores the last:
        the child reads it meanwhile (its pages wait in the pipe) and ``extract``
        with the same arguments takes them. Why: the app's writing and the
        child's reading each took about half the time, one after the other;
        on two cores they overlap. Only one file is sent ahead, so a killed
        child loses at most that one, which ``extract`` then sends again."""
        if self._ahead:
            return
        self._ensure()
        job = _extract_job(kind, path, password, ocr)
        self._conn.send(job)
        self._ahead.append(job)

    def mail(self, kind: str, path: Path, attachments_dir: Path) -> Mail:
        return self._run(("mail", kind, str(path), {"attachments_dir": str(attachments_dir)}),
                         None)

    def _run(self, job, on_page):
        if self._ahead and self._ahead[0] != job:
            # What was sent ahead is not wanted after all (the file turned out to
            # be a copy of the one just stored): its pages are in the way.
            self.abort()
        if self._ahead:
            self._ahead.pop(0)
        else:
            self._ensure()
            self._conn.send(job)
        while True:
            limit = max(self.quiet_limit, START_LIMIT_S) if self._starting else self.quiet_limit
            if not self._conn.poll(limit):
                self.abort()
                raise Unreadable(limits.too_slow(limit))
            try:
                message = self._conn.recv()
            except (EOFError, OSError):
                self.abort()
                raise Unreadable("the reader crashed on it (the file is likely malformed)") \
                    from None
            if message[0] == "ready":
                self._starting = False
            elif message[0] == "page":
                try:
                    on_page(*message[1:])
                except BaseException:
                    self.abort()  # it is still sending this file's pages
                    raise
            elif message[0] == "done":
                return message[1]
            else:
                raise Unreadable(message[1])

    @property
    def reading_ahead(self) -> bool:
        """Whether a file sent ahead has not been taken yet."""
        return bool(self._ahead)

    def abort(self) -> None:
        """Kill the child (a hung or cancelled file); the next job starts a new one."""
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None
        self._ahead = []

    def close(self) -> None:
        if self._ahead:
            # The child is reading a file no one will take (a cancel, a stop):
            # it may be blocked sending pages, so it cannot hear a polite end.
            self.abort()
        if self._process is not None and self._process.is_alive():
            try:
                self._conn.send(None)
                self._process.join(5)
            except (OSError, ValueError):
                pass
        self.abort()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

