"""Reads of complaint data, by room: `visibility` (the one rule for who sees which case,
every page, endpoint, export and service asks there), `cases` (one case for its page),
`lists` (the case list and the filters upper apps register for it), `search`,
`predicates` (conditions shared with the workspace and the dashboard), `employers` and
`outcomes` (the outcomes that may end a case at the stage it has reached).
The complainant's status look-up has its own room, complaints/tracking/selectors.py.
"""
