"""Streaming writers: rows go out one by one, never a whole list in memory."""

import csv
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import IO

import xlsxwriter

PROGRESS_EVERY = 500


def write_csv(stream: IO[str], headers: list, rows: Iterable, progress: Callable = None) -> int:
    """UTF-8 with a byte-order mark, so Excel opens Chinese text correctly."""
    stream.write("\ufeff")
    writer = csv.writer(stream)
    writer.writerow([str(header) for header in headers])
    count = 0
    for count, row in enumerate(rows, start=1):
        writer.writerow([_inert(value) for value in row])
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    return count


# A cell starting with one of these is a formula to a spreadsheet opening the CSV.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value):
    """Text a spreadsheet shows as written: a leading apostrophe before a formula sign."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_xlsx(target, sheets: Iterable, progress: Callable = None, in_memory=False) -> int:
    """Sheets of (title, headers, rows); constant memory when written to a file.

    Text stays text: nothing is turned into a formula or a link (a complainant's "=..."
    must not run in the reader's Excel), which also spares a pattern test per cell.
    """
    options = {"in_memory": True} if in_memory else {"constant_memory": True}
    options |= {"strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(target, options)
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0.00"})
    count = 0
    for title, headers, rows in sheets:
        sheet = workbook.add_worksheet(_sheet_name(title))
        sheet.write_row(0, 0, [str(header) for header in headers], bold)
        for line, row in enumerate(rows, start=1):
            _write_row(sheet, line, row, money)
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress(count)
    workbook.close()
    return count


def _write_row(sheet, line: int, row: list, money) -> None:
    """Each value by its type's own method (`write` would guess it); blanks are left out."""
    for column, value in enumerate(row):
        if isinstance(value, str):
            if value:
                sheet.write_string(line, column, value)
        elif isinstance(value, Decimal):
            sheet.write_number(line, column, float(value), money)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            sheet.write_number(line, column, value)
        elif value is not None:
            sheet.write(line, column, value)


def _sheet_name(title) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    text = "".join(" " if char in "[]:*?/\\" else char for char in str(title))
    return text[:31] or "Sheet"
