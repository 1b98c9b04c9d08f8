"""The Vaughn index: entries, import, review, challenges and export.

``entries`` holds the entries themselves; the other modules work on whole
indexes and are imported where they are used.
"""

from casefile.vaughn.entries import Claim, add_index, add_record, find_index

__all__ = ["Claim", "add_index", "add_record", "find_index"]
