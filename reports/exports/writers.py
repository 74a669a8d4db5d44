"""Streaming writers: rows go out one by one, never a whole list in memory."""

import csv
from collections.abc import Callable, Iterable
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
        writer.writerow(row)
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    return count


def write_xlsx(target, sheets: Iterable, progress: Callable = None, in_memory=False) -> int:
    """Sheets of (title, headers, rows); constant memory when written to a file."""
    options = {"in_memory": True} if in_memory else {"constant_memory": True}
    workbook = xlsxwriter.Workbook(target, options)
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0.00"})
    count = 0
    for title, headers, rows in sheets:
        sheet = workbook.add_worksheet(_sheet_name(title))
        sheet.write_row(0, 0, [str(header) for header in headers], bold)
        for line, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if hasattr(value, "as_tuple"):  # Decimal: money
                    sheet.write_number(line, column, float(value), money)
                else:
                    sheet.write(line, column, value)
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress(count)
    workbook.close()
    return count


def _sheet_name(title) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    text = "".join(" " if char in "[]:*?/\\" else char for char in str(title))
    return text[:31] or "Sheet"
