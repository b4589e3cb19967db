"""What a province looks at: the province report, the impact of a draft rulebook, and diagrams
of the stage machine and of a regency's path."""
