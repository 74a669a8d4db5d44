"""The case page's panel registry: slots, order, and the prefetches the panels need."""

import pytest

from complaints import panels


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test; the apps' own panels are back afterwards."""
    monkeypatch.setattr(panels, "_panels", {})
    return panels


def nothing(*, case, user) -> dict:
    return {}


def test_a_panel_goes_only_into_a_slot_the_page_has(registry):
    with pytest.raises(ValueError):
        registry.register_case_panel(slot="footer", order=1, template="x.html", context=nothing)


def test_a_slot_lists_its_panels_in_their_order_and_registering_again_replaces(registry):
    registry.register_case_panel(slot=panels.WORK, order=20, template="b.html", context=nothing)
    registry.register_case_panel(slot=panels.WORK, order=10, template="a.html", context=nothing)
    registry.register_case_panel(slot=panels.BANNER, order=5, template="c.html", context=nothing)
    registry.register_case_panel(slot=panels.WORK, order=30, template="a.html", context=nothing)

    assert [p.template for p in registry.case_panels_for(panels.WORK)] == ["b.html", "a.html"]
    assert [p.template for p in registry.case_panels_for(panels.HEADER)] == []


def test_the_prefetches_are_each_panels_lookups_once(registry):
    registry.register_case_panel(
        slot=panels.WORK, order=1, template="a.html", context=nothing, prefetch=["x__y", "x"]
    )
    registry.register_case_panel(
        slot=panels.HEADER, order=1, template="b.html", context=nothing, prefetch=["x", "z"]
    )

    assert registry.case_panel_prefetches() == ("x__y", "x", "z")


def test_the_apps_above_fill_the_case_page_when_they_start():
    assert all(panels.case_panels_for(slot) for slot in panels.SLOTS)
    assert "referrals__deadlines__policy" in panels.case_panel_prefetches()
