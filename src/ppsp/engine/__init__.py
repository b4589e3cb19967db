"""The engine: where a regency stands on a date, which steps it may take, and why not.

>>> import datetime as dt, ppsp
>>> rec = ppsp.Record(ppsp.KALIMANTAN_TENGAH.get("Kapuas"), [
...     ppsp.Designated(on=dt.date(2025, 1, 2), year=2025, stage="m1")])
>>> assess(rec, on=dt.date(2025, 3, 1)).stage.value
'm1'
"""

from ppsp.engine.machine import advance, assess, assess_all, choose_rulebook, replay
from ppsp.engine.verdicts import Assessment, Notice, StepVerdict, TransitionRefused

__all__ = [
    "Assessment",
    "Notice",
    "StepVerdict",
    "TransitionRefused",
    "advance",
    "assess",
    "assess_all",
    "choose_rulebook",
    "replay",
]
