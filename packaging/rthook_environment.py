"""PyInstaller runtime hook: the programs Casefile starts get the user's environment.

On Linux the frozen program runs with LD_LIBRARY_PATH pointing into the
bundle, so that its own copies of Qt and the rest are found. Inherited, that
path makes qpdf, Tesseract, LibreOffice and the word processor a draft opens
in load the bundle's libraries instead of their own: a crash, or a "symbol
lookup error", wherever the two differ. So it is put back as it was before
the program started. This process is unaffected (the loader read the path at
start-up), and a child spawned from this same program sets it again.
"""

import os
import sys

if sys.platform.startswith("linux") and getattr(sys, "frozen", False):
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is None:
        os.environ.pop("LD_LIBRARY_PATH", None)
    else:
        os.environ["LD_LIBRARY_PATH"] = original
