"""Writes on accounts' own data: the offices' document numbers (文号)."""

from django.db import transaction

from accounts.models import DocumentNumber, Office


def document_number_format(*, office: Office, kind: str, year: int, number: int) -> str:
    """西人社监不受字〔2026〕第3号: the office's prefix (its code when it has none), the
    kind's word, the year and the number."""
    prefix = office.document_prefix or office.code
    return f"{prefix}{DocumentNumber.KIND_WORDS[kind]}字〔{year}〕第{number}号"


@transaction.atomic
def document_number_take(*, office: Office, kind: str, year: int) -> str:
    """Issue the next gap-free number of `kind` for `office` in `year`.

    The counter row stays locked until the caller's transaction commits; a rollback
    returns the number.
    """
    if kind not in DocumentNumber.KIND_WORDS:
        raise ValueError(f"unknown document kind {kind!r}")
    counter, _ = DocumentNumber.objects.select_for_update().get_or_create(
        office=office, kind=kind, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return document_number_format(office=office, kind=kind, year=year, number=counter.last)
