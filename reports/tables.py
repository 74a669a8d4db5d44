"""A dashboard table as plain data: shown on the page, exported to CSV and Excel alike."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote_plus

from django.urls import get_script_prefix, reverse

from reports.restriction import link_filters


@lru_cache(maxsize=8)
def _case_list_path(script_prefix: str) -> str:
    """reverse() is the dearest part of a link and the project has one URL configuration:
    the path depends only on the prefix the site is served under (SCRIPT_NAME)."""
    return reverse("complaints:case_list")


# What urlencode leaves as it is: dates, ids and filter values mostly are.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")


def _quoted(value) -> str:
    text = str(value)
    return text if _UNQUOTED.fullmatch(text) else quote_plus(text)


def case_list_url(**filters) -> str:
    """The case list filtered to the cases behind a figure (a dashboard has ~400), and to
    the dashboard's dimension filters (reports/restriction.py); the query as urlencode
    writes it, in a fifth of the time."""
    filters.update(link_filters())
    query = "&".join(
        f"{_quoted(key)}={_quoted(value)}"
        for key, value in filters.items()
        if value not in (None, "", False)
    )
    return f"{_case_list_path(get_script_prefix())}?{query}"


@dataclass
class Cell:
    value: object
    kind: str = "int"  # int | money | share | change | days | text | month
    link: str = ""

    @property
    def display(self) -> str:
        value = self.value
        if value is None:
            return "—"
        if self.kind == "int":
            return f"{value:,}"
        if self.kind == "money":
            return f"{Decimal(value):,.2f}"
        if self.kind == "share":
            return f"{value}%"
        if self.kind == "change":
            return f"{value:+}%"
        if self.kind == "month" and isinstance(value, date):
            return value.strftime("%Y-%m")
        return str(value)

    @property
    def export_value(self):
        """The raw value for a spreadsheet (numbers stay numbers)."""
        if self.value is None:
            return ""
        if self.kind == "month":
            return self.display
        if isinstance(self.value, Decimal):
            return float(self.value) if self.kind != "money" else self.value
        return self.value if isinstance(self.value, int | float) else str(self.value)


@dataclass
class Row:
    key: str  # stable across languages: the page's element ids are built from it
    cells: list[Cell]


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)

    def add(self, *cells: Cell, key: str = "") -> None:
        self.rows.append(Row(key or str(len(self.rows) + 1), list(cells)))

    def export_rows(self):
        return ([cell.export_value for cell in row.cells] for row in self.rows)
