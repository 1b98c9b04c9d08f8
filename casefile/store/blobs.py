"""The bytes of the case's files, stored once per SHA-256, in 1 MiB chunks."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from casefile.store.models import Blob, BlobChunk

CHUNK_SIZE = 1 << 20


def sha256_of_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK_SIZE):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def find(session: Session, sha256: str) -> Blob | None:
    return session.scalar(select(Blob).where(Blob.sha256 == sha256))


def put_file(session: Session, path: Path) -> tuple[Blob, bool]:
    """Store the file's bytes unless already stored; returns (blob, is_new).

    Hashes first so a duplicate costs one read and no writes; then streams the
    file in chunks so memory stays flat whatever the file's size.
    """
    sha, size = sha256_of_file(path)
    existing = find(session, sha)
    if existing is not None:
        return existing, False
    blob = Blob(sha256=sha, size=size)
    session.add(blob)
    session.flush()
    digest = hashlib.sha256()
    with path.open("rb") as f:
        seq = 0
        while chunk := f.read(CHUNK_SIZE):
            digest.update(chunk)
            session.execute(insert(BlobChunk), [{"blob_id": blob.id, "seq": seq, "data": chunk}])
            seq += 1
    if digest.hexdigest() != sha:
        # The file changed while we read it (still being written or synced).
        raise OSError(f"{path.name} changed while it was being imported; try again.")
    return blob, True


def put_bytes(session: Session, data: bytes) -> tuple[Blob, bool]:
    """Store bytes already in memory (generated files); returns (blob, is_new)."""
    sha = hashlib.sha256(data).hexdigest()
    existing = find(session, sha)
    if existing is not None:
        return existing, False
    blob = Blob(sha256=sha, size=len(data))
    session.add(blob)
    session.flush()
    rows = [
        {"blob_id": blob.id, "seq": i, "data": data[off:off + CHUNK_SIZE]}
        for i, off in enumerate(range(0, len(data), CHUNK_SIZE))
    ]
    if rows:
        session.execute(insert(BlobChunk), rows)
    return blob, True


def iter_chunks(session: Session, blob_id: int) -> Iterator[bytes]:
    result = session.execute(
        select(BlobChunk.data).where(BlobChunk.blob_id == blob_id).order_by(BlobChunk.seq)
    )
    for (data,) in result:
        yield data


def read_bytes(session: Session, blob_id: int) -> bytes:
    return b"".join(iter_chunks(session, blob_id))


def write_to(session: Session, blob_id: int, out: BinaryIO) -> int:
    written = 0
    for chunk in iter_chunks(session, blob_id):
        out.write(chunk)
        written += len(chunk)
    return written


def verify_all(session: Session) -> list[str]:
    """Every blob's chunks still add up to its size and SHA-256."""
    problems = []
    blobs = session.execute(select(Blob.id, Blob.sha256, Blob.size)).all()
    for blob_id, sha, size in blobs:
        digest = hashlib.sha256()
        total = 0
        gap = False
        for expected_seq, (seq, data) in enumerate(session.execute(
            select(BlobChunk.seq, BlobChunk.data)
            .where(BlobChunk.blob_id == blob_id)
            .order_by(BlobChunk.seq)
        )):
            gap = gap or seq != expected_seq
            digest.update(data)
            total += len(data)
        if gap:
            problems.append(f"blob {sha[:12]}…: its chunks are not contiguous")
        if total != size:
            problems.append(f"blob {sha[:12]}…: {total:,} bytes stored, {size:,} expected")
        elif digest.hexdigest() != sha:
            problems.append(f"blob {sha[:12]}…: bytes no longer match their SHA-256")
    return problems
