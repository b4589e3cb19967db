"""Sphinx configuration of the ppsp documentation (Markdown through MyST, the furo theme).

Install the ``docs`` extra (``pip install -e '.[docs]'``) and build with warnings as errors, as CI
does::

    python -m sphinx --fresh-env --write-all -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # document the checkout, installed or not

import attrs  # noqa: E402

import ppsp  # noqa: E402

# -- Project ---------------------------------------------------------------------------------------

project = "ppsp"
author = "ppsp contributors"
project_copyright = "ppsp contributors (MIT licence)"
release = ppsp.__version__
version = release
language = "en"


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # its parent package is missing
        return False


# -- Extensions ------------------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
]

# The diagrams are SVG pictures drawn by ppsp (docs/img): the site loads no script to draw them.

# The testing kit needs Hypothesis (the `docs` extra installs it); without it its page is left out.
HAS_HYPOTHESIS = _installed("hypothesis")

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
if not HAS_HYPOTHESIS:
    exclude_patterns.append("api/testing.md")

# -- MyST ------------------------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3  # [text](page.md#a-heading) links are checked like any other reference

# Fences without a language are command-line sessions and plain text.
highlight_language = "none"

# -- References ------------------------------------------------------------------------------------

# Every reference must resolve: a broken link, a heading anchor that does not exist or a reference
# to a ppsp object that is not documented fails the build. Types of other libraries in signatures
# (datetime.date, collections.abc.Iterable, hypothesis' SearchStrategy …) are shown unlinked.
nitpicky = True
nitpick_ignore_regex = [("py:class", r"(?!ppsp\.).*")]

# -- Autodoc ---------------------------------------------------------------------------------------

autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
autodoc_class_signature = "mixed"
autodoc_preserve_defaults = True  # `rulebook=PPSP_2025`, not the rulebook's repr
python_use_unqualified_type_names = True
add_module_names = False


_ATTRS_DEFAULT = re.compile(r"attr_dict\['(\w+)'\]\.default")


def _attrs_defaults(app, what, name, obj, options, signature, return_annotation):
    """Show an attrs field's default as its value, or ``...`` when it is long or computed.

    With preserved defaults, the ``__init__`` attrs writes reads ``attr_dict['x'].default``.
    """
    if not signature or ("attr_dict[" not in signature and "NOTHING" not in signature):
        return None
    fields = (
        {f.name: f for f in attrs.fields(obj)} if isinstance(obj, type) and attrs.has(obj) else {}
    )

    def value(match: re.Match[str]) -> str:
        field = fields.get(match.group(1))
        if field is None or isinstance(field.default, attrs.Factory):
            return "..."
        text = repr(field.default)
        return text if len(text) <= 30 and "<" not in text else "..."

    signature = _ATTRS_DEFAULT.sub(value, signature)
    return signature.replace("= NOTHING", "= ..."), return_annotation


INDONESIAN_PAGES = "id/"
"""Pages under ``docs/id/`` are written in Bahasa Indonesia: their ``<html lang>`` says so."""


def _page_language(app, pagename, templatename, context, doctree):
    """Give the Bahasa Indonesia pages ``<html lang="id">``; the rest keep :data:`language`.

    The theme writes ``lang`` from the page's ``language`` in the template context, so setting it
    per page is enough (browsers, screen readers and search engines then read the page as
    Indonesian). Sphinx's own strings (search, index) stay in the site's language.
    """
    if pagename.startswith(INDONESIAN_PAGES):
        context["language"] = "id"


def setup(app):
    app.connect("autodoc-process-signature", _attrs_defaults)
    app.connect("html-page-context", _page_language)


# -- HTML ------------------------------------------------------------------------------------------

html_theme = "furo"
html_title = f"ppsp {release}"
html_short_title = "ppsp"
html_static_path: list[str] = []
html_show_sourcelink = False
html_theme_options = {
    "source_repository": "https://github.com/ppsp-dev/ppsp/",
    "source_branch": "main",
    "source_directory": "docs/",
}
