"""`casefile draft …`: Word drafts from templates filled with the case file."""

from __future__ import annotations

import argparse
from pathlib import Path

from casefile.cli.base import EXIT_PROBLEMS, Command

_USAGE = """\
casefile draft CASE TEMPLATE [--out FILE] [--author NAME] [--set SET] [--index INDEX]
                             [--request TRACKING_NO]
casefile draft fields [CASE]          every field a template can use, with an example
casefile draft check TEMPLATE [CASE]  what stops a template from drafting, by paragraph
casefile draft templates              the built-in templates and yours"""


def _setup(p) -> None:
    p.add_argument("words", nargs="+", metavar="ARGS", help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, help="the .docx to write (default: TEMPLATE - "
                   "SHORT TITLE.docx here)")
    p.add_argument("--author", help="the author written into the file (default: the "
                   "'author' setting, else Casefile)")
    p.add_argument("--set", help="the exhibit set for the exhibit list (default: the first)")
    p.add_argument("--index", help="the Vaughn index (default: the first)")
    p.add_argument("--request", help="the request a letter is about (default: the first)")


def cmd_draft(args) -> int:
    from casefile.errors import InputError

    words = args.words
    # "draft list" is what people type first (as in "casefile list …"); a case
    # file of that name is still a case.
    if words[0] == "templates" or (words[0] == "list" and not Path(words[0]).exists()):
        return _templates()
    if words[0] == "fields":
        return _fields(Path(words[1]) if len(words) > 1 else None)
    if words[0] == "check":
        if len(words) < 2:
            raise InputError("Name the template to check: casefile draft check TEMPLATE [CASE].")
        return _check(words[1], Path(words[2]) if len(words) > 2 else None)
    if len(words) != 2:
        import difflib

        close = difflib.get_close_matches(words[0], ["templates", "fields", "check"], n=1)
        if close and not Path(words[0]).exists():
            raise InputError(f"'casefile draft {words[0]}' is not a command; did you mean "
                             f"'casefile draft {close[0]}'?")
        raise InputError("Give the case and the template: casefile draft CASE TEMPLATE "
                         "(see 'casefile draft --help').")
    return _draft(Path(words[0]), words[1], args)


def _author(given: str | None) -> str:
    from casefile.drafts.generate import default_author

    return given or default_author()


def _context(case, s, args=None, needs: set[str] | None = None, template_name: str = ""):
    from casefile.drafts.context import build

    exhibit_set = index = None
    if args is not None and args.set:
        from casefile.exhibits import find_set

        exhibit_set = find_set(s, args.set)
    if args is not None and args.index:
        from casefile.vaughn import find_index

        index = find_index(s, args.index)
    request = None
    if args is not None and args.request:
        from casefile.requests import find_request

        request = find_request(s, args.request)
    return build(s, author=_author(args.author if args else None), exhibit_set=exhibit_set,
                 index=index, request=request, needs=needs, template_name=template_name)


def _draft(case_path: Path, name: str, args) -> int:
    from casefile.drafts import render
    from casefile.store import CaseFile

    template = _template(name)
    needs = render.undeclared(template)
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        context = _context(case, s, args, needs, template.stem)
    short = context.values["matter"]["short_title"].replace("/", "-").replace(".", "")
    out = args.out or Path(f"{template.stem} - {short}.docx")
    render.draft(template, context.values, out, author=_author(args.author))
    for warning in context.warnings + render.blanks_left(out, context.warnings):
        print(f"Check: {warning}")
    print(f"Wrote {out}")
    return 0


def _template(name: str):
    """The template named, or a sentence that names the nearest one: 'complant' is
    a typing slip for 'complaint', and the list of every template hides that."""
    import difflib

    from casefile.drafts import templates
    from casefile.errors import InputError

    try:
        return templates.find(name)
    except InputError as exc:
        close = difflib.get_close_matches(name, list(templates.available()), n=1)
        if not close:
            raise
        raise InputError(f"There is no template '{name}'; did you mean '{close[0]}'? "
                         "('casefile draft templates' lists them all.)") from exc


def _templates() -> int:
    from casefile.drafts import builtin, templates

    built = {name: about for name, (_make, about) in builtin.BUILT_IN.items()}
    available = templates.available()
    width = max(map(len, available), default=0) + 2
    for name, path in available.items():
        mine = path.parent == templates.user_folder()
        print(f"{name:{width}}{'(yours) ' + str(path) if mine else built.get(name, '')}")
    return 0


def _fields(case_path: Path | None) -> int:
    from casefile.drafts.fields import describe
    from casefile.store import CaseFile

    if case_path is not None:
        with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
            values = _context(case, s).values
    else:
        values = None
    for line in describe(values):
        print(line)
    return 0


def _check(name: str, case_path: Path | None) -> int:
    """What stops the template; with a case, also what the draft would leave blank."""
    from casefile.drafts import render
    from casefile.drafts.fields import example_context
    from casefile.store import CaseFile

    template = _template(name)
    warnings: list[str] = []
    if case_path is not None:
        with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
            context = _context(case, s)
        values, warnings = context.values, context.warnings
    else:
        values = example_context()
    problems = render.check(template, values)
    if problems:
        for problem in problems:
            print(problem.line())
        return EXIT_PROBLEMS
    print(f"{template.name}: every field and tag is right.")
    if case_path is not None:
        # Drafted aside, to list the blanks the case leaves (a counsel's bar number).
        from casefile import leftovers

        with leftovers.scratch_dir("check") as tmp:
            out = render.draft(template, values, Path(tmp) / "check.docx", author="check")
            for warning in warnings + render.blanks_left(out, warnings):
                print(f"Missing: {warning}")
    return 0


COMMANDS = [
    Command("draft", "Draft a complaint, declaration, letter… in Word from the case file.",
            _setup, cmd_draft,
            parser_options={"description": "Draft a Word document from a template.",
                            "usage": _USAGE,
                            "formatter_class": argparse.RawDescriptionHelpFormatter}),
]
