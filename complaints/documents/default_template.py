"""The shipped Word template (default.docx): one generic layout that serves every kind.

Built with python-docx by `manage.py document_template_default --out PATH` and committed as
complaints/documents/default.docx, so rendering never builds it. The administrator
downloads it from the document templates' admin page, edits it in Word and uploads it for a
kind. Its fixed words are in the language of documents (settings.DOCUMENT_LANGUAGE); the
placeholders are those of complaints/documents/docx.py `PLACEHOLDERS`.

The layout follows the paper of official documents (GB/T 9704-2012 党政机关公文格式): A4,
top margin 37 mm, binding side 28 mm; the acting body and the title centred, the number
on the right, body text indented by two characters.
"""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from complaints.documents.content import document_language

FONT = "SimSun"  # 宋体: on every Chinese Windows and in LibreOffice's replacements
BODY_SIZE = Pt(14)  # 四号
RED = RGBColor(0xC0, 0x00, 0x00)
CENTER, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _line(document, text: str, *, align=None, size=None, bold=False, color=None, indent=False):
    """One paragraph of one run: docxtpl needs each placeholder inside a single run."""
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
    run = paragraph.add_run(text)
    run.bold = bold
    if size is not None:
        run.font.size = size
    if color is not None:
        run.font.color.rgb = color
    return paragraph


def _tag(document, tag: str) -> None:
    """A paragraph holding only a docxtpl tag ({%p ... %}): it disappears when rendered."""
    document.add_paragraph(tag)


def _cell_loop_row(table, row: int, items: str, *, bold: bool = False) -> None:
    """A row whose middle cell repeats for each of `items` ({%tc for %} in the outer cells)."""
    cells = table.rows[row].cells
    cells[0].text = f"{{%tc for cell in {items} %}}"
    cells[1].text = "{{ cell }}"
    cells[1].paragraphs[0].runs[0].bold = bold
    cells[2].text = "{%tc endfor %}"


def _table(document) -> None:
    """A section's table: as many columns as it has, its rows, its footer (a total)."""
    table = document.add_table(rows=7, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_loop_row(table, 0, "section.table.columns", bold=True)
    table.rows[1].cells[0].text = "{%tr for row in section.table.rows %}"
    _cell_loop_row(table, 2, "row")
    table.rows[3].cells[0].text = "{%tr endfor %}"
    table.rows[4].cells[0].text = "{%tr if section.table.footer %}"
    _cell_loop_row(table, 5, "section.table.footer", bold=True)
    table.rows[6].cells[0].text = "{%tr endif %}"
    # No fixed cell widths: the columns share the grid, however many a table has.
    for cell in table._cells:
        properties = cell._tc.tcPr
        if properties is not None and properties.tcW is not None:
            properties.remove(properties.tcW)


def _sections(document) -> None:
    _tag(document, "{%p for section in sections %}")
    _tag(document, "{%p if section.heading %}")
    _line(document, "{{ section.heading }}", bold=True)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p for paragraph in section.paragraphs %}")
    _line(document, "{{ paragraph }}", indent=True)
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if section.table %}")
    _table(document)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")


def _head(document) -> None:
    _tag(document, "{%p if is_copy %}")
    _line(document, "{{ copy_mark }}", align=RIGHT, size=Pt(26), bold=True, color=RED)
    _tag(document, "{%p endif %}")
    _line(document, "{{ acting_body }}", align=CENTER, size=Pt(16), bold=True)
    _line(document, "{{ title }}", align=CENTER, size=Pt(22), bold=True)
    _tag(document, "{%p if number %}")
    _line(document, "{{ number }}", align=RIGHT)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if correction_line %}")
    _line(document, "{{ correction_line }}", bold=True)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if addressee %}")
    colon = pgettext("after the addressee", ":")
    _line(document, "{{ addressee }}" + colon)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p for fact in facts %}")
    separator = pgettext("between a label and its value", ": ")
    _line(document, "{{ fact.label }}" + separator + "{{ fact.value }}")
    _tag(document, "{%p endfor %}")


def _signature(document) -> None:
    _tag(document, "{%p for signer in signers %}")
    signer = _("Inspector: %(name)s  Inspection card number: %(card)s") % {
        "name": "{{ signer.name }}",
        "card": "{{ signer.card }}",
    }
    _line(document, signer)
    _tag(document, "{%p endfor %}")
    _line(document, "{{ seal_name }}{{ seal }}", align=RIGHT)
    _line(document, "{{ date }}", align=RIGHT)
    _tag(document, "{%p if receipt_line %}")
    _line(document, "{{ receipt_line }}____________")
    _tag(document, "{%p endif %}")


def build_default_template() -> bytes:
    """The default template's .docx bytes."""
    document = Document()
    _page(document)
    with document_language():
        _head(document)
        _sections(document)
        _signature(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
