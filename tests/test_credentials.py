"""Passwords for cases on a server, kept in the OS keyring (issue 20, item 2):
`casefile login URL` checks a password with the server and keeps it, a URL
without a password then opens, `casefile logout URL` forgets it; no keyring
on the machine never stops a case from opening; a password never lands in a
case, a setting or a message.

The keyring is keyring's own API for another backend (``keyring.set_keyring``)
with a backend kept in memory, or keyring's ``fail`` backend, which a headless
Linux has; the server is the test run's cluster, whose role PASSWORD_USER must
give its password (scram-sha-256)."""

from __future__ import annotations

import io
import sys
import uuid

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from casefile.cli import main
from casefile.errors import AccessDenied
from casefile.store import CaseFile, credentials, postgres
from tests.backends import PASSWORD, PASSWORD_USER
from tests.conftest import assert_one_clear_line, run_cli


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in a dict, for the length of a test."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError("not kept")


def _use_keyring(backend):
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    return before


@pytest.fixture
def memory_keyring():
    backend = MemoryKeyring()
    before = _use_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring():
    before = _use_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def no_other_password(monkeypatch, tmp_path):
    """libpq's own means give no password either: what a new user's laptop has."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


@pytest.fixture
def guarded_case(pg_cluster, no_other_password):
    """A case on the server owned by the role that must give its password; its
    URL without the password."""
    database = f"t_{uuid.uuid4().hex[:12]}"
    CaseFile.create(pg_cluster.url(database, PASSWORD_USER, PASSWORD)).close()
    yield pg_cluster.url(database, PASSWORD_USER)
    pg_cluster.drop(database)


def _cli(monkeypatch, capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_account_names_user_server_and_database_but_no_password_or_option():
    def account(text):
        return credentials.account(postgres.as_url(text))

    assert account("postgresql://ana:s3cret@DB.Example.org:5433/cases?sslmode=verify-full") \
        == "ana@db.example.org:5433/cases"
    assert account("postgresql://ana@db.example.org:5433/cases") == \
        "ana@db.example.org:5433/cases"
    assert account("postgresql://ana@db.example.org/cases") == "ana@db.example.org:5432/cases"
    assert account("postgresql://ana@/cases?host=/run/postgresql") == \
        "ana@/run/postgresql:5432/cases"
    # Another database on the same server is another account.
    assert account("postgresql://ana@db.example.org/other") != account(
        "postgresql://ana@db.example.org/cases")


def test_login_keeps_the_password_then_the_url_opens_without_one_until_logout(
        guarded_case, memory_keyring, monkeypatch, capsys):
    with pytest.raises(AccessDenied, match=f"wants a password for {PASSWORD_USER}: .*"
                       f"'casefile login postgresql://{PASSWORD_USER}@/"):
        CaseFile.open(guarded_case)

    code, out, err = _cli(monkeypatch, capsys, "login", guarded_case, "--password-stdin",
                          stdin=PASSWORD + "\n")
    assert (code, err) == (0, "")
    assert "is kept in" in out and PASSWORD not in out
    assert list(memory_keyring.kept.values()) == [PASSWORD]
    [(service, account)] = memory_keyring.kept
    assert service == "Casefile" and account.startswith(f"{PASSWORD_USER}@/")

    with CaseFile.open(guarded_case) as case:  # no password in the URL
        assert case.backend == "postgresql"

    code, out, _ = _cli(monkeypatch, capsys, "logout", guarded_case)
    assert code == 0 and "no longer kept" in out
    assert memory_keyring.kept == {}
    with pytest.raises(AccessDenied, match="casefile login"):
        CaseFile.open(guarded_case)
    code, out, _ = _cli(monkeypatch, capsys, "logout", guarded_case)
    assert code == 0 and "No password was kept" in out


def test_a_wrong_password_at_login_is_one_sentence_and_keeps_nothing(
        guarded_case, memory_keyring, monkeypatch, capsys):
    code, out, err = _cli(monkeypatch, capsys, "login", guarded_case, "--password-stdin",
                          stdin="not the password\n")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "refused the password" in err and "nothing was kept" in err
    assert "not the password" not in err
    assert memory_keyring.kept == {}


def test_login_to_a_database_not_made_yet_keeps_the_password_the_server_accepted(
        pg_cluster, memory_keyring, no_other_password, monkeypatch, capsys):
    """The server checks the password before it looks for the database, so a
    login before `casefile push` makes the database is a real check."""
    database = f"t_{uuid.uuid4().hex[:12]}"
    url = pg_cluster.url(database, PASSWORD_USER)
    code, _, err = _cli(monkeypatch, capsys, "login", url, "--password-stdin",
                        stdin="wrong\n")
    assert code == 1 and "refused the password" in err
    code, _, err = _cli(monkeypatch, capsys, "login", url, "--password-stdin",
                        stdin=PASSWORD + "\n")
    assert (code, err) == (0, "")
    assert list(memory_keyring.kept.values()) == [PASSWORD]
    # The kept password makes the database too (through the server's own "postgres").
    try:
        CaseFile.create(url).close()
    finally:
        pg_cluster.drop(database)


def test_a_password_typed_for_this_run_goes_before_the_kept_one(
        pg_cluster, guarded_case, memory_keyring, monkeypatch):
    memory_keyring.set_password("Casefile", credentials.account(postgres.as_url(guarded_case)),
                                "an old password")
    with pytest.raises(AccessDenied, match="refused the password"):
        CaseFile.open(guarded_case)
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    CaseFile.open(guarded_case).close()
    monkeypatch.delenv("PGPASSWORD")
    database = postgres.as_url(guarded_case).database
    CaseFile.open(pg_cluster.url(database, PASSWORD_USER, PASSWORD)).close()


def test_without_a_keyring_cases_still_open_and_login_says_so_keeping_nothing(
        pg_cluster, guarded_case, no_keyring, monkeypatch, capsys):
    # A role the server trusts opens as ever.
    trusted = guarded_case.replace(f"{PASSWORD_USER}@", "casefile@")
    with CaseFile.open(trusted) as case:
        assert case.backend == "postgresql"
    # A role that needs a password: the keyring is asked and fails; the server's
    # sentence, not keyring's error.
    with pytest.raises(AccessDenied, match="wants a password"):
        CaseFile.open(guarded_case)

    stdin = io.StringIO(PASSWORD + "\n")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["login", guarded_case, "--password-stdin"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "no keyring" in err and "PGPASSFILE" in err
    assert stdin.tell() == 0  # the password was not even asked for


def test_login_without_a_keyring_is_one_sentence_from_the_command(guarded_case):
    done = run_cli("login", guarded_case, "--password-stdin",
                   env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    assert_one_clear_line(done, "no keyring", "PGPASSWORD")


def test_pull_remembers_the_server_without_the_password_and_sync_finds_it_kept(
        pg_cluster, guarded_case, memory_keyring, tmp_path):
    from casefile.store.transfer import ORIGIN_URL, origin, pull
    from casefile.sync import sync

    database = postgres.as_url(guarded_case).database
    typed = pg_cluster.url(database, PASSWORD_USER, PASSWORD)
    copy = pull(typed, tmp_path / "copy.casefile").path
    with CaseFile.open(copy, read_only=True) as case:
        remembered = origin(case)[ORIGIN_URL]
    assert PASSWORD not in remembered and f"{PASSWORD_USER}@" in remembered
    assert PASSWORD.encode() not in copy.read_bytes()

    # The remembered URL has no password: the keyring's is used once kept.
    with pytest.raises(AccessDenied, match="casefile login"):
        sync(copy)
    credentials.remember(postgres.as_url(guarded_case), PASSWORD)
    assert sync(copy).pulled_at


def test_shown_never_carries_a_password_and_keeps_the_tls_options():
    shown = postgres.shown("postgresql://ana:s3cret@db.example.org/cases"
                           "?sslmode=verify-full&sslrootcert=/etc/ca.pem&password=other")
    assert "s3cret" not in shown and "other" not in shown and "***" not in shown
    assert shown.startswith("postgresql://ana@db.example.org/cases?")
    assert "sslmode=verify-full&sslrootcert=/etc/ca.pem" in shown
