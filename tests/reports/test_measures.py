"""Each figure is counted by one query, for the summary's rebuild and for the live rest
alike: a month read from the summary is the month counted from the rows."""

from datetime import date

import pytest

from reports import measures
from reports.ledger import Paid, PaidByMonth
from reports.periods import Period
from reports.summary import stats_rebuild

JANUARY = Period.month(date(2026, 1, 1))
FIGURES = [
    measures.RECEIVED_CASES,
    measures.RECEIVED_CONSULTATIONS,
    measures.CLOSINGS,
    measures.DESKS,
    measures.OFFICERS_DONE,
    measures.TREND,
    measures.DESK_TREND,
    measures.DECISIONS,
    Paid(JANUARY.first),
    PaidByMonth(JANUARY.first),
]


def _summed(rows) -> dict:
    found = {}
    for key, values in rows:
        found[key] = [a + b for a, b in zip(found.get(key, [0] * len(values)), values, strict=True)]
    return {key: values for key, values in found.items() if any(values)}


@pytest.mark.parametrize("figure", FIGURES, ids=lambda figure: figure.name)
def test_a_month_reads_from_the_summary_as_it_is_counted(
    figure, january, district, other_district, city, now
):
    stats_rebuild()  # through 10 February: January is a bucket of its own
    for office in (district, other_district, city):
        counted = _summed(figure.counted(office, JANUARY))
        assert _summed(figure.summarized(office, [JANUARY.first])) == counted, office
    assert _summed(figure.counted(city, JANUARY))  # the hand-built month has every figure


def test_days_to_close_are_counted_on_the_chinese_calendar(january):
    # A: 2025-12-29 -> 2026-01-06, 8 days, 5 working days (New Year 1/1-1/3 rests, Sunday
    # 1/4 a make-up working day); B: 2026-01-05 -> 2026-01-20, 15 days, 11 working days.
    found = [(date(2025, 12, 29), date(2026, 1, 6)), (date(2026, 1, 5), date(2026, 1, 20))]
    assert measures.DAYS_TO_CLOSE.read_rows(found) == [(8, 5), (15, 11)]
    assert measures.DAYS_TO_CLOSE.read_table([(8, 5)]) == [(8, 5)]  # as the summary keeps it
