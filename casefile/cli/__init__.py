"""The `casefile` command: every job of the window, without a window.

Each command is a thin layer over a function in ``casefile/``: it parses what
the user typed, opens the case, calls the function inside one transaction and
prints the result. A user's mistake ends in one line on stderr and exit 1;
only a bug shows a traceback.

The commands live in one module per group, listed in ``GROUPS`` below. To
build the parser, each group module is imported for its names and help only,
so a group module imports nothing heavy at its top (no SQLAlchemy, models,
pikepdf, docx: ``tests/test_cli_startup.py`` checks); the arguments of a
command are added only when that command is the one typed, and what it works
with is imported inside its functions, when it runs. `casefile --version`
and `--help` so load no more than argparse.

Adding a command group
----------------------
1. Write ``casefile/cli/NAME.py`` with, at its end, ``COMMANDS``: a list of
   ``base.Command(name, help, setup, run)``. ``setup(p)`` adds the command's
   arguments to its parser ``p`` (it may import what its choices need);
   ``run(args)`` does the work and returns an exit code from ``base``
   (``EXIT_OK``, ``EXIT_PROBLEMS``…); a user's mistake is raised as a
   ``casefile.errors`` type, which ``main`` prints as one line. A command
   with subcommands leaves ``run`` out and adds them in ``setup`` (see
   ``vaughn.py``).
2. Add one line, ``"casefile.cli.NAME",``, to ``GROUPS``. The order of the
   list is the order of `casefile --help`. A command name taken twice fails
   ``tests/test_cli_startup.py``; the frozen build (``packaging/casefile.spec``)
   takes in every module of this folder by itself.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from casefile import __version__
from casefile.cli.base import EXIT_OK, EXIT_USER_ERROR, Parser

# One line per command group, in the order `casefile --help` lists them.
GROUPS = [
    "casefile.cli.case",
    "casefile.cli.importing",
    "casefile.cli.listing",
    "casefile.cli.add",
    "casefile.cli.edit",
    "casefile.cli.deadlines",
    "casefile.cli.docket",
    "casefile.cli.vaughn",
    "casefile.cli.bundle",
    "casefile.cli.draft",
    "casefile.cli.privacy",
    "casefile.cli.maintenance",
    "casefile.cli.history",
    "casefile.cli.server",
    "casefile.cli.members",
    "casefile.cli.sync",
    "casefile.cli.window",
]


def _log_to_file() -> None:
    """Errors logged by casefile (a child process's traceback, say) go to
    casefile.log in the data folder, not to the terminal: the user gets the
    one sentence, the log keeps the details."""
    import logging

    from casefile.paths import user_data_dir

    logger = logging.getLogger("casefile")
    if logger.handlers:
        return
    logger.propagate = False
    try:
        folder = user_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(folder / "casefile.log",
                                                       encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s"))
    except OSError:
        handler = logging.NullHandler()
    handler.setLevel(logging.ERROR)
    logger.addHandler(handler)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USER_ERROR
    import logging

    # pypdf logs what it repairs in a damaged PDF; the import report says
    # what matters to the user, file by file.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    _log_to_file()
    from casefile.display import shown
    from casefile.errors import CasefileError

    try:
        return args.run(args) or EXIT_OK
    except CasefileError as exc:
        # One line whatever it holds: a sentence may quote a file's name.
        print(f"casefile: {shown(exc.message)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("casefile: interrupted; what was finished is saved, nothing is half-written.",
              file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `casefile list … | head` closing early is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; given the command line, only the command it names gets
    its arguments (and imports what they need), the others just a name and help."""
    parser = Parser(
        prog="casefile",
        description="Casefile: a FOIA case in one file. Every command takes the case file "
                    "(NAME.casefile) it works on.",
    )
    parser.add_argument("--version", action="version", version=f"casefile {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    typed = None if argv is None else _command_typed(argv)
    for group in GROUPS:
        for command in importlib.import_module(group).COMMANDS:
            if typed is not None and typed != command.name:
                _listed_only(sub, command.name, command.help)
                continue
            options = {"description": command.help, **command.parser_options}
            p = sub.add_parser(command.name, help=command.help, **options)
            command.setup(p)
            if command.run is not None:
                p.set_defaults(run=command.run)
    return parser


def _listed_only(sub, name: str, help_text: str) -> None:
    """A command that --help lists and argparse knows as a choice, without the
    parser only the command typed needs: two dozen parsers built for nothing
    were most of the time `casefile --version` took. (argparse's own
    add_parser does the same two steps, and then builds the parser.)"""
    sub._choices_actions.append(sub._ChoicesPseudoAction(name, (), help_text))
    sub._name_parser_map[name] = _NOT_TYPED


class _NotTyped:
    """Stands for the parser of a command not typed; it is never parsed with,
    since argparse parses only with the typed command's parser."""

    def parse_known_args(self, *_args, **_kwargs):  # pragma: no cover - a bug if reached
        raise RuntimeError("casefile: the command line named a command that was not built")


_NOT_TYPED = _NotTyped()


def _command_typed(argv: Sequence[str]) -> str:
    """The command named on the line: the first word that is not an option
    (the top level's only options, --version and --help, take no value)."""
    return next((word for word in argv if not word.startswith("-")), "")


if __name__ == "__main__":
    raise SystemExit(main())
