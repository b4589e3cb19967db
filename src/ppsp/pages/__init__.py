"""Self-contained HTML pages: the province report of CC6/CC7 with its timeline, and one
regency's card. Needs the extra ``ppsp[html]`` (Jinja2).

Each page is one file with its styles, pictures (SVG) and its one small script inside: it loads
nothing from anywhere (its Content-Security-Policy forbids it), works from a USB stick on an
offline laptop and prints on A4 landscape.
"""

from ppsp.pages.html import card_page, report_page

__all__ = ["card_page", "report_page"]
