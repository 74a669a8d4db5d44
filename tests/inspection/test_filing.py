"""The filing (立案): the head's acceptance issues the filing approval form (立案审批表) at
once, numbered in the office's own series, and records the filing step as approved."""

from complaints.documents.content import content_hash
from complaints.models import DocumentKind, IssuedDocument
from inspection.models import Step, StepKind, StepStatus


def test_accepting_issues_the_filing_approval_form(filed, officer, inspection_head):
    step = Step.objects.get(case=filed, kind=StepKind.FILING)
    assert step.status == StepStatus.APPROVED and step.decided_by == inspection_head
    document = step.document
    assert document.kind == DocumentKind.FILING
    assert document.number == "west立字〔2026〕第1号"
    assert document.content["title"] == "立案审批表"
    headings = [section["heading"] for section in document.content["sections"]]
    assert headings == ["案情摘要", "承办人意见", "监察机构负责人审批意见"]
    assert document.content_hash == content_hash(document.content)
    assert document.issued_by == inspection_head


def test_a_second_acceptance_does_not_file_twice(filed, inspection_head):
    assert IssuedDocument.objects.filter(case=filed, kind=DocumentKind.FILING).count() == 1
    assert Step.objects.filter(case=filed, kind=StepKind.FILING).count() == 1
