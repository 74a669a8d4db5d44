"""Routing cases to desks and chasing statutory deadlines (see the dispatch issue)."""
