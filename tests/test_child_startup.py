"""The child processes that read files from outside start light: what a spawned
child imports to run its work is the reader's modules, not SQLAlchemy, the
store or the models (the import's batch). Checked in fresh interpreters on
sys.modules, not on a clock; bench/bench_docket.py times the start.

Expected: ``casefile.ingest.worker`` (what the reader child imports to
unpickle its target) and ``casefile.jobs`` (the same for ``in_child``) load
none of HEAVY; a real child started by ``jobs.in_child`` has none of them
loaded when its work runs; and ``casefile.ingest`` still hands out
``import_files`` and the rest, loading the batch only then.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

HEAVY = ("sqlalchemy", "casefile.store", "casefile.store.models", "casefile.ingest.batch",
         "casefile.listings", "alembic")


def _run(code: str, *args: str, cwd=None) -> list:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=120, check=True, cwd=cwd)
    return json.loads(done.stdout)


@pytest.mark.parametrize("module", [
    "casefile.ingest.worker",
    # What the reader child loads at its start (worker._serve), to check each
    # file for privacy as it reads it: with the stored findings' queries beside
    # it, SQLAlchemy came too and the child's start took 0.40 s, not 0.13 s.
    "casefile.privacy.import_check",
])
def test_the_reader_modules_load_nothing_heavy(module):
    loaded = _run(f"import json, sys, {module}\n"
                  f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    assert loaded == []


def test_the_package_loads_the_batch_only_when_asked():
    loaded = _run(textwrap.dedent(f"""
        import json, sys
        import casefile.ingest
        before = [m for m in {HEAVY!r} if m in sys.modules]
        from casefile.ingest import import_files, FileResult
        from casefile.ingest.batch import import_files as same
        print(json.dumps([before, import_files is same, "casefile.ingest.batch" in sys.modules]))
    """))
    assert loaded == [[], True, True]


def test_an_unknown_name_is_still_an_attribute_error():
    loaded = _run("import json, casefile.ingest\n"
                  "try:\n    casefile.ingest.no_such_thing\n"
                  "except AttributeError as exc:\n    print(json.dumps([str(exc)]))")
    assert loaded == ["module 'casefile.ingest' has no attribute 'no_such_thing'"]


PROBE = """
import json, sys

def modules(*, progress, cancel):
    return sorted(sys.modules)

if __name__ == "__main__":
    from casefile import jobs, limits
    import probe
    seen = jobs.in_child(probe.modules, limits=limits.READING)
    print(json.dumps([[m for m in json.loads(sys.argv[1]) if m in seen],
                      "casefile.jobs" in seen]))
"""


def test_a_spawned_child_loads_nothing_heavy(tmp_path):
    # A real child with the reading limits, as every exhibit and docket gets:
    # it must import what its work needs, not what its parent had loaded.
    (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
    done = subprocess.run([sys.executable, str(tmp_path / "probe.py"), json.dumps(HEAVY)],
                          capture_output=True, text=True, timeout=120, check=True,
                          cwd=tmp_path)
    assert json.loads(done.stdout) == [[], True]
