"""What kind of file this is, from its first bytes (and, failing that, its name)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
EML = "message/rfc822"
MSG = "application/vnd.ms-outlook"
ZIP = "application/zip"
TEXT = "text/plain"
PNG, JPEG, TIFF = "image/png", "image/jpeg", "image/tiff"
IMAGES = (PNG, JPEG, TIFF)

_MAGIC = [
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
]
_EMAIL_HEADERS = (b"from:", b"to:", b"subject:", b"date:", b"message-id:", b"received:",
                  b"return-path:", b"mime-version:", b"delivered-to:", b"x-")


def detect(path: Path, head: bytes) -> str:
    """The media type of a file, trusting its bytes over its name."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    # A PDF may start after some junk (the spec allows 1024 bytes of it).
    if b"%PDF-" in head[:1024]:
        return PDF
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return DOCX if suffix == ".docx" else ZIP
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: Word 97 or Outlook
        return MSG if suffix == ".msg" else DOC
    if head.startswith(b"{\\rtf") and suffix == ".doc":  # Word saves RTF under .doc too
        return DOC
    if suffix == ".eml" or head.lstrip().lower().startswith(_EMAIL_HEADERS):
        return EML
    if suffix in (".txt", ".text", ".csv", ".md") or _looks_like_text(head):
        return TEXT
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a character cut at the end of the sample


# What a name promises: a file called "x.pdf" that holds text is a mistake (a
# renamed note, a saved error page), not a document to store as text.
_PROMISED = {
    ".pdf": (PDF, "a PDF"), ".docx": (DOCX, "a Word document"),
    ".doc": (DOC, "a Word document"), ".msg": (MSG, "an Outlook message"),
    ".png": (PNG, "a PNG image"), ".jpg": (JPEG, "a JPEG image"),
    ".jpeg": (JPEG, "a JPEG image"), ".tif": (TIFF, "a TIFF image"),
    ".tiff": (TIFF, "a TIFF image"), ".zip": (ZIP, "a ZIP archive"),
}


def broken_promise(path: Path, kind: str) -> str | None:
    """Why a file is not what its name says, or None when it is (or promises nothing)."""
    promised = _PROMISED.get(path.suffix.lower())
    if promised is None or promised[0] == kind:
        return None
    if {promised[0], kind} <= set(IMAGES) or {promised[0], kind} <= {DOC, DOCX}:
        return None  # a misnamed image is still an image; Word reads either
    from casefile.file_kinds import kind_name

    what = "plain text" if kind == TEXT else "no document Casefile reads" \
        if kind == "application/octet-stream" else f"a file of another kind: {kind_name(kind)}"
    return f"it is named {path.suffix.lower()} but is not {promised[1]} (it holds {what})"


# What the readers (``extract`` and ``mail``) can read; anything else is
# refused before its bytes go into the case.
READABLE = frozenset({PDF, DOCX, DOC, EML, MSG, TEXT, *IMAGES})


def refusal(kind: str, size: int) -> str | None:
    """Why a file of ``kind`` and ``size`` bytes is refused before it is stored, or None."""
    from casefile import limits

    if size > limits.FILE_BYTES:
        return limits.too_large(size)
    if kind not in READABLE:
        # Named as a lawyer names it: never "application/octet-stream".
        from casefile.file_kinds import UNKNOWN, kind_name

        name = kind_name(kind)
        if name == UNKNOWN:
            return ("Casefile does not read this kind of file: it reads PDF and Word "
                    "documents, emails, images and text")
        return f"Casefile does not read this kind of file ({name})"
    return None
