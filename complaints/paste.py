"""The intake paste box: worker lines copied from a spreadsheet.

Each line: name, phone, ID number, amount owed — separated by tabs (a spreadsheet copy)
or commas (ASCII or full-width). Only the name is required per line. Every bad line is
reported with its number; the caller keeps the text so nothing typed is lost.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from complaints.services.intake import ComplainantData, _clean_complainant
from complaints.validators import parse_amount

# A spreadsheet copy is tab-separated, and then commas inside cells ("1,234.50") are
# thousands separators; typed lines use commas or semicolons (ASCII or full-width).
_TYPED_SEPARATOR = re.compile(r",|，|;|；")
_HEADER_WORDS = {"姓名", "name", "名字"}
MAX_LINES = 500


@dataclass
class PasteLineError:
    line_number: int
    text: str
    messages: list[str]


def _split(line: str) -> list[str]:
    parts = line.split("\t") if "\t" in line else _TYPED_SEPARATOR.split(line)
    cells = [cell.strip() for cell in parts]
    return cells + [""] * (4 - len(cells))


def parse_line(line: str) -> ComplainantData:
    cells = _split(line)
    if len(cells) > 4 and any(cells[4:]):
        raise ValidationError(
            _("Too many columns: expected name, phone, ID number, amount owed."),
            code="paste_columns",
        )
    name, phone, id_number, amount = cells[:4]
    try:
        owed = parse_amount(amount)
    except ValidationError as error:
        raise ValidationError({"owed_amount": error.error_list}) from None
    return _clean_complainant(
        ComplainantData(name=name, phone=phone, id_number=id_number, owed_amount=owed)
    )


def parse_pasted_workers(text: str) -> tuple[list[ComplainantData], list[PasteLineError]]:
    rows: list[ComplainantData] = []
    errors: list[PasteLineError] = []
    lines = (text or "").splitlines()
    if len(lines) > MAX_LINES:
        message = str(_("Paste at most %(limit)s lines at a time.") % {"limit": MAX_LINES})
        return [], [PasteLineError(0, "", [message])]
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if _split(line)[0].lower() in _HEADER_WORDS:
            continue
        try:
            rows.append(parse_line(line))
        except ValidationError as error:
            errors.append(PasteLineError(number, line, [str(m) for m in error.messages]))
    return rows, errors
