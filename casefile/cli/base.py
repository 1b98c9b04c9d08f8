"""What every command group shares: the parser class, the exit codes, the
argument types and the `Command` a group lists its commands with.

Light on purpose: `casefile --help` imports this and every group module, so
nothing here (nor at the top of a group module) may import SQLAlchemy, the
models, pikepdf or docx. Those are imported inside the functions that use them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

DATES_HELP = "Dates (DATE) may be written 2020-06-18, 06/18/2020 or June 18, 2020."
EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE, EXIT_PROBLEMS = 0, 1, 2, 3


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake on the command line is one line, not a usage block,
    and a near miss of a command or a choice says what was meant."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"casefile: {message} (see '{self.prog} --help')\n")

    def _check_value(self, action, value):
        try:
            super()._check_value(action, value)
        except argparse.ArgumentError:
            import difflib

            choices = [str(c) for c in action.choices or ()]
            close = difflib.get_close_matches(str(value), choices, n=1)
            if not close:
                raise
            # The suggestion instead of the whole list: the list is in --help.
            raise argparse.ArgumentError(
                action, f"invalid choice: '{value}'; did you mean '{close[0]}'?") from None


class Command:
    """One command of a group: its name and help (shown by `casefile --help`
    without loading anything), ``setup`` that adds its arguments (called only
    when the command is the one typed, so it may import what its choices need),
    and ``run(args) -> exit code``. A command with subcommands (vaughn, bundle)
    leaves ``run`` out and sets it on each subcommand in ``setup``."""

    # A plain class, not a dataclass: dataclasses would cost `--help` the
    # import of inspect and typing.
    __slots__ = ("name", "help", "setup", "run", "parser_options")

    def __init__(self, name: str, help: str, setup: Callable[[argparse.ArgumentParser], None],
                 run: Callable[[argparse.Namespace], int] | None = None,
                 parser_options: dict | None = None) -> None:
        self.name, self.help, self.setup, self.run = name, help, setup, run
        self.parser_options = parser_options or {}

    def __repr__(self) -> str:
        return f"Command({self.name!r})"


def date_arg(text: str):
    """A DATE on the command line, as the user may write it."""
    from casefile.dates import parse_date
    from casefile.errors import InputError

    try:
        return parse_date(text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number from 1 up")
    return int(text)


def existing_file(path: Path) -> Path:
    """A file the user names to store: it must be there, and be a file."""
    from casefile.errors import InputError

    if path.is_dir():
        raise InputError(f"{path} is a folder; name a file (or use 'casefile import').")
    if not path.is_file():
        raise InputError(f"{path} does not exist.")
    return path
