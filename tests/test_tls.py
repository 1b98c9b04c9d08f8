"""A case on a server reached over TLS with the certificate checked (issue 20,
item 2): ``?sslmode=verify-full&sslrootcert=ca.pem`` in the URL. A cluster of
these tests' own listens on 127.0.0.1 with a certificate for "localhost"
signed by a CA made here; each way the check can fail is one sentence, and
nothing is read or made on the server."""

from __future__ import annotations

import uuid

import pytest

from casefile.errors import InputError, ServerNotTrusted
from casefile.store import CaseFile, postgres
from tests.conftest import assert_one_clear_line, run_cli, unavailable


def _programs():
    from tests.tls_cluster import programs

    found = programs()
    if found is None:
        unavailable("PostgreSQL's server programs (initdb, pg_ctl) are not installed "
                    "(CI installs them; see .ci/run)")
    try:
        import cryptography  # noqa: F401 - makes the certificates
        import psycopg  # noqa: F401
    except ImportError as exc:
        unavailable(f"{exc.name} is not installed (pip install -e '.[test]')")
    return found


@pytest.fixture(scope="module")
def tls_cluster():
    from tests.tls_cluster import TlsCluster

    cluster = TlsCluster(_programs())
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def database() -> str:
    return f"t_{uuid.uuid4().hex[:12]}"


def _databases(cluster) -> set[str]:
    import psycopg

    with psycopg.connect(host=str(cluster.root), port=cluster.port, user="casefile",
                         dbname="postgres") as conn:
        return {row[0] for row in conn.execute("SELECT datname FROM pg_database")}


def test_verify_full_with_the_right_authority_makes_and_opens_a_case(tls_cluster, database):
    url = tls_cluster.url(database)
    CaseFile.create(url).close()
    with CaseFile.open(url) as case, case.reading() as s:
        encrypted = s.connection().exec_driver_sql(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").scalar()
        assert encrypted is True
    # The TLS options travel with what messages show and a pulled copy remembers.
    assert "sslmode=verify-full" in postgres.shown(url)
    assert "sslrootcert=" in postgres.shown(url)


def test_a_certificate_not_signed_by_the_named_authority_is_one_sentence(
        tls_cluster, database):
    with pytest.raises(ServerNotTrusted) as e:
        CaseFile.create(tls_cluster.url(database, ca="other-ca.pem"))
    assert e.value.message == (
        "The server at localhost did not prove it is localhost: its certificate is not "
        "signed by the authority in other-ca.pem, or is out of date; nothing was read or "
        "saved.")
    assert database not in _databases(tls_cluster)  # nothing was made


def test_a_certificate_for_another_name_is_one_sentence(tls_cluster, database):
    CaseFile.create(tls_cluster.url(database)).close()
    with pytest.raises(ServerNotTrusted) as e:
        CaseFile.open(tls_cluster.url(database, host="127.0.0.1"))
    assert e.value.message == (
        "The server at 127.0.0.1 did not prove it is 127.0.0.1: its certificate is for "
        "localhost (use that name in the address); nothing was read or saved.")


def test_a_missing_authority_file_is_one_sentence_from_the_command(tls_cluster, database):
    done = run_cli("info", tls_cluster.url(database, ca="no-such-ca.pem"))
    assert_one_clear_line(done, "certificate authority file", "no-such-ca.pem",
                          "does not exist")
    with pytest.raises(InputError, match="sslrootcert="):
        CaseFile.open(tls_cluster.url(database, ca="no-such-ca.pem"))


def test_a_server_without_tls_is_refused_when_verify_full_asks_for_it(database):
    from tests.tls_cluster import TlsCluster

    plain = TlsCluster(_programs(), ssl=False)
    try:
        plain.start()
        with pytest.raises(ServerNotTrusted) as e:
            CaseFile.create(plain.url(database))
        assert e.value.message == (
            "The server at localhost does not offer an encrypted (TLS) connection, which "
            "sslmode=verify-full asks for; nothing was read or saved.")
        assert database not in _databases(plain)
    finally:
        plain.stop()
