"""The review report: as text, as CSV, and in Word for a meet-and-confer letter."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy.orm import Session

from casefile import wordprops, wordtables
from casefile.outputs import write_atomically
from casefile.vaughn.export import caption
from casefile.vaughn.review import CHECKS, Review

_QUOTE = 300  # characters of a boilerplate text shown in the report


def entry_list(entry_nos: list[str], limit: int = 40) -> str:
    """'1–4, 7, 9' for consecutive numbers; the first ``limit`` and a count of the rest."""
    parts: list[str] = []
    run: list[int] = []

    def close() -> None:
        if run:
            parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
            run.clear()

    for no in entry_nos:
        if no.isdigit() and run and int(no) == run[-1] + 1:
            run.append(int(no))
            continue
        close()
        if no.isdigit():
            run.append(int(no))
        else:
            parts.append(no)
    close()
    if len(parts) > limit:
        return ", ".join(parts[:limit]) + f" and {len(parts) - limit:,} more"
    return ", ".join(parts)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE else text[:_QUOTE].rsplit(" ", 1)[0] + " …"


def lines(review: Review) -> list[str]:
    counts = review.counts()
    out = [f"Review of {review.index_title}: {review.entries:,} entries, "
           f"{review.withholdings:,} withholdings; {review.flagged_entries():,} entries "
           f"flagged.", "", "Flags, by shortcoming (an entry may have several):"]
    for check, (title, _authority) in CHECKS.items():
        if counts[check]:
            out.append(f"  {counts[check]:>6,}  {title}")
    if review.groups:
        out += ["", "Boilerplate:"]
        for n, g in enumerate(review.groups, 1):
            what = "justifies" if g.field == "justification" else "is the harm stated for"
            out.append(f"  Text {n} {what} {g.withholdings:,} withholdings in {g.entries:,} "
                       f"entries" + (f" ({g.variants} wordings)" if g.variants > 1 else "")
                       + f": “{_short(g.text)}”")
            out.append(f"    entries {entry_list(g.entry_nos, 20)}")
    for check, (title, _default) in CHECKS.items():
        flags = [f for f in review.flags if f.check == check and check != "boilerplate"]
        if not flags:
            continue
        out += ["", f"{title} — {review.authority(check)}"]
        for f in flags:
            where = f"entry {f.entry_no}" if f.entry_no else "index"
            out.append(f"  {where}: {f.reason}")
    return out


def to_csv(review: Review, target: Path) -> Path:
    def write(tmp: Path) -> None:
        with tmp.open("w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerow(["Entry", "Bates", "Check", "Reason", "Authority"])
            for flag in review.flags:
                w.writerow([flag.entry_no or "", flag.bates, flag.title, flag.reason,
                            flag.authority])

    return write_atomically(target, write)


def to_docx(session: Session, review: Review, target: Path,
            font: str = "Times New Roman") -> Path:
    from docx import Document

    doc = Document()
    wordtables.landscape(doc, 0.8)
    wordtables.set_font(doc, font, 11)
    styles = wordtables.add_styles(doc, 9, "Review")
    caption(doc, session, f"REVIEW OF {review.index_title.upper()}")
    counts = review.counts()
    doc.add_paragraph(
        f"The index has {review.entries:,} entries claiming {review.withholdings:,} "
        f"withholdings. {review.flagged_entries():,} entries fall short in one or more of the "
        "ways below; each is listed with its reason and the authority for the requirement.")
    doc.add_paragraph()
    usable = 11 - 1.6
    summary = [[CHECKS[c][0], f"{counts[c]:,}", review.authority(c)] for c in CHECKS
               if counts[c]]
    if summary:
        headers = ["Shortcoming", "Flags", "Authority"]
        wordtables.add_table(doc, headers, wordtables.widths_for([10, 2, 12], usable, headers),
                             summary, styles)
    if review.groups:
        doc.add_heading("Boilerplate justifications", level=2)
        rows = []
        for n, g in enumerate(review.groups, 1):
            rows.append([str(n), _short(g.text),
                         f"{g.withholdings:,} withholdings in {g.entries:,} entries"
                         + (f"; {g.variants} near-identical wordings" if g.variants > 1 else ""),
                         entry_list(g.entry_nos)])
        headers = ["Text", "Justification as written", "Used for", "Entries"]
        wordtables.add_table(doc, headers, wordtables.widths_for([2, 16, 5, 9], usable, headers),
                             rows, styles)
    for check, (title, _default) in CHECKS.items():
        flags = [f for f in review.flags if f.check == check and check != "boilerplate"]
        if not flags:
            continue
        doc.add_heading(title, level=2)
        doc.add_paragraph(review.authority(check)).runs[0].italic = True
        headers = ["Entry", "Bates", "Reason"]
        rows = [[f.entry_no or "—", f.bates, f.reason] for f in flags]
        wordtables.add_table(doc, headers, wordtables.widths_for([2, 5, 18], usable, headers,
                                                                 9, rows), rows, styles)
    wordtables.page_x_of_y(doc.sections[0])
    wordprops.ours(doc, title=f"Review of {review.index_title}")
    return write_atomically(target, lambda tmp: doc.save(str(tmp)))
