"""The seeded outcome names use the bureau's wording: an office is 机构 (migrations/0014)."""

import importlib

import pytest
from django.apps import apps

from complaints.models import Outcome

wording = importlib.import_module("complaints.migrations.0014_bureau_wording")


@pytest.mark.django_db
def test_the_transfer_outcome_names_an_office_not_an_employer():
    assert Outcome.objects.get(code="transferred_to_office").name_zh == "移交其他机构办理"
    assert not Outcome.objects.filter(name_zh__contains="其他单位").exists()


@pytest.mark.django_db
def test_the_rewrite_goes_back_and_leaves_an_administrators_edit_alone():
    wording.back_to_seeded(apps, None)
    assert Outcome.objects.get(code="transferred_to_office").name_zh == "移交其他单位办理"
    wording.to_bureau_wording(apps, None)
    assert Outcome.objects.get(code="transferred_to_office").name_zh == "移交其他机构办理"

    Outcome.objects.filter(code="transferred_to_office").update(name_zh="移交外区办理")
    wording.back_to_seeded(apps, None)
    wording.to_bureau_wording(apps, None)
    assert Outcome.objects.get(code="transferred_to_office").name_zh == "移交外区办理"
