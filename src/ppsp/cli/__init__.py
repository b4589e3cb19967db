"""The ``ppsp`` command line: :func:`main`."""

from ppsp.cli.main import main

__all__ = ["main"]
