"""Seed the holiday calendar (2004-2026) and the statutory time limits (docs/statutory-time-limits.md).

Everything is frozen here (migrations must not depend on code that changes later): the
year range, the policy table, and the 2026 notice used if the installed `chinesecalendar`
lacks 2026. The library is a pinned dependency, so importing it is safe; only the years it
actually has are marked loaded, the rest stay "not loaded" (deadlines in them are
provisional) until an administrator loads them.

Only exceptions to the weekend rule are stored: weekday rest days and weekend make-up
working days (调休). Weekend days inside a holiday period are rest days anyway.
"""

from datetime import date, timedelta

from django.db import migrations

FIRST_YEAR, LAST_YEAR = 2004, 2026

# The State Council's notice for 2026 (国办发明电〔2025〕7号), as listed in docs/statutory-time-limits.md.
# Used only if the installed chinesecalendar has no data for 2026.
NOTICE_2026_SOURCE = "State Council notice 2025"
NOTICE_2026_REST = [
    (date(2026, 1, 1), date(2026, 1, 3), "New Year's Day"),
    (date(2026, 2, 15), date(2026, 2, 23), "Spring Festival"),
    (date(2026, 4, 4), date(2026, 4, 6), "Tomb-sweeping Day"),
    (date(2026, 5, 1), date(2026, 5, 5), "Labour Day"),
    (date(2026, 6, 19), date(2026, 6, 21), "Dragon Boat Festival"),
    (date(2026, 9, 25), date(2026, 9, 27), "Mid-autumn Festival"),
    (date(2026, 10, 1), date(2026, 10, 7), "National Day"),
]
NOTICE_2026_WORKDAYS = [
    (date(2026, 1, 4), "New Year's Day"),
    (date(2026, 2, 14), "Spring Festival"),
    (date(2026, 2, 28), "Spring Festival"),
    (date(2026, 5, 9), "Labour Day"),
    (date(2026, 9, 20), "Mid-autumn Festival"),
    (date(2026, 10, 10), "National Day"),
]

# docs/statutory-time-limits.md: code, desk, step (English), step (Chinese), limit, unit, counted from,
# basis (verbatim), extension.
POLICIES = [
    ("inspection.accept", "inspection",
     "Decide whether to accept the complaint; file it the same day",
     "决定是否受理（受理当日立案）", 5, "WD", "receipt",
     "关于实施《劳动保障监察条例》若干规定 Art. 18", False),
    ("inspection.investigate", "inspection", "Investigate and conclude", "调查处理终结",
     60, "WD", "filing", "劳动保障监察条例 Art. 17", False),
    ("inspection.extend", "inspection", "Extension for complex cases, approved by the head",
     "案情复杂的，经负责人批准延长", 30, "WD", "end_of_previous",
     "劳动保障监察条例 Art. 17", True),
    ("arbitration.accept", "arbitration", "Accept or reject the application, in writing",
     "决定是否受理仲裁申请并书面通知", 5, "d", "receipt", "劳动争议调解仲裁法 Art. 29", False),
    ("arbitration.conclude", "arbitration", "Conclude the case", "仲裁结案",
     45, "d", "acceptance", "劳动争议调解仲裁法 Art. 43", False),
    ("arbitration.extend", "arbitration", "Extension approved by the committee chair",
     "经仲裁委员会主任批准延期", 15, "d", "end_of_previous", "劳动争议调解仲裁法 Art. 43",
     True),
    ("injury.accept", "work_injury", "Accept or reject the application",
     "决定是否受理工伤认定申请", 15, "d", "receipt", "工伤认定办法 Art. 8", False),
    ("injury.decide", "work_injury",
     "Recognition decision (the clock stops while waiting for another authority)",
     "作出工伤认定决定（等待其他机关结论期间中止）", 60, "d", "acceptance",
     "工伤保险条例 Art. 20", False),
    ("injury.decide_simple", "work_injury", "Recognition decision when the facts are clear",
     "事实清楚、权利义务明确的工伤认定决定", 15, "d", "acceptance",
     "工伤保险条例 Art. 20", False),
    ("legal_aid.decide", "legal_aid", "Decide on the application",
     "作出是否给予法律援助的决定", 7, "d", "receipt", "法律援助法 Art. 43", False),
    ("legal_aid.assign", "legal_aid", "Assign a lawyer", "指派律师",
     3, "d", "decision_to_grant", "法律援助法 Art. 43", False),
    ("social_insurance.accept", "social_insurance",
     "Decide whether to accept (handled as an inspection matter)",
     "决定是否受理（按劳动保障监察办理）", 5, "WD", "receipt",
     "劳动保障监察条例, 社会保险法", False),
    ("social_insurance.investigate", "social_insurance", "Investigate and conclude",
     "调查处理终结", 60, "WD", "filing", "劳动保障监察条例, 社会保险法", False),
    ("social_insurance.extend", "social_insurance",
     "Extension for complex cases, approved by the head", "案情复杂的，经负责人批准延长",
     30, "WD", "end_of_previous", "劳动保障监察条例, 社会保险法", True),
    ("penalty.serve", "general", "Serve the penalty decision when the party is absent",
     "当事人不在场时送达行政处罚决定书", 7, "WD", "decision", "行政处罚法 Arts. 61, 85",
     False),
    ("criminal.approve", "general",
     "Head approves or rejects the criminal transfer (refusal to pay wages)",
     "负责人决定是否批准移送（拒不支付劳动报酬罪）", 3, "d", "transfer_report",
     "国务院令310 Art. 5", False),
]


def _library_years(chinese_calendar):
    """The years in FIRST_YEAR..LAST_YEAR the installed library has data for."""
    years = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        try:
            chinese_calendar.is_workday(date(year, 1, 1))
        except NotImplementedError:
            continue
        years.append(year)
    return years


def _library_rows(chinese_calendar, year, source):
    """Weekday rest days and weekend make-up days of `year`, with the holiday's name.

    The same answer as asking `is_holiday` / `is_workday` of every day of the year (make-up
    days win, as in `get_holiday_detail`), read from the library's two tables: one lookup
    per listed date instead of ~8,400 validated calls.
    """
    rows = []
    for day, name in chinese_calendar.workdays.items():
        if day.year == year and day.weekday() >= 5:
            rows.append((day, "workday", name or "", source))
    for day, name in chinese_calendar.holidays.items():
        if day.year == year and day.weekday() < 5 and day not in chinese_calendar.workdays:
            rows.append((day, "rest", name or "", source))
    return sorted(rows)


def _notice_2026_rows():
    rows = []
    for first, last, name in NOTICE_2026_REST:
        day = first
        while day <= last:
            if day.weekday() < 5:
                rows.append((day, "rest", name, NOTICE_2026_SOURCE))
            day += timedelta(days=1)
    rows += [(day, "workday", name, NOTICE_2026_SOURCE) for day, name in NOTICE_2026_WORKDAYS]
    return rows


def seed_calendar(apps, schema_editor):
    import chinese_calendar

    Holiday = apps.get_model("dispatch", "Holiday")
    CalendarYear = apps.get_model("dispatch", "CalendarYear")
    source = f"chinesecalendar {getattr(chinese_calendar, '__version__', '1.x')}"
    years = {year: source for year in _library_years(chinese_calendar)}
    rows = []
    for year in years:
        rows += _library_rows(chinese_calendar, year, source)
    if LAST_YEAR not in years:
        years[LAST_YEAR] = NOTICE_2026_SOURCE
        rows += _notice_2026_rows()
    Holiday.objects.bulk_create(
        [Holiday(date=day, kind=kind, name=name, source=src) for day, kind, name, src in rows],
        batch_size=500,
    )
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=year, source=src) for year, src in sorted(years.items())]
    )


def unseed_calendar(apps, schema_editor):
    Holiday = apps.get_model("dispatch", "Holiday")
    CalendarYear = apps.get_model("dispatch", "CalendarYear")
    Holiday.objects.filter(source__startswith="chinesecalendar ").delete()
    Holiday.objects.filter(source=NOTICE_2026_SOURCE).delete()
    CalendarYear.objects.filter(year__gte=FIRST_YEAR, year__lte=LAST_YEAR).delete()


def seed_policies(apps, schema_editor):
    DeadlinePolicy = apps.get_model("dispatch", "DeadlinePolicy")
    DeadlinePolicy.objects.bulk_create(
        [
            DeadlinePolicy(
                code=code, desk=desk, name_en=name_en, name_zh=name_zh, limit=limit, unit=unit,
                counted_from=counted_from, basis=basis, is_extension=is_extension,
            )
            for code, desk, name_en, name_zh, limit, unit, counted_from, basis, is_extension
            in POLICIES
        ]
    )


def unseed_policies(apps, schema_editor):
    DeadlinePolicy = apps.get_model("dispatch", "DeadlinePolicy")
    DeadlinePolicy.objects.filter(code__in=[row[0] for row in POLICIES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_calendar, unseed_calendar),
        migrations.RunPython(seed_policies, unseed_policies),
    ]
