"""Build Kapuas's 2025 record step by step, see a refusal, and read the explanation.

Run: python examples/assess_kapuas.py
"""

import datetime as dt

import ppsp

TODAY = dt.date(2025, 12, 31)
kapuas = ppsp.KALIMANTAN_TENGAH.get("Kapuas")

record = ppsp.Record(
    kapuas,
    [ppsp.Designated(on=dt.date(2025, 1, 1), year=2025, stage="m1", source="K2")],
)
record = ppsp.advance(
    record, ppsp.ClinicHeld(on=dt.date(2025, 8, 12), clinic=1, source="K1"), today=TODAY
)

# Completing M1 without the regent's commitment to the policy package is refused.
try:
    ppsp.advance(record, ppsp.MilestoneCompleted(on=dt.date(2025, 8, 20), milestone=1), today=TODAY)
except ppsp.TransitionRefused as refused:
    print("refused:", [r.criterion_id for r in refused.verdict.unmet])

record = ppsp.advance(
    record, ppsp.PackageCommitted(on=dt.date(2025, 8, 25), package="Barigas Kapuas"), today=TODAY
)
record = ppsp.advance(
    record, ppsp.MilestoneCompleted(on=dt.date(2025, 8, 25), milestone=1), today=TODAY
)

assessment = ppsp.assess(record, on=dt.date(2025, 9, 1), target=ppsp.Stage.M4)
print(ppsp.explain(assessment, "en"))
