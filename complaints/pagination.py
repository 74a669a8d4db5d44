"""Pages of long lists without counting every row.

An exact count reads every matching row: at a million cases a district's list or a
common search term matches a hundred thousand of them, and the count alone costs more
than the page. `CappedPaginator` counts up to `COUNT_CAP` rows; past it the list says
"more than 1,000" and pages on with Previous/Next for as long as rows remain (each page
reads one row more than it shows, to know whether there is a next one).
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int | None = None):
        super().__init__(object_list, per_page)
        self.cap = cap or COUNT_CAP

    @cached_property
    def _counted(self) -> int:
        """The number of rows, but no more than cap + 1 (one more says "there are more")."""
        rows = self.object_list
        if hasattr(rows, "values"):  # a queryset: count ids only, in any order
            return rows.order_by().values("pk")[: self.cap + 1].count()
        return min(len(rows), self.cap + 1)

    @property
    def count_is_capped(self) -> bool:
        return self._counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    def validate_number(self, number) -> int:
        if not self.count_is_capped:
            return super().validate_number(number)
        return self._positive(number)

    def get_page(self, number):
        """As Django's, and a page past the end of an open-ended list gives the first."""
        try:
            return super().get_page(number)
        except EmptyPage:
            return self.page(1)

    def page(self, number):
        if not self.count_is_capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(_("That page contains no results"))
        return OpenEndedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    @staticmethod
    def _positive(number) -> int:
        """An integer of at least 1; past the cap the last page is not known."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("That page number is not an integer")) from None
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        return number


class OpenEndedPage(Page):
    """A page of a list whose end is not known: "next" means "one more row was there"."""

    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def next_page_number(self) -> int:
        if not self.more:
            raise EmptyPage(_("That page contains no results"))
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.paginator.validate_number(self.number - 1)
