"""Counting a Vaughn index: withholdings by exemption, pages by disposition, by production."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.display import plural
from casefile.store.models import Exemption, Production, VaughnIndex
from casefile.vaughn import data
from casefile.vaughn.challenges import STATE_NAMES

DISPOSITION_NAMES = {"released_in_full": "Released in full",
                     "released_in_part": "Released in part",
                     "withheld_in_full": "Withheld in full", "referred": "Referred",
                     None: "Not stated"}


@dataclass
class Stats:
    index_title: str
    production: str | None
    entries: int = 0
    withholdings: int = 0
    pages: int = 0
    # label → (withholdings, entries, pages)
    by_exemption: dict[str, list[int]] = field(default_factory=dict)
    by_disposition: dict[str, list[int]] = field(default_factory=dict)  # → (entries, pages)
    by_state: Counter[str] = field(default_factory=Counter)
    not_in_catalog: int = 0
    # ("exemption", label) or ("disposition", name) → the entries that bar counts
    entry_ids: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [f"{self.index_title}" + (f" — {self.production}" if self.production else ""),
               f"{plural(self.entries, 'entry')}, {plural(self.withholdings, 'withholding')}, "
               f"{plural(self.pages, 'page')}", "", "Withholdings by exemption:"]
        width = max((len(k) for k in self.by_exemption), default=10)
        out.append(f"  {'Exemption'.ljust(width)}  Withholdings  Entries    Pages")
        for label, (w, e, p) in self.by_exemption.items():
            out.append(f"  {label.ljust(width)}  {w:>12,}  {e:>7,}  {p:>7,}")
        if self.not_in_catalog:
            out.append(f"  ({plural(self.not_in_catalog, 'claim')} not in § 552(b), "
                       "kept as written)")
        out += ["", "Entries and pages by disposition:"]
        for name, (e, p) in self.by_disposition.items():
            # Right-aligned numbers, each noun as its number says it.
            out.append(f"  {name.ljust(18)}  {e:>7,} {'entry  ' if e == 1 else 'entries'}"
                       f"  {p:>7,} {'page' if p == 1 else 'pages'}")
        out += ["", "Challenges:"]
        for name, n in self.by_state.items():
            out.append(f"  {name.ljust(18)}  {n:>7,} {'entry' if n == 1 else 'entries'}")
        return out


def stats(session: Session, index: VaughnIndex) -> Stats:
    production = session.get(Production, index.production_id) if index.production_id else None
    result = Stats(index.title, production.title if production else None)
    catalog = {e.code: (e.position, e.label) for e in session.scalars(select(Exemption))}
    per_code: dict[str, list[int]] = {}
    disposition: dict[str | None, list[int]] = {}
    ids: dict[tuple[str, str | None], list[int]] = {}
    for e in data.entries(session, index.id):
        result.entries += 1
        result.pages += e.pages or 0
        result.by_state[STATE_NAMES[e.challenge_state]] += 1
        key = e.disposition.value if e.disposition else None
        bucket = disposition.setdefault(key, [0, 0])
        bucket[0] += 1
        bucket[1] += e.pages or 0
        ids.setdefault(("disposition", key), []).append(e.id)
        for h in e.held:
            result.withholdings += 1
            if not h.code:
                result.not_in_catalog += 1
                continue
            row = per_code.setdefault(h.code, [0, 0, 0])
            row[0] += 1
            row[1] += 1
            row[2] += e.pages or 0
            ids.setdefault(("exemption", h.code), []).append(e.id)
    for code in sorted(per_code, key=lambda c: catalog[c][0]):
        result.by_exemption[catalog[code][1]] = per_code[code]
        result.entry_ids[("exemption", catalog[code][1])] = ids[("exemption", code)]
    for key in DISPOSITION_NAMES:
        if key in disposition:
            result.by_disposition[DISPOSITION_NAMES[key]] = disposition[key]
            result.entry_ids[("disposition", DISPOSITION_NAMES[key])] = \
                ids[("disposition", key)]
    return result


@dataclass
class ProductionRow:
    title: str
    produced_on: str
    bates: str
    released_full: int
    released_part: int
    withheld_full: int
    entries: int  # entries of the indexes that answer this production
    entry_pages: int
    production_id: int | None = None


def by_production(session: Session) -> list[ProductionRow]:
    """Each production's page counts (from its letter) beside what the indexes list."""
    from sqlalchemy import func

    from casefile.store.models import Record

    indexed = dict(
        (pid, (n, p)) for pid, n, p in session.execute(
            select(VaughnIndex.production_id, func.count(Record.id),
                   func.coalesce(func.sum(Record.pages), 0))
            .join(Record, Record.index_id == VaughnIndex.id)
            .where(VaughnIndex.production_id.is_not(None))
            .group_by(VaughnIndex.production_id))
    )
    rows = []
    for p in session.scalars(select(Production).order_by(Production.produced_on,
                                                         Production.id)):
        n, pages = indexed.get(p.id, (0, 0))
        bates = f"{p.bates_begin} – {p.bates_end}" if p.bates_begin else ""
        rows.append(ProductionRow(p.title, p.produced_on.isoformat() if p.produced_on else "",
                                  bates, p.pages_released_full, p.pages_released_part,
                                  p.pages_withheld_full, n, pages, p.id))
    return rows
