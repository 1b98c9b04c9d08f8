"""Members of a case on a server: read-only members are refused by PostgreSQL
itself (roles and grants), not only by the window; non-members cannot open
the case; only the owner changes who may.

The roles here are ordinary login roles (not superusers, who pass every
grant): ``lead`` makes the case and owns it, as an attorney who set it up
would; the others are added by ``casefile members`` as a user would add them.
"""

from __future__ import annotations

import uuid

import pytest

from casefile.errors import AccessDenied, InputError, ReadOnlyCase
from casefile.store import CaseFile
from tests.conftest import assert_one_clear_line, run_cli

psycopg = pytest.importorskip("psycopg")


@pytest.fixture
def team(pg_cluster):
    """A case owned by ``lead`` and three other users of the server, none a member yet."""
    tag = uuid.uuid4().hex[:8]
    names = {who: f"{who}_{tag}" for who in ("lead", "para", "cocounsel", "stranger")}
    database = f"t_{tag}"
    with pg_cluster.admin() as conn:
        conn.execute(f'CREATE ROLE "{names["lead"]}" LOGIN CREATEDB CREATEROLE')
        for who in ("para", "cocounsel", "stranger"):
            conn.execute(f'CREATE ROLE "{names[who]}" LOGIN')
    CaseFile.create(pg_cluster.url(database, names["lead"])).close()
    urls = {who: pg_cluster.url(database, name) for who, name in names.items()}
    yield names, urls
    pg_cluster.drop(database)


def _database(url: str) -> str:
    from sqlalchemy import make_url

    return make_url(url).database


def _raw(pg_cluster, url_user: str, database: str):
    return psycopg.connect(host=str(pg_cluster.root), user=url_user, dbname=database,
                           autocommit=True)


def test_a_read_only_member_is_refused_writes_by_the_server_itself(pg_cluster, team):
    names, urls = team
    done = run_cli("members", "add", urls["lead"], names["para"], "--read-only")
    assert done.returncode == 0, done.stderr
    assert f"{names['para']} may now open" in done.stdout and "read it only" in done.stdout

    # The app opens it read-only and says why, in one sentence.
    with CaseFile.open(urls["para"]) as case:
        assert case.read_only
        with case.reading() as s:
            assert s.execute(__import__("sqlalchemy").text(
                "SELECT count(*) FROM setting")).scalar() > 0
        with pytest.raises(ReadOnlyCase, match="may only read"), case.transaction():
            pass

    # Another program (psql, a script) is refused by PostgreSQL: the grant is the guard.
    database = _database(urls["para"])
    with _raw(pg_cluster, names["para"], database) as conn:
        assert conn.execute("SELECT count(*) FROM foia_request").fetchone() is not None
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE setting SET value = 'x' WHERE key = 'case_uuid'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM audit_log")


def test_an_editing_member_writes_and_the_log_names_them(pg_cluster, team):
    names, urls = team
    assert run_cli("members", "add", urls["lead"], names["cocounsel"]).returncode == 0
    added = run_cli("add", "agency", urls["cocounsel"], "--abbreviation", "ICE",
                    "--name", "U.S. Immigration and Customs Enforcement")
    assert added.returncode == 0, added.stderr
    with CaseFile.open(urls["lead"]) as case, case.reading() as s:
        from sqlalchemy import text

        who = s.execute(text("SELECT DISTINCT changed_by FROM audit_log "
                             "WHERE table_name = 'agency'")).scalars().all()
    assert who == [names["cocounsel"]]


def test_someone_who_is_not_a_member_cannot_open_the_case(pg_cluster, team):
    names, urls = team
    run_cli("members", "add", urls["lead"], names["para"], "--read-only")
    with pytest.raises(AccessDenied, match="is not a member of the case") as e:
        CaseFile.open(urls["stranger"])
    assert "casefile members add" in str(e.value)
    refused = run_cli("list", urls["stranger"], "requests")
    assert_one_clear_line(refused, "not a member")


def test_members_move_between_reading_and_editing_and_can_be_removed(pg_cluster, team):
    names, urls = team
    para = names["para"]
    assert run_cli("members", "add", urls["lead"], para, "--read-only").returncode == 0
    assert run_cli("members", "add", urls["lead"], para).returncode == 0
    with CaseFile.open(urls["para"]) as case:
        assert not case.read_only  # moved to the editors, out of the readers

    listed = run_cli("members", "list", urls["lead"])
    lines = listed.stdout.splitlines()
    assert lines[0].split() == [names["lead"], "owner", "(reads", "and", "writes)"]
    assert lines[1].split() == [para, "reads", "and", "writes"]

    removed = run_cli("members", "remove", urls["lead"], para)
    assert removed.returncode == 0 and "may no longer open" in removed.stdout
    with pytest.raises(AccessDenied, match="not a member"):
        CaseFile.open(urls["para"])
    again = run_cli("members", "remove", urls["lead"], para)
    assert "was not a member" in again.stdout


def test_only_the_owner_changes_who_may_open_the_case(pg_cluster, team):
    names, urls = team
    run_cli("members", "add", urls["lead"], names["cocounsel"])
    refused = run_cli("members", "add", urls["cocounsel"], names["stranger"])
    assert_one_clear_line(refused, "only the case's owner")
    with pytest.raises(AccessDenied):
        CaseFile.open(urls["stranger"])


def test_tables_a_later_revision_adds_are_granted_too(pg_cluster, team):
    """Default privileges: a table the owner makes after members were added
    (as an upgrade would) is readable by members without a new grant."""
    names, urls = team
    run_cli("members", "add", urls["lead"], names["para"], "--read-only")
    database = _database(urls["lead"])
    with _raw(pg_cluster, names["lead"], database) as conn:
        conn.execute("CREATE TABLE later_table (id integer)")
    with _raw(pg_cluster, names["para"], database) as conn:
        assert conn.execute("SELECT count(*) FROM later_table").fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO later_table VALUES (1)")


def test_a_new_user_is_created_with_the_password_given(pg_cluster, team):
    names, urls = team
    newcomer = f"new_{uuid.uuid4().hex[:6]}"
    done = run_cli("members", "add", urls["lead"], newcomer, "--read-only", "--new",
                   input_text="first password\n")
    assert done.returncode == 0, done.stderr
    with CaseFile.open(urls["lead"].replace(names["lead"], newcomer)) as case:
        assert case.read_only
    with pg_cluster.admin() as conn:
        hashed = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s",
                              (newcomer,)).fetchone()[0]
    assert hashed.startswith("SCRAM-SHA-256$")  # kept by the server, hashed; not by us
    existing = run_cli("members", "add", urls["lead"], names["para"], "--new",
                       input_text="x\n")
    assert_one_clear_line(existing, "already has a user")


def test_a_user_the_server_lacks_and_a_case_file_are_sentences(pg_cluster, team, tmp_path):
    names, urls = team
    assert_one_clear_line(run_cli("members", "add", urls["lead"], "nobody_such"),
                          "has no user nobody_such")
    with pytest.raises(InputError):
        from casefile.cli.members import _server_case

        _server_case(str(tmp_path / "x.casefile"))
    assert_one_clear_line(run_cli("members", "list", tmp_path / "x.casefile"),
                          "members are kept by a server")
