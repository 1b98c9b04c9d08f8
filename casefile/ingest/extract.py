"""Reading text out of files, page by page. Runs in the reader process.

Each reader takes a path and calls ``emit(page_no, text, has_text_layer,
ocr)`` once per page, in order, and returns an :class:`Extraction` with what
it learned about the file. A file it cannot read raises :class:`Unreadable`
with the reason in words a user understands.

These run in a child process (``worker``): a PDF that hangs or crashes the
C library takes the child down, not the app.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casefile import leftovers, limits
from casefile.ingest import kinds

Emit = Callable[[int, str, bool, bool], None]
OCR_DPI = 300
PARSE_BUDGET = 32 * 1024**2  # bytes of PDF parsed per opening of the document
_LINE_ENDS = re.compile(r"\r\n?")


class Unreadable(Exception):
    """The file cannot be read; ``str()`` says why, for the import report."""


@dataclass
class Extraction:
    page_count: int | None
    encrypted: bool = False
    locked: bool = False  # encrypted, and no (right) password was given
    repaired: bool = False
    note: str | None = None
    ocr_refused: int = 0  # pages without text left unread by OCR, each said in the note
    privacy: object = None  # a PDF's privacy check (casefile.privacy.stored), read with it


def tesseract() -> str | None:
    return shutil.which("tesseract")


def ocr_image(image) -> str:
    """Text of a PIL image through the Tesseract command (which must exist)."""
    with leftovers.scratch_dir("ocr") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        done = subprocess.run([tesseract(), str(png), "stdout", "-l", "eng", "--psm", "3"],
                              capture_output=True, timeout=300)
    if done.returncode != 0:
        return ""
    return _clean(done.stdout.decode("utf-8", "replace"))


def _clean(text: str) -> str:
    return _LINE_ENDS.sub("\n", text).replace("\x00", "").strip()


def extract(kind: str, path: Path, emit: Emit, *, password: str | None = None,
            ocr: bool = True) -> Extraction:
    """Read ``path`` of media type ``kind``, page by page."""
    if path.is_file() and path.stat().st_size == 0:
        raise Unreadable("the file is empty")
    if kind == kinds.PDF:
        return pdf(path, emit, password=password, ocr=ocr)
    if kind in kinds.IMAGES:
        return image(path, emit, ocr=ocr)
    if kind == kinds.DOCX:
        return docx(path, emit)
    if kind == kinds.DOC:
        return legacy_doc(path, emit)
    if kind == kinds.TEXT:
        return text(path, emit)
    raise Unreadable(f"Casefile does not read {kind} files")


# --- PDF -------------------------------------------------------------------------------


def pdf(path: Path, emit: Emit, *, password: str | None, ocr: bool) -> Extraction:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    repaired = False
    source: str | bytes = str(path)
    try:
        document = pdfium.PdfDocument(source, password=password)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            if password:
                raise Unreadable("the password given does not open this PDF") from None
            return Extraction(page_count=None, encrypted=True, locked=True,
                              note="encrypted: cannot be filed until unlocked (open its page "
                                   "and choose Unlock, or import it again with "
                                   "--password)")
        source = _repaired(path, password)
        document = pdfium.PdfDocument(source, password=password)
        repaired = True
    try:
        encrypted = pdfium_c.FPDF_GetSecurityHandlerRevision(document.raw) != -1
        count = len(document)
        if count == 0:
            raise Unreadable("the PDF has no pages")
        if count > limits.PAGES:
            raise Unreadable(limits.too_many_pages(count))
        can_ocr = ocr and tesseract() is not None
        skipped: list[str] = []
        from casefile.privacy.import_check import PageCheck

        check = PageCheck(source if isinstance(source, bytes) else path, password=password)
        # pdfium keeps every object it has parsed until the document closes;
        # a scanned production of 3 MB pages would fill memory. Reopening it
        # every few pages (by weight) keeps the reader near 50 MB.
        per_open = max(4, min(500, PARSE_BUDGET * count // max(1, path.stat().st_size)))
        for index in range(count):
            if index and index % per_open == 0:
                document.close()
                document = pdfium.PdfDocument(source, password=password)
            try:
                page = document[index]
            except pdfium.PdfiumError:
                raise Unreadable(_why_page_fails(source, index)) from None
            textpage = page.get_textpage()
            raw_text = textpage.get_text_range()
            page_text = _clean(raw_text)
            has_layer = bool(page_text)
            used_ocr = False
            if not has_layer and can_ocr:
                bomb = image_too_large(page)
                if bomb:
                    skipped.append(f"page {index + 1} was not read by OCR: {bomb}")
                else:
                    bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
                    page_text = ocr_image(bitmap.to_pil())
                    used_ocr = True
            emit(index + 1, page_text, has_layer, used_ocr)
            # Personal data and failed redactions, on the page already loaded.
            check.page(page, textpage, index + 1, raw_text, page_text, used_ocr)
            textpage.close()
            page.close()
        notes = (["repaired (its structure was damaged)"] if repaired else []) + skipped[:3]
        if len(skipped) > 3:
            notes.append(f"{len(skipped) - 3} more pages were not read by OCR for the same reason")
        return Extraction(page_count=count, encrypted=encrypted, repaired=repaired,
                          note="; ".join(notes) or None, ocr_refused=len(skipped),
                          privacy=check.finish(count))
    finally:
        document.close()


def _why_page_fails(source: str | bytes, index: int) -> str:
    """A sentence for a page pdfium cannot load: a crafted page tree, or damage."""
    if page_tree_too_deep(source):
        return limits.too_deep_page_tree()
    return f"page {index + 1} of the PDF cannot be read (the file is damaged)"


def page_tree_too_deep(source: str | bytes | Path) -> bool:
    """Whether the PDF's page tree nests past ``limits.PAGE_TREE_DEPTH``, found
    by a walk that keeps its own stack and resolves only the tree's nodes
    (qpdf refuses to open such a file at all, and pypdf counting its pages
    raises; a recursive walk is what it is made to break)."""
    import io

    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    try:
        reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source,
                           strict=False)
        stack = [(reader.trailer["/Root"].get("/Pages"), 1)]
        seen: set[tuple[int, int]] = set()
        while stack:
            node, depth = stack.pop()
            if depth > limits.PAGE_TREE_DEPTH:
                return True
            if isinstance(node, IndirectObject):
                if (node.idnum, node.generation) in seen:
                    continue  # a loop is damage, not depth
                seen.add((node.idnum, node.generation))
                node = node.get_object()
            if not isinstance(node, DictionaryObject):
                continue
            kids = node.get("/Kids")
            kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
            if isinstance(kids, ArrayObject):
                stack.extend((kid, depth + 1) for kid in kids)
    except Exception:  # noqa: BLE001 - pypdf raises many types on damage; damage is not depth
        return False
    return False


def _repaired(path: Path, password: str | None) -> bytes:
    """Let qpdf (through pikepdf) rebuild a damaged PDF; the repaired bytes."""
    import pikepdf
    import pypdfium2 as pdfium

    try:
        with pikepdf.open(path, password=password or "", attempt_recovery=True) as broken:
            if len(broken.pages) == 0:
                raise Unreadable("the PDF has no pages")
            handle, name = tempfile.mkstemp(suffix=".pdf")
            os.close(handle)
            broken.save(name)
    except pikepdf.PasswordError:
        raise Unreadable("the password given does not open this PDF") from None
    except (pikepdf.PdfError, RecursionError, ValueError) as exc:
        reason = _first_line(exc).replace(f"{path}: ", "").replace(str(path), path.name)
        # qpdf's own words ("unable to find trailer dictionary") come last, for
        # whoever sends the file again; the sentence says what to do.
        raise Unreadable("it is not a readable PDF: the file is damaged or incomplete and "
                         f"could not be repaired; ask for a fresh copy (qpdf: {reason})") \
            from None
    try:
        repaired = Path(name).read_bytes()
        pdfium.PdfDocument(repaired, password=password).close()  # it must open now
        return repaired
    except pdfium.PdfiumError as exc:
        raise Unreadable(f"it is not a readable PDF, even repaired ({exc})") from None
    finally:
        Path(name).unlink(missing_ok=True)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:160] if text else type(exc).__name__


# --- images ------------------------------------------------------------------------------


def image(path: Path, emit: Emit, *, ocr: bool) -> Extraction:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    # Ours replaces Pillow's own check: it refuses at open, with a sentence of
    # its own, and not at all a TIFF's later frames; ours looks at every frame.
    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(path) as picture:
            can_ocr = ocr and tesseract() is not None
            count = 0
            for count, frame in enumerate(ImageSequence.Iterator(picture), 1):
                # Opening read only the header: refuse before a pixel is decoded.
                check_pixels(frame)
                if count > limits.PAGES:
                    raise Unreadable(limits.too_many_pages(count))
                page_text = ocr_image(frame.convert("L")) if can_ocr else ""
                emit(count, page_text, False, can_ocr)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError) as exc:
        raise Unreadable(f"it is not a readable image ({_first_line(exc)})") from None
    return Extraction(page_count=count)


def image_too_large(page) -> str | None:
    """Why a PDF page must not be rendered, or None: rendering decodes each of
    its images whole, whatever the scale, and one image stream of a few KB can
    declare 40,000 x 40,000 pixels (1.6 GB once decoded). The sizes are read
    from the images' dictionaries; nothing is decoded to ask."""
    import pypdfium2.raw as pdfium_c

    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
        width, height = obj.get_px_size()
        if width * height > limits.PIXELS:
            return limits.too_many_pixels(width, height)
    return None


def check_pixels(frame) -> None:
    """Refuse an image (or one frame of a TIFF) whose header declares more pixels
    than a page can have: decoding 2.25e8 of them takes most of a gigabyte."""
    width, height = frame.size
    if width * height > limits.PIXELS:
        raise Unreadable(limits.too_many_pixels(width, height))


# --- Word and plain text ---------------------------------------------------------------------


def docx(path: Path, emit: Emit) -> Extraction:
    import zipfile

    import docx as python_docx

    try:
        document = python_docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise Unreadable(f"it is not a readable Word document ({_first_line(exc)})") from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    # Word files have no fixed pages: the whole text is one page of the case.
    emit(1, _clean("\n".join(parts)), True, False)
    return Extraction(page_count=None)


def legacy_doc(path: Path, emit: Emit) -> Extraction:
    from casefile import office
    from casefile.errors import CasefileError

    if office.soffice() is None:
        raise Unreadable("a Word 97-2003 (.doc) file needs LibreOffice to be read; install "
                         "LibreOffice, or save the file as .docx in Word")
    with leftovers.scratch_dir("doc") as tmp:
        try:
            out = office.convert(path, "txt:Text (encoded):UTF8", Path(tmp))
        except CasefileError:
            raise Unreadable("LibreOffice could not read this Word 97-2003 file") from None
        emit(1, _clean(out.read_text(encoding="utf-8-sig", errors="replace")), True, False)
    return Extraction(page_count=None)


def text(path: Path, emit: Emit) -> Extraction:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            decoded = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        decoded = raw.decode("latin-1")
    pages = _clean(decoded).split("\f")  # form feeds are page breaks
    for n, page_text in enumerate(pages, 1):
        emit(n, page_text.strip(), True, False)
    return Extraction(page_count=len(pages))
