"""How much a file from outside may cost: every limit in one place, each with
the plain sentence a user sees when a file reaches it.

Files an agency sends are read by C libraries (pdfium, qpdf, Pillow, zlib)
that will spend whatever a file asks of them. So every such file is read in
a child process (``casefile.jobs.in_child``, ``casefile.ingest.worker``)
that holds these limits: the process is given an address-space ceiling, is
killed when it goes quiet too long, and the readers refuse a file whose
declared size (pixels, pages, tree depth, members, parts) is past them
before decoding it. A refused file gets its line; the batch goes on.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

# --- the process ------------------------------------------------------------------------

# Address space (not resident memory): Python, pdfium, qpdf and Pillow map
# several hundred MB before reading anything, and glibc reserves arenas per
# thread; 3 GiB leaves the 451 MB a 20,000-page bundle needs many times over
# while a bomb meets MemoryError instead of the machine's swap.
MEMORY_BYTES = 3 * 1024**3
# No page, OCR of a page or exhibit should take this long without a word
# back; a child that is silent this long is taken to hang and is killed.
QUIET_SECONDS = 120

# --- what one file may hold ---------------------------------------------------------------

FILE_BYTES = 4 * 1024**3  # no exhibit is larger; a bigger file is not read at all
# 100 megapixels: an E-size sheet (34 x 44 in) scanned at 250 dpi. A
# 2.25e8-pixel TIFF decodes to 675 MB in RGB before any page is written.
PIXELS = 100_000_000
PAGES = 100_000  # pages in one PDF, frames in one TIFF
PAGE_TREE_DEPTH = 64  # real page trees are 2 to 6 levels deep
MIME_PARTS = 1_000  # parts of one email, attachments included
# Rows of a Vaughn index (all its tables or sheets): the largest agency index
# we have seen has about 12,000 entries; Excel itself stops at 1,048,576.
TABLE_ROWS = 200_000

# --- archives -----------------------------------------------------------------------------

ARCHIVE_BYTES = 2 * 1024**3  # unpacked, across every archive nested in one
ARCHIVE_FREE_SHARE = 0.5  # and never more than half the free temporary space
ARCHIVE_DEPTH = 3  # a ZIP in a ZIP in a ZIP; the next level is refused
ARCHIVE_MEMBERS = 10_000  # files in one archive, nested ones counted
ARCHIVE_RATIO = 100  # deflate beats 100:1 only on padding, never on documents
# Members this small may compress past the ratio (an empty page, a blank
# line): a bomb needs size, and 1 MB of them costs nothing.
ARCHIVE_RATIO_FLOOR = 1024**2
NAME_BYTES = 120  # a member's file name on disk (UTF-8), its extension kept


def archive_budget(folder: Path | None = None) -> int:
    """Bytes one archive (and all it nests) may unpack to: the fixed ceiling or half
    the free space of the temporary folder, whichever is less."""
    try:
        free = shutil.disk_usage(folder or tempfile.gettempdir()).free
    except OSError:
        return ARCHIVE_BYTES
    return max(0, min(ARCHIVE_BYTES, int(free * ARCHIVE_FREE_SHARE)))


@dataclass(frozen=True)
class ProcessLimits:
    """What a child process reading untrusted files may use."""

    memory: int | None = MEMORY_BYTES  # address space, bytes; None: no limit
    quiet: float | None = QUIET_SECONDS  # seconds without a word back; None: no limit


READING = ProcessLimits()
# A bundle build or a preflight: LibreOffice may take 300 s on one Word
# exhibit and Tesseract as long on one page before either gives up.
BUILDING = ProcessLimits(quiet=900)
# An agency's Vaughn index is read whole, with no word back until its tables
# come: pdfplumber takes up to a second a page of a PDF index.
TABLES = ProcessLimits(quiet=1800)


def apply_memory(limit: int | None) -> None:
    """In the child: the address-space ceiling (POSIX; elsewhere the limits on what a
    file declares still hold)."""
    if limit is None:
        return
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass  # Windows, or a lower limit already set


# --- the sentences ------------------------------------------------------------------------


def _mb(n: int) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def too_much_memory() -> str:
    return (f"reading it needed more than {_mb(MEMORY_BYTES)} of memory, which no document "
            "needs (a decompression bomb?), so it was refused")


def too_slow(seconds: float) -> str:
    return f"reading it stopped making progress for {seconds:.0f} seconds, so it was abandoned"


def too_large(size: int) -> str:
    return f"it is {_mb(size)}, larger than the {_mb(FILE_BYTES)} a file may be"


def too_many_pixels(width: int, height: int) -> str:
    return (f"the image is {width:,} x {height:,} pixels, more than the "
            f"{PIXELS // 1_000_000} megapixels a scanned page can have (an image bomb?)")


def too_many_pages(count: int) -> str:
    return f"it has {count:,} pages, more than the {PAGES:,} one file may have"


def too_deep_page_tree() -> str:
    return (f"its page tree is nested more than {PAGE_TREE_DEPTH} levels deep, which no "
            "real PDF is (a crafted file?)")


def too_many_parts(count: int | None = None) -> str:
    """``count`` when the parts were counted; None when the raw text alone
    showed there are too many (its boundary lines are not one per part)."""
    has = f"{count:,} parts, more than" if count is not None else "more than"
    return f"the email has {has} the {MIME_PARTS:,} parts an email may have, so it was refused"


def too_many_rows(count: int) -> str:
    return (f"it has more than {TABLE_ROWS:,} table rows (at least {count:,}), more than "
            "any Vaughn index, so it was not read")


def package_too_large(budget: int) -> str:
    return (f"its parts unpack to more than {_mb(budget)}, which no document does "
            "(a ZIP bomb?)")


def archive_too_large(budget: int) -> str:
    return (f"the archive unpacks to more than {_mb(budget)} (nested archives counted), "
            "so the rest of it was refused (a ZIP bomb?)")


def archive_too_deep() -> str:
    return f"archives nested more than {ARCHIVE_DEPTH} deep are not opened"


def archive_too_many(count: int) -> str:
    return (f"the archive holds more than {ARCHIVE_MEMBERS:,} files (nested archives "
            f"counted); the {count:,} after that were refused")


def member_inflates(ratio: float) -> str:
    return (f"it inflates {ratio:,.0f} times its compressed size, more than the "
            f"{ARCHIVE_RATIO} a document can (a ZIP bomb?)")
