"""The rules as types, without any data of a period: readiness criteria, report obligations,
rulebooks (steps and their gates), and funding rules with the checks of a plan. Nothing here
reads files or renders text."""
