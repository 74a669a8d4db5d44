"""Document numbers (文号): gap-free per office, document kind and year."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import DocumentNumber, Office
from accounts.services import document_number_take
from complaints import services
from complaints.exceptions import ActionNotPermitted
from complaints.models import Outcome, Status

NOT_ACCEPTED = DocumentNumber.Kind.NOT_ACCEPTED


@pytest.fixture
def xiling(city) -> Office:
    return Office.objects.create(
        name="西陵区劳动保障监察大队",
        code="xiling",
        level=Office.Level.DISTRICT,
        parent=city,
        acting_body="宜昌市西陵区人力资源和社会保障局",
        document_prefix="西人社监",
    )


def take(office, year=2026) -> str:
    return document_number_take(office=office, kind=NOT_ACCEPTED, year=year)


def test_numbers_count_up_from_one_per_office_and_year(xiling, city):
    assert [take(xiling) for _ in range(3)] == [
        "西人社监不受字〔2026〕第1号",
        "西人社监不受字〔2026〕第2号",
        "西人社监不受字〔2026〕第3号",
    ]
    assert take(xiling, year=2027) == "西人社监不受字〔2027〕第1号"
    assert take(xiling) == "西人社监不受字〔2026〕第4号"
    # An office without a prefix numbers under its code, on its own counter.
    assert take(city) == "city不受字〔2026〕第1号"
    assert DocumentNumber.objects.get(office=xiling, kind=NOT_ACCEPTED, year=2026).last == 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_document_returns_its_number(xiling):
    assert take(xiling) == "西人社监不受字〔2026〕第1号"
    with pytest.raises(RuntimeError), transaction.atomic():
        take(xiling)
        raise RuntimeError("the decision failed")
    assert take(xiling) == "西人社监不受字〔2026〕第2号"


def test_an_unknown_kind_is_refused(xiling):
    with pytest.raises(ValueError):
        document_number_take(office=xiling, kind="penalty", year=2026)


def _not_accept(case, actor, **arguments):
    arguments.setdefault("ground", Outcome.objects.get(code="not_accepted_time_limit"))
    return services.case_not_accept(case=case, actor=actor, reason="超过两年", **arguments)


def test_not_accepting_takes_the_responsible_offices_next_number(
    register_case, inspection_head, district
):
    district.document_prefix = "西人社监"
    district.save(update_fields=["document_prefix"])
    first = _not_accept(register_case(), inspection_head)
    second = _not_accept(register_case(), inspection_head)

    year = timezone.localtime(first.closed_at).year
    assert first.not_accepted_notice == f"西人社监不受字〔{year}〕第1号"
    assert second.not_accepted_notice == f"西人社监不受字〔{year}〕第2号"
    assert first.events.get(kind="not_accept").payload == {"notice": first.not_accepted_notice}


def test_a_refusal_that_is_refused_takes_no_number(
    register_case, supervisor, inspection_head, district
):
    """The number is always the office's next (no number typed in by hand), and only a
    decision actually taken uses one up."""
    case = register_case()
    with pytest.raises(ValidationError):
        _not_accept(case, inspection_head, ground=None)
    with pytest.raises(ActionNotPermitted):
        _not_accept(case, supervisor)  # the head decides, not the supervisor

    case.refresh_from_db()
    assert case.status == Status.REGISTERED and case.not_accepted_notice == ""
    assert not DocumentNumber.objects.filter(office=district).exists()
