"""The large-case generator (bench/) still builds a sound case, at small scale."""

from __future__ import annotations

from sqlalchemy import func, select

from bench.large_case import build, make_pdfs
from casefile.store import CaseFile
from casefile.store.check import problems
from casefile.store.models import Correspondence, Document, Exhibit, Record, Withholding


def test_the_generator_builds_what_it_promises(tmp_path):
    pdfs = make_pdfs(count=4, total_pages=10, folder=tmp_path / "pdfs", workers=1)
    path = build(tmp_path / "large.casefile", pdfs, requests=2, correspondence=30, entries=200)
    with CaseFile.open(path, read_only=True) as case:
        assert problems(case) == []
        with case.reading() as s:
            count = lambda model: s.scalar(select(func.count()).select_from(model))  # noqa: E731
            assert count(Correspondence) == 30
            assert count(Record) == 200
            assert count(Withholding) >= 200
            assert count(Document) == count(Exhibit) == 4
            assert s.scalar(select(func.sum(Document.page_count))) == 10
