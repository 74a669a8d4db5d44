"""Timeline events: one closed list of kinds, each with its sentence in both languages.

An event of any other kind cannot be recorded: `record` refuses it, and so does the
table's check constraint for a row written around it.
"""

import re

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from complaints import events
from complaints.models import CaseEvent, EventKind
from complaints.workflow import ALLOWED_TRANSITIONS
from config import clock

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def sample_event(kind: str) -> CaseEvent:
    """An unsaved event of `kind` whose payload fills every placeholder of its sentence."""
    names = PLACEHOLDER.findall(str(events.SUMMARIES.get(kind, "")))
    return CaseEvent(kind=kind, payload=dict.fromkeys(names, "7"))


def test_every_kind_has_a_sentence_and_every_sentence_a_kind():
    assert set(events.SUMMARIES) == set(EventKind)


def test_every_workflow_action_is_a_kind_of_event():
    """A transition records its action's name as the event's kind, or the kind its row
    names (a withdrawal request records "withdrawal_requested")."""
    assert {t.event_kind for t in ALLOWED_TRANSITIONS.values()} <= set(EventKind.values)


@pytest.mark.parametrize("kind", EventKind.values)
def test_each_kind_reads_as_a_sentence_in_english_and_in_chinese(kind):
    with translation.override("en"):
        english = events.describe(sample_event(kind))
        english_label = str(EventKind(kind).label)
    with translation.override("zh-hans"):
        chinese = events.describe(sample_event(kind))
        chinese_label = str(EventKind(kind).label)

    for text in (english, chinese, english_label, chinese_label):
        assert text and text != kind and "%(" not in text
    assert chinese != english and chinese_label != english_label


def test_an_unknown_kind_is_told_in_words_not_shown_as_its_code():
    stray = CaseEvent(kind="stray_kind", payload={})
    with translation.override("en"):
        assert events.describe(stray) == "Unknown event"
    with translation.override("zh-hans"):
        assert events.describe(stray) == "未知事件"


def test_an_unknown_kind_cannot_be_recorded(register_case, window):
    case = register_case()
    with pytest.raises(ValueError):
        events.record(case=case, kind="stray_kind", actor=window)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseEvent.objects.create(case=case, kind="stray_kind", actor=window, created_at=clock.now())
