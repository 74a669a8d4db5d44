"""The intake paste box: complaints.paste.parse_pasted_workers."""

from decimal import Decimal

import pytest

from complaints.paste import MAX_LINES, parse_pasted_workers
from complaints.validators import id_check_character

VALID_ID = "420502199001010016"
VALID_ID_X = "11010519491231002X"


def test_valid_id_numbers_used_here_are_valid():
    assert id_check_character(VALID_ID[:17]) == VALID_ID[17]
    assert id_check_character(VALID_ID_X[:17]) == VALID_ID_X[17]


@pytest.mark.parametrize(
    "line",
    [
        "张三\t13800138000\t420502199001010016\t3000",
        "张三,13800138000,420502199001010016,3000",
        "张三，13800138000，420502199001010016，3000",
        "张三;13800138000;420502199001010016;3000",
        "张三；13800138000；420502199001010016；3000",
        " 张三 \t 13800138000 \t 420502199001010016 \t 3000 ",
    ],
    ids=[
        "tabs",
        "ascii-commas",
        "fullwidth-commas",
        "semicolons",
        "fullwidth-semicolons",
        "padded",
    ],
)
def test_one_line_with_each_separator(line):
    rows, errors = parse_pasted_workers(line)

    assert errors == []
    assert len(rows) == 1
    row = rows[0]
    assert row.name == "张三"
    assert row.phone == "13800138000"
    assert row.id_number == VALID_ID
    assert row.owed_amount == Decimal("3000.00")


def test_mixed_separators_across_lines():
    text = "张三\t13800138000\n李四,13900139000\n王五，13700137000"

    rows, errors = parse_pasted_workers(text)

    assert errors == []
    assert [row.name for row in rows] == ["张三", "李四", "王五"]
    assert [row.phone for row in rows] == ["13800138000", "13900139000", "13700137000"]


def test_only_the_name_is_required_per_line():
    rows, errors = parse_pasted_workers("张三\n李四,13900139000")

    assert errors == []
    assert rows[0].name == "张三"
    assert rows[0].phone == ""
    assert rows[0].id_number == ""
    assert rows[0].owed_amount is None
    assert rows[1].phone == "13900139000"


@pytest.mark.parametrize(
    "header",
    [
        "姓名\t电话\t身份证号\t欠薪金额",
        "姓名,手机,身份证,金额",
        "名字，电话",
        "Name\tPhone\tID number\tAmount owed",
        "name,phone,id,amount",
    ],
)
def test_header_line_is_skipped(header):
    rows, errors = parse_pasted_workers(f"{header}\n张三\t13800138000")

    assert errors == []
    assert [row.name for row in rows] == ["张三"]


def test_blank_lines_are_skipped():
    text = "\n张三,13800138000\n\n   \n\t\n李四,13900139000\n\n"

    rows, errors = parse_pasted_workers(text)

    assert errors == []
    assert [row.name for row in rows] == ["张三", "李四"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", None])
def test_empty_paste_gives_nothing(text):
    assert parse_pasted_workers(text) == ([], [])


def test_bad_phone_on_line_two_is_reported_with_its_number_and_the_rest_kept():
    text = "张三,13800138000\n李四,1390013900a\n王五,13700137000"

    rows, errors = parse_pasted_workers(text)

    assert [row.name for row in rows] == ["张三", "王五"]
    assert len(errors) == 1
    error = errors[0]
    assert error.line_number == 2
    assert error.text == "李四,1390013900a"
    assert any("11-digit mobile number" in message for message in error.messages)


def test_line_numbers_count_header_and_blank_lines():
    text = "姓名,电话\n\n张三,13800138000\n\n李四,abc"

    rows, errors = parse_pasted_workers(text)

    assert [row.name for row in rows] == ["张三"]
    assert [error.line_number for error in errors] == [5]


def test_several_bad_lines_each_reported():
    text = "\n".join(
        [
            "张三,13800138000",
            "李四,abc",  # 2: letters in phone
            "王五😀,13700137000",  # 3: emoji in name
            "赵六,13600136000,420502199001010017",  # 4: wrong ID check digit
            "钱七,13500135000,,-100",  # 5: negative amount
            "孙八,13400134000,420502199002300011",  # 6: impossible birth date (Feb 30)
            "周九,13300133000,,12.345",  # 7: fractions of a fen
            "吴十,13200132000,,很多",  # 8: not a number
        ]
    )

    rows, errors = parse_pasted_workers(text)

    assert [row.name for row in rows] == ["张三"]
    by_line = {error.line_number: " ".join(error.messages) for error in errors}
    assert sorted(by_line) == [2, 3, 4, 5, 6, 7, 8]
    assert "11-digit mobile number" in by_line[2]
    assert "emoji" in by_line[3]
    assert "check digit is wrong" in by_line[4]
    assert "cannot be negative" in by_line[5]
    assert "real date" in by_line[6]
    assert "2 decimal places" in by_line[7]
    assert "amount in yuan as a number" in by_line[8]


@pytest.mark.parametrize(
    "line",
    [
        "张三,13800138000,420502199001010016,3000,多余",
        "张三\t13800138000\t\t3000\t备注",
        "张三，13800138000，，3000，x，y",
    ],
)
def test_too_many_columns(line):
    rows, errors = parse_pasted_workers(line)

    assert rows == []
    assert len(errors) == 1
    assert errors[0].line_number == 1
    assert "Too many columns" in errors[0].messages[0]


def test_trailing_empty_columns_are_not_too_many():
    # A spreadsheet copy often carries empty cells at the end of a row.
    rows, errors = parse_pasted_workers("张三\t13800138000\t\t3000\t\t")

    assert errors == []
    assert rows[0].owed_amount == Decimal("3000.00")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("3000", Decimal("3000.00")),
        ("3000.5", Decimal("3000.50")),
        ("１２３４．５", Decimal("1234.50")),
        ("", None),
    ],
)
def test_amounts(amount, expected):
    rows, errors = parse_pasted_workers(f"张三\t13800138000\t\t{amount}")

    assert errors == []
    assert rows[0].owed_amount == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("张三\t13800138000\t420502199001010016\t1,234.50", Decimal("1234.50")),
        ("张三\t13800138000\t\t12,000", Decimal("12000.00")),
        ("张三\t\t\t1,234,567.89", Decimal("1234567.89")),
    ],
)
def test_amounts_with_thousand_separators_in_a_spreadsheet_copy(line, expected):
    rows, errors = parse_pasted_workers(line)

    assert errors == []
    assert rows[0].owed_amount == expected


def test_values_are_normalised():
    rows, errors = parse_pasted_workers("张三\t+86 138 0013 8000\t11010519491231002x\t")

    assert errors == []
    assert rows[0].phone == "13800138000"
    assert rows[0].id_number == VALID_ID_X


@pytest.mark.parametrize("name", ["𠀀明", "㐀强", "𪚥", "阿卜杜拉·艾力"])
def test_rare_and_minority_names_kept_exactly(name):
    rows, errors = parse_pasted_workers(f"{name}\t13800138000")

    assert errors == []
    assert rows[0].name == name


def test_windows_line_endings():
    rows, errors = parse_pasted_workers("张三,13800138000\r\n李四,abc\r\n")

    assert [row.name for row in rows] == ["张三"]
    assert [error.line_number for error in errors] == [2]


def test_too_many_lines_refused_as_a_whole():
    text = "\n".join("张三,13800138000" for _ in range(MAX_LINES + 1))

    rows, errors = parse_pasted_workers(text)

    assert rows == []
    assert len(errors) == 1
    assert str(MAX_LINES) in errors[0].messages[0]


def test_max_lines_accepted():
    text = "\n".join("张三,13800138000" for _ in range(MAX_LINES))

    rows, errors = parse_pasted_workers(text)

    assert errors == []
    assert len(rows) == MAX_LINES
