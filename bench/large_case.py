"""The large case: what a year of a big FOIA suit puts in one file.

5 requests, 2,000 correspondence items, 20,000 Vaughn entries, and 500 exhibit
PDFs holding 10,000 pages of real text (sentences in the register of agency
records, with the names, Bates numbers and exemption markings a search will
look for). Deterministic for a given seed; the PDFs are cached in
bench/data/pdfs so later runs only rebuild the case file.

    python bench/large_case.py            # builds bench/data/large.casefile
    python bench/large_case.py --pdfs-only

Tests and benchmarks import ``build`` and ``make_pdfs`` with smaller numbers.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

SUBJECTS = ["The Field Office Director", "ERO Domestic Operations", "The BORTAC team lead",
            "The Deputy Assistant Director", "Headquarters", "The Office of the Principal "
            "Legal Advisor", "The New York Field Office", "CBP Office of Field Operations",
            "The target development unit", "The operations lead"]
VERBS = ["approved", "reviewed", "forwarded", "revised", "circulated", "summarized",
         "requested", "declined", "documented", "escalated"]
OBJECTS = ["the daily target package", "the use-of-force report", "the arrest statistics for "
           "February", "the draft guidance on collateral arrests", "the deployment schedule",
           "the surveillance request", "the detainer compliance list", "the briefing slides",
           "the after-action report", "the press guidance on Operation Palladium"]
TAILS = ["before the morning operations call.", "for the weekly leadership briefing.",
         "pending legal review.", "with the redactions proposed by counsel.",
         "as directed by headquarters.", "under the expedited schedule.",
         "for each sanctuary jurisdiction.", "after the incident in Brooklyn.",
         "to the FOIA office for processing.", "without further comment."]
EXEMPTIONS = [["b6", "b7C"], ["b7E"], ["b5-dp"], ["b5-dp", "b7E"], ["b6"], ["b7A"],
              ["b5-ac"], ["b3"], ["b7F"], ["b4"]]
BOILERPLATE = ("Disclosure would reveal law enforcement techniques and procedures, the "
               "disclosure of which could reasonably be expected to risk circumvention of the law.")


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}"


def paragraph(rng: random.Random, n: int) -> str:
    return " ".join(sentence(rng) for _ in range(n))


def _one_pdf(args: tuple[int, int, int, Path]) -> tuple[Path, int]:
    from casefile.sample_pdfs import text_pdf

    number, pages, seed, folder = args
    rng = random.Random(seed * 100_003 + number)
    bates0 = number * 100
    marks = ["(b)(6)", "(b)(7)(C)", "(b)(7)(E)", "(b)(5)"]
    paragraphs = [[f"ICE-2020-{bates0 + p:06d}  ({rng.choice(marks)})",
                   *(paragraph(rng, rng.randint(3, 5)) for _ in range(5))]
                  for p in range(pages)]
    path = folder / f"exhibit-{number:04d}.pdf"
    path.write_bytes(text_pdf(f"Exhibit {number}", paragraphs,
                              footer="SAMPLE - Casefile large-case benchmark data"))
    return path, pages


def make_pdfs(count: int = 500, total_pages: int = 10_000, seed: int = 1,
              folder: Path = DATA / "pdfs", workers: int = 2) -> list[Path]:
    """``count`` PDFs with ``total_pages`` pages between them (cached)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    # Uneven sizes, like real exhibits: many short letters, a few long releases.
    weights = [rng.paretovariate(1.5) for _ in range(count)]
    scale = (total_pages - count) / sum(weights)
    pages = [1 + int(w * scale) for w in weights]
    pages[0] += total_pages - sum(pages)
    jobs = [(n, p, seed, folder) for n, p in enumerate(pages, 1)
            if not (folder / f"exhibit-{n:04d}.pdf").exists()]
    if jobs:
        with ProcessPoolExecutor(workers) as pool:
            for done, _ in enumerate(pool.map(_one_pdf, jobs, chunksize=4), 1):
                if done % 50 == 0:
                    print(f"  {done}/{len(jobs)} PDFs", file=sys.stderr)
    return [folder / f"exhibit-{n:04d}.pdf" for n in range(1, count + 1)]


def build(path: Path, pdfs: list[Path], *, requests: int = 5, correspondence: int = 2_000,
          entries: int = 20_000, seed: int = 1) -> Path:
    """A case file at ``path`` with the given numbers of each thing."""
    from casefile import exhibits, matter
    from casefile.ingest import import_files
    from casefile.store import CaseFile
    from casefile.store import models as m

    rng = random.Random(seed)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    with CaseFile.create(path) as case:
        with case.transaction() as s:
            mt = matter.add_matter(s, "IDP and CCR v. DHS and ICE (benchmark)", "IDP v. DHS",
                                   court="S.D.N.Y.", docket_no="1:20-cv-08000")
            dhs = matter.add_agency(s, "U.S. Department of Homeland Security", "DHS",
                                    rule_set="DHS")
            ice = matter.add_agency(s, "U.S. Immigration and Customs Enforcement", "ICE",
                                    parent=dhs)
            request_ids = []
            for n in range(requests):
                r = m.FoiaRequest(agency=ice if n % 2 == 0 else dhs, requester="IDP and CCR",
                                  subject=f"Operation Palladium records, part {n + 1}",
                                  date_sent=date(2020, 6, 18) + timedelta(days=n),
                                  tracking_no=f"2020-ICFO-{12345 + n}", matter=mt,
                                  status=m.RequestStatus.IN_LITIGATION)
                s.add(r)
                s.flush()
                request_ids.append(r.id)
            kinds = list(m.CorrespondenceKind)
            rows = [{"direction": rng.choice(list(m.Direction)),
                     "dated": date(2020, 6, 18) + timedelta(days=rng.randint(0, 700)),
                     "kind": rng.choice(kinds), "sender": rng.choice(SUBJECTS),
                     "recipient": "Counsel for Plaintiffs", "subject": sentence(rng),
                     "body": paragraph(rng, 6)} for _ in range(correspondence)]
            s.execute(insert(m.Correspondence), rows)
            ids = list(s.scalars(select(m.Correspondence.id)))
            s.execute(insert(m.correspondence_request),
                      [{"correspondence_id": i, "request_id": rng.choice(request_ids)}
                       for i in ids])
            index = m.VaughnIndex(title="ICE Vaughn index (benchmark)",
                                  author=m.IndexAuthor.AGENCY, request_id=request_ids[0])
            s.add(index)
            s.flush()
            codes = {e.code: e.id for e in s.scalars(select(m.Exemption))}
            dispositions = list(m.Disposition)
            records = []
            for n in range(entries):
                pages = rng.randint(1, 6)
                records.append({
                    "index_id": index.id, "position": n + 1, "entry_no": str(n + 1),
                    "bates_begin": f"ICE-2020-{n * 6 + 1:06d}",
                    "bates_end": f"ICE-2020-{n * 6 + pages:06d}",
                    "doc_date": date(2020, 1, 1) + timedelta(days=rng.randint(0, 400)),
                    "doc_type": rng.choice(["Email", "Memorandum", "Slides", "Report"]),
                    "author": rng.choice(SUBJECTS), "recipients": rng.choice(SUBJECTS),
                    "pages": pages, "description": sentence(rng),
                    "disposition": rng.choice(dispositions),
                })
            s.execute(insert(m.Record), records)
            record_ids = list(s.scalars(select(m.Record.id).order_by(m.Record.id)))
            holdings = []
            for rid in record_ids:
                for pos, code in enumerate(rng.choice(EXEMPTIONS)):
                    text = BOILERPLATE if rng.random() < 0.6 else paragraph(rng, 2)
                    holdings.append({"record_id": rid, "position": pos,
                                     "exemption_id": codes[code], "justification": text,
                                     "raw_text": code})
            s.execute(insert(m.Withholding), holdings)
        report = import_files(case, pdfs)
        with case.transaction() as s:
            exhibit_set = exhibits.add_set(s, "Summary judgment exhibits")
            for position, result in enumerate(report.results, 1):
                s.add(m.Exhibit(set_id=exhibit_set.id, document_id=result.document_id,
                                position=position, label=str(position),
                                title=f"Exhibit {position}"))
    return path


def main() -> int:
    # Backups the benchmarks cause stay in bench/out, not the user's own folder.
    os.environ.setdefault("CASEFILE_DATA_DIR", str(HERE / "out" / "userdata"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA / "large.casefile")
    parser.add_argument("--pdfs-only", action="store_true")
    args = parser.parse_args()
    t = time.perf_counter()
    pdfs = make_pdfs()
    print(f"PDFs ready in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    if not args.pdfs_only:
        t = time.perf_counter()
        build(args.out, pdfs)
        print(f"Built {args.out} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    raise SystemExit(main())
