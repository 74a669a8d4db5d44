"""Every date input of every form carries its value as the browser's input needs it.

A browser reads an <input type="date"> value only as YYYY-MM-DD (type="month": YYYY-MM,
type="datetime-local": YYYY-MM-DDTHH:MM) and shows anything else as an empty box. Django
would write the language's own format (2026/12/01 in Chinese), so a supervisor working in
Chinese saw the dashboard's period blank after every query. The browser test is
tests/browser/test_date_inputs_in_chinese.py.
"""

import importlib
import pkgutil
import re
from datetime import date, datetime

import pytest
from django import forms
from django.conf import settings
from django.utils import timezone, translation

PROJECT_APPS = ("accounts", "complaints", "dispatch", "inspection", "reports")
LANGUAGES = ["en", "zh-hans"]
# What the HTML standard admits as the value of each input type.
GRAMMAR = {
    "date": r"\d{4}-\d{2}-\d{2}",
    "month": r"\d{4}-\d{2}",
    "datetime-local": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?",
    "hidden": r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?",
}
EXPECTED = {"date": "2026-12-01", "month": "2026-12", "datetime-local": "2026-12-01T09:30"}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_forms() -> list[type[forms.BaseForm]]:
    """Every form class of the project: from its forms modules and whatever the views use."""
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if "form" in module.name.rsplit(".", 1)[-1]:
                importlib.import_module(module.name)
    importlib.import_module(settings.ROOT_URLCONF)
    found = {
        f"{cls.__module__}.{cls.__qualname__}": cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in PROJECT_APPS
    }
    return [found[name] for name in sorted(found)]


def date_fields(form_class) -> list[tuple[str, forms.Field]]:
    return [
        (name, field)
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
    ]


def _cases():
    cases = []
    for form_class in project_forms():
        label = f"{form_class.__module__}.{form_class.__qualname__}"
        for name, _field in date_fields(form_class):
            for language in LANGUAGES:
                cases.append(
                    pytest.param(form_class, name, language, id=f"{label}.{name}-{language}")
                )
    return cases


def test_the_forms_with_dates_are_found():
    """The sweep below covers the forms it should (a guard against finding none)."""
    names = {form_class.__name__ for form_class in project_forms() if date_fields(form_class)}
    assert {
        "CaseFilterForm",
        "DashboardForm",
        "MonthlyReturnForm",
        "PaymentForm",
        "CloseForm",
        "DueDateForm",
        "SupervisionStartForm",
        "RectificationOrderForm",
    } <= names


@pytest.mark.parametrize(("form_class", "name", "language"), _cases())
def test_every_date_input_renders_its_value_as_the_browser_reads_it(form_class, name, language):
    field = form_class.base_fields[name]
    widget = field.widget
    input_type = getattr(widget, "input_type", None)
    assert input_type in GRAMMAR, f"{name} is a {input_type!r} input, not a date input"
    if isinstance(field, forms.DateTimeField):
        value = timezone.make_aware(datetime(2026, 12, 1, 9, 30))
    else:
        value = date(2026, 12, 1)
    with translation.override(language):
        html = widget.render(name, value)
    shown = re.search(r'value="([^"]*)"', html).group(1)
    assert re.fullmatch(GRAMMAR[input_type], shown), html
    if input_type in EXPECTED:
        assert shown == EXPECTED[input_type], html


# --- The dashboard in Chinese: the period it shows is the period asked for -------------


@pytest.fixture
def chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def period_inputs(html: str) -> tuple[str, str]:
    found = dict(re.findall(r'<input type="date" name="(date_from|date_to)" value="([^"]*)"', html))
    return found.get("date_from", ""), found.get("date_to", "")


def test_the_dashboard_in_chinese_keeps_its_period(chinese, supervisor, district):
    chinese.force_login(supervisor)
    first = chinese.get("/reports/").content.decode()
    assert 'lang="zh-hans"' in first
    today = timezone.localdate()
    assert period_inputs(first) == (today.replace(day=1).isoformat(), today.isoformat())

    asked = {"office": district.pk, "date_from": "2025-12-01", "date_to": "2025-12-31"}
    shown = chinese.get("/reports/", asked)
    assert shown.status_code == 200
    assert period_inputs(shown.content.decode()) == ("2025-12-01", "2025-12-31")

    reversed_period = {**asked, "date_from": "2026-02-01", "date_to": "2026-01-01"}
    refused = chinese.get("/reports/", reversed_period)
    assert refused.status_code == 400
    assert "统计期间的结束日期早于开始日期。" in refused.content.decode()
    assert period_inputs(refused.content.decode()) == ("2026-02-01", "2026-01-01")
