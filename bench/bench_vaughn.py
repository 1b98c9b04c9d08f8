"""The Vaughn index figures (issue 5), each beside its reference in one run.

    python bench/bench_vaughn.py              # all figures
    python bench/bench_vaughn.py --skip-office   # without the LibreOffice conversion

- Export of 10,000 entries to .docx against writing the same table straight
  with lxml (the same cell texts, already in memory, zipped into a .docx):
  target within 2x; and 1,000 against 10,000 entries: target at most 12x.
- LibreOffice converting the 2,000-entry export to PDF: target under 15 s;
  beside it, the same rows as one long table (what the 200-row tables avoid).
- Import of a 5,000-row agency .docx (merged cells, repeated headers):
  target under 5 s; beside it, python-docx only reading the same table's
  cell texts.
- Import of a 5,000-record agency .docx whose records are merged down over
  12,000 exemption rows (issue 17; written by tests/vaughn_corpus, which
  shares no code with Casefile): target under 5 s, and 1,250 records against
  5,000 for linearity (at most 4.8x).
- Review of the large case's 20,000 entries: target under 5 s; beside it,
  reading the entries alone.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
LARGE = HERE / "data" / "large.casefile"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def timed(fn, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def lxml_reference(headers: list[str], rows: list[list[str]], target: Path) -> None:
    """The floor: the table built with lxml's SubElement and zipped, nothing else."""
    from lxml import etree

    def q(tag: str) -> str:
        return f"{{{W}}}{tag}"

    doc = etree.Element(q("document"), nsmap={"w": W})
    body = etree.SubElement(doc, q("body"))
    tbl = etree.SubElement(body, q("tbl"))
    for row in [headers, *rows]:
        tr = etree.SubElement(tbl, q("tr"))
        for text in row:
            tc = etree.SubElement(tr, q("tc"))
            for line in (text.split("\n") if text else [""]):
                p = etree.SubElement(tc, q("p"))
                if line:
                    t = etree.SubElement(etree.SubElement(p, q("r")), q("t"))
                    t.text = line
    xml = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", xml)


def build_index_case(path: Path, n: int, source: Path) -> None:
    from bench import sample_vaughn as sv
    from casefile.store import CaseFile
    from casefile.vaughn.importer import import_index

    sv.write_agency_csv(source, sv.sample_rows(n))
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    with CaseFile.create(path) as case, case.transaction() as s:
        import_index(s, source, title=f"{n} entries")


def export_figures(tmp: Path) -> list[str]:
    from casefile.store import CaseFile
    from casefile.vaughn import export, find_index

    out = []
    seconds = {}
    for n in (1000, 10000):
        case_path = tmp / f"v{n}.casefile"
        build_index_case(case_path, n, tmp / f"v{n}.csv")
        with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
            index = find_index(s, None)
            ours = timed(lambda s=s, index=index, n=n: export.to_docx(s, index,
                                                                      tmp / f"ours{n}.docx"))
            headers, rows = export.table(s, index, export.COURT_FIELDS)
            ref = timed(lambda headers=headers, rows=rows, n=n: lxml_reference(
                headers, rows, tmp / f"ref{n}.docx"))
        seconds[n] = ours
        out.append(f"| Export {n:,} entries to .docx | {ours:.2f} s | lxml alone: {ref:.2f} s "
                   f"(ratio {ours / ref:.2f}x) | within 2x |")
    out.append(f"| 10,000 against 1,000 entries (linearity) | {seconds[10000] / seconds[1000]:.1f}x"
               " | | at most 12x |")
    return out


def office_figures(tmp: Path) -> list[str]:
    from casefile import office
    from casefile.store import CaseFile
    from casefile.vaughn import export, find_index
    from casefile.wordtables import CHUNK_ROWS

    case_path = tmp / "v2000.casefile"
    build_index_case(case_path, 2000, tmp / "v2000.csv")
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        index = find_index(s, None)
        docx = export.to_docx(s, index, tmp / "export2000.docx")
        import casefile.wordtables as wt

        wt.CHUNK_ROWS = 10**9  # the same rows as one long table
        try:
            long = export.to_docx(s, index, tmp / "onetable2000.docx")
        finally:
            wt.CHUNK_ROWS = CHUNK_ROWS
    out_dir = tmp / "pdf"
    out_dir.mkdir()
    start = time.perf_counter()
    office.convert(docx, "pdf", out_dir, timeout=900)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    office.convert(long, "pdf", out_dir, timeout=900)
    one = time.perf_counter() - start
    return [f"| LibreOffice converts the 2,000-entry export to PDF | {ours:.1f} s | "
            f"one long table: {one:.1f} s (ratio {one / ours:.1f}x) | under 15 s |"]


def import_figure(tmp: Path) -> list[str]:
    from bench import sample_vaughn as sv
    from casefile.store import CaseFile
    from casefile.vaughn.importer import import_index

    source = sv.write_agency_docx(tmp / "agency5000.docx", sv.sample_rows(5000))
    case_path = tmp / "import.casefile"

    def ours():
        for stale in tmp.glob("import.casefile*"):
            stale.unlink()
        with CaseFile.create(case_path) as case, case.transaction() as s:
            report = import_index(s, source)
            assert report.imported == 5000, report.summary()

    def python_docx_cells():
        import docx

        for table in docx.Document(source).tables:
            for row in table.rows:
                [c.text for c in row.cells]

    mine = timed(ours)
    ref = timed(python_docx_cells, 1)
    return [f"| Import a 5,000-row agency .docx | {mine:.2f} s | python-docx reading its "
            f"cells: {ref:.2f} s (ratio {mine / ref:.2f}x) | under 5 s |"]


def records_figure(tmp: Path) -> list[str]:
    from casefile.store import CaseFile
    from casefile.vaughn.importer import import_index
    from tests.vaughn_corpus.make_corpus import write_merged_docx

    seconds = {}
    out = []
    for n in (1250, 5000):
        source = tmp / f"merged{n}.docx"
        facts = write_merged_docx(source, n)
        case_path = tmp / f"records{n}.casefile"

        def ours(source=source, case_path=case_path, n=n, rows=facts["rows"]):
            for stale in tmp.glob(case_path.name + "*"):
                stale.unlink()
            with CaseFile.create(case_path) as case, case.transaction() as s:
                report = import_index(s, source)
                assert report.imported == n and report.rows_read == rows, \
                    report.summary()

        seconds[n] = timed(ours)
        beside = ""
        if n == 5000:  # the load-independent figure: against a plain reader of the cells
            def python_docx_cells(source=source):
                import docx

                for table in docx.Document(source).tables:
                    for row in table.rows:
                        [c.text for c in row.cells]

            ref = timed(python_docx_cells, 1)
            beside = (f"python-docx only reading its cells: {ref:.2f} s "
                      f"(ratio {seconds[n] / ref:.2f}x)")
        out.append(f"| Import {n:,} records merged down over {facts['rows']:,} rows (.docx) | "
                   f"{seconds[n]:.2f} s | {beside} | under 5 s |")
    out.append(f"| 5,000 against 1,250 records (linearity) | "
               f"{seconds[5000] / seconds[1250]:.1f}x | | at most 4.8x |")
    return out


def review_figure() -> list[str]:
    from casefile.store import CaseFile
    from casefile.vaughn import data, find_index
    from casefile.vaughn.review import review

    if not LARGE.exists():
        return ["| Review of 20,000 entries | (run bench/large_case.py first) | | |"]
    with CaseFile.open(LARGE, read_only=True) as case, case.reading() as s:
        index = find_index(s, None)
        result = None

        def run():
            nonlocal result
            result = review(s, index)

        ours = timed(run)
        ref = timed(lambda: data.entries(s, index.id))
    groups = len(result.groups)
    return [f"| Review of {result.entries:,} entries ({len(result.flags):,} flags, "
            f"{groups} boilerplate group{'' if groups == 1 else 's'}) | {ours:.2f} s | reading "
            f"the entries alone: {ref:.2f} s | under 5 s |"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-office", action="store_true")
    args = parser.parse_args()
    print("| figure | measured | beside it | target |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for line in (export_figures(tmp) + import_figure(tmp) + records_figure(tmp)
                     + review_figure()
                     + ([] if args.skip_office else office_figures(tmp))):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
