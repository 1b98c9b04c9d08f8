"""The Word draft figures (issue 7).

    python bench/bench_drafts.py    # needs bench/data/large.casefile (bench/large_case.py)

- the complaint for the demo case: target under 1 s;
- a declaration with 200 exhibits: target under 3 s;
- the meet-and-confer letter of the 20,000-entry case: target under 3 s.

Each is timed in process (context from the case file, then docxtpl), median
of 3; beside it, the part that is docxtpl alone.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
LARGE = HERE / "data" / "large.casefile"


def timed(case_path: Path, template: str, out: Path) -> tuple[float, float]:
    from casefile.drafts import render, templates
    from casefile.drafts.context import build
    from casefile.store import CaseFile

    path = templates.find(template)
    totals, renders = [], []
    for _ in range(3):
        start = time.perf_counter()
        needs = render.undeclared(path)
        with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
            values = build(s, needs=needs).values
        middle = time.perf_counter()
        render.draft(path, values, out, author="bench")
        end = time.perf_counter()
        totals.append(end - start)
        renders.append(end - middle)
    return statistics.median(totals), statistics.median(renders)


def main() -> int:
    from bench.bench_bundle import build_case, make_sources
    from casefile.declarations import add_declaration
    from casefile.demo import build_demo
    from casefile.store import CaseFile

    print("| figure | measured | of which docxtpl | target |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        demo = build_demo(tmp / "demo")
        total, render = timed(demo, "complaint", tmp / "complaint.docx")
        print(f"| The complaint for the demo case | {total:.2f} s | {render:.2f} s | under 1 s |")
        exhibits = tmp / "exhibits.casefile"
        build_case(exhibits, make_sources(200, 25))
        with CaseFile.open(exhibits) as case, case.transaction() as s:
            from casefile.exhibits import find_set

            declaration = add_declaration(s, "Alex Rivera", "Declaration of Alex Rivera",
                                          paragraphs=["I am counsel for Plaintiffs."])
            find_set(s, "Bench exhibits").declaration = declaration
        total, render = timed(exhibits, "declaration", tmp / "declaration.docx")
        print(f"| A declaration with 200 exhibits | {total:.2f} s | {render:.2f} s | "
              "under 3 s |")
        if LARGE.exists():
            total, render = timed(LARGE, "meet-and-confer", tmp / "letter.docx")
            print(f"| The meet-and-confer letter of the 20,000-entry case | {total:.2f} s | "
                  f"{render:.2f} s | under 3 s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
