"""What a file is, said the way a lawyer says it: "PDF document", not
"application/pdf" (and never "application/octet-stream").

The one table of these names: the window's lists, the command line's
listings and the import report all ask :func:`kind_name`.
"""

from __future__ import annotations

UNKNOWN = "Unknown file"

NAMES = {
    "application/pdf": "PDF document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/msword": "Word document",
    "application/rtf": "Word document",  # Word saves RTF under .doc; Word opens it
    "text/rtf": "Word document",
    "message/rfc822": "Email",
    "application/vnd.ms-outlook": "Email",
    "text/plain": "Text file",
    "text/csv": "Spreadsheet (CSV)",
    "text/html": "Web page",
    "image/png": "Image (PNG)",
    "image/jpeg": "Image (JPEG)",
    "image/tiff": "Image (TIFF)",
    "image/gif": "Image (GIF)",
    "application/zip": "ZIP archive",
    "application/x-zip-compressed": "ZIP archive",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel workbook",
    "application/vnd.ms-excel": "Excel workbook",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation":
        "PowerPoint presentation",
    "application/vnd.ms-powerpoint": "PowerPoint presentation",
    "application/octet-stream": UNKNOWN,
}

# A type not in the table is named for its family where that says something true.
_FAMILIES = {"image": "Image", "audio": "Audio recording", "video": "Video recording",
             "text": "Text file"}


def kind_name(media_type: str | None) -> str:
    """The plain name of a media type ("PDF document"); "Unknown file" for one
    Casefile cannot name, and for none at all."""
    if not media_type:
        return UNKNOWN
    media_type = media_type.split(";", 1)[0].strip().lower()
    if media_type in NAMES:
        return NAMES[media_type]
    return _FAMILIES.get(media_type.split("/", 1)[0], UNKNOWN)
