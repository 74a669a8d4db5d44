"""The intake paste box: complaints.paste.parse_pasted_workers."""

from decimal import Decimal

import pytest
from django.utils import translation

from complaints.paste import MAX_LINES, line_ranges, parse_pasted_workers, read_paste
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


# --- Columns recognised by content and by a heading -------------------------------------


def test_name_phone_amount_is_read_as_such_not_as_an_id_number():
    # The most natural three columns; they were read as name, phone, ID number.
    names = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"
    text = "\n".join(f"{names[n - 1]}工,139{n:08d},{3000 + n}.50" for n in range(1, 21))

    rows, errors = parse_pasted_workers(text)

    assert errors == []
    assert len(rows) == 20
    assert rows[0].phone == "13900000001"
    assert rows[0].owed_amount == Decimal("3001.50")
    assert all(row.id_number == "" for row in rows)


@pytest.mark.parametrize(
    "line",
    [
        f"张三,3000,13800138000,{VALID_ID}",
        f"张三\t{VALID_ID}\t3000\t13800138000",
        "张三，3000.00元，+86 138 0013 8000",
        f"张三 ; {VALID_ID} ; 13800138000",
    ],
)
def test_the_cells_after_the_name_are_recognised_in_any_order(line):
    rows, errors = parse_pasted_workers(line)

    assert errors == []
    assert rows[0].phone == "13800138000"
    assert rows[0].owed_amount in (Decimal("3000.00"), None)
    assert rows[0].id_number in (VALID_ID, "")


def test_lines_of_different_layouts_in_one_paste():
    text = f"张三,13800138000,{VALID_ID}\n李四,13900139000,4500\n王五,13700137000,3000"

    rows, errors = parse_pasted_workers(text)

    assert errors == []
    assert (rows[0].id_number, rows[0].owed_amount) == (VALID_ID, None)
    assert (rows[1].id_number, rows[1].owed_amount) == ("", Decimal("4500.00"))


@pytest.mark.parametrize(
    ("heading", "line"),
    [
        ("金额\t姓名\t身份证号\t手机", f"3000\t张三\t{VALID_ID}\t13800138000"),
        ("欠薪金额（元）,姓名,电话,身份证号码", f"3000,张三,13800138000,{VALID_ID}"),
        ("Amount, Name, Mobile, ID number", f"3000, 张三, 13800138000, {VALID_ID}"),
        ("序号\t姓名\t身份证\t联系电话\t欠薪", f"1\t张三\t{VALID_ID}\t13800138000\t3000"),
    ],
    ids=["chinese", "chinese-with-unit", "english", "row-number-column"],
)
def test_a_heading_line_names_the_columns(heading, line):
    rows, errors = parse_pasted_workers(f"{heading}\n{line}")

    assert errors == []
    assert len(rows) == 1
    assert (rows[0].name, rows[0].phone, rows[0].id_number) == ("张三", "13800138000", VALID_ID)
    assert rows[0].owed_amount == Decimal("3000.00")


def test_an_address_column_by_heading():
    rows, errors = parse_pasted_workers("姓名,地址\n张三,西陵区工棚3号")

    assert errors == []
    assert rows[0].address == "西陵区工棚3号"


def test_a_column_of_amounts_reports_a_bad_amount_as_an_amount():
    text = "张三,13800138000,3000\n李四,13900139000,-100\n王五,13700137000,很多"

    rows, errors = parse_pasted_workers(text)

    assert [row.name for row in rows] == ["张三"]
    by_line = {error.line_number: " ".join(error.messages) for error in errors}
    assert "cannot be negative" in by_line[2]
    assert "amount in yuan as a number" in by_line[3]
    assert "ID number" not in by_line[2] + by_line[3]


def test_a_mistyped_phone_in_the_phone_column_is_not_taken_for_an_amount():
    text = "张三,13800138000\n李四,1390013900\n王五,13700137000"  # line 2: ten digits

    rows, errors = parse_pasted_workers(text)

    assert [row.name for row in rows] == ["张三", "王五"]
    assert errors[0].line_number == 2
    assert "11-digit mobile number" in errors[0].messages[0]


def test_a_cell_that_is_nothing_recognisable_says_so():
    rows, errors = parse_pasted_workers("张三,13800138000,很多")

    assert rows == []
    assert errors[0].messages == [
        'Column 3 ("很多") is not a phone number, an ID number or an amount.'
    ]


def test_two_phones_on_one_line_are_not_a_silent_choice():
    rows, errors = parse_pasted_workers("张三,13800138000,13900139000")

    assert rows == []
    assert "Two cells read as Phone" in errors[0].messages[0]


def test_an_unknown_heading_stops_only_the_lines_with_a_value_under_it():
    text = "姓名\t电话\t备注\n张三\t13800138000\t\n李四\t13900139000\t老乡"

    rows, errors = parse_pasted_workers(text)

    assert [row.name for row in rows] == ["张三"]
    assert [error.line_number for error in errors] == [3]
    assert 'Column 3 ("备注") cannot be read' in errors[0].messages[0]


def test_a_heading_without_a_name_column_is_reported():
    rows, errors = parse_pasted_workers("电话,金额\n13800138000,3000")

    assert rows == []
    assert errors[0].line_number == 1
    assert "no name column" in errors[0].messages[0]


# --- What the page says: counts and line numbers ----------------------------------------


def test_summary_when_all_lines_can_be_added():
    result = read_paste("张三,13800138000\n\n李四,13900139000")

    assert result.summary() == (
        "2 pasted lines read: all will be added when the case is registered."
    )


def test_summary_names_the_lines_to_correct_and_that_nothing_was_added():
    text = "\n".join(["张三,13800138000", "李四,abc", "王五,abc", "赵六,abc", "钱七,13700137000"])

    summary = read_paste(text + "\n孙八,abc").summary()

    assert summary == (
        "6 pasted lines read: 2 ready to add, 4 to correct (lines 2–4, 6). "
        "Nothing has been added: correct or delete those lines first."
    )


def test_summary_when_no_line_can_be_added_never_says_any_were_kept():
    text = "\n".join(f"工人,13800138000,{n}" for n in ("-1", "-2"))

    summary = read_paste(text).summary()

    assert summary == (
        "2 pasted lines read: none can be added until they are corrected (lines 1–2). "
        "Nothing has been added."
    )


def test_summary_in_chinese():
    with translation.override("zh-hans"):
        summary = read_paste("张三,13800138000\n李四,abc\n王五,abc\n赵六,abc").summary()

    assert summary == (
        "已读取粘贴内容4行：1行可以添加，3行需要更正（第2–4行）。尚未添加任何人：请先更正或删除这些行。"
    )


@pytest.mark.parametrize(
    ("numbers", "text"),
    [([3], "3"), ([1, 2, 3], "1–3"), ([7, 2, 3, 4, 9, 10], "2–4, 7, 9–10")],
)
def test_line_ranges(numbers, text):
    assert line_ranges(numbers) == text
