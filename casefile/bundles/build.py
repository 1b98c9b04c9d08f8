"""Building an exhibit bundle: from an exhibit set to files CM/ECF accepts.

Everything is read and checked before anything is written: a privileged
document without the user's override, a broken or encrypted PDF, a page
selection out of range or a page larger than the court's limit stops the
build with a sentence naming the exhibit, and no file appears. The outputs
are written in a hidden folder beside the target and moved into place, with
a SHA-256 manifest of sources and outputs and the e-filing descriptions.
The same inputs and options give byte-identical files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pikepdf
from sqlalchemy.orm import Session

from casefile import leftovers
from casefile.bundles import sheets
from casefile.bundles.ascii85 import unwrap_contents
from casefile.bundles.clean import Cleaner, own_attributes
from casefile.bundles.profiles import Profile
from casefile.bundles.readback import ReadBack
from casefile.bundles.sources import Source, load
from casefile.bundles.stamps import Mark, Stamper
from casefile.display import shown
from casefile.errors import InputError, from_os_error
from casefile.exhibits import display_label, slip_label
from casefile.jobs import CancelToken
from casefile.store.models import Exhibit, ExhibitSet

MODES = ("merged", "per-exhibit")


@dataclass
class BundleOptions:
    profile: Profile
    mode: str = "merged"  # or "per-exhibit"
    index: bool = True
    slip_sheets: bool = True
    stamp: bool = True  # "EXHIBIT A" on each exhibit's first page
    footer: bool = True  # "Ex. A – p. 2 of 10" on every exhibit page
    bates_prefix: str | None = None  # Bates numbers when given ("PLTF-")
    bates_start: int = 1
    bates_digits: int = 6
    shrink: float = 0.94  # scale each page's content to clear the margins for the marks
    zip: bool = False
    ocr: bool = True  # give scanned pages a text layer where Tesseract is installed
    allow_privileged: frozenset[str] = frozenset()  # labels the user allowed in
    # The user's reason for filing although personal data or text under redaction
    # boxes was found in the outputs; None: such findings stop the build.
    allow_personal_data: str | None = None


@dataclass
class Output:
    path: Path
    description: str  # for the e-filing system: "Exhibit A – Letter from ICE …"
    pages: int
    size: int


@dataclass
class BundleReport:
    outputs: list[Output] = field(default_factory=list)
    manifest: Path | None = None
    descriptions: Path | None = None
    archive: Path | None = None
    fixes: list[str] = field(default_factory=list)  # what was removed to pass CM/ECF
    warnings: list[str] = field(default_factory=list)  # what the user must look at
    overrides: list[str] = field(default_factory=list)  # privileged documents let in


def build(session: Session, exhibit_set: ExhibitSet, out_dir: Path, options: BundleOptions,
          *, progress: Callable[[str], None] | None = None,
          cancel: CancelToken | None = None) -> BundleReport:
    """Build the set's bundle into ``out_dir``.

    ``cancel`` is checked between exhibits and pages, and once more before the
    finished files are moved in: a cancelled build raises ``Cancelled`` and
    leaves no file behind.
    """
    say = progress or (lambda _m: None)
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from casefile.store.models import Document

    # One query for the exhibits, their documents and blobs, not three per exhibit.
    exhibits = list(session.scalars(
        select(Exhibit).where(Exhibit.set_id == exhibit_set.id).order_by(Exhibit.position)
        .options(selectinload(Exhibit.document).selectinload(Document.blob))))
    if not exhibits:
        raise InputError(f"The exhibit set '{exhibit_set.name}' has no exhibits.")
    if options.mode not in MODES:
        raise InputError(f"Build 'merged' or 'per-exhibit', not '{options.mode}'.")
    report = BundleReport()
    from casefile.exhibits import bare_label

    allowed = {bare_label(exhibit_set, label).lower() for label in options.allow_privileged}
    unknown = allowed - {e.label.lower() for e in exhibits}
    if unknown:
        raise InputError(f"--allow-privileged names no exhibit of '{exhibit_set.name}': "
                         f"{', '.join(sorted(unknown))}.")
    options = dataclasses.replace(options, allow_privileged=frozenset(allowed))
    _check_positions(options)
    _check_privilege(exhibit_set, exhibits, options, report)
    if options.profile.label_scheme != exhibit_set.label_scheme.value:
        report.warnings.append(
            f"The profile '{options.profile.key}' labels exhibits with "
            f"{options.profile.label_scheme}; this set uses {exhibit_set.label_scheme.value} "
            f"(relabel it: casefile bundle exhibits CASE SET --scheme "
            f"{options.profile.label_scheme}).")
    sources = []
    for exhibit in exhibits:
        _check(cancel)
        say(f"Reading {display_label(exhibit_set, exhibit)}")
        sources.append(load(session, exhibit))
    _text_layer_warnings(sources, options, report)
    _check_private(session, sources, options, report, cancel)
    stem = _safe(exhibit_set.name)
    plans = _plan(exhibit_set, sources, options)
    files: list[tuple[str, bytes, str, int]] = []  # (name, bytes, description, pages)
    # Each file is read back by qpdf (``_refuse_damaged``) while the next is built
    # and the made ones are written: the check runs on the other core.
    with leftovers.scratch_dir("check") as folder:
        checks = ReadBack(folder)
        try:
            if options.mode == "merged":
                say(f"Writing {stem}.pdf")
                data, pages = _write(exhibit_set, plans, options, report,
                                     with_index=options.index, cancel=cancel)
                if len(data) > options.profile.size_limit:
                    raise InputError(
                        f"The merged bundle is {_mb(len(data))}, over the "
                        f"{options.profile.name} limit of {_mb(options.profile.size_limit)}; "
                        "build it per exhibit (--per-exhibit), which splits large exhibits "
                        "into parts, or choose a profile with a larger limit.")
                files.append((f"{stem}.pdf", data, exhibit_set.name, pages))
                checks.start(f"{stem}.pdf", data)
            else:
                for plan in plans:
                    say(f"Writing {plan.label}")
                    for made in _per_exhibit(exhibit_set, plan, options, report, cancel):
                        files.append(made)
                        checks.start(made[0], made[1])

            def before_move(work: Path) -> None:
                # Read back from the disk what the court would see, while qpdf reads.
                from casefile.bundles.preflight import check

                for name, *_rest in files:
                    for finding in check(work / name, options.profile.size_limit,
                                         text=False, cleaned=True).findings:
                        report.warnings.append(f"{name}: {finding.line()}")
                _refuse_damaged(files, plans, checks, cancel)

            _write_outputs(out_dir, stem, files, sources, options, report, cancel,
                           before_move=before_move)
        finally:
            checks.close()
    return report


# --- checks before anything is written -----------------------------------------------


def _refuse_damaged(files: list[tuple[str, bytes, str, int]], plans: list[_Plan],
                    checks: ReadBack, cancel: CancelToken | None) -> None:
    """Read every file as the court's system will (``qpdf --check``) before any is
    moved into place. The cleaner mends content streams it cannot decode, but an
    image whose data is broken (an agency's bad JPEG) is copied as it is, and
    CM/ECF rejects a file qpdf finds fault with (our own output has none: the
    tests check every bundle they build). The checks started as each file was
    made (``readback``); this waits for their verdicts."""
    _check(cancel)
    found = checks.faults()
    for name, _data, _description, _pages in files:
        faults = found[name]
        if not faults:
            continue
        culprits = [p.label for p in plans if _faults(p.source.pdf)]
        which = (f"The damaged data comes from {', '.join(culprits)}: open "
                 f"{'it' if len(culprits) == 1 else 'each'} in a PDF reader, print it to PDF, "
                 "and replace the exhibit with that copy."
                 if culprits else "Print the exhibits to PDF again and replace them.")
        raise InputError(f"{shown(name)} would be damaged ({faults[0]}), and CM/ECF rejects a "
                         f"damaged file. {which} Nothing was written.")


def _faults(data: bytes) -> list[str]:
    from casefile.bundles.preflight import structure_problems

    with leftovers.scratch_dir("check") as folder:
        path = folder / "bundle.pdf"
        path.write_bytes(data)
        try:
            with pikepdf.open(path) as pdf:
                return structure_problems(path, pdf)
        except pikepdf.PdfError as exc:
            return [str(exc).splitlines()[0]]


def _check_privilege(exhibit_set: ExhibitSet, exhibits: list[Exhibit], options: BundleOptions,
                     report: BundleReport) -> None:
    refused = []
    for exhibit in exhibits:
        doc = exhibit.document
        if not (doc.privileged or doc.work_product):
            continue
        what = "privileged" if doc.privileged else "attorney work product"
        label = display_label(exhibit_set, exhibit)
        if exhibit.label.lower() in options.allow_privileged:
            report.overrides.append(f"{label} ({doc.name}) is marked {what}; included by the "
                                    "user's override for this bundle.")
        else:
            refused.append(f"{label} ({doc.name}) is marked {what}")
    if refused:
        labels = " ".join(f"--allow-privileged {e.label}" for e in exhibits
                          if any(r.startswith(display_label(exhibit_set, e) + " ")
                                 for r in refused))
        raise InputError("; ".join(refused) + ": it is kept out of bundles unless you include "
                         f"it for this bundle ({labels}). Nothing was written.")


def _check_private(session: Session, sources: list[Source], options: BundleOptions,
                   report: BundleReport, cancel: CancelToken | None) -> None:
    """Each exhibit's pages as they will be filed: personal data (in the text
    the import stored, OCR text included, or pdfium's where none was stored)
    and text under redaction boxes stop the build unless the user gave a
    reason to file them; pages that could not be read for them are warnings.
    Checked before anything is written, on the sources: the bundle adds only
    its own sheets and marks."""
    from sqlalchemy import select

    from casefile.privacy import stored
    from casefile.privacy.check import check_texts
    from casefile.privacy.redactions import read
    from casefile.privacy.versions import current_blob_ids
    from casefile.store.models import DocumentPage

    if options.allow_personal_data is not None and not options.allow_personal_data.strip():
        raise InputError("--allow-personal-data needs the reason for filing it "
                         "(it is recorded in the case).")
    # Exhibits whose bytes the import (or a redaction) checked by today's rules:
    # their stored findings, not a second reading of every page.
    known = stored.checked_shas(session, {s.sha256 for s in sources})
    current = current_blob_ids(session, {s.exhibit.document.id for s in sources})
    redacted = {s.exhibit.document.id for s in sources
                if current.get(s.exhibit.document.id) != s.exhibit.document.blob_id}
    found: list[str] = []
    for source in sources:
        _check(cancel)
        document = source.exhibit.document
        pdf_kind = document.media_type == "application/pdf"
        selected = {n + 1 for n in source.pages}
        scanned_unread: list[int] = []
        done = known.get(source.sha256) if pdf_kind else None
        if done is not None:
            hidden = [h for h in done.hidden if h.page in selected]
            # Not the file's bookmarks, metadata or form fields (page None): the
            # bundle makes its own and flattens fields into their pages.
            personal = [f for f in done.personal if f.page in selected]
            blocking = [f.line() for f in personal if f.blocking]
            noted = [f.line() for f in personal if not f.blocking]
            unread = [n for n in done.not_checked if n.page is None or n.page in selected]
            pages = {n.page for n in unread if n.page}
            if pages and document.id not in redacted:
                # Text stored for a page after its check (OCR read later) is read now.
                later = {n: t for n, t in session.execute(
                    select(DocumentPage.page_no, DocumentPage.text)
                    .where(DocumentPage.document_id == document.id,
                           DocumentPage.page_no.in_(pages))).all() if t and t.strip()}
                more = check_texts(later)
                blocking += more.blocking
                noted += more.noted
                unread = [n for n in unread if n.page not in later]
            scanned_unread = sorted(n.page for n in unread if n.page in source.scanned)
            unread = [n for n in unread if n.page not in scanned_unread]
        else:
            texts_stored: dict[int, str | None] = {}
            if pdf_kind and document.id not in redacted:
                # A conversion's pages are its own; a redacted version's text is
                # not the import's.
                texts_stored = dict(session.execute(
                    select(DocumentPage.page_no, DocumentPage.text)
                    .where(DocumentPage.document_id == document.id)).all())
            wanted = {n for n in source.pages if texts_stored.get(n + 1) is None}
            reading = read(source.pdf, want_text=False, pages=source.pages, text_pages=wanted)
            texts = {n + 1: texts_stored[n + 1] or "" for n in source.pages
                     if n not in wanted}
            texts.update({p.page: p.text for p in reading.texts if p.page - 1 in wanted})
            checked = check_texts(texts)
            hidden = reading.hidden
            blocking, noted = checked.blocking, checked.noted
            scanned_unread = sorted(n for n in source.scanned
                                    if not (texts.get(n) or "").strip() and n - 1 in source.pages)
            unread = [n for n in reading.not_checked if n.page not in scanned_unread]
        found += [f"{source.name}, {h.line()}" for h in hidden]
        found += [f"{source.name}, {line}" for line in blocking]
        report.warnings += [f"{source.name}, {line}" for line in noted]
        report.warnings += [f"{source.name}, {n.line()} for personal data or text under "
                            "redactions" for n in unread]
        if scanned_unread:  # the build's own OCR comes later, page by page as written
            report.warnings.append(
                f"{source.name}: page{'s' if len(scanned_unread) > 1 else ''} "
                f"{', '.join(map(str, scanned_unread[:12]))} not checked for personal data "
                "(scanned, and no text was read from them at import)")
    if not found:
        return
    if options.allow_personal_data is None:
        shown = "; ".join(found[:5]) + (f"; and {len(found) - 5} more" if len(found) > 5
                                         else "")
        raise InputError(f"{len(found)} finding{'s' if len(found) > 1 else ''} must not reach "
                         f"a public filing: {shown}. Redact them, or build with "
                         "--allow-personal-data REASON (recorded in the case). Nothing was "
                         "written.")
    reason = " ".join(options.allow_personal_data.split())
    report.overrides += [f"{line}; filed by the user's override ({reason})" for line in found]


def _check_positions(options: BundleOptions) -> None:
    """Two marks in one place print over each other."""
    p = options.profile
    used = []
    if options.stamp:
        used.append(("the exhibit stamp", p.stamp_position))
    if options.footer:
        used.append(("the footer", p.footer_position))
    if options.bates_prefix:
        used.append(("the Bates number", p.bates_position))
    for i, (a, where) in enumerate(used):
        for b, other in used[i + 1:]:
            if where == other:
                raise InputError(f"{a[0].upper() + a[1:]} and {b} would both print at "
                                 f"{where}; put one elsewhere (--stamp-position, "
                                 "--footer-position, --bates-position).")


def _text_layer_warnings(sources: list[Source], options: BundleOptions,
                         report: BundleReport) -> None:
    from casefile.bundles import ocr

    if options.ocr and ocr.available():
        return  # the scanned pages get their text layer as they are written
    for source in sources:
        missing = [n + 1 for n in source.pages if n + 1 in source.scanned]
        if missing:
            pages = ", ".join(map(str, missing[:12])) + (" …" if len(missing) > 12 else "")
            report.warnings.append(f"{source.name}: page{'s' if len(missing) > 1 else ''} "
                                   f"{pages} have no text layer (scanned); courts that require "
                                   "searchable PDFs may reject them.")


# --- the plan: which page is which -------------------------------------------------------


@dataclass
class _Plan:
    source: Source
    label: str  # "Ex. A"
    slip: str  # "Exhibit A"
    title: str
    first_bates: int = 0  # the Bates number of its slip sheet (or first page)
    damaged: bool = False  # qpdf repaired the source as it opened it


def _plan(exhibit_set: ExhibitSet, sources: list[Source], options: BundleOptions
          ) -> list[_Plan]:
    plans = []
    number = options.bates_start
    for source in sources:
        e = source.exhibit
        plan = _Plan(source, display_label(exhibit_set, e), slip_label(exhibit_set, e), e.title,
                     number, bool(source.pdf_doc.get_warnings()))
        number += len(source.pages) + (1 if options.slip_sheets else 0)
        plans.append(plan)
    return plans


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.check()


def _bates(options: BundleOptions, number: int) -> str:
    return f"{options.bates_prefix}{number:0{options.bates_digits}d}"


# --- writing --------------------------------------------------------------------------------


class _Output:
    """One PDF being assembled: pages copied in, marked, labelled, bookmarked.

    Pages are copied with ``copy_foreign`` and the page tree is written once
    at the end: pikepdf's ``pages.append`` was quadratic in the pages already
    there (2 s for 5,000 pages, growing with every exhibit).
    """

    def __init__(self, options: BundleOptions, report: BundleReport):
        self.pdf = pikepdf.new()
        self.kids: list[pikepdf.Object] = []
        self.labels: list[tuple[int, pikepdf.Dictionary]] = []
        self.outline: list[tuple[str, int]] = []
        self.stamper = Stamper(self.pdf, options.shrink, options.profile.margin_pt)
        self.cleaner = Cleaner(self.pdf)  # one per output: it walks each object once
        self.report = report

    def add(self, page: pikepdf.Page, clean_as: str | None = None, suspect: bool = True
            ) -> pikepdf.Object:
        own_attributes(page.obj)
        copied = self.pdf.copy_foreign(page.obj)
        if clean_as is not None:
            for change in self.cleaner.page(copied, suspect=suspect):
                self.report.fixes.append(f"{clean_as}: {change.done()}")
        self.kids.append(copied)
        return copied

    def label(self, start: int, style: str | None, prefix: str = "", first: int = 1) -> None:
        entry = pikepdf.Dictionary()
        if style:
            entry.S = pikepdf.Name(style)
            if first != 1:
                entry.St = first
        if prefix:
            entry.P = pikepdf.String(prefix)
        self.labels.append((start, entry))

    def finish(self, title: str) -> bytes:
        pages = self.pdf.Root.Pages
        for kid in self.kids:
            kid.Parent = pages
        pages.Kids = pikepdf.Array(self.kids)
        pages.Count = len(self.kids)
        if self.labels:
            nums = []
            for start, entry in self.labels:
                nums += [start, entry]
            self.pdf.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(nums))
        if self.outline:
            with self.pdf.open_outline() as outline:
                for text, index in self.outline:
                    # An explicit destination: by page number, pikepdf looks the page
                    # up in the tree for every item.
                    destination = pikepdf.Array([self.kids[index], pikepdf.Name.Fit])
                    outline.root.append(pikepdf.OutlineItem(text, destination))
            self.pdf.Root.PageMode = pikepdf.Name.UseOutlines
        # Only a title and the producer: no author, path, dates or XMP.
        self.pdf.docinfo = self.pdf.make_indirect(pikepdf.Dictionary(
            Title=pikepdf.String(title), Producer=pikepdf.String("Casefile")))
        out = io.BytesIO()
        # Object streams: what the bundle adds per page costs bytes, not objects. Streams
        # are copied as they are (ours are compressed when made), not decoded and
        # re-encoded, which cost 0.75 s per 5,000 pages.
        self.pdf.save(out, compress_streams=True, deterministic_id=True,
                      stream_decode_level=pikepdf.StreamDecodeLevel.none,
                      object_stream_mode=pikepdf.ObjectStreamMode.generate,
                      fix_metadata_version=False)
        return out.getvalue()


def _write(exhibit_set: ExhibitSet, plans: list[_Plan], options: BundleOptions,
           report: BundleReport, *, with_index: bool,
           parts: dict[int, tuple[int, int]] | None = None,
           title: str | None = None, part_label: str | None = None,
           cancel: CancelToken | None = None) -> tuple[bytes, int]:
    """One PDF of ``plans`` (each whole, or the pages in ``parts``), marked and linked."""
    out = _Output(options, report)
    profile = options.profile
    index_layout = None
    first_pages: list[int] = []
    if with_index:
        heading = _heading(exhibit_set)
        page = sheets.index_page_count(heading, [sheets.IndexRow(p.slip, p.title, 0)
                                                 for p in plans]) + 1
        for plan in plans:
            first_pages.append(page)
            page += len(plan.source.pages) + (1 if options.slip_sheets else 0)
        data, index_layout = sheets.index_pages(
            heading, [sheets.IndexRow(p.slip, p.title, first) for p, first in
                      zip(plans, first_pages, strict=True)])
        index_pdf = pikepdf.open(io.BytesIO(data))
        for index_page in index_pdf.pages:
            out.add(index_page)
        out.label(0, "/r")
    for n, plan in enumerate(plans):
        start = len(out.kids)
        bates = plan.first_bates
        selected = plan.source.pages
        offset = 0
        if parts and n in parts:
            offset, stop = parts[n]
            selected = selected[offset:stop]
            bates += offset + (1 if options.slip_sheets else 0)
        with_slip = options.slip_sheets and offset == 0
        if with_slip:
            slip = out.stamper.slip_sheet(plan.slip, plan.title)
            out.kids.append(slip)
            if options.bates_prefix:
                out.stamper.stamp(slip, [Mark(_bates(options, bates), profile.bates_position)])
            bates += 1
            out.label(start, None, plan.label)
        total = len(plan.source.pages)
        # In the source, all its pages at once, before they are copied: the cleaner
        # then checks the Flate data left, and the save writes it as it is.
        unwrap_contents([plan.source.pdf_doc.pages[i].obj for i in selected])
        for i, page_index in enumerate(selected):
            _check(cancel)  # per page: OCR can take seconds a page
            page = out.add(plan.source.pdf_doc.pages[page_index],
                           clean_as=f"{plan.source.name}, page {page_index + 1}",
                           suspect=plan.damaged)
            number = offset + i + 1
            marks = []
            if options.stamp and (number == 1 or (part_label and i == 0)):
                marks.append(Mark(part_label or _stamp_text(plan), profile.stamp_position, 11,
                                  bold=True, boxed=True))
            if options.footer:
                marks.append(Mark(f"{plan.label} – p. {number} of {total}",
                                  profile.footer_position))
            if options.bates_prefix:
                marks.append(Mark(_bates(options, bates + i), profile.bates_position))
            hidden = b""
            if options.ocr and page_index + 1 in plan.source.scanned:
                hidden = _ocr(plan.source, page_index, report)
            if marks or hidden or options.shrink != 1.0:
                out.stamper.stamp(page, marks, hidden)
        if selected:
            out.label(start + (1 if with_slip else 0), "/D", f"{plan.label}-", offset + 1)
        if len(out.kids) > start:
            out.outline.append((f"{plan.label} – {plan.title}"[:250], start))
    if index_layout is not None:
        for row, index_page, x0, y0, x1, y1 in index_layout.rects:
            link = out.pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                Rect=pikepdf.Array([x0, y0, x1, y1]), Border=pikepdf.Array([0, 0, 0]),
                Dest=pikepdf.Array([out.kids[first_pages[row] - 1], pikepdf.Name.Fit])))
            holder = out.kids[index_page]
            if "/Annots" not in holder:
                holder.Annots = pikepdf.Array()
            holder.Annots.append(link)
    return out.finish(title or exhibit_set.name), len(out.kids)


def _ocr(source: Source, page_index: int, report: BundleReport) -> bytes:
    from casefile.bundles import ocr

    if not ocr.available():
        return b""
    found = ocr.words(source.pdf, page_index, source.name)
    line = f"{source.name}, page {page_index + 1}: scanned; text layer added by OCR"
    if not found:
        line = f"{source.name}, page {page_index + 1}: scanned, and OCR found no text on it"
    if line not in report.fixes:
        report.fixes.append(line)
    return ocr.invisible_text(found) if found else b""


def _heading(exhibit_set: ExhibitSet) -> list[str]:
    lines = []
    if exhibit_set.declaration is not None:
        matter = exhibit_set.declaration.matter
        if matter is not None and matter.court:
            lines.append(matter.court.upper())
        if matter is not None:
            lines.append(f"{matter.short_title}, No. {matter.docket_no or '[DOCKET NO.]'}")
        lines.append(f"Exhibits to the {exhibit_set.declaration.title}")
    elif exhibit_set.filing is not None:
        lines.append(f"Exhibits to {exhibit_set.filing.title}")
    lines.append("INDEX OF EXHIBITS")
    return lines


def _per_exhibit(exhibit_set: ExhibitSet, plan: _Plan, options: BundleOptions,
                 report: BundleReport, cancel: CancelToken | None
                 ) -> list[tuple[str, bytes, str, int]]:
    """One exhibit's file, or its parts when it is over the size limit."""
    limit = options.profile.size_limit
    total = len(plan.source.pages)
    data, pages = _write(exhibit_set, [plan], options, report, with_index=False,
                         title=f"{plan.label} – {plan.title}", cancel=cancel)
    base = f"{_safe(plan.label)} - {_safe(plan.title)[:80]}"
    if len(data) <= limit:
        return [(f"{base}.pdf", data, f"{plan.slip} – {plan.title}", pages)]
    # Split by pages: as many as fit, measured, shrinking the estimate until they do.
    pieces: list[tuple[bytes, int]] = []
    a = 0
    per_page = len(data) / max(1, total)
    while a < total:
        count = max(1, int(limit * 0.9 / per_page))
        while True:
            b = min(total, a + count)
            piece, piece_pages = _write(exhibit_set, [plan], options, report, with_index=False,
                                        parts={0: (a, b)}, title=f"{plan.label} – {plan.title}",
                                        cancel=cancel)
            if len(piece) <= limit - 4096:  # room for the part's stamp, added below
                break
            if count == 1:
                raise InputError(f"{plan.source.name}: page {plan.source.pages[a] + 1} alone "
                                 f"is {_mb(len(piece))}, over the {_mb(limit)} limit; reduce "
                                 "its image resolution (print it to PDF again) and replace "
                                 "the exhibit.")
            count = max(1, int(count * limit / len(piece) * 0.9))
        pieces.append((piece, piece_pages))
        a = b
    # Written again with each part's first page stamped "Exhibit 6 (Part 2 of 3)":
    # the number of parts is known only now. (Stamps add a few hundred bytes.)
    out = []
    bounds = []
    a = 0
    for _piece, piece_pages in pieces:
        slip = 1 if options.slip_sheets and a == 0 else 0
        bounds.append((a, a + piece_pages - slip))
        a += piece_pages - slip
    for k, (a, b) in enumerate(bounds, 1):
        part = f"(Part {k} of {len(bounds)})"
        piece, piece_pages = _write(exhibit_set, [plan], options, report, with_index=False,
                                    parts={0: (a, b)}, title=f"{plan.label} – {plan.title}",
                                    part_label=f"{_stamp_text(plan)} {part.upper()}",
                                    cancel=cancel)
        out.append((f"{base} {part}.pdf", piece, f"{plan.slip} {part} – {plan.title}",
                    piece_pages))
    return out


def _stamp_text(plan: _Plan) -> str:
    """'EXHIBIT A' in capitals, as stamps are; a prefix such as 'Pl. Ex. A' as written."""
    return plan.slip.upper() if plan.slip.startswith("Exhibit ") else plan.slip


def _safe(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in " .,-_()'&" else "-" for c in name)
    return " ".join(cleaned.split()).strip(" .") or "bundle"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# --- outputs ------------------------------------------------------------------------------


def _write_outputs(out_dir: Path, stem: str, files: list[tuple[str, bytes, str, int]],
                   sources: list[Source], options: BundleOptions, report: BundleReport,
                   cancel: CancelToken | None, before_move: Callable[[Path], None]) -> None:
    """Write every file in a hidden folder, then move them in: all or none appear.
    ``before_move`` may refuse them (it raises), after they are written, hashed
    and zipped, and before any is moved."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        leftovers.sweep(out_dir)  # the folders of killed builds; never a live one's
        work = out_dir / leftovers.partial_name(f".{stem}")
        work.mkdir()
        try:
            names = []
            hashes = {}
            for name, data, description, pages in files:
                (work / name).write_bytes(data)
                hashes[name] = hashlib.sha256(data).hexdigest()  # not read back again
                names.append(name)
                report.outputs.append(Output(out_dir / name, description, pages, len(data)))
            lines = [f"{o.path.name}\t{o.description}" for o in report.outputs]
            (work / f"{stem} - descriptions.txt").write_text("\n".join(lines) + "\n",
                                                            encoding="utf-8")
            names.append(f"{stem} - descriptions.txt")
            if options.zip:
                archive = f"{stem}.zip"
                _zip(work / archive, [(n, work / n) for n, *_ in files])
                names.append(archive)
                report.archive = out_dir / archive
            manifest = [f"# {stem}: SHA-256 of the sources and of each file written"]
            for s in sources:
                manifest.append(f"{s.sha256}  source: {s.name}")
            for name in names:
                digest = hashes.get(name) or hashlib.sha256((work / name).read_bytes()).hexdigest()
                manifest.append(f"{digest}  {name}")
            (work / f"{stem} - manifest.sha256").write_text("\n".join(manifest) + "\n",
                                                           encoding="utf-8")
            names.append(f"{stem} - manifest.sha256")
            before_move(work)
            _check(cancel)  # the last moment: after this, every file appears
            for name in names:
                os.replace(work / name, out_dir / name)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    except OSError as exc:
        report.outputs.clear()
        raise from_os_error(exc, out_dir, "writing the bundle to") from None
    report.descriptions = out_dir / f"{stem} - descriptions.txt"
    report.manifest = out_dir / f"{stem} - manifest.sha256"


def build_from_file(case_path: Path | str, set_key: str, out_dir: Path,
                    options: BundleOptions, *,
                    progress: Callable[[int, int, str], None] | None = None,
                    cancel: CancelToken | None = None) -> BundleReport:
    """``build`` from a case file's path, reading it on its own: what a child
    process runs (``jobs.in_child(build_from_file, …)``), so that pikepdf's long
    stretches holding the GIL never freeze the window."""
    from casefile.exhibits import find_set
    from casefile.store import CaseFile

    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        return build(s, find_set(s, set_key), out_dir, options,
                     progress=(lambda note: progress(0, 0, note)) if progress else None,
                     cancel=cancel)


def _zip(target: Path, members: list[tuple[str, Path]]) -> None:
    """A ZIP whose bytes depend only on its files (fixed dates, fixed order)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, path in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes())


def record_overrides(session: Session, exhibit_set: ExhibitSet, report: BundleReport) -> None:
    """Write each privilege override into the case, beside the exhibit set."""
    from casefile.notes import add_note

    for line in report.overrides:
        add_note(session, exhibit_set, f"Bundle built {date.today().isoformat()}: {line}")

