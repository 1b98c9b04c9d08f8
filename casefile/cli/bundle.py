"""`casefile bundle …`: build an exhibit set into files CM/ECF accepts, and preflight any PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from casefile.cli.base import EXIT_PROBLEMS, Command, Parser


def _setup(bundle) -> None:
    from casefile.bundles import POSITIONS

    cmds = bundle.add_subparsers(title="commands", metavar="COMMAND", required=True,
                                 parser_class=Parser)

    def command(name: str, help_text: str, run):
        p = cmds.add_parser(name, help=help_text, description=help_text,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(run=run)
        return p

    p = command("build", "Build an exhibit set: index, slip sheets, stamps, Bates numbers, "
                "bookmarks; merged or one file per exhibit.", cmd_build)
    p.add_argument("case", type=Path)
    p.add_argument("set", metavar="SET", help="the exhibit set (its number or name)")
    p.add_argument("--out", type=Path, default=Path("."), help="folder for the files "
                   "(default: here)")
    p.add_argument("--profile", help="court profile: size limit and where marks go (see "
                   "'casefile bundle profiles'; default: default)")
    p.add_argument("--per-exhibit", action="store_true",
                   help="one PDF per exhibit, split into parts where over the size limit")
    p.add_argument("--zip", action="store_true", help="also a ZIP of the files")
    p.add_argument("--bates", metavar="PREFIX", help="stamp Bates numbers: PREFIX000001…")
    p.add_argument("--bates-start", type=int, default=1, metavar="N")
    p.add_argument("--bates-digits", type=int, default=6, metavar="N")
    p.add_argument("--no-index", action="store_true")
    p.add_argument("--no-slip-sheets", action="store_true")
    p.add_argument("--no-stamp", action="store_true", help="no 'EXHIBIT A' on first pages")
    p.add_argument("--no-footer", action="store_true", help="no 'Ex. A – p. 2 of 10'")
    p.add_argument("--no-shrink", action="store_true",
                   help="do not scale pages to clear the margins for the marks")
    for mark in ("stamp", "footer", "bates"):
        p.add_argument(f"--{mark}-position", choices=POSITIONS,
                       help=f"where the {mark} goes (default: the profile's)")
    p.add_argument("--allow-privileged", action="append", default=[], metavar="LABEL",
                   help="include this exhibit although its document is marked privileged "
                        "or work product (recorded in the case)")
    p.add_argument("--allow-personal-data", metavar="REASON",
                   help="build although personal data (FRCP 5.2(a)) or text under redaction "
                        "boxes was found, for this reason (recorded in the case, with "
                        "each finding)")

    p = command("preflight", "Check a PDF for what CM/ECF rejects; --fix writes a clean copy.",
                cmd_preflight)
    p.add_argument("file", type=Path)
    p.add_argument("--profile", help="court profile whose size limit applies")
    p.add_argument("--fix", type=Path, metavar="OUT.pdf", help="write a fixed copy here")

    command("profiles", "List the court profiles.", cmd_profiles)

    p = command("exhibits", "List an exhibit set; move, relabel or remove its exhibits.",
                cmd_exhibits)
    p.add_argument("case", type=Path)
    p.add_argument("set", metavar="SET")
    p.add_argument("--move", nargs=2, metavar=("LABEL", "POSITION"),
                   help="put an exhibit at a position (labels follow)")
    p.add_argument("--remove", metavar="LABEL")
    p.add_argument("--scheme", choices=["numbers", "letters"], help="label 1, 2, 3 or A, B, C")
    p.add_argument("--prefix", help='the label prefix, such as "Pl. Ex."')

    p = command("paragraphs", "The declaration's exhibit paragraphs, as text.", cmd_paragraphs)
    p.add_argument("case", type=Path)
    p.add_argument("set", metavar="SET")


def cmd_build(args) -> int:
    import dataclasses

    from casefile import limits
    from casefile.bundles import profiles
    from casefile.bundles.build import BundleOptions, build_from_file, record_overrides
    from casefile.display import human_size
    from casefile.errors import InputError
    from casefile.exhibits import find_set
    from casefile.jobs import in_child
    from casefile.store import CaseFile

    if args.bates_digits < 1 or args.bates_digits > 12 or args.bates_start < 0:
        raise InputError("Bates numbers need 1 to 12 digits and a start of 0 or more.")
    profile = profiles.get(args.profile)
    chosen = {f"{m}_position": getattr(args, f"{m}_position")
              for m in ("stamp", "footer", "bates") if getattr(args, f"{m}_position")}
    if chosen:
        profile = dataclasses.replace(profile, **chosen)
    options = BundleOptions(
        profile, mode="per-exhibit" if args.per_exhibit else "merged",
        index=not args.no_index, slip_sheets=not args.no_slip_sheets, stamp=not args.no_stamp,
        footer=not args.no_footer, bates_prefix=args.bates, bates_start=args.bates_start,
        bates_digits=args.bates_digits, shrink=1.0 if args.no_shrink else 0.94, zip=args.zip,
        allow_privileged=frozenset(args.allow_privileged),
        allow_personal_data=args.allow_personal_data)
    with CaseFile.open(args.case) as case:
        with case.reading() as s:
            set_id = find_set(s, args.set).id
        # The exhibits are files from outside: they are read in a child process
        # with the reading limits, as the window does, so a hostile one stops
        # the build with its sentence and never takes this process down.
        report = in_child(build_from_file, case.location, str(set_id), args.out, options,
                          progress=lambda _d, _t, note: print(note, flush=True),
                          limits=limits.BUILDING)
        if report.overrides:
            with case.transaction() as s:
                from casefile.store.models import ExhibitSet

                record_overrides(s, s.get(ExhibitSet, set_id), report)
    for o in report.outputs:
        print(f"Wrote {o.path} ({o.pages} pages, {human_size(o.size)})")
    for line in report.overrides:
        print(f"Override recorded: {line}")
    for line in report.fixes:
        print(f"Fixed for CM/ECF: {line}")
    for line in report.warnings:
        print(f"Check: {line}")
    print(f"E-filing descriptions: {report.descriptions}")
    print(f"SHA-256 manifest: {report.manifest}")
    if report.archive:
        print(f"ZIP: {report.archive}")
    return 0


def cmd_preflight(args) -> int:
    from casefile import limits
    from casefile.bundles import preflight, profiles
    from casefile.display import human_size, shown
    from casefile.jobs import call_in_child

    # Any PDF at all may be named here: it is read in a child with the limits.
    limit = profiles.get(args.profile).size_limit if args.profile else None
    result = call_in_child(preflight.check, args.file, limit, limits=limits.BUILDING)
    name = shown(args.file.name)
    if not result.findings:
        print(f"{name}: {result.pages} pages, {human_size(result.size)}; "
              "nothing CM/ECF rejects, and no personal data or text under redactions found.")
    else:
        print(f"{name}: {result.pages} pages, {human_size(result.size)}" +
              ("; nothing CM/ECF rejects; noted:" if result.passes else ":"))
        for finding in result.findings:
            print(f"  {finding.line()}")
    if args.fix:
        done = call_in_child(preflight.fix, args.file, args.fix, limits=limits.BUILDING)
        print(f"Wrote {shown(str(args.fix))}" +
              (": " + "; ".join(done) if done else " (nothing to fix)."))
        after = call_in_child(preflight.check, args.fix, limit, limits=limits.BUILDING)
        for finding in after.findings:
            print(f"  still: {finding.line()}")
        # Personal data and text under redaction boxes are not fixed by --fix:
        # they need a redaction, which is the user's decision.
        return 0 if after.passes else EXIT_PROBLEMS
    return 0 if result.passes else EXIT_PROBLEMS


def cmd_profiles(args) -> int:
    from casefile.bundles import profiles

    for p in profiles.all_profiles().values():
        print(f"{p.key:12} {p.name}: {p.size_limit_mb:g} MB per file, {p.label_scheme}, "
              f"stamp {p.stamp_position}, footer {p.footer_position}, "
              f"Bates {p.bates_position}")
    return 0


def cmd_paragraphs(args) -> int:
    from casefile.exhibits import find_set, paragraph
    from casefile.store import CaseFile

    with CaseFile.open(args.case, read_only=True) as case, case.reading() as s:
        for exhibit in find_set(s, args.set).exhibits:
            print(paragraph(exhibit))
    return 0


def cmd_exhibits(args) -> int:
    from casefile import exhibits
    from casefile.errors import InputError
    from casefile.store import CaseFile
    from casefile.store.models import LabelScheme

    changing = args.move or args.remove or args.scheme or args.prefix is not None
    with CaseFile.open(args.case, read_only=not changing) as case, \
            (case.transaction() if changing else case.reading()) as s:
        exhibit_set = exhibits.find_set(s, args.set)
        if args.move:
            label, position = args.move
            if not position.isdigit():
                raise InputError(f"Give the new position as a number, not '{position}'.")
            exhibits.move(s, exhibits.find_exhibit(exhibit_set, label), int(position))
        if args.remove:
            exhibits.remove(s, exhibits.find_exhibit(exhibit_set, args.remove))
        if args.scheme or args.prefix is not None:
            exhibits.relabel(s, exhibit_set,
                             LabelScheme(args.scheme) if args.scheme else None, args.prefix)
        for e in sorted(exhibit_set.exhibits, key=lambda e: e.position):
            pages = f" (pages {e.page_selection})" if e.page_selection else ""
            flag = " [privileged]" if e.document.privileged else (
                " [work product]" if e.document.work_product else "")
            print(f"{exhibit_set.label_prefix} {e.label}\t{e.title}{pages}{flag}")
    return 0


COMMANDS = [
    Command("bundle", "Exhibit bundles: build a declaration's exhibits, preflight a PDF.",
            _setup, parser_options={"description": "Build an exhibit set into PDFs ready for "
                                                   "CM/ECF, or check a PDF."}),
]
