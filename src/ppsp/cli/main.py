"""The ``ppsp`` command line (standard library only).

``ppsp assess FILE [--on DATE] [--lang id|en] [--format text|json|explain] [--target STAGE]``
``ppsp report FILE [--on DATE] [--lang id|en] [--format markdown|csv|json|html] [-o FILE]``
``ppsp card FILE REGION [--on DATE] [--lang id|en] [-o FILE]``
``ppsp funding check FILE [--records RECORDS] [--lang id|en] [--format text|json] [--readiness YEAR]``
``ppsp impact FILE --rulebook DRAFT [--on DATE] [--lang id|en] [--format text|json]``
``ppsp rulebook export ID`` / ``ppsp rulebook check FILE``
``ppsp diagram [--rulebook ID|FILE] [--regency CODE FILE] [--on DATE] [--format mermaid|dot|svg]``
``ppsp schema [KIND]``
``ppsp store check DIR [--lang id|en] [--format text|json] [--regions CSV]``
``ppsp serve --store DIR|URL [--tokens FILE] [--host HOST] [--port PORT] [--regions CSV]``
``ppsp token new --tokens FILE --name NAME --scope CODE [CODE …] [--write]``

The commands that read records also take ``--plans``, ``--regions`` and ``--require-seal``
(docs/cli.md lists every option).

Exit status: 0 done (``assess``: whatever the verdicts); 1 done, and the data shows problems
(``funding check`` found violations, ``store check`` found a record file that is not sound); 2 the input is invalid (a file, an option: the message
names the field, the value and what was expected); 3 ppsp itself failed (a traceback to report).

Messages, help and output speak ``--lang`` (``id`` or ``en``, any case), else the ``PPSP_LANG``
environment variable, else Indonesian. With ``--format json`` an invalid input is a
``ppsp.error`` JSON document on standard output, each problem with its stable code. A console
or file that cannot encode ✓, ✗ or — (cp1252, ASCII) gets plain signs instead.

Each command imports what it needs when it runs, so ``ppsp --help`` and ``ppsp --version`` load
no more than the command line itself; the choices of an option are read from the library when
they are shown or checked (``_Choices``; every such option has a ``metavar``, so that argparse
does not list the choices while it builds the parser).
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence

from ppsp.__about__ import __version__

TYPE_CHECKING = False  # typing's own would import typing: `ppsp --help` need not load it
if TYPE_CHECKING:
    import datetime as dt
    import gettext
    from typing import Any, TextIO

    from ppsp.core.errors import PPSPError
    from ppsp.core.events import Event, Record
    from ppsp.core.lang import Lang
    from ppsp.core.regions import RegionRegistry
    from ppsp.rules.funding.plan import FundingPlan
    from ppsp.rules.rulebook import Rulebook

__all__ = ["main"]


class _Choices(Sequence[str]):
    """An option's choices, read from the library the first time they are shown or checked."""

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        self._load = load
        self._found: Sequence[str] | None = None

    def _values(self) -> Sequence[str]:
        if self._found is None:
            self._found = tuple(self._load())
        return self._found

    def __getitem__(self, index: Any) -> Any:
        return self._values()[index]

    def __len__(self) -> int:
        return len(self._values())

    def __iter__(self) -> Iterator[str]:
        return iter(self._values())

    def __contains__(self, value: object) -> bool:
        return value in self._values()


def _stages() -> list[str]:
    from ppsp.core.stages import Stage

    return [s.value for s in Stage]


def _rulebook_ids() -> list[str]:
    from ppsp.rulebooks import RULEBOOKS

    return [r.id for r in RULEBOOKS]


def _schema_kinds() -> Sequence[str]:
    from ppsp.formats.schema import KINDS

    return KINDS


def _langs() -> list[str]:
    from ppsp.core.lang import Lang

    return [lang.value for lang in Lang]


def _parser(_: Callable[[str], str], lang: str) -> argparse.ArgumentParser:
    """The command line, its help in the catalogue's language (``_`` translates)."""
    parser = argparse.ArgumentParser(
        prog="ppsp",
        description=_("PPSP / SSK implementation: where each regency stands, and why."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"ppsp {__version__}",
        help=_("show program's version number and exit"),
    )
    _lang_option(parser, _, lang, default=argparse.SUPPRESS)  # `ppsp --lang en assess …` too
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = commands.add_parser(
        "assess",
        help=_("assess every regency in a record or province file"),
        description=_(
            "Print each regency's stage, progress year, next step, whether it is "
            "allowed, and the unmet criteria."
        ),
    )
    p.add_argument("file", metavar="FILE", help=_("a ppsp.record or ppsp.province JSON file"))
    _on(p, _)
    _common(p, _, lang, formats=["text", "json", "explain"])
    p.add_argument(
        "--target",
        metavar="STAGE",
        choices=_Choices(_stages),
        help=_("also list the path to this stage: %(choices)s"),
    )
    _plans(p, _)
    _seal(p, _)
    p.set_defaults(run=_assess)
    r = commands.add_parser(
        "report",
        help=_("the province report of CC6/CC7: stages, gaps and reports due"),
        description=_(
            "Print every unit's stage, progress year, clinics held this year, next step "
            "and its gaps, and the reports due (sent, late, due or not recorded on the date)."
        ),
    )
    r.add_argument("file", metavar="FILE", help=_("a ppsp.record or ppsp.province JSON file"))
    _on(r, _)
    _common(r, _, lang, formats=["markdown", "csv", "json", "html", "xlsx"])
    _output(r, _)
    _plans(r, _)
    _seal(r, _)
    r.set_defaults(run=_report)
    k = commands.add_parser(
        "card",
        help=_("one regency's card: where it stands and its path to Milestone 4"),
        description=_(
            "Write one regency's status as a page to print: where it stands, its path so "
            "far, every step to Milestone 4 with each missing criterion and its source, its "
            "funding plan's check (with --plans) and the reports it owes. Needs ppsp[html]."
        ),
    )
    k.add_argument("file", metavar="FILE", help=_("a ppsp.record or ppsp.province JSON file"))
    k.add_argument("region", metavar="REGION", help=_("the regency: a code (62.03) or a name"))
    _on(k, _)
    _common(k, _, lang, formats=["html"])
    _output(k, _)
    _plans(k, _)
    _seal(k, _)
    k.set_defaults(run=_card)
    funding = commands.add_parser(
        "funding",
        help=_("funding plans: who may fund what"),
        description=_("Funding-plan commands."),
    )
    funding_commands = funding.add_subparsers(
        dest="funding_command", required=True, metavar="COMMAND"
    )
    f = funding_commands.add_parser(
        "check",
        help=_("check every line of the funding plans in a file"),
        description=_(
            "Check each plan line against the rule of its source in force in its year; "
            "print every violation with its reason and provenance, and the totals."
        ),
    )
    f.add_argument("file", metavar="FILE", help=_("a ppsp.funding JSON file"))
    f.add_argument(
        "--records",
        metavar="RECORDS",
        help=_(
            "a ppsp.record or ppsp.province file: the SSK conditions read each regency's record"
        ),
    )
    _common(f, _, lang, formats=["text", "json"])
    _seal(f, _)
    f.add_argument(
        "--readiness",
        metavar="YEAR",
        type=int,
        help=_("also list the readiness dossiers of the activities funded in YEAR"),
    )
    f.set_defaults(run=_funding_check)
    i = commands.add_parser(
        "impact",
        help=_("which decisions a draft rulebook would change"),
        description=_(
            "Assess every regency under the rulebook in force and under a draft; list "
            "each decision that changes (allowed/refused, stage, progress year) and why."
        ),
    )
    i.add_argument("file", metavar="FILE", help=_("a ppsp.record or ppsp.province JSON file"))
    i.add_argument(
        "--rulebook",
        metavar="DRAFT",
        required=True,
        help=_("a ppsp.rulebook JSON file (the draft)"),
    )
    _on(i, _)
    _common(i, _, lang, formats=["text", "json"])
    _plans(i, _)
    _seal(i, _)
    i.set_defaults(run=_impact)
    b = commands.add_parser(
        "rulebook", help=_("rulebooks as data files"), description=_("Rulebook commands.")
    )
    book_commands = b.add_subparsers(dest="rulebook_command", required=True, metavar="COMMAND")
    e = book_commands.add_parser(
        "export",
        help=_("print a shipped rulebook as a ppsp.rulebook JSON document"),
        description=_("Print a shipped rulebook as JSON: the starting point of a draft."),
    )
    e.add_argument("id", metavar="ID", choices=_Choices(_rulebook_ids), help="%(choices)s")
    _lang_option(e, _, lang)
    e.set_defaults(run=_rulebook_export)
    c = book_commands.add_parser(
        "check",
        help=_("check a ppsp.rulebook JSON file"),
        description=_("Load a rulebook file and report every problem, or summarise it."),
    )
    c.add_argument("file", metavar="FILE", help=_("a ppsp.rulebook JSON file"))
    _lang_option(c, _, lang)
    c.set_defaults(run=_rulebook_check)
    d = commands.add_parser(
        "diagram",
        help=_("draw the stage machine, or one regency's path"),
        description=_(
            "Print the stage machine (stages, steps with their gates, clinics) or, with "
            "--regency, one regency's path so far with dates, as Mermaid, Graphviz DOT or an "
            "SVG picture."
        ),
    )
    d.add_argument(
        "--rulebook",
        metavar="RULEBOOK",
        help=_("a shipped rulebook id or a ppsp.rulebook file (default: the one in force)"),
    )
    d.add_argument(
        "--regency",
        nargs=2,
        metavar=("CODE", "FILE"),
        help=_("draw this regency's path from a ppsp.record or ppsp.province file"),
    )
    _on(d, _)
    _common(d, _, lang, formats=["mermaid", "dot", "svg"])
    _output(d, _)
    _seal(d, _)
    d.set_defaults(run=_diagram)
    ev = commands.add_parser(
        "event",
        help=_("record an event in a file, checked and sealed"),
        description=_("Event commands."),
    )
    event_commands = ev.add_subparsers(dest="event_command", required=True, metavar="COMMAND")
    a = event_commands.add_parser(
        "add",
        help=_("record one event of a regency in a record or province file"),
        description=_(
            "Check one event as ppsp.advance does (a Pokja's step only when its criteria are "
            "met), append it to the regency's history in FILE, and write the file again, "
            "sealed, at once. Each --field FIELD=VALUE gives one of the event's fields "
            "(clinic=5, host=Bapperida, recipients=balai;nawasis)."
        ),
    )
    _event_file(a, _)
    a.add_argument(
        "--type", required=True, metavar="TYPE", help=_("the kind of event, e.g. clinic-held")
    )
    a.add_argument("--on", required=True, metavar="DATE", help=_("the date it happened"))
    _event_fields(a, _, lang)
    a.set_defaults(run=_event_add)
    c2 = event_commands.add_parser(
        "correct",
        help=_("retract a recorded event, and record the right one instead"),
        description=_(
            "Record a correction: the event at position --event (0 for the regency's first; "
            "events[3] in a message) did not happen as recorded, for --reason. It stays in the "
            "history, marked, and no longer counts. With --type, --on and --field, the right "
            "event is recorded after it. Nothing is rewritten: the file keeps its seal."
        ),
    )
    _event_file(c2, _)
    c2.add_argument(
        "--event", required=True, type=int, metavar="N", help=_("the position of the event")
    )
    c2.add_argument("--reason", required=True, help=_("why it did not happen as recorded"))
    c2.add_argument("--type", metavar="TYPE", help=_("the kind of the right event"))
    c2.add_argument("--on", metavar="DATE", help=_("the date the right event happened"))
    _event_fields(c2, _, lang)
    c2.set_defaults(run=_event_correct)
    m = commands.add_parser(
        "import",
        help=_("read a filled monitoring template (XLSX or CSV) into a province document"),
        description=_(
            "Read the events of a monitoring template (one row per event; the sheet Peristiwa "
            "of an XLSX workbook, or a CSV file with , or ;), check them like a JSON document, "
            "and write the sealed ppsp.province document. Every problem is named by its sheet, "
            "row and column. XLSX needs ppsp[excel]."
        ),
    )
    m.add_argument("file", metavar="FILE", help=_("a filled template: .xlsx or .csv"))
    _lang_option(m, _, lang)
    _regions_option(m, _)
    _output(m, _)
    m.set_defaults(run=_import)
    x = commands.add_parser(
        "export",
        help=_("write the records of a file to the monitoring template (XLSX or CSV)"),
        description=_(
            "Write every event of a ppsp.record or ppsp.province file as one row of the "
            "monitoring template: an XLSX workbook (-o FILE.xlsx, needs ppsp[excel]) or a CSV "
            "file for Excel (-o FILE.csv: ; between cells, with a byte-order mark)."
        ),
    )
    x.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help=_("a ppsp.record or ppsp.province JSON file (none: the empty template)"),
    )
    x.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=_("the .xlsx or .csv file to write")
    )
    _lang_option(x, _, lang)
    _regions_option(x, _)
    _seal(x, _)
    x.set_defaults(run=_export)
    g = commands.add_parser(
        "regions",
        help=_("search and list the regencies and cities ppsp knows"),
        description=_(
            "List the regencies and cities of Indonesia (with --regions, yours too): all of "
            "them, those QUERY finds (a code, a code's start such as 62, or part of a name), "
            "or those of one --province."
        ),
    )
    g.add_argument("query", metavar="QUERY", nargs="?", help=_("a code or part of a name"))
    g.add_argument("--province", metavar="CODE", help=_("a province's two-digit code, e.g. 62"))
    _common(g, _, lang, formats=["text", "json", "csv"])
    g.set_defaults(run=_regions)
    j = commands.add_parser(
        "schema",
        help=_("print the JSON Schema of a document kind"),
        description=_("Print the JSON Schema (draft 2020-12) of a ppsp document kind."),
    )
    j.add_argument(
        "kind",
        metavar="KIND",
        nargs="?",
        choices=_Choices(_schema_kinds),
        default="ppsp.record",
        help=_("%(choices)s (default: %(default)s)"),
    )
    _lang_option(j, _, lang)
    j.set_defaults(run=_schema)
    store = commands.add_parser(
        "store", help=_("a directory of sealed records"), description=_("Store commands.")
    )
    store_commands = store.add_subparsers(dest="store_command", required=True, metavar="COMMAND")
    s = store_commands.add_parser(
        "check",
        help=_("check every record file of a store against the heads it keeps"),
        description=_(
            "Load every record file of a FileStore directory, check its hash chain and compare "
            "it with the head the store last wrote: a file that went back, was lost or was "
            "rewritten is named, with what is missing. Exit status 1 if any is not sound."
        ),
    )
    s.add_argument("file", metavar="DIR", help=_("the store's directory"))
    _common(s, _, lang, formats=["text", "json"])
    s.set_defaults(run=_store_check)
    v = commands.add_parser(
        "serve",
        help=_("serve a store over HTTP (JSON), for apps in any language"),
        description=_(
            "Answer JSON requests for the regencies of a store: records, assessments, events "
            "recorded with the version read, the province report, funding checks, schemas and "
            "an OpenAPI document. Needs ppsp[server]; a database store needs ppsp[sql]."
        ),
    )
    v.add_argument(
        "--store",
        required=True,
        metavar="DIR|URL",
        help=_("a FileStore directory, or a database URL (postgresql+psycopg://…, sqlite:///…)"),
    )
    v.add_argument(
        "--tokens",
        metavar="FILE",
        help=_("a ppsp.tokens file (ppsp token new); without it, reads are open and writes closed"),
    )
    v.add_argument(
        "--host", default="127.0.0.1", help=_("address to listen on (default: %(default)s)")
    )
    v.add_argument("--port", type=int, default=8000, help=_("port (default: %(default)s)"))
    _lang_option(v, _, lang)
    _regions_option(v, _)
    v.set_defaults(run=_serve)
    t = commands.add_parser(
        "token", help=_("tokens of the HTTP service"), description=_("Token commands.")
    )
    token_commands = t.add_subparsers(dest="token_command", required=True, metavar="COMMAND")
    n = token_commands.add_parser(
        "new",
        help=_("make a token and add it to a tokens file"),
        description=_(
            "Make a token for the regions given, add its hash to the tokens file (made if it "
            "does not exist) and print the token: it is shown once and stored nowhere."
        ),
    )
    n.add_argument("--tokens", required=True, metavar="FILE", help=_("the ppsp.tokens file"))
    n.add_argument("--name", required=True, help=_("who holds it, e.g. pokja-kapuas"))
    n.add_argument(
        "--scope",
        required=True,
        nargs="+",
        metavar="CODE",
        help=_("the regions it covers: regency codes (62.03), province codes (62) or * for all"),
    )
    n.add_argument("--write", action="store_true", help=_("may record events, not only read"))
    _lang_option(n, _, lang)
    n.set_defaults(run=_token_new)
    return parser


def _on(p: argparse.ArgumentParser, _: Callable[[str], str]) -> None:
    p.add_argument(
        "--on",
        metavar="DATE",
        help=_(
            "the date, e.g. 2025-12-31, 31/12/2025 or 31 Desember 2025 (default: today in the "
            "regions' time zone, WIB, WITA or WIT)"
        ),
    )


def _event_file(p: argparse.ArgumentParser, _: Callable[[str], str]) -> None:
    """The file and the regency an ``event`` command writes to."""
    p.add_argument("file", metavar="FILE", help=_("a ppsp.record or ppsp.province JSON file"))
    p.add_argument("--region", required=True, help=_("the regency: a code (62.03) or a name"))


def _event_fields(p: argparse.ArgumentParser, _: Callable[[str], str], lang: str) -> None:
    """The options an ``event`` command shares after its own: the fields, the day of recording,
    the language, the regions and the seal."""
    p.add_argument(
        "--field",
        dest="fields",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help=_("one of the event's fields; give --field once for each"),
    )
    p.add_argument(
        "--today",
        metavar="DATE",
        help=_("the date of recording (default: today where the regency is)"),
    )
    _lang_option(p, _, lang)
    _regions_option(p, _)
    _seal(p, _)


def _output(p: argparse.ArgumentParser, _: Callable[[str], str]) -> None:
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_("write to FILE (replaced at once when complete) instead of the standard output"),
    )


def _plans(p: argparse.ArgumentParser, _: Callable[[str], str]) -> None:
    p.add_argument(
        "--plans",
        metavar="FUNDING",
        help=_("a ppsp.funding file: the funding criteria then take part in the steps"),
    )
    p.add_argument(
        "--inferred",
        choices=["gate", "advise"],
        default="gate",
        help=_(
            "whether criteria that no source states gate a step like the others, or only "
            "advise (default: %(default)s)"
        ),
    )


def _lang_option(
    p: argparse.ArgumentParser, _: Callable[[str], str], lang: str, *, default: object = None
) -> None:
    """``--lang``: the language of everything the command prints, its messages included."""
    p.add_argument(
        "--lang",
        metavar="LANG",
        type=_lang_value,
        choices=_Choices(_langs),
        default=lang if default is None else default,
        help=_("language: %(choices)s (default: %(default)s)")
        if default is None
        else _("language of every command: %(choices)s"),
    )


def _seal(p: argparse.ArgumentParser, _: Callable[[str], str]) -> None:
    p.add_argument(
        "--require-seal",
        action="store_true",
        help=_(
            "refuse documents without their seal: records whose events do not all carry "
            "their hash, province and funding documents without their seal (a file edited by "
            "hand may leave them out; an app that stores documents should always ask for them)"
        ),
    )


def _common(
    p: argparse.ArgumentParser, _: Callable[[str], str], lang: str, *, formats: list[str]
) -> None:
    _lang_option(p, _, lang)
    p.add_argument(
        "--format",
        choices=formats,
        default=formats[0],
        help=_("output format: %(choices)s (default: %(default)s)"),
    )
    _regions_option(p, _)


def _regions_option(p: argparse.ArgumentParser, _: Callable[[str], str]) -> None:
    p.add_argument(
        "--regions",
        metavar="CSV",
        help=_(
            "a CSV of regions that replaces or adds to the bundled list of Indonesia's 514 "
            "regencies and cities"
        ),
    )
    p.add_argument(
        "--codes",
        choices=["kemendagri", "bps"],
        help=_(
            "the system of region codes written without their dot (6210): kemendagri (as "
            "Dukcapil writes them) or bps; without it such a code is refused where the two differ"
        ),
    )


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line; returns the exit status (see the module's documentation)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    with _plain_where_needed(out), _plain_where_needed(err):
        return _run(list(sys.argv[1:] if argv is None else argv), out, err)


def _run(argv: list[str], out: TextIO, err: TextIO) -> int:
    from ppsp.core.catalogue import N_, catalogue, translate
    from ppsp.core.lang import Lang, default_lang

    lang = _wanted_lang(argv, default_lang(Lang.ID))
    book = catalogue(lang)
    try:
        with (
            _argparse_speaks(book),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            args = _parser(book.gettext, lang.value).parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    lang = Lang(args.lang)
    from ppsp.core.errors import DataError, PPSPError
    from ppsp.core.regions import indonesia, load_regions_csv

    try:
        regions = None
        if getattr(args, "regions", None):
            with _reading(args.regions):
                regions = indonesia().extended(load_regions_csv(args.regions))
        if getattr(args, "codes", None):
            regions = (regions or indonesia()).reading(args.codes)
        return int(args.run(args, regions, out))
    except BrokenPipeError:  # the reader stopped early (e.g. `| head`): not an error of ours
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more may be written
        return OK
    except PPSPError as exc:
        file = _file_of(exc, args)
        where = f"{file}: " if file else ""
        heading = translate(N_("invalid input:"), lang) + "\n"
        said = exc.message(lang)  # a rulebook's findings and a refused step have their heading
        print(f"ppsp: {where}{heading if isinstance(exc, DataError) else ''}{said}", file=err)
        if getattr(args, "format", None) == "json":  # for the app that reads the output
            from ppsp.render.json import error_json

            _write_json(error_json(exc, _file_of(exc, args)), out)
        return INVALID
    except Exception:  # a fault of ppsp's own, never of the data: say so apart
        import traceback

        traceback.print_exc(file=err)
        print(
            translate(N_("ppsp: internal error; please report it with the lines above"), lang),
            file=err,
        )
        return FAILED


def _file_of(exc: PPSPError, args: argparse.Namespace) -> str | None:
    """The file a refusal is about: the one an option named (``--plans``, ``--rulebook``,
    ``--regions`` …) if the problems are in it, else the command's FILE, unless the problems
    are in an option itself (``--on``)."""
    from ppsp.core.errors import DataError

    named: str | None = getattr(exc, "ppsp_file", None)
    if named is not None:
        return named
    problems = exc.problems if isinstance(exc, DataError) else ()
    if problems and all(p.path.startswith("--") for p in problems):
        return None
    file: str | None = getattr(args, "file", None)
    return file


@contextlib.contextmanager
def _reading(file: str) -> Iterator[None]:
    """While an option's file is read, a refusal is said to be about that file."""
    from ppsp.core.errors import PPSPError

    try:
        yield
    except PPSPError as exc:
        exc.ppsp_file = file  # type: ignore[attr-defined]
        raise


OK, PROBLEMS_FOUND, INVALID, FAILED = 0, 1, 2, 3
"""The exit statuses: done; done, and the data shows problems (``funding check`` found
violations); the input (a file, an option) is invalid; ppsp itself failed."""


def _argparse_phrases() -> tuple[object, ...]:
    """The phrases of argparse that a user of ``ppsp`` may read (Python 3.10 to 3.13), marked
    for the catalogue: :func:`_argparse_speaks` has argparse look them up there."""
    from ppsp.core.catalogue import N_, N_plural

    return (
        N_("usage: "),
        N_("positional arguments"),
        N_("options"),
        N_("subcommands"),
        N_("%(heading)s:"),
        N_(" (default: %(default)s)"),
        N_("show this help message and exit"),
        N_("show program's version number and exit"),
        N_("%(prog)s: error: %(message)s\n"),
        N_("argument %(argument_name)s: %(message)s"),
        N_("the following arguments are required: %s"),
        N_("one of the arguments %s is required"),
        N_("unrecognized arguments: %s"),
        N_("not allowed with argument %s"),
        N_("ambiguous option: %(option)s could match %(matches)s"),
        N_("expected one argument"),
        N_("expected at most one argument"),
        N_("expected at least one argument"),
        N_plural("expected %s argument", "expected %s arguments"),
        N_("invalid choice: %(value)r (choose from %(choices)s)"),
        N_("invalid %(type)s value: %(value)r"),
        N_("ignored explicit argument %r"),
    )


def _wanted_lang(argv: list[str], default: Lang) -> Lang:
    """The language asked for with ``--lang`` or an abbreviation argparse accepts (read before
    the parser is built, so that its help speaks it; the last one counts, as for the parser),
    else ``default``; an unknown value is left for the parser to refuse."""
    from ppsp.core.lang import Lang

    wanted = default
    for i, arg in enumerate(argv):
        if arg == "--":  # what follows is not an option
            break
        name, equals, value = arg.partition("=")
        if len(name) < 3 or not "--lang".startswith(name):
            continue
        if not equals:
            value = argv[i + 1] if i + 1 < len(argv) else ""
        with contextlib.suppress(ValueError):  # left for the parser to refuse
            wanted = Lang(value)
    return wanted


def _lang_value(value: str) -> str:
    """``--lang`` in any case: ``ID`` is ``id``."""
    return value.strip().lower()


_ARGPARSE_LOCK = threading.Lock()


@contextlib.contextmanager
def _argparse_speaks(book: gettext.NullTranslations) -> Iterator[None]:
    """argparse's own phrases ("usage:", "error:", "the following arguments are required")
    from ppsp's catalogue while the parser is built and run: argparse looks them up with
    :func:`gettext.gettext` by name at call time, so the names are swapped under a lock and
    restored afterwards."""
    with _ARGPARSE_LOCK:
        saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
        argparse._, argparse.ngettext = book.gettext, book.ngettext  # type: ignore[attr-defined]
        try:
            yield
        finally:
            argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


@contextlib.contextmanager
def _plain_where_needed(stream: object) -> Iterator[None]:
    """Let a console or file that cannot encode ✓, ✗ or — (cp1252, ASCII) show plain signs
    instead of failing, while the command runs: the stream's encoding errors go to
    :func:`_plain_signs`, and its own handler is put back afterwards."""
    encoding = getattr(stream, "encoding", None)
    reconfigure = getattr(stream, "reconfigure", None)
    try:
        needed = (
            isinstance(encoding, str) and reconfigure is not None and not _encodes("✓✗—→", encoding)
        )
    except LookupError:  # an encoding Python does not know: leave the stream alone
        needed = False
    if not needed:
        yield
        return
    assert reconfigure is not None
    codecs.register_error("ppsp-plain", _plain_signs)
    previous = getattr(stream, "errors", "strict")
    reconfigure(errors="ppsp-plain")
    try:
        yield
    finally:
        with contextlib.suppress(Exception):  # a stream closed by the command stays closed
            reconfigure(errors=previous)


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


_PLAIN = {"✓": "v", "✗": "x", "—": "-", "–": "-", "→": "->", "…": "...", "·": "-", "’": "'"}


def _plain_signs(error: UnicodeError) -> tuple[str, int]:
    """An encoding error handler: each sign its plain twin, a letter without its accent, else
    ``?``."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    import unicodedata

    def plain(c: str) -> str:
        if c in _PLAIN:
            return _PLAIN[c]
        bare = unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode()
        return bare or "?"

    return "".join(plain(c) for c in error.object[error.start : error.end]), error.end


def _date(args: argparse.Namespace, records: Sequence[Record] = ()) -> dt.date:
    """``--on``, else today where the regions are: their time zone (WIB, WITA or WIT) when
    they share one, else WIB (a file that spans zones should name its date)."""
    from ppsp.core.dates import parse_date
    from ppsp.core.zones import today, zone_of

    if args.on is not None:
        return parse_date(args.on, path="--on")
    zones = {zone_of(r.region) for r in records}
    return today("31" if len(zones) != 1 else records[0].region)  # 31: DKI Jakarta, WIB


def _assess(args: argparse.Namespace, regions: RegionRegistry | None, out: TextIO) -> int:
    from ppsp.core.stages import Stage
    from ppsp.core.text import Lang
    from ppsp.engine import assess_all
    from ppsp.formats.record import load
    from ppsp.render.json import assessment_json
    from ppsp.render.text import explain, table

    records = load(args.file, regions=regions, require_sealed=args.require_seal)
    on = _date(args, records)
    target = Stage(args.target) if args.target else None
    assessments = assess_all(
        records, on, target=target, plans=_load_plans(args, regions), inferred=args.inferred
    )
    lang = Lang(args.lang)
    if args.format == "json":
        _write_json(assessment_json(assessments, on), out)
    elif args.format == "explain":
        out.write("\n\n".join(explain(a, lang) for a in assessments) + "\n")
    else:
        out.write(table(assessments, lang))
    return OK


def _report(args: argparse.Namespace, regions: RegionRegistry | None, out: TextIO) -> int:
    from ppsp.analysis.province import province_report
    from ppsp.formats.record import load

    records = load(args.file, regions=regions, require_sealed=args.require_seal)
    on, plans = _date(args, records), _load_plans(args, regions)
    report = province_report(records, on, plans=plans, inferred=args.inferred)
    if args.format == "json":
        _write(args, _json_text(report.to_json()), out)
    elif args.format == "xlsx":
        _needs_excel()
        from ppsp.sheets import report_workbook

        report_workbook(report, _workbook_path(args), args.lang)
    elif args.format == "html":
        with _extra("html"):
            from ppsp.pages import report_page

        page = report_page(records, on, plans=plans, inferred=args.inferred, lang=args.lang)
        _write(args, page, out)
    else:
        _write(
            args, report.csv(args.lang) if args.format == "csv" else report.markdown(args.lang), out
        )
    return OK


def _card(args: argparse.Namespace, regions: RegionRegistry | None, out: TextIO) -> int:
    with _extra("html"):
        from ppsp.pages import card_page

    record = _regency(args.region, args.file, regions, args.require_seal, path="REGION")
    on = _date(args, [record])
    plan = next((p for p in _load_plans(args, regions) if p.region == record.region), None)
    page = card_page(record, on, plan=plan, inferred=args.inferred, lang=args.lang)
    _write(args, page, out)
    return OK


def _workbook_path(args: argparse.Namespace) -> str:
    """``--output``, which a workbook needs: it is not text for the standard output."""
    from ppsp.core.catalogue import N_
    from ppsp.core.errors import DataError

    if not args.output:
        raise DataError.one(
            "--output",
            args.output,
            N_("a file to write the workbook to (-o FILE.xlsx)"),
            code="file.path",
        )
    return str(args.output)


def _event_add(args: argparse.Namespace, regions: RegionRegistry | None, out: TextIO) -> int:
    return _record_events(args, regions, out, lambda _day: [_event_from(args)])


def _event_correct(args: argparse.Namespace, regions: RegionRegistry | None, out: TextIO) -> int:
    from ppsp.core.events import EventRetracted

    def corrections(day: dt.date) -> list[Event]:
        retraction = EventRetracted(on=day, event=args.event, reason=args.reason)
        return [retraction] if args.type is None else [retraction, _event_from(args)]

    return _record_events(args, regions, out, corrections)


def _event_from(args: argparse.Namespace) -> Event:
    """The event that ``--type``, ``--on`` and each ``--field`` give."""
    from ppsp.core.catalogue import N_
    from ppsp.core.errors import DataError
    from ppsp.formats.convert import full_event

    if args.on is None:
        raise DataError.one("--on", None, N_("the date the event happened"), code="field.required")
    from ppsp.core.events import EVENT_TYPES

    raw: dict[str, Any] = {"type": args.type, "on": args.on}
    kind = EVENT_TYPES.get(args.type)
    for pair in args.fields:
        name, sign, value = pair.partition("=")
        if not sign or not name:
            raise DataError.one(
                "--field", pair, N_("a field and its value, as clinic=5"), code="field.pair"
            )
        raw[name] = value if kind is None else _field_value(kind, name, value)
    return full_event(raw, "--field")


def _record_events(
    args: argparse.Namespace,
    regions: RegionRegistry | None,
    out: TextIO,
    make: Callable[[dt.date], list[Event]],
) -> int:
    """Append the events ``make`` gives (for the day of recording) to the regency's history in
    ``args.file``, each checked by :func:`ppsp.advance`, and write the file again, sealed."""
    from ppsp.core.catalogue import N_, translate
    from ppsp.core.dates import parse_date
    from ppsp.core.errors import DataError
    from ppsp.core.events import Record
    from ppsp.core.files import read_file, write_file
    from ppsp.core.lang import Lang, write_date
    from ppsp.core.regions import registry
    from ppsp.core.zones import today
    from ppsp.engine import advance
    from ppsp.formats.document import parse_object
    from ppsp.formats.record import RECORD_FORMAT, dumps, loads

    region = registry(regions).get(args.region, path="--region")
    data = read_file(args.file)  # read once: its format says what to write back
    records = list(loads(data, regions=regions, require_sealed=args.require_seal))
    day = parse_date(args.today, path="--today") if args.today else today(region)
    single = parse_object(data).get("format") == RECORD_FORMAT
    at = next((i for i, r in enumerate(records) if r.region == region), None)
    if at is None and single:
        raise DataError.one(
            "--region",
            args.region,
            N_("the regency of the record in {file}"),
            code="region.mismatch",
            file=args.file,
        )
    provinces = {r.region.province_code for r in records}
    if at is None and provinces and region.province_code not in provinces:
        raise DataError.one(
            "--region",
            args.region,
            N_("a regency of the province of {file}"),
            code="region.mismatch",
            file=args.file,
        )
    if at is None:  # a regency's first event in a province document
        records.append(Record(region))
        at = len(records) - 1
    record, made = records[at], make(day)
    for event in made:
        record = advance(record, event, today=day)
    records[at] = record
    with _reading(args.file):
        write_file(args.file, dumps(record if single else records))
    lang = Lang(args.lang)
    added = record.events[len(record.events) - len(made) :]
    for n, event in enumerate(added, start=len(record.events) - len(added)):
        said = translate(
            N_("recorded in {file}: {region}, {event} ({on}), events[{n}]"),
            lang,
            file=args.file,
            region=f"{region.code} {region.name}",
            event=event.describe(),
            on=write_date(event.on, lang),
            n=n,
        )
        out.write(said + "\n")
    return OK


def _field_value(kind: type[Event], name: str, text: str) -> object:
    """A ``--field`` value as the JSON document holds it, by the type of the event's field: a
    whole number, a list (parts separated by ``;``), true or false, or the text itself."""
    import attrs

    field = next((f for f in attrs.fields(kind) if f.name == name), None)
    wanted = None if field is None else field.type  # a name, or the type once it is resolved
    if str(wanted).startswith("tuple"):
        return [part.strip() for part in text.split(";") if part.strip()]
    if wanted in (int, "int") and text.strip().isdigit() and len(text.strip()) <= 18:
        return int(text)
    if wanted in (bool, "bool"):
        return {"true": True, "ya": True, "false": False, "tidak": False}.get(text.casefold(), text)
    return text


def _needs_excel() -> None:
    """Refuse, saying which extra to install, when openpyxl is missing: ``ppsp.sheets`` imports
    it only when it reads or writes a workbook."""
    with _extra("excel"):
        import openpyxl  # noqa: F401


def _import(args: argparse.Namespace, regions: RegionRegistry | None, out: TextIO) -> int:
    from ppsp.formats.record import dumps

    if args.file.casefold().endswith(".xlsx"):
        _needs_excel()
    from ppsp.sheets import read_events

    _write(args, dumps(read_events(args.file, regions=regions)) + "\n", out)
    return OK


def _export(args: argparse.Namespace, regions: RegionRegistry | None, out: TextIO) -> int:
    from ppsp.formats.record import load

    if args.output.casefold().endswith(".xlsx"):
        _needs_excel()
    from ppsp.sheets import write_events

    records = (
        ()
        if args.file is None
        else load(args.file, regions=regions, require_sealed=args.require_seal)
    )
    with _reading(args.output):
        write_events(records, args.output)
    return OK


def _write(args: argparse.Namespace, text: str, out: TextIO) -> None:
    """``text`` to ``--output`` when it is given (at once), else to ``out``."""
    if args.output is not None:
        from ppsp.core.files import write_file

        with _reading(args.output):
            write_file(args.output, text)
    else:
        out.write(text)


def _load_plans(
    args: argparse.Namespace, regions: RegionRegistry | None
) -> tuple[FundingPlan, ...]:
    from ppsp.formats.funding import load_plans

    if not args.plans:
        return ()
    with _reading(args.plans):
        return load_plans(args.plans, regions=regions, require_sealed=args.require_seal)


def _impact(args: argparse.Namespace, regions: RegionRegistry | None, out: TextIO) -> int:
    from ppsp.analysis.impact import impact
    from ppsp.formats.record import load
    from ppsp.formats.rulebook import load_rulebook

    records = load(args.file, regions=regions, require_sealed=args.require_seal)
    with _reading(args.rulebook):
        draft = load_rulebook(args.rulebook)
    found = impact(records, draft, _date(args, records), plans=_load_plans(args, regions))
    if args.format == "json":
        _write_json(found.to_json(), out)
    else:
        out.write(found.explain(args.lang) + "\n")
    return OK


def _rulebook_export(args: argparse.Namespace, _regions: object, out: TextIO) -> int:
    from ppsp.formats.rulebook import dumps_rulebook
    from ppsp.rulebooks import RULEBOOKS

    out.write(dumps_rulebook(next(r for r in RULEBOOKS if r.id == args.id)))
    return OK


def _rulebook_check(args: argparse.Namespace, _regions: object, out: TextIO) -> int:
    from ppsp.core.catalogue import N_, plural, translate
    from ppsp.core.lang import Lang, write_date
    from ppsp.formats.rulebook import load_rulebook

    book = load_rulebook(args.file)
    lang = Lang(args.lang)
    criteria = sum(len(s.criteria) for s in book.steps)
    if book.valid_to is None:
        period = translate(N_("since {on}"), lang, on=book.valid_from)
    else:
        period = f"{write_date(book.valid_from, lang)} – {write_date(book.valid_to, lang)}"
    counts = ", ".join(
        [
            plural("{n} step", "{n} steps", len(book.steps), lang),
            plural("{n} criterion", "{n} criteria", criteria, lang),
            plural("{n} report", "{n} reports", len(book.reports), lang),
        ]
    )
    valid = translate(N_("valid"), lang)
    out.write(f"{book.id}: {book.name.in_(lang)} ({period}); {counts}; {valid}\n")
    return OK


def _store_check(args: argparse.Namespace, regions: RegionRegistry | None, out: TextIO) -> int:
    from ppsp.core.catalogue import N_, plural, translate
    from ppsp.core.lang import Lang
    from ppsp.formats.store import FileStore

    entries = FileStore(args.file, regions=regions).check()
    lang = Lang(args.lang)
    if args.format == "json":
        _write_json(
            {
                "format": "ppsp.store-check",
                "version": 1,
                "ok": all(e.ok for e in entries),
                "regencies": [
                    {
                        "region": e.code,
                        "name": e.region.name if e.region else None,
                        "events": e.events,
                        "head": e.head,
                        "kept": e.kept,
                        "ok": e.ok,
                        "problems": [p.to_json() for p in e.problems],
                    }
                    for e in entries
                ],
            },
            out,
        )
    else:
        not_kept = translate(N_("no head kept yet"), lang)
        for e in entries:
            title = f"{e.code} {e.region.name}" if e.region else e.code
            if e.ok:
                events = plural("{n} event", "{n} events", e.events or 0, lang)
                kept = "" if e.kept else f" ({not_kept})"
                head = translate(N_("head {head}"), lang, head=(e.head or "")[:12])
                out.write(f"✓ {title}: {events}, {head}{kept}\n")
            else:
                out.write(f"✗ {title}\n")
                out.writelines(f"    {p.in_(lang)}\n" for p in e.problems)
        bad = sum(not e.ok for e in entries)
        checked = plural("{n} record file checked", "{n} record files checked", len(entries), lang)
        unsound = plural("{n} not sound", "{n} not sound", bad, lang)
        out.write(f"{checked}; {unsound}\n")
    return PROBLEMS_FOUND if any(not e.ok for e in entries) else OK


def _serve(args: argparse.Namespace, regions: RegionRegistry | None, out: TextIO) -> int:
    with _extra("server"):
        import uvicorn

        from ppsp.server.app import service
    from ppsp.server.tokens import TokenBook

    store = _open_store(args.store, regions)
    tokens = None
    if args.tokens:
        with _reading(args.tokens):
            tokens = TokenBook.load(args.tokens)
    uvicorn.run(service(store, tokens=tokens), host=args.host, port=args.port)
    return OK


@contextlib.contextmanager
def _extra(name: str) -> Iterator[None]:
    """While the modules of the extra ``name`` are imported: one that is missing is a refusal
    that says what to install, not an internal error."""
    from ppsp.core.catalogue import N_
    from ppsp.core.errors import DataError

    try:
        yield
    except ImportError as err:
        raise DataError.one(
            "extra",
            err.name,
            N_("the extra {extra} installed: pip install 'ppsp[{extra}]'"),
            code="extra.missing",
            extra=name,
        ) from None


def _open_store(where: str, regions: RegionRegistry | None) -> Any:
    """A FileStore for a directory, a SqlStore for a database URL."""
    if "://" in where:
        with _extra("sql"):
            from ppsp.sql import SqlStore

        return SqlStore(where, regions=regions)
    from ppsp.formats.store import FileStore

    return FileStore(where, regions=regions)


def _token_new(args: argparse.Namespace, _regions: object, out: TextIO) -> int:
    from pathlib import Path

    from ppsp.server.tokens import TokenBook

    with _reading(args.tokens):
        book = TokenBook.load(args.tokens) if Path(args.tokens).exists() else TokenBook(())
        book, secret = book.issued(args.name, args.scope, write=args.write)
    book.save(args.tokens)
    out.write(secret + "\n")
    return OK


def _rulebook(value: str | None, on: dt.date) -> Rulebook:
    from ppsp.formats.rulebook import load_rulebook
    from ppsp.rulebooks import RULEBOOKS, rulebook_for

    if value is None:
        return rulebook_for(on)
    shipped = {r.id: r for r in RULEBOOKS}
    if value in shipped:
        return shipped[value]
    with _reading(value):
        return load_rulebook(value)


def _diagram(args: argparse.Namespace, regions: RegionRegistry | None, out: TextIO) -> int:
    from ppsp.analysis.diagram import record_diagram, stage_diagram

    if args.regency is None:
        book = _rulebook(args.rulebook, _date(args))
        text = stage_diagram(book, format=args.format, lang=args.lang)
    else:
        code, file = args.regency
        record = _regency(code, file, regions, args.require_seal, path="--regency")
        on = _date(args, [record])  # today where the regency is
        book = _rulebook(args.rulebook, on)
        text = record_diagram(record, on, rulebook=book, format=args.format, lang=args.lang)
    _write(args, text + "\n", out)
    return OK


def _regency(
    code: str, file: str, regions: RegionRegistry | None, sealed: bool, *, path: str
) -> Record:
    """The record of the regency ``code`` (a code or a name, the argument ``path``) in
    ``file``."""
    from ppsp.core.catalogue import N_
    from ppsp.core.errors import DataError
    from ppsp.core.regions import registry
    from ppsp.formats.record import load

    wanted = registry(regions).get(code, path=path)
    with _reading(file):
        found = [
            r for r in load(file, regions=regions, require_sealed=sealed) if r.region == wanted
        ]
    if not found:
        raise DataError.one(
            path, code, N_("a regency recorded in {file}"), code="region.absent", file=file
        )
    return found[0]


def _regions(args: argparse.Namespace, regions: RegionRegistry | None, out: TextIO) -> int:
    import csv

    from ppsp.core.regions import registry

    known = registry(regions)
    found = list(known) if args.query is None else known.search(args.query)
    if args.province is not None:
        found = [r for r in found if r.province_code == args.province]
    rows = [
        {
            "code": r.code,
            "bps_code": r.bps_code or "",
            "name": r.name,
            "kind": r.kind.value,
            "province_code": r.province_code,
            "province_name": r.province_name,
            "short_names": list(r.short_names),
            "seat": r.seat or "",
        }
        for r in found
    ]
    if args.format == "json":
        _write_json({"format": "ppsp.regions", "version": 1, "regions": rows}, out)
    elif args.format == "csv":
        columns = ["code", "bps_code", "name", "kind", "province_code", "province_name"]
        columns += ["short_names", "seat"]
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()  # every column load_regions_csv reads: it reads the file back
        writer.writerows({**row, "short_names": ";".join(row["short_names"])} for row in rows)
    else:
        out.write(
            "".join(f"{r.code}  {r.name} ({r.province_name or r.province_code})\n" for r in found)
        )
    return OK if found else PROBLEMS_FOUND


def _schema(args: argparse.Namespace, _regions: object, out: TextIO) -> int:
    from ppsp.formats.schema import schema

    _write_json(schema(args.kind), out)
    return OK


def _funding_check(args: argparse.Namespace, regions: RegionRegistry | None, out: TextIO) -> int:
    from ppsp.core.text import Lang
    from ppsp.formats.funding import load_plans
    from ppsp.formats.record import load
    from ppsp.render.json import check_json
    from ppsp.render.text import explain, explain_readiness
    from ppsp.rulebooks.funding import FUNDING_RULES
    from ppsp.rules.funding.dossiers import readiness
    from ppsp.rules.funding.lines import check

    plans = load_plans(args.file, regions=regions, require_sealed=args.require_seal)
    records = {}
    if args.records:
        with _reading(args.records):
            records = {
                r.region: r
                for r in load(args.records, regions=regions, require_sealed=args.require_seal)
            }
    checks = [check(p, rules=FUNDING_RULES, record=records.get(p.region)) for p in plans]
    year = args.readiness
    dossiers = [readiness(plan, year) for plan in plans] if year is not None else []
    lang = Lang(args.lang)
    if args.format == "json":
        _write_json(check_json(checks, dossiers), out)
    else:
        parts = [explain(c, lang) for c in checks]
        if year is not None:
            parts = [
                f"{part}\n{explain_readiness(found, year, lang)}"
                for part, found in zip(parts, dossiers, strict=True)
            ]
        out.write("\n\n".join(parts) + "\n")
    return OK if all(c.valid for c in checks) else PROBLEMS_FOUND


def _write_json(doc: dict[str, Any], out: TextIO) -> None:
    out.write(_json_text(doc))


def _json_text(doc: dict[str, Any]) -> str:
    import json

    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
