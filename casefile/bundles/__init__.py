"""Exhibit bundles: sources to PDF pages, stamps, index, slip sheets, CM/ECF checks."""

# Where a mark may go on a page (as displayed). Here, not in ``stamps``, so the
# command line can offer them without loading pikepdf.
POSITIONS = ("top-left", "top-center", "top-right", "bottom-left", "bottom-center",
             "bottom-right")
