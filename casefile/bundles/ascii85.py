"""Taking the ASCII85 layer off copied content streams.

ReportLab writes content streams as ASCII85 over Flate (the bench's
exhibits, and the test suite's, are ReportLab's). Saved as they are, qpdf
decodes both filters and compresses the content again
(``compress_streams``): 0.6 s of a 5,000-page bundle's save of 0.7 s. Only
the ASCII85 layer is taken off here, by qpdf's own decoder
(the stream's filter set to ASCII85 alone for the reading): what is left
is the same Flate data, written as it is, and the page draws the same
bytes. The cleaner then checks that Flate data in Python, as it checks
every plain Flate content stream.

A stream is looked at first: one that is not well-formed ASCII85 (a
character outside ! .. u, a "z" inside a group, one digit alone at the
end, no "~>", a group worth 2**32 or more) is left as it was, for qpdf's
check of the bundle to judge.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Name

_WHITE = b" \t\n\r\x0b\x0c\x00"
_DIGITS = bytes(range(33, 118))  # "!" .. "u"
_A85_FLATE = b"[ /ASCII85Decode /FlateDecode ]"
_LARGEST = b"s8W-!"  # 2**32 - 1: digits compare as the numbers they spell


def well_formed(data: bytes) -> bool:
    """Whether ``data`` (an ASCII85 stream's raw data) is ASCII85 as PDF writes it."""
    # (No "<~" in front: that is Adobe's text form, not PDF's filter, and qpdf
    # refuses it.)
    body = data.translate(None, _WHITE)
    if not body.endswith(b"~>"):
        return False
    body = body[:-2]
    if b"z" in body:
        pieces = body.split(b"z")
        # "z" stands for a whole group of zeros, only between groups.
        if any(len(p) % 5 for p in pieces[:-1]):
            return False
        body = b"!!!!!".join(pieces)
    if body.translate(None, _DIGITS) or len(body) % 5 == 1:
        return False  # a character outside ! .. u, or one digit alone at the end
    firsts = body[0::5]
    if b"t" in firsts or b"u" in firsts:
        return False  # over 2**32 whatever follows
    at = firsts.find(b"s")
    while at != -1:  # about one group in 85
        if body[5 * at:5 * at + 5].ljust(5, b"u") > _LARGEST:
            return False
        at = firsts.find(b"s", at + 1)
    return True


def unwrap_contents(pages: list[pikepdf.Dictionary]) -> None:
    """Take the ASCII85 layer off the content streams of ``pages`` filtered
    ASCII85 then Flate (and nothing else, no parameters); others are left as
    they are, and so is a stream whose ASCII85 is malformed."""
    wanted: dict[object, pikepdf.Stream] = {}
    for page in pages:
        contents = page.get("/Contents")
        for stream in (contents if isinstance(contents, Array) else [contents]):
            # A stream two pages share is unwrapped once.
            if not isinstance(stream, pikepdf.Stream) or stream.objgen in wanted:
                continue
            filters = stream.get("/Filter")
            if not (isinstance(filters, Array) and filters.unparse() == _A85_FLATE):
                continue
            parms = stream.get("/DecodeParms")
            if parms is not None and not (isinstance(parms, Array)
                                          and all(p is None for p in parms)):
                continue
            wanted[stream.objgen] = stream
    for stream in wanted.values():
        if not well_formed(stream.read_raw_bytes()):
            continue
        stream.Filter = Name.ASCII85Decode  # for this reading only
        try:
            flate = stream.read_bytes()
        except (pikepdf.PdfError, RuntimeError, ValueError):
            stream.Filter = Array([Name.ASCII85Decode, Name.FlateDecode])
            continue
        # The Flate data as it was: not decoded nor compressed again.
        stream.write(flate, filter=Name.FlateDecode)
