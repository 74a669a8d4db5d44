"""Writes on accounts' own data: the offices' document numbers (文号) and duty rosters (值班)."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.duty import local, may_be_on_duty_for
from accounts.models import DocumentNumber, DutyShift, Office, User
from accounts.roles import ROSTER_ROLES, Role
from config import clock


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


def may_keep_roster(user: User, office: Office) -> bool:
    """An office's supervisors and heads keep its roster; administrators every office's."""
    if user.is_superuser or user.has_role(Role.ADMINISTRATOR):
        return True
    return user.has_role(*ROSTER_ROLES) and user.office_id == office.pk


@transaction.atomic
def duty_shift_add(
    *, actor: User, office: Office, user: User, starts_at: datetime, ends_at: datetime, note=""
) -> DutyShift:
    """Put `user` on duty for `office` from `starts_at` to `ends_at`.

    Refused (ValidationError, nothing written): an end not after the start, a shift already
    over, an officer who is inactive or of another office (not the office or one below it),
    or one already on duty for part of the time. The officer's row is locked first, so two
    overlapping shifts added at once cannot both pass the check.
    """
    if not may_keep_roster(actor, office):
        raise PermissionDenied
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A shift ends after it starts.")})
    if ends_at <= clock.now():
        raise ValidationError({"ends_at": _("This shift is already over.")})
    officer = User.objects.select_for_update(of=("self",)).select_related("office").get(pk=user.pk)
    if not officer.is_active or not may_be_on_duty_for(officer, office):
        raise ValidationError({"user": _("Only an active officer of this office can be on duty.")})
    overlapping = DutyShift.objects.filter(
        user=officer, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).first()
    if overlapping is not None:
        raise ValidationError(
            _("%(officer)s is already on duty from %(start)s to %(end)s.")
            % {
                "officer": officer.display_name,
                "start": f"{local(overlapping.starts_at):%Y-%m-%d %H:%M}",
                "end": f"{local(overlapping.ends_at):%Y-%m-%d %H:%M}",
            }
        )
    shift = DutyShift(
        office=office, user=officer, starts_at=starts_at, ends_at=ends_at, note=note.strip()
    )
    shift.full_clean()
    shift.save()
    return shift


@transaction.atomic
def duty_shift_remove(*, actor: User, shift_id: int, office: Office) -> None:
    """Take a shift off the office's roster; a shift already over stays on the record."""
    if not may_keep_roster(actor, office):
        raise PermissionDenied
    shift = DutyShift.objects.select_for_update().filter(pk=shift_id, office=office).first()
    if shift is None:
        raise ValidationError(_("This shift is not on the office's roster."))
    if shift.ends_at <= clock.now():
        raise ValidationError(_("A shift that is over stays on the record."))
    shift.delete()
