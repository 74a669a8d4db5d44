"""Indexes for the case list's free-text search on PostgreSQL (SQLite: nothing to do).

The search (complaints/selectors/search.py `cases_matching`) looks for a term inside the ticket, the
site, the employer's name, a complainant's name or phone. On PostgreSQL Django writes
`icontains` as `UPPER(col::text) LIKE UPPER('%term%')` and `contains` as
`col::text LIKE '%term%'`, so each column gets a pg_trgm GIN index on exactly that
expression.

A trigram index cannot answer a term shorter than three characters: "张三" or "建筑"
holds no trigram, and the GIN index would return every row. Chinese names and words are
mostly two characters, so those terms go to a second index per column, on
`shouwen_grams(...)`: the set of every 1- and 2-character substring. "Contains a term of
one or two characters" is then `shouwen_grams(col) @> ARRAY[term]`, which is exactly the
same answer as LIKE '%term%' (so results do not depend on the database) and uses the
index. The search picks the form by the term's length.

Measured (EXPLAIN ANALYZE, PostgreSQL 15, C.UTF-8, 300,000 cases, 60,000 employers,
450,000 complainants with generated Chinese names, sites and phones; a throwaway script;
first 50 rows of the case list of a district officer, on a busy 2-core machine):
  * before (OR of icontains + a correlated EXISTS, and a GROUP BY for the complainant
    count): sequential scans of cases, employers and complainants for every term,
    2.4-4.4 s ("张三丰", "13800138000", "张三", "Logistics");
  * after (_search is one UNION of matching case ids, one indexed query per table; the
    complainant count is a per-row subquery): "张三丰" 15 ms, "13800138000" 1 ms,
    "YC-2024-0001" 18 ms, "8000" 24 ms through Bitmap Index Scans on the *_trgm
    indexes; "张三" 0.6 s, "建筑" 1.2 s through the *_grams indexes. A term matching a
    large share of all cases ("建筑" or "Logistics": 22,000 cases, "公司": nearly all)
    still costs a pass over the matching rows (1-5 s): the index finds them, but the
    list must read them all to order by date.
Building the ten indexes took 3 minutes on those 810,000 rows (shouwen_grams is a SQL
function called once per row and column); plan for it when migrating a large database.
"""

from django.db import migrations

GRAMS_FUNCTION = """
CREATE OR REPLACE FUNCTION shouwen_grams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT gram), '{}')
  FROM (
    SELECT substr(value, i, 1) FROM generate_series(1, length(value)) AS i
    UNION ALL
    SELECT substr(value, i, 2) FROM generate_series(1, length(value) - 1) AS i
  ) AS grams(gram)
$$
"""

# (index name, table, the expression Django's lookup produces on that column)
SEARCHED = [
    ("case_ticket", "complaints_case", 'UPPER(("ticket")::text)'),
    ("case_site", "complaints_case", 'UPPER(("site")::text)'),
    ("employer_name", "complaints_employer", 'UPPER(("name")::text)'),
    ("complainant_name", "complaints_complainant", 'UPPER(("name")::text)'),
    ("complainant_phone", "complaints_complainant", '(("phone")::text)'),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(GRAMS_FUNCTION)
    for name, table, expression in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS search_{name}_trgm ON {table} "
            f"USING gin ({expression} gin_trgm_ops)"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS search_{name}_grams ON {table} "
            f"USING gin (shouwen_grams({expression}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS search_{name}_trgm")
        schema_editor.execute(f"DROP INDEX IF EXISTS search_{name}_grams")
    schema_editor.execute("DROP FUNCTION IF EXISTS shouwen_grams(text)")
    # pg_trgm stays: other objects may use it, and it costs nothing unused.


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0006_evidence"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
