"""Preflight for CM/ECF: what a court's e-filing system rejects, found in any PDF.

``check`` reads a file and lists problems page by page: damage (what
``qpdf --check`` reports, or pikepdf's same checks without qpdf), encryption,
active content (what ``clean.Cleaner`` removes: JavaScript and launch actions
wherever they are chained, links to other than web or mail addresses,
embedded files, media, XFA), form fields, pages without a text layer, and
size over the court's limit. ``fix`` writes a copy, rewritten by qpdf (which
repairs the structure), with what can be removed removed and the forms
flattened; pages without text and the size are reported, not changed.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from casefile.errors import InputError, read_user_file
from casefile.outputs import write_atomically


@dataclass
class Finding:
    problem: str
    page: int | None = None  # 1-based; None for the file as a whole
    fixable: bool = True
    blocking: bool = True  # False: noted for the user, not a reason to refuse the file

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
        return not any(f.blocking for f in self.findings)


def check(path: Path, size_limit: int | None = None, *, text: bool = True,
          cleaned: bool = False, filed: date | None = None) -> Preflight:
    """Everything CM/ECF would reject in ``path``; ``text=False`` skips the
    page-by-page text-layer scan (a bundle knows its pages' text already), and
    ``cleaned=True`` the structure check and the walk for active content, for a
    file the cleaner has just written (qpdf --check alone took 1.9 s on a
    5,000-page bundle; the tests check every bundle they build both ways).

    With ``text``, the pages are also read for what must not reach the court
    (``casefile.privacy``): personal data (FRCP 5.2(a)) and text under
    redaction boxes, neither fixable here; a page that could not be read for
    them is reported "not checked", never passed over. ``filed``: the filing
    date that says who is a minor (default today)."""
    import pikepdf

    from casefile.bundles.clean import Cleaner

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
        damage = [] if cleaned else structure_problems(path, pdf)
        if damage:
            more = f" ({len(damage)} problems in all)" if len(damage) > 1 else ""
            # Not "--fix repairs it": qpdf's rewrite repairs the structure and the fix
            # mends content streams that cannot be decoded, but not every content
            # stream's syntax; the check of the fixed copy says what is left.
            found.append(Finding(f"damaged: {damage[0]}{more}"))
        if pdf.is_encrypted:
            found.append(Finding("encrypted (permissions set): CM/ECF rejects encrypted files"))
        # What the cleaner removes from a copy in memory is what the file holds: one walk
        # for the check, the fix and the bundle, never two lists that drift apart.
        if not cleaned:
            cleaner = Cleaner(pdf)
            found += [Finding(change.problem()) for change in cleaner.document()]
            for n, page in enumerate(pdf.pages, 1):
                found += [Finding(change.problem(), n) for change in cleaner.page(page.obj)]
        if text:
            found += _privacy(data, filed)
        if size_limit and len(data) > size_limit:
            found.append(Finding(f"{len(data) / 1048576:.1f} MB, over the "
                                 f"{size_limit / 1048576:.0f} MB limit: split it",
                                 fixable=False))
    return result


def structure_problems(path: Path, pdf) -> list[str]:
    """What ``qpdf --check`` finds wrong in the file's structure, in its words
    (without the file's path), errors before warnings; pikepdf's same checks
    where qpdf is not installed."""
    qpdf = shutil.which("qpdf")
    if qpdf is not None:
        try:
            done = subprocess.run([qpdf, "--check", str(path)], capture_output=True,
                                  text=True, errors="replace", timeout=300)
        except subprocess.TimeoutExpired:
            return ["qpdf --check did not finish in 5 minutes"]
        return qpdf_problems(path, done.returncode, done.stdout + "\n" + done.stderr)
    return _problems(path, pdf.check_pdf_syntax())


def qpdf_problems(path: Path, returncode: int, output: str) -> list[str]:
    """``qpdf --check``'s verdict on ``path`` (its exit status and what it
    printed) as ``structure_problems`` words it: for a check run elsewhere,
    beside other work (the bundle build)."""
    if returncode == 0:
        return []
    return _problems(path, output.splitlines()) or [f"qpdf --check failed (exit {returncode})"]


def _problems(path: Path, lines: list[str]) -> list[str]:
    errors, warnings = [], []
    for line in lines:
        kind, _, message = line.strip().partition(": ")
        if kind not in ("WARNING", "ERROR"):
            continue
        # "/tmp/x.pdf (object 4 0, offset 255): stream inflate …": the path says
        # nothing to the reader, and the object numbers little more.
        message = re.sub(r"^\s*\(([^)]*)\):\s*", r"\1: ", message.replace(f"{path}", ""))
        message = message.strip(" :")
        if message != "file is damaged":  # said by the finding itself
            (errors if kind == "ERROR" else warnings).append(message)
    return errors + warnings  # the worst first


def _privacy(data: bytes, filed: date | None) -> list[Finding]:
    """Pages without text, then personal data and failed redactions, from one
    reading of the pages by pdfium."""
    from casefile.privacy.check import check_pdf

    report = check_pdf(data, filed=filed)
    found = [Finding("no text layer (a scan): OCR it; courts that require searchable PDFs "
                     "reject it", n, fixable=False) for n in report.without_text]
    found += [Finding(f"text under a redaction, readable by anyone who copies it "
                      f"({h.how}) at [{', '.join(f'{v:.0f}' for v in h.box)}]: '{h.text}'",
                      h.page, fixable=False) for h in report.hidden]
    found += [Finding(f"personal data: {f.describe()}", f.page, fixable=False,
                      blocking=f.blocking) for f in report.personal]
    found += [Finding(f"not checked for personal data or failed redactions: {n.reason}",
                      n.page, fixable=False) for n in report.not_checked]
    return found


def fix(path: Path, target: Path) -> list[str]:
    """Write ``target``: ``path`` without what CM/ECF rejects; return what was done."""
    import pikepdf

    from casefile.bundles.clean import Cleaner

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
        cleaner = Cleaner(pdf)
        done += [change.done() for change in cleaner.document()]
        for n, page in enumerate(pdf.pages, 1):
            done += [f"page {n}: {change.done()}" for change in cleaner.page(page.obj)]
        if "/Size" not in pdf.trailer:
            # qpdf writes an object count only where the trailer had one: without it, a
            # repaired file's copy came out with an xref stream no reader could use.
            pdf.trailer.Size = 0

        def write(tmp: Path) -> None:
            pdf.save(tmp, encryption=False, object_stream_mode=pikepdf.ObjectStreamMode.generate)

        write_atomically(target, write)
    return done
