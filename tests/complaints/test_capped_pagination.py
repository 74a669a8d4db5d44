"""Long lists count at most COUNT_CAP rows and page on with Previous/Next past it."""

import pytest
from django.core.paginator import EmptyPage
from django.urls import reverse

from complaints import pagination
from complaints.models import Case
from complaints.pagination import CappedPaginator
from complaints.views import cases as case_views


@pytest.fixture
def twelve_cases(register_case):
    return [register_case(site=f"工地{number:02d}") for number in range(12)]


def newest_first():
    return Case.objects.order_by("-registered_at", "-id")


def test_a_short_list_is_counted_exactly(twelve_cases):
    paginator = CappedPaginator(newest_first(), 5, cap=20)

    assert not paginator.count_is_capped
    assert paginator.count == 12
    assert paginator.num_pages == 3
    assert len(paginator.get_page(3)) == 2


def test_past_the_cap_pages_go_on_until_the_rows_end(twelve_cases):
    paginator = CappedPaginator(newest_first(), 5, cap=7)

    assert paginator.count_is_capped
    assert paginator.count == 7
    pages = [paginator.page(number) for number in (1, 2, 3)]
    assert [len(page) for page in pages] == [5, 5, 2]
    assert [page.has_next() for page in pages] == [True, True, False]
    assert pages[1].next_page_number() == 3
    assert pages[2].previous_page_number() == 2
    seen = [case.pk for page in pages for case in page]
    assert seen == list(newest_first().values_list("pk", flat=True))
    with pytest.raises(EmptyPage):
        paginator.page(4)
    assert paginator.get_page("not a number").number == 1


def test_the_case_list_says_more_than_the_cap_and_links_to_the_next_page(
    client, window, twelve_cases, monkeypatch
):
    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    monkeypatch.setattr(case_views, "PAGE_SIZE", 5)
    client.force_login(window)
    url = reverse("complaints:case_list")

    first = client.get(url).content.decode()
    assert "More than 10 cases" in first
    assert 'rel="next"' in first
    assert "Page 1 of" not in first
    last = client.get(url, {"page": 3}).content.decode()
    assert last.count("工地") == 2
    assert 'rel="next"' not in last

    monkeypatch.setattr(pagination, "COUNT_CAP", 1000)
    exact = client.get(url).content.decode()
    assert "12 cases" in exact
    assert "More than" not in exact
