"""The desktop bundle's entry point: the `annotator` command (no arguments opens the app).

`freeze_support` first: the app's worker processes (import, export, agreement, the background
recommenders) are started with "spawn", which in a bundle runs this same executable again.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from annotator.cli import main

    sys.exit(main())
