"""Challenges to Vaughn entries: their state, the argument and its authorities,
and the sentences a brief opens with ("Plaintiffs challenge 143 withholdings
under Exemption 5 …")."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.display import plural
from casefile.errors import NotFound
from casefile.store.models import ChallengeState, Exemption, Record, VaughnIndex
from casefile.vaughn import data

# Entries the plaintiffs still press.
PRESSED = (ChallengeState.CHALLENGED, ChallengeState.NEGOTIATING)
STATE_NAMES = {s: s.value.replace("_", " ") for s in ChallengeState}


def find_entry(session: Session, index: VaughnIndex, entry_no: str) -> Record:
    record = session.scalar(select(Record).where(Record.index_id == index.id,
                                                 Record.entry_no == entry_no.strip()))
    if record is None:
        raise NotFound(f"{index.title} has no entry {entry_no}.")
    return record


def set_challenge(record: Record, state: ChallengeState | None = None, *,
                  argument: str | None = None, citations: Sequence[str] | None = None,
                  add_citations: Sequence[str] = ()) -> Record:
    """Change what is given; ``citations`` replaces the list, ``add_citations`` adds to it."""
    if state is not None:
        record.challenge_state = state
    if argument is not None:
        record.challenge_argument = argument.strip() or None
    current = [] if citations is not None else _lines(record.challenge_citations)
    wanted = list(citations or []) + list(add_citations)
    if citations is not None or add_citations:
        merged = list(dict.fromkeys(c.strip() for c in current + wanted if c.strip()))
        record.challenge_citations = "\n".join(merged) or None
    return record


def _lines(text: str | None) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


@dataclass
class ExemptionTally:
    exemption: str  # "Exemption 5"
    withholdings: int
    entries: int
    pages: int
    parts: Counter[str]  # "deliberative process privilege": 120


def tally(session: Session, index: VaughnIndex,
          states: Sequence[ChallengeState] = PRESSED,
          entries: list[data.Entry] | None = None) -> list[ExemptionTally]:
    """What the plaintiffs challenge, by exemption, most first."""
    names = {e.code: e.name for e in session.scalars(select(Exemption))}
    per: dict[str, dict] = defaultdict(lambda: {"w": 0, "entries": set(), "pages": 0,
                                                "parts": Counter()})
    for e in entries if entries is not None else data.entries(session, index.id):
        if e.challenge_state not in states:
            continue
        counted: set[str] = set()
        for h in e.held:
            if not h.code:
                continue
            number = h.code[1]
            bucket = per[number]
            bucket["w"] += 1
            bucket["entries"].add(e.id)
            if number not in counted:
                bucket["pages"] += e.pages or 0
                counted.add(number)
            if len(h.code) > 2:
                bucket["parts"][names.get(h.code, h.code).lower()] += 1
    out = [ExemptionTally(f"Exemption {n}", b["w"], len(b["entries"]), b["pages"], b["parts"])
           for n, b in per.items()]
    out.sort(key=lambda t: (-t.withholdings, t.exemption))
    return out


def summary_sentences(session: Session, index: VaughnIndex,
                      entries: list[data.Entry] | None = None) -> list[str]:
    """One sentence per exemption, for the brief's introduction to the argument."""
    sentences = []
    for t in tally(session, index, entries=entries):
        parts = ""
        if t.parts:
            parts = " (" + "; ".join(f"{name}: {n}" for name, n in t.parts.most_common()) + ")"
        pages = f", covering {plural(t.pages, 'page')}" if t.pages else ""
        held = plural(t.withholdings, "withholding")
        entries = plural(t.entries, "entry")
        sentences.append(f"Plaintiffs challenge {held} under {t.exemption}{parts} in {entries} "
                         f"of the {index.title}{pages}.")
    return sentences


def states(session: Session, index: VaughnIndex) -> Counter[ChallengeState]:
    return Counter(e.challenge_state for e in data.entries(session, index.id))
