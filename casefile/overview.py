"""What a case holds, at a glance: the numbers behind `casefile info` and the
window's matter page."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from casefile.display import human_size
from casefile.store.case import CaseFile
from casefile.store.lock import describe, read_holder
from casefile.store.models import (
    Agency,
    Blob,
    Correspondence,
    Deadline,
    Declaration,
    Document,
    Exhibit,
    FoiaRequest,
    Matter,
    Production,
    Record,
    Setting,
    VaughnIndex,
)
from casefile.store.schema import current_revision

COUNTED = [
    ("agencies", Agency),
    ("requests", FoiaRequest),
    ("correspondence", Correspondence),
    ("documents", Document),
    ("productions", Production),
    ("Vaughn indexes", VaughnIndex),
    ("Vaughn entries", Record),
    ("exhibits", Exhibit),
    ("declarations", Declaration),
    ("deadlines", Deadline),
]


@dataclass
class Overview:
    path: str
    schema: str | None
    settings: dict[str, str]
    matters: list[tuple[str, str | None, str | None, str | None]]
    counts: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    stored_bytes: int = 0
    holder: str | None = None
    # Each production's stored privacy check: (id, title, "14 pages with text under
    # redaction boxes; …"), the agency's failed redactions being evidence for us.
    productions: list[tuple[int, str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Case file   {self.path}"]
        for caption, court, docket, judge in self.matters:
            out.append(f"Matter      {caption}")
            details = ", ".join(x for x in (court, docket and f"No. {docket}", judge) if x)
            if details:
                out.append(f"            {details}")
        out.append(f"Created     {self.settings.get('created_at', '?')[:10]} by "
                   f"{self.settings.get('created_by', '?')}; schema {self.schema}")
        if self.holder:
            out.append(f"Open in     {self.holder}")
        out.append("")
        width = max(len(k) for k in self.counts)
        for name, n in self.counts.items():
            out.append(f"  {name:<{width}}  {n:>7,}")
        out.append(f"  {'pages':<{width}}  {self.pages:>7,}")
        out.append(f"  {'stored files':<{width}}  {human_size(self.stored_bytes):>10}")
        if self.productions:
            out.append("")
            out.append("Productions, as checked for privacy:")
            for number, title, sentence in self.productions:
                out.append(f"  {number}: {title}: {sentence}")
        return out


def overview(case: CaseFile) -> Overview:
    with case.reading() as s:
        settings = dict(s.execute(select(Setting.key, Setting.value)).all())
        matters = s.execute(
            select(Matter.caption, Matter.court, Matter.docket_no, Matter.judge).order_by(Matter.id)
        ).all()
        counts = {name: s.scalar(select(func.count()).select_from(model)) or 0
                  for name, model in COUNTED}
        pages = s.scalar(select(func.coalesce(func.sum(Document.page_count), 0))) or 0
        stored = s.scalar(select(func.coalesce(func.sum(Blob.size), 0))) or 0
        schema = current_revision(s.connection())
        productions = _productions_checked(s)
    holder = read_holder(case.path)
    held_by_other = holder and case.read_only
    return Overview(
        path=str(case.path), schema=schema, settings=settings, matters=list(matters),
        counts=counts, pages=pages, stored_bytes=stored,
        holder=describe(holder) if held_by_other else None, productions=productions,
    )


def _productions_checked(session) -> list[tuple[int, str, str]]:
    from casefile.display import shown
    from casefile.privacy.stored import production_summary

    return [(p.id, shown(p.title), production_summary(session, p.id).sentence())
            for p in session.scalars(select(Production)
                                     .order_by(Production.produced_on, Production.id))]
