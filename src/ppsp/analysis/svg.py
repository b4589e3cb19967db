"""What the SVG pictures share: escaping, elements, text widths and the colour of each stage.

The pictures are written by hand, as text: no drawing library, no font, no script and no
reference to anything outside the picture, so that a page holding one works offline and prints.

>>> element("rect", x=0, y=0, width=4, height=2, data_stage="m1")
'<rect x="0" y="0" width="4" height="2" data-stage="m1"/>'
>>> element("text", "M3 & M4", x=1, y=2)
'<text x="1" y="2">M3 &amp; M4</text>'
"""

from __future__ import annotations

import html

from ppsp.core.stages import Stage

__all__ = ["FONT", "STAGE_COLOURS", "document", "element", "number", "text_width"]

FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
"""The fonts the pictures ask for: the ones an offline laptop or a print server already has."""

STAGE_COLOURS: dict[Stage, tuple[str, str]] = {
    Stage.NOT_DESIGNATED: ("#f2f2f2", "#333333"),
    Stage.SSK_UPDATE: ("#c9d3df", "#1f2a36"),
    Stage.M1: ("#fde7c0", "#3d2a00"),
    Stage.M2: ("#fbcd85", "#3d2a00"),
    Stage.M3: ("#f4a742", "#2b1a00"),
    Stage.M3_COMPLETED: ("#d9822b", "#ffffff"),
    Stage.M4: ("#1f7a4d", "#ffffff"),
    Stage.POST_M4: ("#8ccaa6", "#0b2e1c"),
}
"""Each stage's fill and the colour of text on it: the implementation cycle in warming oranges,
Milestone 4 in green, the progress years after it in a lighter green, each written on its band."""


def number(value: float) -> str:
    """A coordinate as SVG writes it: at most two decimals, no trailing zeros.

    >>> number(12.0), number(3.14159)
    ('12', '3.14')
    """
    return f"{value:.2f}".rstrip("0").rstrip(".")


def element(
    name: str, content: str | None = None, /, *, raw: str = "", **attributes: object
) -> str:
    """An SVG element: ``attributes`` (``data_stage`` is written ``data-stage``; ``None`` is left
    out) and either escaped text ``content`` or already written elements in ``raw``."""
    written = "".join(
        f' {key.rstrip("_").replace("_", "-")}="'
        + html.escape(number(value) if isinstance(value, float) else str(value))
        + '"'
        for key, value in attributes.items()
        if value is not None
    )
    inside = html.escape(content, quote=False) if content is not None else raw
    return f"<{name}{written}>{inside}</{name}>" if inside else f"<{name}{written}/>"


def text_width(text: str, size: float) -> float:
    """About how wide ``text`` is in a sans-serif font of ``size`` pixels (an upper estimate,
    so that what is laid out beside a text never covers it)."""
    return 0.62 * size * len(text)


def document(width: float, height: float, title: str, body: list[str], **attributes: object) -> str:
    """A whole ``<svg>`` element of ``width`` × ``height`` pixels with its ``title`` (read by
    screen readers, shown as a tooltip) and the elements of ``body``."""
    return element(
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        width=float(width),
        height=float(height),
        viewBox=f"0 0 {number(width)} {number(height)}",
        role="img",
        font_family=FONT,
        **attributes,
        raw=element("title", title) + "".join(body),
    )
