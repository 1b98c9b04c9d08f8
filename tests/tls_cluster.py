"""A PostgreSQL cluster of a test's own that speaks TLS on 127.0.0.1, with a
certificate authority and a server certificate for "localhost" made here
(the ``cryptography`` package, which msoffcrypto-tool already brings in)."""

from __future__ import annotations

import datetime
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.backends import _server_programs

USER = "casefile"


@dataclass
class Authority:
    key: object
    cert: object

    def pem(self) -> bytes:
        from cryptography.hazmat.primitives import serialization

        return self.cert.public_bytes(serialization.Encoding.PEM)


def _key():
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.generate_private_key(ec.SECP256R1())


def _name(common: str):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def authority(common: str) -> Authority:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    key = _key()
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                         crl_sign=True, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    return Authority(key, cert)


def server_certificate(ca: Authority, host: str) -> tuple[bytes, bytes]:
    """(certificate, key) in PEM for a server named ``host`` (CN and SAN), signed by ``ca``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    key = _key()
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(host))
            .issuer_name(ca.cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
            .sign(ca.key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM,
                              serialization.PrivateFormat.TraditionalOpenSSL,
                              serialization.NoEncryption()))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TlsCluster:
    """Started by ``start``, stopped by ``stop``; ``root`` holds the data, the
    log and the two authorities' certificates (ca.pem signs the server's,
    other-ca.pem signs nothing of it)."""

    def __init__(self, programs: Path, ssl: bool = True):
        self.programs = programs
        self.ssl = ssl
        self.root = Path(tempfile.mkdtemp(prefix="cf-tls-", dir="/tmp"))
        self.port = free_port()
        self.as_user: dict = {}
        if os.geteuid() == 0:  # postgres refuses root: run it as nobody
            nobody = pwd.getpwnam("nobody")
            self.as_user = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}

    def _run(self, *args) -> None:
        done = subprocess.run([str(a) for a in args], capture_output=True, text=True,
                              cwd=self.root, **self.as_user)
        if done.returncode:
            raise RuntimeError(f"{args[0]} failed: {done.stdout}{done.stderr}")

    def start(self) -> None:
        data = self.root / "data"
        if self.as_user:
            os.chown(self.root, self.as_user["user"], self.as_user["group"])
        self._run(self.programs / "initdb", "-D", data, "-U", USER, "--auth=trust", "-E",
                  "UTF8", "--no-sync", "--locale=C.UTF-8")
        ca, other = authority("Casefile test CA"), authority("Someone else's CA")
        (self.root / "ca.pem").write_bytes(ca.pem())
        (self.root / "other-ca.pem").write_bytes(other.pem())
        options = (f"-k {self.root} -c listen_addresses=127.0.0.1 -p {self.port} "
                   "-c fsync=off -c synchronous_commit=off -c max_connections=20")
        if self.ssl:
            cert, key = server_certificate(ca, "localhost")
            (data / "server.crt").write_bytes(cert)
            (data / "server.key").write_bytes(key)
            os.chmod(data / "server.key", 0o600)  # postgres refuses a key others can read
            if self.as_user:
                for name in ("server.crt", "server.key"):
                    os.chown(data / name, self.as_user["user"], self.as_user["group"])
            options += " -c ssl=on"
            (data / "pg_hba.conf").write_text("hostssl all all 127.0.0.1/32 trust\n"
                                              "local all all trust\n")
        else:
            (data / "pg_hba.conf").write_text("host all all 127.0.0.1/32 trust\n"
                                              "local all all trust\n")
        self._run(self.programs / "pg_ctl", "-D", data, "-o", options, "-l",
                  self.root / "log", "-w", "start")

    def url(self, database: str, host: str = "localhost", ca: str = "ca.pem",
            sslmode: str = "verify-full") -> str:
        return (f"postgresql://{USER}@{host}:{self.port}/{database}"
                f"?sslmode={sslmode}&sslrootcert={self.root / ca}")

    def stop(self) -> None:
        subprocess.run([str(self.programs / "pg_ctl"), "-D", str(self.root / "data"), "-m",
                        "immediate", "stop"], capture_output=True, cwd=self.root, **self.as_user)
        shutil.rmtree(self.root, ignore_errors=True)


def programs() -> Path | None:
    return _server_programs()
