"""Each exhibit's document as PDF pages, whatever it was stored as.

PDFs are read as they are (a damaged one is repaired by qpdf, through
pikepdf, first); images become pages at their own resolution; Word files
are converted by LibreOffice where it is installed; emails and text files are
set from their stored text. Anything that cannot be turned into pages raises
``InputError`` naming the exhibit and saying what to do; so does an exhibit
past the reading limits (``casefile.limits``: pixels, pages, memory), which
the import may have accepted: the build stops and writes nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile import leftovers, limits
from casefile.display import shown
from casefile.errors import CasefileError, InputError
from casefile.exhibits import parse_pages
from casefile.store import blobs
from casefile.store.models import Document, DocumentPage, Exhibit

_IMAGE_TYPES = ("image/png", "image/jpeg", "image/tiff", "image/gif", "image/bmp")
_WORD_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "application/msword")


@dataclass
class Source:
    exhibit: Exhibit
    name: str  # "Exhibit A (ice-letter.pdf)", for messages
    pdf_doc: pikepdf.Pdf
    pages: list[int]  # 0-based pages of ``pdf_doc`` to use, in order
    sha256: str
    pdf: bytes  # the PDF's bytes (for OCR's rendering)
    # 1-based pages of the document that the import found without a text layer
    scanned: frozenset[int] = frozenset()


def describe(exhibit: Exhibit) -> str:
    prefix = exhibit.exhibit_set.label_prefix or "Exhibit"
    # The name came with the file: escaped, it cannot break a message or a
    # line of the manifest.
    return f"{prefix} {exhibit.label} ({shown(exhibit.document.name)})"


def load(session: Session, exhibit: Exhibit) -> Source:
    name = describe(exhibit)
    try:
        return _load(session, exhibit, name)
    except MemoryError:
        # The child's address-space ceiling (jobs.in_child with limits.BUILDING).
        raise InputError(f"{name}: {limits.too_much_memory()}; replace the exhibit with "
                         "a smaller copy. Nothing was written.") from None


def _load(session: Session, exhibit: Exhibit, name: str) -> Source:
    from casefile.privacy.versions import newest_version

    document = exhibit.document
    # What the document is now: its newest (redacted) version, else the import.
    version = newest_version(session, document.id)
    blob = document.blob if version is None else version.blob
    data = blobs.read_bytes(session, blob.id)
    pdf = _as_pdf(session, document, data, name)
    doc, pdf = _open(pdf, name)
    count = len(doc.pages)
    if count > limits.PAGES:
        raise InputError(f"{name}: {limits.too_many_pages(count)}.")
    if exhibit.page_selection:
        try:
            ranges = parse_pages(exhibit.page_selection, count)
        except InputError as exc:
            raise InputError(f"{name}: pages {exhibit.page_selection}: {exc.message}") from None
        pages = [p - 1 for a, b in ranges for p in range(a, b + 1)]
    else:
        pages = list(range(count))
    if not pages:
        raise InputError(f"{name} has no pages.")
    # Only the flags: loading the pages themselves would decompress their text.
    flags = dict(session.execute(select(DocumentPage.page_no, DocumentPage.has_text_layer)
                                 .where(DocumentPage.document_id == document.id)).all())
    if flags and version is None:
        scanned = frozenset(n for n, has_text in flags.items() if has_text is False)
    else:  # never read (added beside a letter), or a redacted version: its pages now
        scanned = _pages_without_text(doc, pages)
    return Source(exhibit, name, doc, pages, blob.sha256, pdf, scanned)


def _as_pdf(session: Session, document: Document, data: bytes, name: str) -> bytes:
    kind = document.media_type
    if kind == "application/pdf" or data[:5] == b"%PDF-":
        return data
    if kind in _IMAGE_TYPES:
        return _image_pdf(data, name)
    if kind in _WORD_TYPES:
        return _word_pdf(document, data, name)
    texts = [p.text or "" for p in document.pages]  # a text document: its pages are the text
    if any(t.strip() for t in texts):
        from casefile.bundles.sheets import text_document

        return text_document(document.title or document.name, texts)
    raise InputError(f"{name}: a {kind} file cannot be made into PDF pages; convert it to PDF "
                     "and import that.")


def _image_pdf(data: bytes, name: str) -> bytes:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    # Ours replaces Pillow's own check: it refuses at open, with a sentence of
    # its own, and not at all a TIFF's later frames; ours looks at every frame.
    Image.MAX_IMAGE_PIXELS = None
    try:
        image = Image.open(io.BytesIO(data))
        frames = []
        for n, frame in enumerate(ImageSequence.Iterator(image), 1):
            # The header is read, no pixel yet: refuse a bomb before decoding it.
            width, height = frame.size
            if width * height > limits.PIXELS:
                raise InputError(f"{name}: {limits.too_many_pixels(width, height)}; scan "
                                 "it again at a lower resolution and replace the exhibit. "
                                 "Nothing was written.")
            if n > limits.PAGES:
                raise InputError(f"{name}: {limits.too_many_pages(n)}.")
            frames.append(frame.convert("RGB") if frame.mode not in ("RGB", "L", "1")
                          else frame.copy())
    except Image.DecompressionBombError:
        raise InputError(f"{name}: the image has more pixels than a scanned page can have "
                         "(an image bomb?); nothing was written.") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise InputError(f"{name}: the image cannot be read (damaged, or a format Casefile "
                         "does not support); save it as PNG or JPEG and import that.") from None
    dpi = image.info.get("dpi", (200, 200))[0] or 200
    out = io.BytesIO()
    frames[0].save(out, "PDF", save_all=True, append_images=frames[1:], resolution=float(dpi))
    return out.getvalue()


def _word_pdf(document: Document, data: bytes, name: str) -> bytes:
    from casefile import office

    if office.soffice() is None:
        raise InputError(f"{name} is a Word file, and LibreOffice, which turns it into PDF "
                         "pages, is not installed; install it, or save the file as PDF in "
                         "Word and import that.")
    suffix = ".doc" if document.media_type == "application/msword" else ".docx"
    with leftovers.scratch_dir("word") as tmp:
        source = Path(tmp) / f"exhibit{suffix}"
        source.write_bytes(data)
        try:
            return office.convert(source, "pdf", Path(tmp), timeout=300).read_bytes()
        except CasefileError:
            raise InputError(f"{name}: LibreOffice could not convert it to PDF; save it as "
                             "PDF in Word and import that.") from None


def _pages_without_text(doc: pikepdf.Pdf, pages: list[int]) -> frozenset[int]:
    """Pages that can show no text: no font in their resources (nor in the forms
    they draw). A structural look, not text extraction: pdfium reading every
    page cost 2.5 ms a page, five times the whole bundle's work."""
    found = set()
    for index in pages:
        if not _has_fonts(doc.pages[index].obj.get("/Resources"), depth=0):
            found.add(index + 1)
    return frozenset(found)


def _has_fonts(resources, depth: int) -> bool:
    if not isinstance(resources, pikepdf.Dictionary):
        return False
    fonts = resources.get("/Font")
    if isinstance(fonts, pikepdf.Dictionary) and len(fonts.keys()):
        return True
    xobjects = resources.get("/XObject")
    if depth < 3 and isinstance(xobjects, pikepdf.Dictionary):
        for _name, form in xobjects.items():
            if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form" and \
                    _has_fonts(form.get("/Resources"), depth + 1):
                return True
    return False


def _open(pdf: bytes, name: str) -> tuple[pikepdf.Pdf, bytes]:
    """The PDF, opened by qpdf, which repairs what it can; an owner-password-only
    file opens, one that needs a password to be read does not."""
    try:
        doc = pikepdf.open(io.BytesIO(pdf))
        if not len(doc.pages):
            raise pikepdf.PdfError("no pages")
    except pikepdf.PasswordError:
        raise InputError(f"{name} is encrypted with a password; unlock it first (Unlock on "
                         "its page, or import it again with --password).") from None
    except (pikepdf.PdfError, ValueError, RuntimeError):
        raise InputError(f"{name} is a damaged PDF that cannot be repaired; ask for another "
                         "copy, or print it to PDF again, and replace the exhibit.") from None
    return doc, pdf
