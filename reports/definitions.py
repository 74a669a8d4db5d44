"""What each figure means: shown on the dashboard's help, in the API schema and README.

What each one counts is said in reports/measures.py (wages in reports/ledger.py), put
together in reports/figures.py and reports/breakdowns.py; the case predicates shared
with the case list's filters are in dispatch/selectors/cases.py.
"""

from django.utils.translation import gettext_lazy as _

DEFINITIONS = [
    (
        _("Office"),
        _(
            "An office includes the offices below it. A case belongs to an office when its "
            "registering office or its responsible office is the office or one below it "
            "(the first office stays accountable after a transfer)."
        ),
    ),
    (
        _("Received"),
        _(
            "Cases registered in the period plus consultations logged in the period at "
            "the office or below it, by channel and category. Compared with the same days "
            "a year earlier."
        ),
    ),
    (
        _("Open now"),
        _("Cases registered, accepted, in progress or resolved but not closed, today."),
    ),
    (
        _("Closed"),
        _(
            "Cases closed (outcome and follow-up recorded) in the period. Cases not "
            "accepted, withdrawn or merged are ended but not closed. A reopened case "
            "counts when it is closed again."
        ),
    ),
    (
        _("Closed on time"),
        _(
            "Closed cases none of whose statutory deadlines, at any desk, was missed: "
            "marked overdue, or met after its due day. The 5-working-day limit to decide "
            "on the complaint is met only by the acceptance decision, so a case decided "
            "late is not closed on time even if its desk took it on in time. A case "
            "closed late stays late, even after an extension or a transfer."
        ),
    ),
    (
        _("Decided within 5 working days"),
        _(
            "Of the acceptance decisions on the office's cases approved in the period, the "
            "share approved by their due day. The bureau's decision on a complaint (accept "
            "and file, not accepted, ask to complete, not for inspection, another office) "
            "is due within 5 working days of registration, or of the day the completed "
            "complaint came back; a desk officer taking the referral on does not count. A "
            "decision is taken when the head of the inspection body approves it (a "
            "proposal sent back is not counted) and is late when approved after its due "
            "day. A decision for which no inspection desk's 5-day limit ran (a case only "
            "for arbitration) counts as taken and not late."
        ),
    ),
    (
        _("Days to close"),
        _(
            "From the day of registration to the day of closing: calendar days, and "
            "working days on the Chinese calendar (the day of registration not counted). "
            "Median, and the 90th percentile by nearest rank."
        ),
    ),
    (
        _("Overdue now"),
        _(
            "Open cases with a deadline marked overdue and not yet met, today, whatever "
            "the period. The monthly return counts instead the cases still open at the "
            "month's end with a deadline due by then and not met."
        ),
    ),
    (
        _("Wages recovered, workers helped"),
        _(
            "From the per-worker wage ledger: the payments with a payment day in the "
            "period, and the workers who received at least one of them (partial payments "
            "included). By the case's responsible office and the month paid."
        ),
    ),
    (
        _("Desks and officers"),
        _(
            "A desk's part of a case is a referral. Done: referrals finished in the "
            "period; on time: none of the referral's deadlines missed. Open and overdue: "
            "now. A transfer returns the old office's referrals (not counted as done) and "
            "refers the case again at the new office."
        ),
    ),
    (
        _("Transferred and merged cases"),
        _(
            "A transferred case is one case: it counts at its registering and its "
            "responsible office, and once at any office above both. A merged case ends "
            "without being closed; its workers and payments continue on the case it was "
            "merged into (the source case is not counted as closed)."
        ),
    ),
    (
        _("What the summary holds"),
        _(
            "Read from a summary recounted from the cases every ten minutes: the months "
            "that have ended, the days of the current month before today, and today up to "
            "a few minutes before the last recount. A change to anything before that (a "
            "payment entered with an earlier date, a reopened or transferred case) shows "
            "after the next recount. What happened since, open and overdue cases and the "
            "officers' open and overdue work are counted live."
        ),
    ),
    (
        _("Dimension filters"),
        _(
            "Migrant workers, construction, industry, violation category, project, party "
            "and campaign narrow every figure to the cases they select (the case list's "
            "filters of the same name), and what hangs off them: referrals, decisions, "
            "steps, payments, advances, group cases. Consultations have no case and count "
            "none. Narrowed figures are counted from the cases themselves, not from the "
            "summary tables, and every link to the case list carries the filters."
        ),
    ),
]


API_DEFINITIONS = """\
Figures for the office and every office below it, over the period from `from` to `to`
(both days included, Asia/Shanghai). A case belongs to the office when its registering
or its responsible office is the office or one below it. The supervisor dashboard
(/reports/) and README "Definitions of the figures" use the same definitions.

- `received`: cases registered in the period.
- `consultations`: consultations logged in the period at the office or below it.
- `closed`: cases with status "closed" whose closing time is in the period (not accepted,
  withdrawn and merged cases are not counted).
- `closed_on_time`: of the closed cases, those none of whose deadlines was missed (marked
  overdue, or met after its due day): a case closed late stays late. The 5-working-day
  limit to decide on the complaint is met only by the acceptance decision, not by a desk
  officer taking the referral on.
- `decided`: the acceptance decisions on the office's cases approved in the period (accept
  and file, not accepted, ask to complete, not for inspection, another office); a
  proposal sent back is not counted.
- `decided_on_time`: of those, the ones approved by their due day: within 5 working days
  of registration, or of the day the completed complaint came back. A decision for which
  no inspection desk's 5-day limit ran (a case only for arbitration) is on time.
- `overdue`: now, whatever the period: open cases with a deadline marked overdue and not
  yet met.
- `wages_recovered`: the wage-ledger payments (yuan) paid in the period to workers on the
  office's cases.
- `workers_helped`: the workers who received at least one of those payments.

A user may ask for their own office or any office below it (administrators for any
office); `office` defaults to their own. Other offices answer 403.
"""
