"""Ingest: every file an attorney receives goes into the case, read and indexed.

``batch`` runs an import (files, folders, ZIP archives, emails); ``extract``
and ``mail`` read files in the reader process (``worker``); ``bates`` finds
the numbers stamped on produced pages; ``kinds`` tells files apart.
"""

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
