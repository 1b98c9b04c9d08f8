"""The two case-store backends, as fixtures: SQLite files, and PostgreSQL.

``backend`` is parametrised ("sqlite", "postgresql"); ``case_location`` is
where a fresh case goes (a path in tmp_path, or the URL of a database no
other test uses, dropped afterwards); ``fresh_case`` is a new, open case there.

PostgreSQL runs as a cluster of this test run's own, made with initdb in a
temporary folder and listening on a unix socket only, started at the first
test that needs it and stopped at the end: no system service, no port. Under
root (CI's container) the server runs as ``nobody``, as postgres refuses root.
Where the server programs or psycopg are missing the postgresql cases skip,
saying why; under CI they fail instead (.ci/run installs them).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.conftest import unavailable

BACKENDS = ("sqlite", "postgresql")
# The role with a password, for the wrong-password test; every other role is trusted.
PASSWORD_USER, PASSWORD = "withpassword", "right horse battery staple"


def _server_programs() -> Path | None:
    found = shutil.which("initdb")
    candidates = [Path(found).parent] if found else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


class Cluster:
    def __init__(self, root: Path):
        self.root = root  # the socket's folder too: kept short (sockets take 107 bytes)

    def url(self, database: str, user: str = "casefile", password: str | None = None) -> str:
        who = user + (f":{password}" if password else "")
        return f"postgresql://{who}@/{database}?host={self.root}"

    def admin(self):
        import psycopg

        return psycopg.connect(host=str(self.root), user="casefile", dbname="postgres",
                               autocommit=True)

    def drop(self, database: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_cluster():
    programs = _server_programs()
    if programs is None:
        unavailable("PostgreSQL's server programs (initdb, pg_ctl) are not installed "
                    "(CI installs them; see .ci/run)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed (pip install -e '.[test]')")
    root = Path(tempfile.mkdtemp(prefix="cf-pg-", dir="/tmp"))
    data = root / "data"
    as_user: dict = {}
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(root, nobody.pw_uid, nobody.pw_gid)
        as_user = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}

    def run(*args: str) -> None:
        done = subprocess.run([str(a) for a in args], capture_output=True, text=True,
                              cwd=root, **as_user)
        if done.returncode:
            raise RuntimeError(f"{args[0]} failed: {done.stdout}{done.stderr}")

    run(programs / "initdb", "-D", data, "-U", "casefile", "--auth=trust", "-E", "UTF8",
        "--no-sync", "--locale=C.UTF-8")
    hba = data / "pg_hba.conf"
    hba.write_text(f"local all {PASSWORD_USER} scram-sha-256\nlocal all all trust\n")
    # Durability is the server's business, not these tests': no fsync.
    options = (f"-k {root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=50")
    run(programs / "pg_ctl", "-D", data, "-o", options, "-l", root / "log", "-w", "start")
    cluster = Cluster(root)
    try:
        with cluster.admin() as conn:
            conn.execute(f"CREATE ROLE {PASSWORD_USER} LOGIN CREATEDB PASSWORD '{PASSWORD}'")
        yield cluster
    finally:
        subprocess.run([str(programs / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, cwd=root, **as_user)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def case_location(backend, tmp_path, request):
    """Where a new case of ``backend`` goes: a path, or a database no one has."""
    if backend == "sqlite":
        yield tmp_path / "case.casefile"
        return
    cluster = request.getfixturevalue("pg_cluster")
    database = f"t_{uuid.uuid4().hex[:12]}"
    yield cluster.url(database)
    cluster.drop(database)


@pytest.fixture(scope="session")
def pg_template(pg_cluster) -> str:
    """A new case made once by ``CaseFile.create``, for ``fresh_case`` to copy:
    a copy takes 0.1-0.2 s, making the schema again 1-2 s."""
    from casefile.store import CaseFile

    CaseFile.create(pg_cluster.url("casefile_template")).close()
    return "casefile_template"


@pytest.fixture
def fresh_case(backend, case_location, request):
    """A new, empty case of each backend, open for writing (on PostgreSQL a copy
    of a new case, given a case_uuid of its own)."""
    from sqlalchemy import make_url, update

    from casefile.store import CaseFile
    from casefile.store.models import Setting

    if backend == "sqlite":
        case = CaseFile.create(case_location)
    else:
        template = request.getfixturevalue("pg_template")
        database = make_url(case_location).database
        with request.getfixturevalue("pg_cluster").admin() as conn:
            conn.execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
        case = CaseFile.open(case_location)
        new_uuid = str(uuid.uuid4())
        with case.transaction() as s:
            s.execute(update(Setting).where(Setting.key == "case_uuid").values(value=new_uuid))
        case.case_uuid = new_uuid
    try:
        yield case
    finally:
        case.close()


@pytest.fixture(scope="session")
def pg_demo_template(pg_cluster, demo_master) -> str:
    """The demo case pushed once onto the test server, for ``demo_on_both`` to copy."""
    from casefile.store.transfer import push

    push(demo_master, pg_cluster.url("casefile_demo_template"))
    return "casefile_demo_template"


@pytest.fixture
def demo_on_both(backend, demo_master, tmp_path, request):
    """A private copy of the demo case on each backend: a case file, or a database
    copied from the demo pushed onto the test server (dropped afterwards). A test
    module runs its demo-case tests on both by naming this as its ``demo_case``."""
    if backend == "sqlite":
        target = tmp_path / demo_master.name
        shutil.copyfile(demo_master, target)
        return target
    cluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("pg_demo_template")
    database = f"t_{uuid.uuid4().hex[:12]}"
    with cluster.admin() as conn:
        conn.execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
    request.addfinalizer(lambda: cluster.drop(database))
    return cluster.url(database)


@pytest.fixture
def pulled(pg_cluster, demo_case, tmp_path):
    """The demo case pushed to a database of its own, and a copy pulled from it:
    (the copy, the server's URL)."""
    from casefile.store.transfer import pull, push

    database = f"t_{uuid.uuid4().hex[:12]}"
    url = pg_cluster.url(database)
    push(demo_case, url)
    copy = tmp_path / "offline.casefile"
    pull(url, copy)
    yield copy, url
    pg_cluster.drop(database)
