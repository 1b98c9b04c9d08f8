"""The case file on disk: schema, SQLite engine, lock, blobs, backups."""

from casefile.store.case import SUFFIX, CaseFile

__all__ = ["CaseFile", "SUFFIX"]
