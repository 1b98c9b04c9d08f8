"""The `casefile` command of the frozen app (PyInstaller's entry script).

pip-installed copies start at casefile.cli:main through the console-script
shim; a frozen one has no shim, so this file is that shim.
"""

import multiprocessing
import os
import sys

if __name__ == "__main__":
    # Before anything else: the import reader and casefile.jobs.in_child spawn
    # children by running this same executable again, and freeze_support()
    # is what turns such a run into the child instead of a second command line.
    multiprocessing.freeze_support()

    smoke = os.environ.get("CASEFILE_SMOKE_TEST")
    if smoke and sys.argv[1:2] in (["demo"], ["gui"]):
        # CI: `casefile demo` opens the window through the casefile-gui entry
        # point; check that path too (casefile_smoke.py), then quit.
        import casefile_smoke

        casefile_smoke.install(smoke)

    from casefile.cli import main

    sys.exit(main())
