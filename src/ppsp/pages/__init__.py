"""Self-contained HTML pages: the province report of CC6/CC7 with its timeline, and one
regency's card. Needs the extra ``ppsp[html]`` (Jinja2).

Each page is one file with its styles, pictures (SVG) and its one small script inside: it loads
nothing from anywhere (its Content-Security-Policy forbids it), works from a USB stick on an
offline laptop and prints on A4 landscape.

>>> import datetime as dt, ppsp
>>> kapuas = ppsp.load("examples/kalimantan-tengah-2025.json")[2]
>>> page = card_page(kapuas, dt.date(2025, 12, 31))
>>> page.startswith("<!DOCTYPE html>"), "Jalan menuju Milestone 4" in page
(True, True)
"""

from ppsp.pages.html import card_page, report_page

__all__ = ["card_page", "report_page"]
