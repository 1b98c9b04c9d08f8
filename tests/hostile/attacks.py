"""Hostile files built by hand, byte by byte, sharing nothing with the readers
they attack: for the tests in tests/hostile/ and for bench/bench_hostile.py."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path


def good_pdf(folder: Path, name: str = "letter.pdf", pages: int = 1) -> Path:
    """An ordinary PDF, written by hand: ``pages`` pages of one line of text each.
    Expected: imported, ``pages`` pages, the text found."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    for n in range(pages):
        page, content = 4 + 2 * n, 5 + 2 * n
        text = b"BT /F1 12 Tf 72 720 Td (A plain letter from the agency, page %d.) Tj ET" % (
            n + 1)
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                         b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
        objects[content] = b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream"
        kids.append(b"%d 0 R" % page)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    path = folder / name
    path.write_bytes(pdf_file(objects))
    return path


def pdf_file(objects: dict[int, bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


# --- the attacks, built by hand --------------------------------------------------------------


def nested_zip_bomb(levels: int = 5, fan: int = 16, leaf_mib: int = 4) -> bytes:
    """42.zip's shape: ``fan`` copies of the level below at every level, a leaf of
    ``leaf_mib`` MiB of zeros at the bottom. Five levels of 16 over 4 MiB leaves
    claim 16^5 x 4 MiB = 4 TiB unpacked, in a few tens of KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("0.txt", b"\0" * (leaf_mib * 1024**2))
    leaf = buffer.getvalue()
    for level in range(levels - 1):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            for n in range(fan):
                z.writestr(f"{level}-{n}.zip", leaf)
        leaf = buffer.getvalue()
    return leaf


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` x ``height`` 8-bit grey pixels, with
    one tiny (truncated) data chunk: a decoder that trusts the header allocates
    width x height bytes before it finds out."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b""))


def tiff_header(width: int, height: int) -> bytes:
    return tiff([(width, height)])


def tiff(frames: list[tuple[int, int]]) -> bytes:
    """A little-endian baseline TIFF, one IFD per (width, height) grey frame in one
    uncompressed strip: complete for a small frame, 16 bytes of a large one."""
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    for index, (width, height) in enumerate(frames):
        entries = [  # (tag, type SHORT=3 / LONG=4, value)
            (256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, 0), (277, 3, 1), (278, 4, height), (279, 4, width * height),
        ]
        ifd_size = 2 + 12 * len(entries) + 4
        strip_offset = len(out) + ifd_size
        present = width * height if width * height <= 1_000_000 else 16
        next_ifd = strip_offset + present if index + 1 < len(frames) else 0
        out += struct.pack("<H", len(entries))
        for tag, kind, value in entries:
            if tag == 273:
                value = strip_offset
            if kind == 3:
                out += struct.pack("<HHIHH", tag, kind, 1, value, 0)
            else:
                out += struct.pack("<HHII", tag, kind, 1, value)
        out += struct.pack("<I", next_ifd)
        out += b"\xff" * present
    return bytes(out)


def deep_page_tree_pdf(depth: int) -> bytes:
    """A PDF whose one page sits under ``depth`` nested /Pages nodes, written byte
    by byte (real page trees are 2 to 6 deep). Readers that recurse on /Kids hit
    their limits: pypdf raised LimitReachedError, qpdf refuses to open it."""
    objects = {1: b"<< /Type /Catalog /Pages 3 0 R >>",
               2: b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] >>" % (depth + 2)}
    for i in range(depth):
        number = 3 + i
        kid = number + 1 if i < depth - 1 else 2
        parent = b"" if i == 0 else b" /Parent %d 0 R" % (number - 1)
        objects[number] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (kid, parent)
    return pdf_file(objects)


def many_part_email(parts: int) -> bytes:
    """A multipart email with ``parts`` small text attachments."""
    head = (b"From: foia@agency.gov\r\nTo: counsel@example.org\r\nSubject: Release\r\n"
            b"Date: Tue, 03 Mar 2026 10:00:00 -0500\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=BOUND\r\n\r\n"
            b"--BOUND\r\nContent-Type: text/plain\r\n\r\nSee the attachments.\r\n")
    body = b"".join(b"--BOUND\r\nContent-Type: text/plain\r\nContent-Disposition: attachment;"
                    b" filename=\"part-%d.txt\"\r\n\r\nPart %d.\r\n" % (n, n)
                    for n in range(parts))
    return head + body + b"--BOUND--\r\n"
