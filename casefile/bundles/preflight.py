"""Preflight for CM/ECF: what a court's e-filing system rejects, found in any PDF.

``check`` reads a file and lists problems page by page: encryption,
JavaScript (document, page, annotation or form actions), launch actions,
embedded files, media, form fields, pages without a text layer, and size
over the court's limit. ``fix`` writes a copy with what can be removed
removed and the forms flattened (``clean``); pages without text and the size
are reported, not changed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from casefile.errors import InputError, read_user_file
from casefile.outputs import write_atomically


@dataclass
class Finding:
    problem: str
    page: int | None = None  # 1-based; None for the file as a whole
    fixable: bool = True

    def line(self) -> str:
        return f"page {self.page}: {self.problem}" if self.page else self.problem


@dataclass
class Preflight:
    path: Path
    size: int
    pages: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def passes(self) -> bool:
        return not self.findings


def check(path: Path, size_limit: int | None = None, *, text: bool = True) -> Preflight:
    """Everything CM/ECF would reject in ``path``; ``text=False`` skips the
    page-by-page text-layer scan (a bundle knows its pages' text already)."""
    import pikepdf

    data = read_user_file(path, "PDF")
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        result = Preflight(path, len(data), 0)
        result.findings.append(Finding("encrypted with a password: CM/ECF rejects it; save an "
                                       "unprotected copy", fixable=False))
        return result
    except pikepdf.PdfError:
        raise InputError(f"{path.name} is not a PDF Casefile can read (damaged or another "
                         "kind of file).") from None
    with pdf:
        result = Preflight(path, len(data), len(pdf.pages))
        found = result.findings
        if pdf.is_encrypted:
            found.append(Finding("encrypted (permissions set): CM/ECF rejects encrypted files"))
        root = pdf.Root
        names = root.get("/Names")
        if names is not None and "/JavaScript" in names:
            found.append(Finding("document JavaScript"))
        if names is not None and "/EmbeddedFiles" in names:
            found.append(Finding("embedded (attached) files"))
        if "/OpenAction" in root and _bad_action(root.OpenAction):
            found.append(Finding("an action run on opening (JavaScript or launch)"))
        if "/AA" in root:
            found.append(Finding("document actions (JavaScript)"))
        if "/AcroForm" in root and len(root.AcroForm.get("/Fields", [])):
            found.append(Finding("fillable form fields: flatten them"))
        for n, page in enumerate(pdf.pages, 1):
            if "/AA" in page.obj:
                found.append(Finding("page actions", n))
            for annot in page.obj.get("/Annots", []):
                subtype = str(annot.get("/Subtype", ""))
                if subtype in ("/FileAttachment",):
                    found.append(Finding("an attached file", n))
                elif subtype in ("/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"):
                    found.append(Finding(f"{subtype[1:].lower()} media", n))
                elif "/A" in annot and _bad_action(annot.A):
                    found.append(Finding("a link that runs JavaScript or launches a program",
                                         n))
        for n in (_pages_without_text(data) if text else []):
            found.append(Finding("no text layer (a scan): OCR it; courts that require "
                                 "searchable PDFs reject it", n, fixable=False))
        if size_limit and len(data) > size_limit:
            found.append(Finding(f"{len(data) / 1048576:.1f} MB, over the "
                                 f"{size_limit / 1048576:.0f} MB limit: split it",
                                 fixable=False))
    return result


def _bad_action(action) -> bool:
    try:
        kind = str(action.get("/S", ""))
    except AttributeError:  # an explicit destination (an array), not an action
        return False
    return kind in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/Rendition")


def _pages_without_text(data: bytes) -> list[int]:
    import pypdfium2 as pdfium

    empty = []
    doc = pdfium.PdfDocument(data)
    try:
        for n in range(len(doc)):
            page = doc[n]
            text = page.get_textpage()
            if not text.get_text_range().strip():
                empty.append(n + 1)
            text.close()
            page.close()
    finally:
        doc.close()
    return empty


def fix(path: Path, target: Path) -> list[str]:
    """Write ``target``: ``path`` without what CM/ECF rejects; return what was done."""
    import pikepdf

    from casefile.bundles.clean import clean_page

    if target.suffix.lower() != ".pdf":
        raise InputError(f"Write the fixed copy as a .pdf file, not '{target.name}'.")
    if target.resolve() == path.resolve():
        raise InputError("Write the fixed copy to a new file: --fix must not name the file "
                         "being checked.")
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise InputError(f"{path.name} needs its password to be opened; save an unprotected "
                         "copy first.") from None
    except (pikepdf.PdfError, OSError):
        raise InputError(f"{path.name} is not a PDF Casefile can read (damaged or another "
                         "kind of file).") from None
    with pdf:
        done: list[str] = []
        if pdf.is_encrypted:
            done.append("encryption removed")
        root = pdf.Root
        for key, what in (("/Names", "document JavaScript and attached files removed"),
                          ("/OpenAction", "the action run on opening removed"),
                          ("/AA", "document actions removed"),
                          ("/AcroForm", None), ("/Metadata", None)):
            if key == "/OpenAction" and key in root and not _bad_action(root.OpenAction):
                continue  # "open at page 1, fit the window" is harmless
            if key in root:
                if key == "/Names" and not ({"/JavaScript", "/EmbeddedFiles"} &
                                            set(root.Names.keys())):
                    continue
                if key == "/Names":
                    for sub in ("/JavaScript", "/EmbeddedFiles"):
                        if sub in root.Names:
                            del root.Names[sub]
                else:
                    del root[key]
                if what:
                    done.append(what)
        counter = [0]
        for n, page in enumerate(pdf.pages, 1):
            done += [f"page {n}: {d}" for d in clean_page(pdf, page.obj, counter)]

        def write(tmp: Path) -> None:
            pdf.save(tmp, encryption=False, object_stream_mode=pikepdf.ObjectStreamMode.generate)

        write_atomically(target, write)
    return done
