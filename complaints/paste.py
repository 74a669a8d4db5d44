"""The intake paste box: worker lines copied from a spreadsheet, or typed.

One worker per line; cells separated by tabs (a spreadsheet copy) or commas or semicolons
(ASCII or full-width). Which cell is which:

- A heading line (姓名, 电话/手机, 身份证号, 金额/欠薪金额, 地址, or in English name,
  phone/mobile, ID number, amount, address) names the columns of the lines below it, in
  any order; a row-number column (序号) is skipped.
- Without one, the name comes first and the other cells are recognised by what they hold:
  a phone number, an 18-character ID number with a valid check digit, an amount. So the
  most natural three columns, "name, phone, amount", are read as such and not as "name,
  phone, ID number". A column that most lines fill with one kind of value is read as that
  kind on every line: a mistyped phone in the phone column is reported as a phone, not
  taken for an amount.

Every line is accounted for: ready to add, or not added with its number and why. Nothing
from the box is added while any line needs correcting (the caller keeps the text, so
nothing typed is lost). This reading is the only one: the page's preview shows it as is.
"""

import re
import unicodedata
from collections import Counter
from copy import copy
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from complaints.services.intake import ComplainantData, clean_complainant
from complaints.validators import (
    normalize_national_id,
    parse_amount,
    validate_national_id,
    validate_phone,
)

# A spreadsheet copy is tab-separated, and then commas inside cells ("1,234.50") are
# thousands separators; typed lines use commas or semicolons (ASCII or full-width).
_TYPED_SEPARATOR = re.compile(r",|，|;|；")
MAX_LINES = 500

NAME, PHONE, ID_NUMBER, AMOUNT, ADDRESS, SKIP = (
    "name",
    "phone",
    "id_number",
    "owed_amount",
    "address",
    "skip",
)
# The kinds content can tell apart, in the order of the documented default layout.
VALUE_KINDS = (PHONE, ID_NUMBER, AMOUNT)
KIND_LABELS = {
    NAME: gettext_lazy("Name"),
    PHONE: gettext_lazy("Phone"),
    ID_NUMBER: gettext_lazy("ID number"),
    AMOUNT: gettext_lazy("Owed (yuan)"),
    ADDRESS: gettext_lazy("Address"),
}
_HEADINGS = {
    NAME: ("姓名", "名字", "工人姓名", "劳动者姓名", "name", "worker", "worker name"),
    PHONE: (
        *("电话", "手机", "手机号", "手机号码", "电话号码", "联系电话", "联系方式"),
        *("phone", "mobile", "tel", "telephone", "phone number", "mobile number"),
    ),
    ID_NUMBER: (
        *("身份证", "身份证号", "身份证号码", "公民身份号码", "证件号码"),
        *("id", "id number", "id no", "id card", "id card number"),
    ),
    AMOUNT: (
        *("金额", "欠薪", "欠薪金额", "被欠金额", "欠款", "欠款金额", "拖欠金额", "拖欠工资"),
        *("amount", "amount owed", "owed", "wages owed"),
    ),
    ADDRESS: ("地址", "住址", "联系地址", "家庭住址", "address"),
    SKIP: ("序号", "编号", "no", "#"),
}


def _heading_key(text: str) -> str:
    """ "金额（元）", "ID No.", "Phone:" -> "金额", "idno", "phone"."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = re.sub(r"\([^)]*\)$", "", text)  # a unit: 金额(元), amount (yuan)
    return re.sub(r"[\s_.:*]", "", text)


_HEADING_KINDS = {_heading_key(word): kind for kind, words in _HEADINGS.items() for word in words}

# What a cell that fails its check was trying to be, so its error speaks of that kind.
_ID_LIKE = re.compile(r"\d{14,17}[\dX]", re.ASCII)
_PHONE_LIKE = re.compile(r"\+?[\d -]+", re.ASCII)
_AMOUNT_LIKE = re.compile(r"[+-]?[\d,.]*\d[\d,.]*", re.ASCII)


@dataclass
class PasteLine:
    """One line of the box: `worker` when it can be added, else `messages` say why not."""

    line_number: int
    text: str
    messages: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # how its cells were read
    worker: ComplainantData | None = None
    typed: ComplainantData | None = None  # as typed, before any check

    @property
    def read_as(self) -> str:
        return pgettext("list separator", ", ").join(self.columns)


@dataclass
class PasteResult:
    lines: list[PasteLine] = field(default_factory=list)
    refusal: str = ""  # the whole paste was refused (too many lines)

    @property
    def workers(self) -> list[ComplainantData]:
        return [line.worker for line in self.lines if line.worker is not None]

    @property
    def problems(self) -> list[PasteLine]:
        return [line for line in self.lines if line.messages]

    @property
    def typed(self) -> list[ComplainantData]:
        """Every worker line as typed, valid or not (for the must-haves, see the form)."""
        return [line.typed for line in self.lines if line.typed is not None]

    def summary(self) -> str:
        """What will be added and what will not, with counts and line numbers."""
        if self.refusal:
            return self.refusal
        total, bad = len(self.lines), len(self.problems)
        if not bad:
            return ngettext(
                "%(total)s pasted line read: it will be added when the case is registered.",
                "%(total)s pasted lines read: all will be added when the case is registered.",
                total,
            ) % {"total": total}
        lines = numbered_lines([line.line_number for line in self.problems])
        if bad == total:
            return ngettext(
                "%(total)s pasted line read: it cannot be added until it is corrected "
                "(%(lines)s). Nothing has been added.",
                "%(total)s pasted lines read: none can be added until they are corrected "
                "(%(lines)s). Nothing has been added.",
                total,
            ) % {"total": total, "lines": lines}
        return ngettext(
            "%(total)s pasted line read: %(good)s ready to add, %(bad)s to correct "
            "(%(lines)s). Nothing has been added: correct or delete those lines first.",
            "%(total)s pasted lines read: %(good)s ready to add, %(bad)s to correct "
            "(%(lines)s). Nothing has been added: correct or delete those lines first.",
            total,
        ) % {"total": total, "good": total - bad, "bad": bad, "lines": lines}


def numbered_lines(numbers: list[int]) -> str:
    """[2, 3, 4, 7] -> "lines 2–4, 7" (第2–4、7行)."""
    return ngettext("line %(lines)s", "lines %(lines)s", len(numbers)) % {
        "lines": line_ranges(numbers)
    }


def line_ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 7] -> "2–4, 7" (the separator in the reader's language)."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in runs]
    return pgettext("list separator", ", ").join(parts)


def _split(line: str) -> list[str]:
    """The line's cells, without the empty ones a spreadsheet row carries at its end."""
    parts = line.split("\t") if "\t" in line else _TYPED_SEPARATOR.split(line)
    cells = [cell.strip() for cell in parts]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _amount_text(cell: str) -> str:
    """ "¥3,000" and "3000元" are amounts in yuan too."""
    text = unicodedata.normalize("NFKC", cell).strip()
    return text.removeprefix("¥").removesuffix("元").strip()


def _phone_like(cell: str) -> bool:
    text = unicodedata.normalize("NFKC", cell).strip()
    digits = sum(char.isdigit() for char in text)
    # Ten digits and more: a phone number with a digit too few or too many, not an amount
    # (no worker is owed a billion yuan).
    return bool(_PHONE_LIKE.fullmatch(text)) and 10 <= digits <= 14


def _proven(cell: str) -> str | None:
    """A phone or ID number that passes its check: no other reading is possible."""
    for kind, check in ((PHONE, validate_phone), (ID_NUMBER, validate_national_id)):
        try:
            check(cell)
        except ValidationError:
            continue
        return kind
    return None


def _is_amount(cell: str) -> bool:
    if _phone_like(cell):
        return False
    try:
        return parse_amount(_amount_text(cell)) is not None
    except ValidationError:
        return False


def _recognised(cell: str) -> str | None:
    if not cell:
        return None
    return _proven(cell) or (AMOUNT if _is_amount(cell) else None)


def _looks_like(cell: str) -> str | None:
    if _ID_LIKE.fullmatch(normalize_national_id(cell)):
        return ID_NUMBER
    if _phone_like(cell):
        return PHONE
    return AMOUNT if _AMOUNT_LIKE.fullmatch(_amount_text(cell)) else None


def _column_kinds(rows: list[list[str]]) -> dict[int, str]:
    """Per column (after the name), the kind most of its recognised cells hold."""
    votes: dict[int, Counter] = {}
    for cells in rows:
        for index, cell in enumerate(cells[1:], start=1):
            kind = _recognised(cell)
            if kind:
                votes.setdefault(index, Counter())[kind] += 1
    kinds = {}
    for index, counter in votes.items():
        kind, count = counter.most_common(1)[0]
        if count * 2 > sum(counter.values()):
            kinds[index] = kind
    return kinds


def _read_by_content(cells: list[str], column_kinds: dict[int, str]) -> list[str | None]:
    """The kind of each cell of a line without a heading (None: cannot tell; empty cells
    get the documented layout's kind, which they do not use)."""
    kinds: list[str | None] = [NAME]
    for index, cell in enumerate(cells[1:], start=1):
        if not cell:
            kinds.append(None)
            continue
        kinds.append(
            _proven(cell)
            or column_kinds.get(index)
            or (AMOUNT if _is_amount(cell) else None)
            or _looks_like(cell)
        )
    unknown = [i for i, cell in enumerate(cells) if cell and kinds[i] is None]
    for index in unknown:
        free = [kind for kind in VALUE_KINDS if kind not in kinds]
        by_place = VALUE_KINDS[index - 1] if index <= len(VALUE_KINDS) else None
        # The documented place decides when it is certain: the second column is the phone
        # in every layout; the third and fourth only when all four columns are there.
        if by_place in free and (index == 1 or len(cells) == 4):
            kinds[index] = by_place
        elif len(free) == 1:
            kinds[index] = free[0]
    return kinds


def _worker(cells: list[str], kinds: list[str | None]) -> tuple[ComplainantData, str, list[str]]:
    """The worker the cells describe as typed, its amount text, and what is wrong with
    the reading itself."""
    problems = []
    values: dict[str, str] = {}
    for index, (cell, kind) in enumerate(zip(cells, kinds, strict=True), start=1):
        if not cell or kind == SKIP:
            continue
        if kind is None:
            problems.append(
                _(
                    'Column %(number)s ("%(value)s") is not a phone number, an ID number or '
                    "an amount."
                )
                % {"number": index, "value": cell}
            )
        elif kind.startswith("?"):
            problems.append(
                _(
                    'Column %(number)s ("%(heading)s") cannot be read: the paste box reads '
                    "one column each of name, phone, ID number, amount owed and address."
                )
                % {"number": index, "heading": kind[1:]}
            )
        elif kind in values:
            problems.append(
                _("Two cells read as %(kind)s: one worker per line, please.")
                % {"kind": KIND_LABELS[kind]}
            )
        else:
            values[kind] = cell
    typed = ComplainantData(
        name=values.get(NAME, ""),
        phone=values.get(PHONE, ""),
        id_number=values.get(ID_NUMBER, ""),
        address=values.get(ADDRESS, ""),
    )
    return typed, values.get(AMOUNT, ""), problems


def _rough(cells: list[str]) -> ComplainantData:
    """A line that cannot be read cell by cell, as typed: a name, and a phone if one is there."""
    phones = (cell for cell in cells[1:] if _proven(cell) == PHONE or _phone_like(cell))
    return ComplainantData(name=cells[0], phone=next(phones, ""))


def _check(number: int, line: str, cells: list[str], kinds: list[str | None]) -> PasteLine:
    typed, amount, problems = _worker(cells, kinds)
    result = PasteLine(
        line_number=number,
        text=line,
        columns=[str(KIND_LABELS[kind]) for kind in kinds if kind in KIND_LABELS],
        typed=copy(typed),
    )
    if problems:
        result.messages = problems
        return result
    try:
        typed.owed_amount = parse_amount(_amount_text(amount))
    except ValidationError as error:
        result.messages = [str(message) for message in error.messages]
        return result
    try:
        result.worker = clean_complainant(typed)
    except ValidationError as error:
        result.messages = [str(message) for message in error.messages]
    return result


def _heading(cells: list[str]) -> list[str] | None:
    """The kinds a heading line names, or None if the line is a worker's. A heading's cells
    are mostly heading words and none holds a value; an unknown heading is "?<heading>"."""
    filled = [cell for cell in cells if cell]
    known = [cell for cell in filled if _heading_key(cell) in _HEADING_KINDS]
    if not filled or len(known) * 2 <= len(filled) or any(map(_recognised, filled)):
        return None
    kinds: list[str] = []
    for cell in cells:
        kind = _HEADING_KINDS.get(_heading_key(cell), f"?{cell}")
        kinds.append(f"?{cell}" if kind in kinds and kind != SKIP else kind)
    return kinds


def _blocks(lines: list[str]):
    """(heading kinds or None, its (number, line), [(number, line, cells)]) per block."""
    heading, heading_line, rows = None, (0, ""), []
    for number, line in enumerate(lines, start=1):
        cells = _split(line)
        if not cells:
            continue
        kinds = _heading(cells)
        if kinds is None:
            rows.append((number, line, cells))
            continue
        if rows or heading is not None:
            yield heading, heading_line, rows
        heading, heading_line, rows = kinds, (number, line), []
    if rows or heading is not None:
        yield heading, heading_line, rows


def _read_block(heading, heading_line, rows) -> list[PasteLine]:
    read: list[PasteLine] = []
    heading_number = heading_line[0]
    if heading is not None and NAME not in heading:
        message = _("This heading line has no name column (姓名 or name).")
        read.append(PasteLine(*heading_line, [message]))
        heading = None
    column_kinds = {} if heading else _column_kinds([cells for _number, _line, cells in rows])
    for number, line, cells in rows:
        if heading is not None:
            if len(cells) > len(heading):
                message = _("More cells than the heading on line %(line)s names.") % {
                    "line": heading_number
                }
                read.append(PasteLine(number, line, [message], typed=_rough(cells)))
                continue
            kinds = heading[: len(cells)]
        elif len(cells) > 1 + len(VALUE_KINDS):
            message = _("Too many columns: expected name, phone, ID number, amount owed.")
            read.append(PasteLine(number, line, [message], typed=_rough(cells)))
            continue
        else:
            kinds = _read_by_content(cells, column_kinds)
        read.append(_check(number, line, cells, kinds))
    return read


def read_paste(text: str | None) -> PasteResult:
    """Every line of the box, read: the workers to add and the lines that need correcting."""
    lines = (text or "").splitlines()
    if len(lines) > MAX_LINES:
        refusal = _("Paste at most %(limit)s lines at a time.") % {"limit": MAX_LINES}
        return PasteResult(refusal=refusal)
    result = PasteResult()
    for block in _blocks(lines):
        result.lines.extend(_read_block(*block))
    result.lines.sort(key=lambda line: line.line_number)
    return result


def parse_pasted_workers(text: str | None) -> tuple[list[ComplainantData], list[PasteLine]]:
    """The workers that can be added, and the lines that cannot (line 0: the whole paste)."""
    result = read_paste(text)
    if result.refusal:
        return [], [PasteLine(0, "", [result.refusal])]
    return result.workers, result.problems
