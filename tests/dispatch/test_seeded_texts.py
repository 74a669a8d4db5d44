"""The rows the migrations seed are in the installation's language (migrations/0012)."""

import importlib
import re

import pytest
from django.apps import apps

from dispatch.models import CalendarYear, DeadlinePolicy, Holiday, RoutingRule

texts = importlib.import_module("dispatch.migrations.0012_seeded_texts_in_installation_language")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def seeded_texts() -> list[str]:
    return [
        *RoutingRule.objects.values_list("name", flat=True),
        *RoutingRule.objects.values_list("keywords", flat=True),
        *DeadlinePolicy.objects.values_list("basis", flat=True),
        *Holiday.objects.values_list("name", flat=True),
    ]


@pytest.mark.django_db
def test_a_chinese_installation_is_seeded_in_chinese():
    # The test database was migrated with the project's default language, zh-hans.
    assert not [text for text in seeded_texts() if LATIN_WORD.search(text)]
    assert DeadlinePolicy.objects.get(code="inspection.accept").basis == (
        "《关于实施〈劳动保障监察条例〉若干规定》第十八条"
    )
    assert RoutingRule.objects.filter(name="其他事项：转劳动保障监察", is_default=True).exists()


@pytest.mark.django_db
def test_the_rewrite_goes_back_and_leaves_english_installations_and_edits_alone(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    edited = RoutingRule.objects.get(name="拖欠工资：转劳动保障监察")
    edited.name = "欠薪案件"  # an administrator's own name stays
    edited.save()
    texts.back_to_seeded(apps, None)
    assert RoutingRule.objects.filter(name="Everything else to labor inspection").exists()
    assert RoutingRule.objects.filter(name="欠薪案件").exists()
    assert Holiday.objects.filter(name="Spring Festival").exists()
    english = sorted(seeded_texts())

    settings.LANGUAGE_CODE = "en"
    texts.to_installation_language(apps, None)
    assert sorted(seeded_texts()) == english

    settings.LANGUAGE_CODE = "zh-hans"
    texts.to_installation_language(apps, None)
    assert not [text for text in seeded_texts() if LATIN_WORD.search(text)]
    assert not CalendarYear.objects.filter(source__startswith="State Council").exists()
