"""``python -m ppsp``: the command line."""

import sys

from ppsp.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
