"""The documents the procedure issues on a case (complaints' IssuedDocument), as the
services store them: the content as data (complaints/documents/content.py's structure,
in the document language), its SHA-256, and for the numbered kinds the office's next
gap-free number of the kind and year; the counters are written after the load
(`write_document_counters`) at the last number issued, as accounts' DocumentNumber keeps
them, so the next step numbers on without a collision.

A number is taken in the order the seed generates the cases (registration order), not
in the order of the issue time across cases; per office, kind and year it is gap-free.
"""

from datetime import datetime

from bench.seeding.dates import local_day
from bench.seeding.rows import DocumentRow, OutputRow, copy_json

# The title of each kind as the services issue it (DOCUMENT_LANGUAGE zh-hans).
TITLES = {
    "filing": "立案审批表",
    "inquiry_notice": "询问通知书",
    "inquiry_record": "询问笔录",
    "site_record": "现场检查笔录",
    "rectification": "限期改正指令书",
    "service_proof": "送达回证",
    "handling_decision": "行政处理决定书",
    "penalty_notice": "行政处罚事先告知书",
    "penalty_decision": "行政处罚决定书",
    "transfer_report": "涉嫌犯罪案件移送报告",
    "transfer_letter": "涉嫌犯罪案件移送书",
    "cancellation": "撤销立案审批表",
    "closing": "结案审批表",
}
# The kinds addressed to the party, with the line it signs for the receipt.
RECEIPT = "被送达人签收："
ADDRESSED = ("inquiry_notice", "rectification", "handling_decision", "penalty_notice")
ADDRESSED += ("penalty_decision",)
REMEDIES = (
    "如不服本决定，可在收到本决定书之日起六十日内向{review}申请行政复议（行政复议法第二十条），"
    "或者在六个月内向{court}提起行政诉讼（行政诉讼法第四十六条）。"
)
OPINION = "承办人意见"
APPROVAL = "监察机构负责人审批意见"


def content_hash(data: dict) -> str:
    """complaints.documents.content.content_hash, imported late (Django is set up then)."""
    from complaints.documents.content import content_hash as digest

    return digest(data)


class DocumentWriter:
    """Issues the procedure's documents of the cases being generated into `out`."""

    def __init__(self, ctx, rng, out, pools):
        from accounts.models import DocumentNumber
        from accounts.services import document_number_format

        self.ctx, self.rng, self.out, self.pools = ctx, rng, out, pools
        self.words, self.format = DocumentNumber.KIND_WORDS, document_number_format
        self.counters: dict[tuple[int, str, int], int] = {}  # (office, kind, year) -> last
        self.outputs = 0

    def number(self, office, kind: str, at: datetime) -> str:
        """The office's next number of the kind in the year of `at` (as document_issue
        takes it: the year of the UTC moment), or "" for an unnumbered kind."""
        if kind not in self.words:
            return ""
        key = (office.pk, kind, at.year)
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.format(office=office, kind=kind, year=at.year, number=self.counters[key])

    def facts(self, case) -> list[list[str]]:
        facts = [["案件编号", case.ticket]]
        if case.employer_id:
            employer = self.pools.employers[case.employer_id - 1]
            facts += [["用人单位", employer["name"]], ["统一社会信用代码", employer["credit_code"]]]
        if case.site:
            facts.append(["工地或项目", case.site])
        return facts

    def issue(self, case, *, kind: str, at: datetime, actor, signers=(), sections=()) -> tuple:
        """Write one document of `case` issued by `actor` at `at`, with `sections` as
        (heading, [paragraphs]) or (heading, [paragraphs], table); returns (its id, its
        number)."""
        office = case.office
        number = self.number(office, kind, at)
        addressed = kind in ADDRESSED
        data = {
            "title": TITLES[kind],
            "acting_body": office.acting_body_name,
            "date": local_day(at).isoformat(),
            "number": number,
            "addressee": self.addressee(case) if addressed else "",
            "facts": self.facts(case),
            "sections": [
                {"heading": part[0], "paragraphs": list(part[1]), "table": (part[2:] or [None])[0]}
                for part in sections
            ],
            "signers": [
                {"name": u.display_name, "card": u.inspection_card_number} for u in signers
            ],
            "sealed": kind not in ("inquiry_record", "site_record"),
            "receipt_line": RECEIPT if addressed else "",
        }
        if kind in ("handling_decision", "penalty_decision"):
            data["sections"].append(
                {"heading": "救济途径", "paragraphs": [self.remedies(office)], "table": None}
            )
        document_id = self.out.new_id(DocumentRow)
        row = DocumentRow(
            id=document_id,
            kind=kind,
            number=number,
            title=data["title"],
            content=copy_json(data),
            content_hash=content_hash(data),
            issued_at=at,
            case_id=case.id,
            issued_by_id=actor.pk,
            office_id=office.pk,
        )
        self.out.add(row)
        self.out.summary.documents += 1
        if self.rng.random() < 0.6:  # printed for the file when issued
            self.out.add(
                OutputRow(
                    id=self.out.new_id(OutputRow),
                    format="a4",
                    is_copy=False,
                    made_at=at,
                    made_by_id=actor.pk,
                    document_id=document_id,
                )
            )
        return document_id, number

    def addressee(self, case) -> str:
        if case.employer_id:
            return self.pools.employers[case.employer_id - 1]["name"]
        return case.contractor or "用人单位"

    @staticmethod
    def remedies(office) -> str:
        return REMEDIES.format(
            review=office.review_body or "上一级机关", court=office.court or "人民法院"
        )


def write_document_counters(cursor, counters: dict) -> None:
    """accounts' DocumentNumber at the last number the seed issued per office, kind and
    year (the seed's documents replaced every earlier one)."""
    cursor.execute("DELETE FROM accounts_documentnumber")
    rows = [(office, kind, year, last) for (office, kind, year), last in counters.items()]
    if rows:
        cursor.executemany(
            "INSERT INTO accounts_documentnumber (office_id, kind, year, last) "
            "VALUES (%s, %s, %s, %s)",
            rows,
        )
