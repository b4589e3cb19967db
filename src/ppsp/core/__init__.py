"""The vocabulary every other layer speaks: errors, bilingual text, provenance, dates, shared
validation, regions, stages and clinics, and the events that make up a record."""
