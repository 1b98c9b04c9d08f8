"""`casefile demo` and `casefile gui`: the commands that open the window."""

from __future__ import annotations

from pathlib import Path

from casefile.cli.base import EXIT_OK, Command


def _args_demo(p) -> None:
    p.add_argument("--out", type=Path, default=Path("casefile-demo"),
                   help="folder for the demo case and its outputs (default: ./casefile-demo)")
    p.add_argument("--no-gui", action="store_true", help="build it without opening a window")


def cmd_demo(args) -> int:
    from casefile.demo import build_demo, write_outputs
    from casefile.display import why_no_window
    from casefile.errors import InputError

    if args.out.exists() and not args.out.is_dir():
        raise InputError(f"{args.out} is a file; give --out a folder for the demo case.")
    path = build_demo(args.out)
    written = write_outputs(path, args.out)
    print(f"Built the demo case {path}")
    print(f"Wrote {len(written)} files to {args.out}/ (exhibits, the case summary).")
    if args.no_gui:
        return EXIT_OK
    reason = why_no_window()
    if reason:
        print(f"{reason}; the demo case and its outputs are in {args.out}/.")
        return EXIT_OK
    return _launch_window(path)


def _args_gui(p) -> None:
    p.add_argument("case", type=Path, nargs="?")


def cmd_gui(args) -> int:
    from casefile.display import why_no_window
    from casefile.errors import CasefileError

    reason = why_no_window()
    if reason:
        raise CasefileError(f"{reason}; every job of the window has a command "
                            "(see 'casefile --help').")
    return _launch_window(args.case)


def _launch_window(case: Path | None) -> int:
    # The window is a separate package registered as the `casefile-gui` entry
    # point; the core finds it through the installation, never by import.
    from importlib.metadata import entry_points

    from casefile.errors import CasefileError

    found = entry_points(group="gui_scripts", name="casefile-gui")
    if not found:
        raise CasefileError("The Casefile window is not installed with this copy of Casefile.")
    launch = next(iter(found)).load()
    return launch([str(case)] if case else [])


COMMANDS = [
    Command("demo", "Build the demo case (IDP and CCR v. DHS and ICE) and open it.", _args_demo,
            cmd_demo),
    Command("gui", "Open the Casefile window.", _args_gui, cmd_gui),
]
