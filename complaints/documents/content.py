"""What an issued document says, as data: the one structure both its A4 page
(templates/documents/document.html) and its Word file (complaints/documents/docx.py) are
drawn from. It is built once, when the document is issued, and stored as issued.

    {
      "title": "限期改正指令书",
      "acting_body": "西安市雁塔区人力资源和社会保障局",  # the office's legal name
      "number": "雁人社监限改字〔2026〕第3号",          # "" for the unnumbered kinds
      "addressee": "某建筑公司",                        # "" when addressed to no one
      "facts": [["案件编号", "SW-2026-000123"], ...],   # label, value
      "sections": [
        {"heading": "...", "paragraphs": ["...", ...],
         "table": {"columns": [...], "rows": [[...], ...], "footer": [...]} or None},
      ],
      "signers": [{"name": "...", "card": "..."}],     # the inspectors, with card numbers
      "date": "2026-12-07",
      "sealed": true,                                  # the acting body's seal goes here
      "receipt_line": "被责令单位签收：",               # "" when nothing is signed for
    }

Every text is final (already translated into the document language, settings
DOCUMENT_LANGUAGE), so a later change of wording or language never changes what was issued.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils import translation


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    footer: list[str] = field(default_factory=list)


@dataclass
class Section:
    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None


@dataclass
class Signer:
    name: str
    card: str = ""


@dataclass
class DocumentContent:
    title: str
    acting_body: str
    date: str
    number: str = ""
    addressee: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    signers: list[Signer] = field(default_factory=list)
    sealed: bool = True
    receipt_line: str = ""

    def as_data(self) -> dict:
        """Plain JSON-ready data, every lazy translation resolved to its text."""
        return json.loads(json.dumps(asdict(self), ensure_ascii=False, default=str))


def content_hash(data: dict) -> str:
    """SHA-256 of the content in a canonical form (sorted keys, no spaces)."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def document_language():
    """The language documents are written in, whatever the user's page language."""
    return translation.override(settings.DOCUMENT_LANGUAGE)
