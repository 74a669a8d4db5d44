"""The bench seed (`bench/seed.py` is its command line), one module per kind of row.

- `rows`: one dataclass per table the seed writes (its columns by name) and its COPY line;
- `output`: the rows generated and not yet copied, the ids handed out, the counts;
- `context`: what is read from the database once (offices, accounts, desks, policies);
- `dates`: the seed's "now", office-hours registration moments, working days;
- `cases`: one case: its facts, complainants, missing materials, ending and payments;
- `timeline`: its events; `referrals`: its referrals and their deadlines;
- `procedure`: the inspection procedure on a share of the filed cases (which parts, when),
  `procedure_steps` and `procedure_acts` its rows, `documents` the documents it issues;
- `others`: employers, consultations, ticket counters and sequences (`documents`: the
  document number counters);
- `load`: the bulk load (COPY in a second thread, indexes, defaults, foreign keys);
- `meta`: the `bench_meta` table run.py reads; `database`: `seed_database`, the whole run.
"""
