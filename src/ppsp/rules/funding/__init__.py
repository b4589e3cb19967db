"""Funding rules as types: the vocabulary, plans, conditions, rules, and the checks of a plan.

The rules ppsp ships are in :mod:`ppsp.rulebooks.funding`; the public face of all of it is
:mod:`ppsp.funding`.
"""
