"""Writes of the workspace: bulk take and bulk reassign, saved filters.

A bulk action runs the one-referral service for each ticked row, each in its own
transaction: a row that fails (refused, already taken, not visible) is reported with its
reason and leaves the others alone. An id the user may not see is refused like a missing
one, so a forged id learns nothing and changes nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from complaints.exceptions import CaseNotVisible, DomainError
from complaints.validators import required_text
from config import clock
from dispatch.forms.workspace import filter_query
from dispatch.models import FilterPage, Referral, SavedFilter
from dispatch.selectors.workspace import referrals_visible_to
from dispatch.services import referral_reassign, referral_take

NOT_VISIBLE = _("No such referral, or you may not see it.")


@dataclass
class BulkFailure:
    label: str
    reason: str


@dataclass
class BulkOutcome:
    done: list[Referral] = field(default_factory=list)
    failures: list[BulkFailure] = field(default_factory=list)


def _label(referral: Referral) -> str:
    return f"{referral.case.ticket} · {referral.desk.get_kind_display()}"


def _reason(error: Exception) -> str:
    if isinstance(error, DomainError):
        return str(error.message)
    return " ".join(str(message) for message in error.messages)


def _each(*, referral_ids: Iterable[int], actor, call: Callable) -> BulkOutcome:
    ids = list(dict.fromkeys(referral_ids))
    visible = {
        referral.pk: referral
        for referral in referrals_visible_to(user=actor)
        .filter(pk__in=ids)
        .select_related("case", "desk")
    }
    outcome = BulkOutcome()
    for referral_id in ids:
        referral = visible.get(referral_id)
        if referral is None:
            outcome.failures.append(BulkFailure(f"#{referral_id}", str(NOT_VISIBLE)))
            continue
        try:
            outcome.done.append(call(referral))
        except CaseNotVisible:
            outcome.failures.append(BulkFailure(_label(referral), str(NOT_VISIBLE)))
        except (DomainError, ValidationError) as error:
            outcome.failures.append(BulkFailure(_label(referral), _reason(error)))
    return outcome


def referrals_take(*, referral_ids: Iterable[int], actor) -> BulkOutcome:
    """The actor takes each unassigned referral of their desks (`referral_take` per row)."""
    return _each(
        referral_ids=referral_ids,
        actor=actor,
        call=lambda referral: referral_take(referral=referral, actor=actor),
    )


def referrals_reassign(*, referral_ids: Iterable[int], officer, actor) -> BulkOutcome:
    """A supervisor gives each referral to `officer` (`referral_reassign` per row)."""
    return _each(
        referral_ids=referral_ids,
        actor=actor,
        call=lambda referral: referral_reassign(referral=referral, officer=officer, actor=actor),
    )


@transaction.atomic
def saved_filter_save(*, user, page: str, name: str, query: str) -> SavedFilter:
    """Save the page's current filter under a name; the query is checked by its form."""
    if page not in FilterPage.values:
        raise ValidationError({"page": _("Unknown list page.")})
    name = required_text(name, field="name", message=_("Give the filter a name."))
    cleaned, errors = filter_query(page, query or "", user=user)
    if errors:
        raise ValidationError({"query": _("This filter is not valid; correct it first.")})
    saved = SavedFilter(user=user, page=page, name=name, query=cleaned, created_at=clock.now())
    saved.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            saved.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("You already have a filter with this name here.")}
        ) from None
    return saved


@transaction.atomic
def saved_filter_delete(*, user, saved_filter_id: int) -> None:
    """Delete one of the user's own saved filters; another user's is "not found"."""
    deleted, _rows = SavedFilter.objects.filter(pk=saved_filter_id, user=user).delete()
    if not deleted:
        raise ValidationError(_("No such saved filter."))
