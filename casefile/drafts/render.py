"""Drafting from a Word template (docxtpl: Jinja tags written in Word).

``check`` finds what would go wrong before anything is written: a Jinja
syntax error or a field the case cannot fill, each named with the template
and the paragraph it sits in. ``draft`` writes the document (whole or not at
all) with the author from the settings, a fresh revision count and no trace
of the template's author or paths.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jinja2

from casefile import wordprops
from casefile.errors import InputError
from casefile.outputs import write_atomically


@dataclass
class Problem:
    template: str
    paragraph: int | None  # 1-based, counting the body's paragraphs and table cells'
    excerpt: str
    message: str

    def line(self) -> str:
        where = f", paragraph {self.paragraph} (“{self.excerpt}”)" if self.paragraph else ""
        return f"{self.template}{where}: {self.message}"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)


def _template(path: Path):
    from docxtpl import DocxTemplate

    if not path.is_file():
        raise InputError(f"There is no template {path}.")
    try:
        zipfile.ZipFile(path).close()
        template = DocxTemplate(str(path))
        template.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InputError(f"{path.name} is not a Word (.docx) template Casefile can read.") \
            from None
    return template


def _paragraphs(template) -> list[str]:
    """Every paragraph's text, in the body and in table cells, in order."""
    from docx.oxml.ns import qn

    body = template.docx.element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def _where(paragraphs: list[str], needle: str) -> tuple[int | None, str]:
    for n, text in enumerate(paragraphs, 1):
        if needle in text:
            return n, _excerpt(text)
    return None, ""


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"


# Errors that only mean a block opens in one paragraph and closes in another.
_SPANNING = re.compile(r"unexpected end of template|looking for|unknown tag '(end|else|elif)",
                       re.I)


def check(path: Path, context: dict) -> list[Problem]:
    """What stops this template from drafting this case, by paragraph."""
    template = _template(path)
    name = path.name
    paragraphs = _paragraphs(template)
    env = _environment()
    # Paragraph by paragraph first: docxtpl's own pass can swallow a broken tag
    # (the text simply vanishes), and a paragraph is what the user can find.
    local = _paragraph_problem(name, paragraphs, env)
    if local is not None:
        return [local]
    try:
        template.render(context, env)
    except jinja2.TemplateSyntaxError as exc:
        return [_syntax_problem(name, exc)]
    except jinja2.UndefinedError as exc:
        field = _field_of(exc)
        n, excerpt = _where(paragraphs, field) if field else (None, "")
        return [Problem(name, n, excerpt, f"the field '{field or exc.message}' is not one the "
                        "case file has (see 'casefile draft fields').")]
    except jinja2.TemplateError as exc:
        return [Problem(name, None, "", f"the template cannot be filled: {exc}.")]
    except (TypeError, ValueError, AttributeError) as exc:
        return [Problem(name, None, "", f"a field is used in a way it cannot be: {exc}.")]
    return []


def _field_of(exc: jinja2.UndefinedError) -> str | None:
    m = re.search(r"has no attribute '([^']+)'", exc.message or "")
    if m:
        return m[1]
    m = re.search(r"'([^']+)' is undefined", exc.message or "")
    return m[1] if m else None


def _paragraph_problem(name: str, paragraphs: list[str], env: jinja2.Environment
                       ) -> Problem | None:
    for n, text in enumerate(paragraphs, 1):
        if "{" not in text and "}" not in text:
            continue
        for opening, closing in (("{{", "}}"), ("{%", "%}")):
            if text.count(opening) != text.count(closing):
                return Problem(name, n, _excerpt(text), f"a tag opened with '{opening}' is not "
                               f"closed with '{closing}' in the same paragraph.")
        cleaned = re.sub(r"\{%[prc]\s", "{% ", text)
        try:
            env.parse(cleaned)
        except jinja2.TemplateSyntaxError as local:
            if not _SPANNING.search(local.message or ""):
                return Problem(name, n, _excerpt(text), f"a Jinja syntax error: "
                               f"{local.message}.")
    return None


def _syntax_problem(name: str, exc: jinja2.TemplateSyntaxError) -> Problem:
    """A syntax error no single paragraph shows (a block never closed)."""
    return Problem(name, None, "", f"a Jinja syntax error: {exc.message} (a "
                   "{%p for %} or {%p if %} without its end?).")


def draft(path: Path, context: dict, target: Path, *, author: str) -> Path:
    """Fill ``path`` with ``context`` and write ``target`` (whole, or nothing)."""
    problems = check(path, context)
    if problems:
        raise InputError(problems[0].line() + " Nothing was written.")
    template = _template(path)
    template.render(context, _environment())
    wordprops.ours(template.docx, author=author)
    return write_atomically(target, lambda tmp: template.save(str(tmp)))


def undeclared(path: Path) -> set[str] | None:
    """The top-level fields a template uses; None (build them all) when its
    syntax is broken, so that ``draft``'s check names the paragraph at fault."""
    try:
        return set(_template(path).get_undeclared_template_variables(_environment()))
    except jinja2.TemplateSyntaxError:
        return None


_BLANK = re.compile(r"\[[A-Z][A-Z0-9 .,’'/&()-]*\]")


def blanks_left(path: Path, warnings: list[str]) -> list[str]:
    """One warning per blank the draft still shows ("[DATE]", "[NAME OF DEFENDANTS’
    COUNSEL]") that ``warnings`` do not already name: the template's own blanks
    as well as the fields the case could not fill."""
    import docx

    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    said = " ".join(warnings)
    found = dict.fromkeys(m for text in texts for m in _BLANK.findall(text))
    return [f"Fill in {blank}." for blank in found if blank not in said]
