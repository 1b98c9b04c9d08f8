"""Shared fixtures: real case files on disk, real processes, real filesystems."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# The backend fixture (sqlite, postgresql) and the test run's own PostgreSQL cluster.
pytest_plugins = ["tests.backends"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "pdf-samples"

# Passwords for server cases are looked up in the OS keyring: a test run, and
# the casefile processes it starts, must never read or write the developer's
# own. keyring's null backend keeps nothing; tests/test_credentials.py sets a
# keyring of its own where it needs one.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"


@pytest.fixture(autouse=True)
def user_data(tmp_path_factory, monkeypatch) -> Path:
    """Backups and settings go to a fresh folder, never the developer's own; so do the
    papers of a case on a server (its default folder is the user's Documents)."""
    folder = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("CASEFILE_DATA_DIR", str(folder))
    (folder / "Documents").mkdir()
    monkeypatch.setenv("CASEFILE_DOCUMENTS_DIR", str(folder / "Documents"))
    return folder


@pytest.fixture(autouse=True)
def bundles_carry_no_active_content(request):
    """Every bundle a test builds (in its tmp_path, in process or through the CLI)
    is scanned for active content by a scanner that shares nothing with the
    cleaner (tests/active_content.py), and read by `qpdf --check` where qpdf is
    installed (the build itself skips that: 1.9 s per 5,000 pages)."""
    folder = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames \
        else None
    yield
    if folder is None or not folder.is_dir():
        return
    from tests.active_content import bundle_outputs, scan

    for output in bundle_outputs(folder):
        if output.is_file():
            found = scan(output)
            assert not found, f"active content in the bundle {output.name}: {found[:5]}"
            if shutil.which("qpdf"):
                done = subprocess.run(["qpdf", "--check", str(output)], capture_output=True,
                                      text=True)
                assert done.returncode == 0, f"qpdf --check on {output.name}: {done.stderr}"


@pytest.fixture
def new_case(tmp_path) -> Path:
    """A new, empty, closed case file."""
    from casefile.store import CaseFile

    with CaseFile.create(tmp_path / "case.casefile") as case:
        return case.path


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    from casefile.demo import build_demo

    folder = tmp_path_factory.mktemp("demo")
    os.environ.setdefault("CASEFILE_DATA_DIR", str(tmp_path_factory.mktemp("demodata")))
    return build_demo(folder)


@pytest.fixture
def demo_case(demo_master, tmp_path) -> Path:
    """A private copy of the demo case."""
    target = tmp_path / demo_master.name
    shutil.copyfile(demo_master, target)
    return target


def reopen_court_dates(case_path: Path) -> Path:
    """The demo's court deadlines open again, as they stood before its story met
    them: the tests of grouping and marking need some of ours undone."""
    from sqlalchemy import update

    from casefile.store import CaseFile
    from casefile.store.models import Deadline

    with CaseFile.open(case_path) as case, case.transaction() as s:
        s.execute(update(Deadline).values(done_on=None))
    return case_path


def sha256(location: Path | str) -> str:
    """A case's fingerprint, to show that something left it untouched: a file's
    bytes, or on a server every row of every table (a database has no bytes of
    its own to compare)."""
    if str(location).startswith("postgresql"):
        return _database_digest(str(location))
    return hashlib.sha256(Path(location).read_bytes()).hexdigest()


def _database_digest(url: str) -> str:
    import psycopg
    from sqlalchemy import make_url

    parsed = make_url(url)
    digest = hashlib.sha256()
    with psycopg.connect(host=parsed.query.get("host") or parsed.host, user=parsed.username,
                         dbname=parsed.database) as conn:
        tables = [t for (t,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        for table in tables:
            rows = conn.execute(f'SELECT md5(coalesce(string_agg(t::text, \'|\' '
                                f'ORDER BY t::text), \'\')) FROM "{table}" t').fetchone()[0]
            digest.update(f"{table}:{rows};".encode())
    return digest.hexdigest()


def run_cli(*args: str | os.PathLike, cwd: Path | None = None,
            env: dict | None = None, input_text: str | None = None,
            ) -> subprocess.CompletedProcess:
    """Run `casefile ARGS` as a real process (``input_text`` on its standard input)."""
    full_env = {**os.environ, **(env or {})}
    command = [sys.executable, "-m", "casefile", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=full_env,
                          timeout=120, input=input_text)


def assert_one_clear_line(result: subprocess.CompletedProcess, *words: str) -> None:
    """A user's mistake: non-zero exit, one sentence on stderr, no traceback."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("casefile: "), lines[0]
    for word in words:
        assert word.lower() in lines[0].lower(), (word, lines[0])


def unavailable(reason: str) -> None:
    """Skip on a laptop that lacks something; fail in CI, which must have it all."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must not skip: {reason}")
    pytest.skip(reason, allow_module_level=True)


def need_tool(name: str) -> None:
    if shutil.which(name) is None:
        unavailable(f"{name} is not installed (CI installs it; see .ci/run)")


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def small_disk(tmp_path):
    """A real 3 MiB filesystem (tmpfs), to fill up. Needs root to mount."""
    if not is_root() or shutil.which("mount") is None:
        unavailable("mounting a small filesystem needs root (CI runs as root)")
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        unavailable(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


@pytest.fixture
def make_read_only(tmp_path):
    """Make a folder truly read-only: a read-only remount as root, else chmod."""
    mounts: list[Path] = []
    chmods: list[Path] = []

    def read_only_copy_of(files: list[Path]) -> Path:
        folder = tmp_path / f"read-only-{len(mounts) + len(chmods)}"
        folder.mkdir()
        if is_root():
            done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs",
                                   str(folder)], capture_output=True, text=True)
            if done.returncode != 0:
                unavailable(f"cannot mount a tmpfs here: {done.stderr.strip()}")
            mounts.append(folder)
        for f in files:
            shutil.copyfile(f, folder / f.name)
        if is_root():
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            for f in files:
                (folder / f.name).chmod(0o444)
            folder.chmod(0o555)
            chmods.append(folder)
        return folder

    yield read_only_copy_of
    for folder in mounts:
        subprocess.run(["umount", "-l", str(folder)], check=False)
    for folder in chmods:
        folder.chmod(0o755)


@pytest.fixture
def utc_clock(monkeypatch):
    """Local time set to UTC (sentences show local time, so a test can spell them
    out), and the row versions' cache of user names emptied."""
    import time

    from casefile import versions

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(versions, "_users", {})
    yield
    monkeypatch.undo()
    time.tzset()
