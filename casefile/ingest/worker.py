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
import os
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
# At most this many reader children at once (see ``readers_for``).
MAX_READERS = 2
# Text a child may have read and not yet handed over (``_Outbox``): a few
# files' worth of pages, so a child reading ahead rarely waits.
OUTBOX_BYTES = 8 * 1024**2
# Files sent ahead to one child at most. One was not enough: a child got its
# next file only once the app had taken all of its last, so while the app
# indexed and committed a long file both children sat idle with nothing sent.
AHEAD_PER_CHILD = 2


class _Outbox:
    """The child's messages, sent by a thread of their own so reading never waits
    on the pipe. Why: a pipe holds about 64 KB, a page of text often 20 KB or
    more, so a child reading ahead stopped after two or three pages until the
    app came to take them; with two children one always waited on the other.
    What waits here is bounded by ``OUTBOX_BYTES`` of text: past it ``put``
    waits, as a send on a full pipe did."""

    def __init__(self, conn, limit: int) -> None:
        import queue
        import threading

        self._conn = conn
        self._limit = limit
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._held = 0
        self._room = threading.Condition()
        threading.Thread(target=self._send, name="casefile-reader-outbox", daemon=True).start()

    @staticmethod
    def _weight(message: tuple) -> int:
        return sum(len(part) for part in message if isinstance(part, str))

    def put(self, *message) -> None:
        weight = self._weight(message)
        with self._room:
            # One message larger than the limit still goes, alone.
            self._room.wait_for(lambda: self._held == 0 or self._held + weight <= self._limit)
            self._held += weight
        self._queue.put(message)

    def _send(self) -> None:
        while True:
            message = self._queue.get()
            try:
                self._conn.send(message)
            except (OSError, ValueError):
                return  # the app is gone or killed us: nothing to send to
            with self._room:
                self._held -= self._weight(message)
                self._room.notify_all()


def _serve(conn, memory: int | None = MEMORY_LIMIT) -> None:  # pragma: no cover - child
    # Ctrl-C in the terminal reaches the whole process group; the app handles
    # it (and kills this reader), so the reader must not print its own trace.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limits.apply_memory(memory)
    # Every file's text is checked for privacy as it is read: loaded here, as
    # part of the start, not of the first file's quiet time.
    import casefile.privacy.import_check  # noqa: F401
    outbox = _Outbox(conn, OUTBOX_BYTES)
    outbox.put("ready")
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
                from casefile.privacy.import_check import TextCheck

                def send(*page):
                    outbox.put("page", *page)

                # A PDF is checked for privacy as its pages are read (extract.pdf);
                # any other file's text is checked here, page by page as it is sent.
                checked = None if kind == kinds.PDF else \
                    TextCheck(send, scanned=kind in kinds.IMAGES)
                result = extract(kind, Path(path), checked or send,
                                 password=options.get("password"), ocr=options.get("ocr", True))
                if checked is not None and result.privacy is None:
                    result.privacy = checked.report
            outbox.put("done", result)
        except Unreadable as exc:
            outbox.put("unreadable", str(exc))
        except MemoryError:
            outbox.put("unreadable", limits.too_much_memory())
        except RecursionError:
            outbox.put("unreadable", "its structure loops back on itself")
        except Exception as exc:  # a library's own failure on a malformed file
            outbox.put("unreadable", f"it could not be read ({type(exc).__name__}: "
                                     f"{str(exc)[:200]})")


def _extract_job(kind: str, path: Path, password: str | None, ocr: bool) -> tuple:
    return ("extract", kind, str(path), {"password": password, "ocr": ocr})


def readers_for(cores: int | None) -> int:
    """How many reader children an import runs: two on a machine of two cores or
    more (pdfium's reading was the import's slowest part, and each child reads
    one file), one on a single core. Never more, so a laptop stays responsive
    while a production is imported."""
    return max(1, min(MAX_READERS, cores or 1))


class _Child:
    """One reader process and its end of the pipe."""

    def __init__(self, memory_limit: int | None) -> None:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, memory_limit), daemon=True,
                                       name="casefile-reader")
        self.process.start()
        child.close()
        self.conn = parent
        self.starting = True  # it has not said "ready" yet

    def alive(self) -> bool:
        return self.conn is not None and self.process.is_alive()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Reader:
    """Child processes reading files on request (``children`` of them at most,
    ``readers_for`` the machine's cores unless said); a child that fails is
    replaced. Files are read one at a time per child, and taken in the order
    asked for: with two children reading ahead, every file still gets its own
    pages, and the caller stores them in its own order."""

    def __init__(self, quiet_limit: float = QUIET_LIMIT_S,
                 memory_limit: int | None = MEMORY_LIMIT, children: int | None = None) -> None:
        self.quiet_limit = quiet_limit
        self.memory_limit = memory_limit
        self.children = children or readers_for(os.cpu_count())
        self._children: list[_Child] = []
        # Jobs sent ahead (``read_ahead``) whose answers are still to be taken, in
        # the order sent, each with the child reading it.
        self._ahead: list[tuple[tuple, _Child]] = []
        self._last: _Child | None = None  # the child given the latest job

    @property
    def _process(self):
        """The process of the child given the latest job (what the tests kill)."""
        return self._last.process if self._last is not None else None

    def _idle(self) -> _Child:
        """The child to give a job: one with none if there is one (a running child
        first: a start costs a tenth of a second or more), else a new one while there are fewer than
        ``children``, else the one with the fewest files ahead. Call only with
        room (``can_read_ahead``, or nothing ahead)."""
        ahead = [child for _, child in self._ahead]
        for child in list(self._children):
            if child in ahead:
                continue
            if child.alive():
                return child
            child.kill()
            self._children.remove(child)
        if len(self._children) < self.children:
            child = _Child(self.memory_limit)
            self._children.append(child)
            return child
        return min(self._children, key=ahead.count)

    def _drop(self, child: _Child) -> None:
        """Kill one child (hung, crashed, or reading what no one will take)."""
        child.kill()
        if child in self._children:
            self._children.remove(child)
        self._ahead = [(job, c) for job, c in self._ahead if c is not child]

    def extract(self, kind: str, path: Path, on_page: Emit, *, password: str | None = None,
                ocr: bool = True) -> Extraction:
        return self._run(_extract_job(kind, path, password, ocr), on_page)

    def read_ahead(self, kind: str, path: Path, *, password: str | None = None,
                   ocr: bool = True) -> bool:
        """Send a coming file to a child now, while the app still stores the last:
        the child reads it meanwhile and ``extract`` with the same arguments takes
        its pages. Why: the app's writing and the children's reading overlap,
        and with two children two files are read at once. At most
        ``AHEAD_PER_CHILD`` files per child are sent ahead, so a killed child loses
        at most those, which ``extract`` then sends again. Whether it was sent
        (False: no child has room)."""
        job = _extract_job(kind, path, password, ocr)
        if not self.can_read_ahead or any(j == job for j, _ in self._ahead):
            return False
        child = self._idle()
        try:
            child.conn.send(job)
        except (OSError, ValueError):
            self._drop(child)  # it died meanwhile: the file is read in its turn
            return False
        self._ahead.append((job, child))
        self._last = child
        return True

    @property
    def can_read_ahead(self) -> bool:
        """Whether a child has room for a file sent ahead."""
        return len(self._ahead) < self.children * AHEAD_PER_CHILD

    def reading(self, path: Path) -> bool:
        """Whether ``path`` was sent ahead and not taken yet."""
        return any(job[2] == str(path) for job, _ in self._ahead)

    def mail(self, kind: str, path: Path, attachments_dir: Path) -> Mail:
        return self._run(("mail", kind, str(path), {"attachments_dir": str(attachments_dir)}),
                         None)

    def _take(self, job) -> _Child:
        """The child to answer ``job``: the one reading it ahead (those sent before
        it are not wanted after all: the caller takes files in the order it
        sent them), else a free one, given it now."""
        at = next((i for i, (j, _) in enumerate(self._ahead) if j == job), None)
        if at is not None:
            reading, before = self._ahead[at][1], self._ahead[:at]
            for _, child in before:
                self._drop(child)
            if all(child is not reading for _, child in before):
                _, child = self._ahead.pop(0)  # the jobs before it went with their children
                return child
            # Its own child had files before it that no one will take: it was dropped
            # with them, and the file is sent again below.
        # Not sent ahead (a copy of a file just stored, an email's attachment), or
        # lost with its child: what was sent ahead is in the way of its order; dropped.
        for _, child in list(self._ahead):
            self._drop(child)
        child = self._idle()
        child.conn.send(job)
        self._last = child
        return child

    def _run(self, job, on_page):
        child = self._take(job)
        while True:
            limit = max(self.quiet_limit, START_LIMIT_S) if child.starting else \
                self.quiet_limit
            if not child.conn.poll(limit):
                self._drop(child)
                raise Unreadable(limits.too_slow(limit))
            try:
                message = child.conn.recv()
            except (EOFError, OSError):
                self._drop(child)
                raise Unreadable("the reader crashed on it (the file is likely malformed)") \
                    from None
            if message[0] == "ready":
                child.starting = False
            elif message[0] == "page":
                try:
                    on_page(*message[1:])
                except BaseException:
                    self._drop(child)  # it is still sending this file's pages
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
        """Kill every child (a cancelled import); the next job starts a new one."""
        for child in self._children:
            child.kill()
        self._children = []
        self._ahead = []

    def close(self) -> None:
        if self._ahead:
            # A child is reading a file no one will take (a cancel, a stop):
            # it may be blocked sending pages, so it cannot hear a polite end.
            self.abort()
        for child in self._children:
            if child.alive():
                try:
                    child.conn.send(None)
                    child.process.join(5)
                except (OSError, ValueError):
                    pass
        self.abort()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
