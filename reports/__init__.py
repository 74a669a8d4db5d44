"""The supervisor dashboard, the monthly return, the statistics endpoint and exports.

Inside the app each module imports only from modules on its left (no cycle, no private
name across modules; import-linter checks the cycles):

    periods, models
      <- scope                  an office's rows; the predicates the figures share
      <- measures, ledger       what each figure counts, once, for the rebuild and live
      <- procedure_tables       the same for the inspection procedure's steps and orders
      <- summary                the rebuild of the summary tables, and their state
      <- totals                 a figure over a period: the summary plus the live rest
      <- tallies, overdue       open and overdue now (on scope only)
      <- figures, procedure     the headline figures; the inspection procedure's
      <- breakdowns             by desk, by officer, wages by month, trends
      <- procedure_board        the inspection procedure's table
      <- dashboard, api         the pages' tables; GET /api/v1/stats/summary/
      <- board_charts, forms, views, urls

beside them: definitions (what each figure means), tables and charts (a table as data
and its chart), access, exports, services and tasks (exports, and the beat's rebuilds).
"""
