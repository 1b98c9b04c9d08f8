"""Ingest: every file an attorney receives goes into the case, read and indexed.

``batch`` runs an import (files, folders, ZIP archives, emails); ``extract``
and ``mail`` read files in the reader process (``worker``); ``bates`` finds
the numbers stamped on produced pages; ``kinds`` tells files apart.

The names below are loaded on first use, not with the package: the reader
child imports ``casefile.ingest.worker`` (and so this package) on every
start, and ``batch`` would bring SQLAlchemy, the store and every model into
a process that only reads files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - for type checkers and readers only
    from casefile.ingest.batch import (
        Cancelled,
        CancelToken,
        FileResult,
        ImportReport,
        add_document,
        add_document_bytes,
        import_files,
    )

__all__ = [
    "CancelToken",
    "Cancelled",
    "FileResult",
    "ImportReport",
    "add_document",
    "add_document_bytes",
    "import_files",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from casefile.ingest import batch

        value = getattr(batch, name)
        globals()[name] = value  # the next lookup is a plain one
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
