"""The document properties of every Word file Casefile writes: ours, not a template's.

python-docx starts every document from its own template, which says it was
written by "python-docx" in "Microsoft Macintosh Word" 14.0 on 23 December
2013, with a thumbnail of that template's page; a user's template for a
draft carries its firm, its author, its template's path and whatever a
document system stored in its custom properties. ``ours`` replaces all of
that with what is true of the file written: its author (``--author``, else
``author`` in settings.json), the time (or a fixed one where the file must
come out the same), revision 1, Casefile as the application, and nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime

# The package relationships whose parts go: a thumbnail of the template's first page,
# the template's custom properties, and data a document system bound to it.
_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_CUSTOM = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
           "custom-properties")
_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_APP = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "extended-properties")
_TEMPLATE = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
             "attachedTemplate")
_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_SETTINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
_APP_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_APP_XML = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/docPropsVTypes"><Application>Casefile</Application>'
            b"<DocSecurity>0</DocSecurity></Properties>")


def now() -> datetime:
    """The time to write into a file: UTC to the second (Word's W3CDTF says Z)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def ours(doc, *, author: str | None = None, title: str | None = None,
         when: datetime | None = None) -> None:
    """Make ``doc``'s (a python-docx Document's) properties Casefile's own.

    ``author`` defaults to the user's setting; ``title`` None keeps the
    document's own (a built-in template's "Complaint"); ``when`` defaults to now.
    """
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml.ns import qn

    if author is None:
        from casefile.drafts.generate import default_author

        author = default_author()
    when = when or now()
    package = doc.part.package
    core = doc.core_properties
    kept_title = core.title if title is None else title
    element = package.part_related_by(_CORE).element  # emptied, then only ours set
    for child in list(element):
        element.remove(child)
    core.author = core.last_modified_by = author
    core.title = kept_title
    core.revision = 1
    core.created = core.modified = when
    for rels in (package.rels, doc.part.rels):
        for rId, rel in list(rels.items()):
            if rel.reltype in (_THUMBNAIL, _CUSTOM, _CUSTOM_XML, _APP):
                rels.pop(rId)
    package.relate_to(Part(PackURI("/docProps/app.xml"), _APP_TYPE, _APP_XML, package), _APP)
    # The template the file was made from, named by its path on someone's computer.
    settings = doc.settings.element
    for attached in settings.findall(qn("w:attachedTemplate")):
        settings.remove(attached)
    settings_rels = doc.part.part_related_by(_SETTINGS).rels
    for rId, rel in list(settings_rels.items()):
        if rel.reltype == _TEMPLATE:
            settings_rels.pop(rId)
