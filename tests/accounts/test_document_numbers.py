"""Document numbers (文号): gap-free per office, document kind and year."""

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import DocumentNumber, Office
from accounts.services import document_number_take
from complaints import services

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


def test_not_accepting_takes_the_responsible_offices_next_number(
    register_case, supervisor, district
):
    district.document_prefix = "西人社监"
    district.save(update_fields=["document_prefix"])
    first = services.case_not_accept(case=register_case(), actor=supervisor, reason="超过两年")
    second = services.case_not_accept(case=register_case(), actor=supervisor, reason="超过两年")

    year = timezone.localtime(first.closed_at).year
    assert first.not_accepted_notice == f"西人社监不受字〔{year}〕第1号"
    assert second.not_accepted_notice == f"西人社监不受字〔{year}〕第2号"
    assert first.events.get(kind="not_accept").payload == {"notice": first.not_accepted_notice}


def test_a_number_issued_on_paper_is_kept_and_takes_none(register_case, supervisor, district):
    case = services.case_not_accept(
        case=register_case(), actor=supervisor, reason="超过两年", notice_number=" N-7 "
    )
    assert case.not_accepted_notice == "N-7"
    assert not DocumentNumber.objects.filter(office=district).exists()
