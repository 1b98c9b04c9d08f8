"""What a case holds, at a glance: the numbers behind `casefile info` and the
window's matter page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from casefile.display import human_size
from casefile.store.case import CaseFile
from casefile.store.lock import describe, read_holder
from casefile.store.models import (
    Agency,
    Blob,
    Correspondence,
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
    # The deadlines as `casefile deadlines` and the Deadlines section list them (the
    # dates the law sets as well as those entered), by standing: "4 missed by the
    # agency, 6 done or passed". Counting entered rows alone said 4 beside a list of 10.
    deadlines_by_standing: str = ""

    def lines(self) -> list[str]:
        out = [f"Case file   {self.path}"]
        for caption, court, docket, judge in self.matters:
            out.append(f"Matter      {caption}")
            details = ", ".join(x for x in (court, docket and f"No. {docket}", judge) if x)
            if details:
                out.append(f"            {details}")
        out.append(f"Created     {self.settings.get('created_at', '?')[:10]} by "
                   f"{self.settings.get('created_by', '?')}; schema {self.schema}")
        if self.settings.get("origin_url"):
            from casefile.store.postgres import shown
            from casefile.store.transfer import when_pulled

            # shown(): a copy pulled by an earlier build kept a typed password here.
            out.append(f"Pulled from {shown(self.settings['origin_url'])} on "
                       f"{when_pulled(self.settings.get('pulled_at', ''))}")
        if self.holder:
            out.append(f"Open in     {self.holder}")
        out.append("")
        width = max(len(k) for k in self.counts)
        for name, n in self.counts.items():
            out.append(f"  {name:<{width}}  {n:>7,}" + (
                f"  ({self.deadlines_by_standing})"
                if name == "deadlines" and self.deadlines_by_standing else ""))
        out.append(f"  {'pages':<{width}}  {self.pages:>7,}")
        out.append(f"  {'stored files':<{width}}  {human_size(self.stored_bytes):>10}")
        if self.productions:
            out.append("")
            out.append("Productions, as checked for privacy:")
            for number, title, sentence in self.productions:
                out.append(f"  {number}: {title}: {sentence}")
        return out


def overview(case: CaseFile, today: date | None = None) -> Overview:
    with case.reading() as s:
        settings = dict(s.execute(select(Setting.key, Setting.value)).all())
        matters = s.execute(
            select(Matter.caption, Matter.court, Matter.docket_no, Matter.judge).order_by(Matter.id)
        ).all()
        counts = {name: s.scalar(select(func.count()).select_from(model)) or 0
                  for name, model in COUNTED}
        counts["deadlines"], by_standing = _deadlines(s, today or date.today())
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
        deadlines_by_standing=by_standing,
    )


def _deadlines(session, today: date) -> tuple[int, str]:
    from collections import Counter

    from casefile.deadlines.agenda import Standing, agenda

    standings = Counter(item.standing for item in agenda(session, today).items)
    said = ", ".join(f"{standings[s]:,} {s.value[0].lower()}{s.value[1:]}"
                     for s in Standing if standings[s])
    return sum(standings.values()), said


def _productions_checked(session) -> list[tuple[int, str, str]]:
    from casefile.display import shown
    from casefile.privacy.stored import production_summary

    return [(p.id, shown(p.title), production_summary(session, p.id).sentence())
            for p in session.scalars(select(Production)
                                     .order_by(Production.produced_on, Production.id))]
