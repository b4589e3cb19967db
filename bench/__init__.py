"""Benchmarks of ppsp against peer state-machine libraries and at national scale.

Run from the repository root::

    python -m bench                  # full run, about two minutes
    python -m bench --quick          # a few seconds: small sizes, few repeats (CI smoke)
    python -m bench --json results.json
    python -m bench --only fair      # one section alone: the fair peer, or the start-up

See ``docs/performance.md`` for what each section measures.
"""
