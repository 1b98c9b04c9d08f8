"""The privacy check each imported file gets once, and its stored findings.

The import's reader checks each file as it reads it
(``casefile.privacy.import_check``, in the reader's child). What it found
is stored against the file's bytes (``privacy_check``, one per blob, and its
``privacy_finding`` rows): a bundle whose exhibit has the same bytes, checked
by the same ``RULES``, reuses them instead of reading every page again.

A file or page that could not be checked is stored as a ``not_checked``
finding with its reason: never as clean.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from casefile.display import plural
from casefile.privacy import personal
from casefile.privacy.check import PrivacyReport
from casefile.privacy.redactions import Hidden, NotChecked

# Raise when the rules change (a new pattern, a new kind of failed redaction):
# findings stored under other rules are then not reused, and the bundle reads
# the pages again.
RULES = "2"
SCANNED = "a scanned page without a text layer; OCR it to check it"


# --- storing and reading back ----------------------------------------------------


def store(session: Session, blob_id: int, report: PrivacyReport) -> None:
    """The check of the bytes ``blob_id``, replacing any before it."""
    from casefile.store.models import PrivacyCheck, PrivacyFinding

    session.execute(delete(PrivacyCheck).where(PrivacyCheck.blob_id == blob_id))
    check = PrivacyCheck(blob_id=blob_id, rules=RULES, pages=report.pages or 0)
    for h in report.hidden:
        x0, y0, x1, y1 = h.box
        check.findings.append(PrivacyFinding(
            kind="hidden", label="text under a redaction", page=h.page, x0=x0, y0=y0, x1=x1,
            y1=y1, rule=h.how, text=h.text, allowed="", where=_where(h.how)))
    for f in report.personal:
        check.findings.append(PrivacyFinding(
            kind="personal" if f.blocking else "noted", label=f.kind[:100], page=f.page,
            rule=f.rule, text=f.text, allowed=f.allowed,
            where=_where(f.kind) if ", in " in f.kind else "page"))
    for n in report.not_checked:
        check.findings.append(PrivacyFinding(kind="not_checked", label="not checked",
                                             page=n.page, rule=n.reason, text="", allowed="",
                                             where="page" if n.page else "file"))
    session.add(check)
    session.flush()


def _where(how: str) -> str:
    """Where a finding outside the page is (outside.Place names it)."""
    for word, place in (("bookmark", "bookmark"), ("note on page", "annotation"),
                        ("metadata", "metadata"), ("document's /", "metadata"),
                        ("form field", "form field")):
        if word in how:
            return place
    return "page"


def stored(session: Session, blob_id: int) -> PrivacyReport | None:
    """The stored check of the bytes ``blob_id``, or None when they were never
    checked or were checked by other rules."""
    from casefile.store.models import PrivacyCheck

    check = session.scalar(select(PrivacyCheck).where(PrivacyCheck.blob_id == blob_id))
    if check is None or check.rules != RULES:
        return None
    return _report(check)


def _report(check) -> PrivacyReport:
    report = PrivacyReport(pages=check.pages)
    for f in check.findings:
        if f.kind == "hidden":
            report.hidden.append(Hidden(f.page, (f.x0, f.y0, f.x1, f.y1), f.text, f.rule))
        elif f.kind == "not_checked":
            report.not_checked.append(NotChecked(f.page, f.rule))
        else:
            report.personal.append(personal.Finding(f.page, f.label, f.text, f.rule,
                                                    f.allowed, f.kind == "personal"))
    return report


def checked_blobs(session: Session, blob_ids) -> dict[int, PrivacyReport]:
    """``stored`` for many blobs in two queries (a bundle's exhibits)."""
    from sqlalchemy.orm import selectinload

    from casefile.store.models import PrivacyCheck

    ids = list(blob_ids)
    if not ids:
        return {}
    checks = session.scalars(select(PrivacyCheck)
                             .where(PrivacyCheck.blob_id.in_(ids), PrivacyCheck.rules == RULES)
                             .options(selectinload(PrivacyCheck.findings)))
    return {c.blob_id: _report(c) for c in checks}


def checked_shas(session: Session, shas) -> dict[str, PrivacyReport]:
    """The stored checks of the bytes with these SHA-256s (by today's rules)."""
    from sqlalchemy.orm import selectinload

    from casefile.store.models import Blob, PrivacyCheck

    shas = list(shas)
    if not shas:
        return {}
    rows = session.execute(select(Blob.sha256, PrivacyCheck)
                           .join(PrivacyCheck, PrivacyCheck.blob_id == Blob.id)
                           .where(Blob.sha256.in_(shas), PrivacyCheck.rules == RULES)
                           .options(selectinload(PrivacyCheck.findings)))
    return {sha: _report(check) for sha, check in rows}


# --- what a document and a production hold ------------------------------------------


@dataclass
class Summary:
    """What the import's check found in some documents."""

    documents: int = 0
    checked: int = 0  # documents with a stored check
    hidden_pages: int = 0  # pages with text under a redaction box
    hidden: int = 0
    personal: int = 0
    noted: int = 0
    not_checked_pages: int = 0
    not_checked_files: int = 0

    def brief(self) -> str:
        """A list's cell: '14 pages with text under redaction boxes; 3 personal data'."""
        if not self.documents:
            return ""
        if not self.checked:
            return "not checked"
        parts = []
        if self.hidden_pages:
            parts.append(f"{plural(self.hidden_pages, 'page')} with text under redaction "
                         "boxes")
        if self.personal:
            parts.append(f"{self.personal} personal data")
        unchecked = self.not_checked_files + self.not_checked_pages + \
            self.documents - self.checked
        if unchecked:
            parts.append(f"{unchecked} not checked")
        return "; ".join(parts) or "nothing found"

    def sentence(self) -> str:
        if not self.documents:
            return "no documents"
        if not self.checked:
            return "not checked at import (run 'casefile scan')"
        if self.hidden_pages or self.personal:
            # Both counts, the zero too: "2 pages with text under redaction boxes; 0
            # pieces of personal data" says the second was looked for.
            parts = [f"{plural(self.hidden_pages, 'page')} with text under redaction boxes",
                     f"{plural(self.personal, 'piece')} of personal data"]
        else:  # the window's words (ui/findings_panel.py)
            parts = ["no text under redaction boxes and no personal data found"]
        if self.not_checked_files or self.not_checked_pages:
            bits = []
            if self.not_checked_files:
                bits.append(f"{self.not_checked_files} file"
                            f"{'' if self.not_checked_files == 1 else 's'}")
            if self.not_checked_pages:
                bits.append(f"{self.not_checked_pages} page"
                            f"{'' if self.not_checked_pages == 1 else 's'}")
            parts.append(" and ".join(bits) + " not checked")
        if self.checked < self.documents:
            parts.append(f"{self.documents - self.checked} of {self.documents} documents not "
                         "checked at import")
        return "; ".join(parts)


def _current_checks(session: Session, ids: list[int]) -> dict[int, int]:
    """Each document's stored check (its id) of what the document is now: its
    newest redacted version, else the import; documents never checked, or
    checked under other rules, are left out."""
    from casefile.privacy.versions import current_blob_ids
    from casefile.store.models import PrivacyCheck

    blobs = current_blob_ids(session, ids)
    if not blobs:
        return {}
    checks = dict(session.execute(select(PrivacyCheck.blob_id, PrivacyCheck.id).where(
        PrivacyCheck.blob_id.in_(set(blobs.values())), PrivacyCheck.rules == RULES)).all())
    return {d: checks[b] for d, b in blobs.items() if b in checks}


def unchecked(session: Session, document_ids) -> list[int]:
    """The documents whose current bytes have no check under these ``RULES``:
    never checked, checked under older rules, or a redacted version not yet
    checked. Only these need their pages read."""
    ids = list(document_ids)
    known = _current_checks(session, ids)
    return [d for d in ids if d not in known]


def summarize(session: Session, document_ids) -> Summary:
    """What the stored checks of the documents (as each is now) found."""
    from casefile.store.models import PrivacyFinding

    ids = list(dict.fromkeys(document_ids))
    summary = Summary(documents=len(ids))
    if not ids:
        return summary
    checks = _current_checks(session, ids)
    summary.checked = len(checks)
    check_ids = set(checks.values())
    if not check_ids:
        return summary
    kinds: Counter = Counter()
    hidden_pages: set = set()
    bad_pages: set = set()
    for check_id, kind, page in session.execute(
            select(PrivacyFinding.check_id, PrivacyFinding.kind, PrivacyFinding.page)
            .where(PrivacyFinding.check_id.in_(check_ids))):
        kinds[kind] += 1
        if kind == "hidden":
            hidden_pages.add((check_id, page))
        elif kind == "not_checked":
            if page is None:
                summary.not_checked_files += 1
            else:
                bad_pages.add((check_id, page))
    summary.hidden, summary.personal, summary.noted = (kinds["hidden"], kinds["personal"],
                                                       kinds["noted"])
    summary.hidden_pages = len(hidden_pages)
    summary.not_checked_pages = len(bad_pages)
    return summary


def production_summary(session: Session, production_id: int) -> Summary:
    """The production's page: "14 pages with text under redaction boxes"."""
    from casefile.store.models import ProductionDocument

    ids = session.scalars(select(ProductionDocument.document_id)
                          .where(ProductionDocument.production_id == production_id))
    return summarize(session, ids)


@dataclass
class StoredFinding:
    """One stored finding of a document, with what the case says of its page."""

    document_id: int
    document: str
    kind: str  # "hidden", "personal", "noted", "not_checked"
    label: str
    page: int | None
    box: tuple[float, float, float, float] | None
    rule: str
    text: str
    allowed: str
    where: str
    bates: str | None = None
    vaughn: list[VaughnClaim] | None = None  # the Vaughn entries that claim the page

    def line(self) -> str:
        at = f"page {self.page}" if self.page else "the file"
        if self.bates:
            at += f" ({self.bates})"
        if self.kind == "not_checked":
            return f"{at} not checked: {self.rule}"
        if self.kind == "hidden":
            x0, y0, x1, y1 = self.box
            return (f"{at}: text under a redaction ({self.rule}) at "
                    f"[{x0:.0f} {y0:.0f} {x1:.0f} {y1:.0f}]: '{self.text}'")
        noted = "" if self.kind == "personal" else " (noted only)"
        return f"{at}: {self.label} '{self.text}'{noted} ({self.rule}; allowed: {self.allowed})"


def findings(session: Session, document_ids) -> list[StoredFinding]:
    """The stored findings of the documents, page by page, each with its Bates
    number and the Vaughn entries whose Bates range claims that page (the
    agency's withholding beside the text it failed to withhold)."""
    from casefile.store.models import Document, DocumentPage, PrivacyFinding

    ids = list(dict.fromkeys(document_ids))
    if not ids:
        return []
    checks = _current_checks(session, ids)  # what each document is now, not the import
    if not checks:
        return []
    owner = {c: d for d, c in checks.items()}
    names = dict(session.execute(select(Document.id, Document.name)
                                 .where(Document.id.in_(checks))).all())
    order = {d: n for n, d in enumerate(ids)}
    found = session.scalars(select(PrivacyFinding)
                            .where(PrivacyFinding.check_id.in_(owner))).all()
    rows = sorted(((owner[f.check_id], names[owner[f.check_id]], f) for f in found),
                  key=lambda r: (order[r[0]], r[2].page or 0, r[2].id))
    pages = {(d, p) for d, _n, f in rows if (p := f.page)}
    bates: dict[tuple[int, int], str] = {}
    if pages:
        for d, p, b in session.execute(
                select(DocumentPage.document_id, DocumentPage.page_no, DocumentPage.bates)
                .where(DocumentPage.document_id.in_({d for d, _p in pages}),
                       DocumentPage.bates.is_not(None))):
            if (d, p) in pages:
                bates[(d, p)] = b
    claims = vaughn_claims(session, set(bates.values()))
    out = []
    for document_id, name, f in rows:
        box = None if f.x0 is None else (f.x0, f.y0, f.x1, f.y1)
        number = bates.get((document_id, f.page)) if f.page else None
        out.append(StoredFinding(document_id, name, f.kind, f.label, f.page, box, f.rule,
                                 f.text, f.allowed, f.where, number,
                                 claims.get(number) if number else None))
    return out


@dataclass(frozen=True)
class VaughnClaim:
    """A Vaughn entry whose Bates range holds a page, with the exemptions it claims."""

    entry_no: str
    begin: str
    end: str
    exemptions: tuple[str, ...]
    description: str

    def short(self) -> str:
        """'Entry 7: (b)(6)': a list's column."""
        return f"Entry {self.entry_no}" + (f": {', '.join(self.exemptions)}"
                                           if self.exemptions else "")

    def line(self) -> str:
        """'Vaughn entry 12 (DHS-0001–DHS-0004), (b)(6): description'."""
        where = self.begin + (f"–{self.end}" if self.end and self.end != self.begin else "")
        codes = f", {', '.join(self.exemptions)}" if self.exemptions else ""
        said = " ".join(self.description.split())
        return f"Vaughn entry {self.entry_no} ({where}){codes}{': ' + said[:80] if said else ''}"


def vaughn_claims(session: Session, numbers) -> dict[str, list[VaughnClaim]]:
    """Each Bates number's Vaughn entries, in index order: the one lookup the
    CLI, the window and the production page share. Zero-padded numbers with
    one prefix compare as strings in Bates order (as ``vaughn.entries.pages_of``
    finds an entry's pages)."""
    from sqlalchemy.orm import selectinload

    from casefile.store.models import Record, Withholding

    numbers = {n for n in numbers if n}
    if not numbers:
        return {}
    claims: dict[str, list[VaughnClaim]] = {}
    for entry in session.scalars(
            select(Record).where(Record.bates_begin.is_not(None))
            .options(selectinload(Record.withholdings).selectinload(Withholding.exemption))
            .order_by(Record.index_id, Record.position)):
        begin = entry.bates_begin
        end = entry.bates_end or begin
        mine = [n for n in numbers if n in (begin, end) or (
            len(begin) == len(end) == len(n) and begin <= n <= end)]
        if not mine:
            continue
        codes = tuple(c for c in (w.exemption.label if w.exemption is not None
                                  else (w.raw_text or "") for w in entry.withholdings) if c)
        claim = VaughnClaim(entry.entry_no, begin, entry.bates_end or "", codes,
                            entry.description or "")
        for number in mine:
            claims.setdefault(number, []).append(claim)
    return claims
