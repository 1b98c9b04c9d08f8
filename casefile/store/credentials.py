"""Passwords for cases on a PostgreSQL server, kept in the operating system's keyring.

A password is never written into a case, the settings, the list of recent
cases or a message: it lives in the keyring (macOS Keychain, Windows
Credential Manager, the Secret Service on Linux) through the ``keyring``
library, under the service ``Casefile`` and an account named after the
address without its password: ``user@host:port/database``, or
``user@/socket/folder:port/database`` over a local socket. So one password is
kept per user per server and database, and ``casefile login URL`` (cli/server.py)
is how one gets there.

When a server asks for a password that nothing gave, ``lookup`` is asked for
one (``postgres.password_from_keyring``). A machine without a usable keyring (a
headless Linux has only keyring's ``fail`` backend) must still open cases
whose server asks no password, or whose password comes from libpq's own
means (PGPASSWORD, PGPASSFILE or ~/.pgpass): every keyring failure there is
"no password kept", never an error.
"""

from __future__ import annotations

import getpass
import logging
import os

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from casefile.errors import AccessDenied, CasefileError, InputError

SERVICE = "Casefile"
DEFAULT_PORT = 5432

log = logging.getLogger(__name__)


class NoKeyring(CasefileError):
    """There is no keyring on this computer that keeps a password."""


def account(url: URL) -> str:
    """The keyring's account name for a URL: who, which server, which database;
    the same whatever password, driver or other options the URL carries. What
    libpq would take from the environment (PGUSER, PGHOST, PGPORT) is taken from
    it here too, so the key names the server that is actually reached."""
    query = url.query
    user = url.username or os.environ.get("PGUSER") or _os_user()
    host = url.host or _one(query.get("host")) or os.environ.get("PGHOST") or "localhost"
    port = url.port or _one(query.get("port")) or os.environ.get("PGPORT") or DEFAULT_PORT
    return f"{user}@{host.lower() if not host.startswith('/') else host}:{port}/{url.database}"


def login(url: URL, password: str) -> str:
    """Check ``password`` for ``url`` by connecting with it, then keep it in the
    keyring; the keyring's name is returned. A refused password keeps nothing."""
    keyring_name()  # no keyring: said before the server is asked anything
    if not password:
        raise InputError("No password was given; nothing was kept.")
    _check(url.set(password=password))
    return remember(url, password)


def _check(url: URL) -> None:
    from casefile.store import postgres

    engine = postgres.make_engine(url)
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        orig = getattr(exc, "orig", exc)
        message, sqlstate = str(orig), getattr(orig, "sqlstate", None) or ""
        if sqlstate == "3D000" or ("database" in message and "does not exist" in message):
            # The server checks the password before it looks for the database:
            # the password is right for a database that `casefile push` will make.
            return
        if sqlstate == "28P01" or "password authentication failed" in message:
            raise AccessDenied(f"The server at {postgres.server_name(url)} refused the "
                               f"password for {url.username}; nothing was kept.") from None
        translated = postgres.translate(exc, url)
        if translated is exc:
            raise
        raise translated from None
    finally:
        engine.dispose()


def lookup(url: URL) -> str | None:
    """The password kept for ``url``, or None: none kept, or no usable keyring."""
    try:
        import keyring

        return keyring.get_password(SERVICE, account(url))
    except Exception as exc:  # any keyring failure is "none kept"
        # A locked or absent keyring must not stop a case from opening: libpq's
        # own means, or the server's refusal sentence, take it from here.
        log.debug("no password from the keyring for %s: %s", account(url), exc)
        return None


def remember(url: URL, password: str) -> str:
    """Keep ``password`` for ``url`` in the keyring; the keyring's name is returned.
    A keyring that cannot keep it (none at all, or one that drops what it is
    given) raises NoKeyring and keeps nothing."""
    keyring = _usable_keyring()
    key = account(url)
    try:
        keyring.set_password(SERVICE, key, password)
        kept = keyring.get_password(SERVICE, key)
    except Exception:  # a locked or broken keyring: one sentence
        raise _no_keyring() from None
    if kept != password:
        # keyring's null backend, say, accepts a password and keeps nothing.
        raise _no_keyring()
    return _name(keyring)


def forget(url: URL) -> bool:
    """Remove the password kept for ``url``; whether there was one."""
    keyring = _usable_keyring()
    from keyring.errors import PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, account(url))
    except PasswordDeleteError:
        return False
    except Exception:
        raise _no_keyring() from None
    return True


def keyring_name() -> str:
    """The name of the keyring passwords go to; NoKeyring where there is none."""
    return _name(_usable_keyring())


def _usable_keyring():
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
    except Exception:  # keyring missing from a build, or broken
        raise _no_keyring() from None
    if isinstance(backend, fail.Keyring | null.Keyring):
        raise _no_keyring()
    return backend


def _no_keyring() -> NoKeyring:
    return NoKeyring("This computer has no keyring that Casefile can keep a password in: give "
                     "the password in the address (postgresql://USER:PASSWORD@HOST/DATABASE), "
                     "in PGPASSWORD or in a password file (PGPASSFILE, ~/.pgpass).")


def _name(backend) -> str:
    return getattr(backend, "name", None) or type(backend).__name__


def _one(value) -> str | None:
    """A query value, which SQLAlchemy gives as a tuple when it is repeated."""
    if isinstance(value, tuple):
        return value[0] if value else None
    return value


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name to be had: libpq fails too
        return ""
