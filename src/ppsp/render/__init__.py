"""Rendering for people and programs: the phrases of the interface, assessments and funding
checks as text in Bahasa Indonesia or English, and their stable JSON forms."""
