"""The violation categories of a case: complained of (at intake, corrected later) and found.

What the worker complains of is set by who registers or handles the case (the same people
who correct its other data: `may_edit_dimensions`); what the inspection found (查实) is
marked only by who may work the case's inspection. The inspection app, above complaints,
says who that is by registering a check here from its `AppConfig.ready()`
(`register_finder_check`); supervisors and the head of the inspection body always may.

New rows take active categories only; a retired category stays on the cases that named it.
A row neither complained of nor found is removed (the table admits no such row).
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import Case, CaseViolation, Category, EventKind, ViolationCategory
from complaints.selectors.visibility import case_lock_for
from complaints.services.dimensions import may_edit_dimensions
from config import clock

# The category a wage-arrears case names when the intake chose none.
WAGE_ARREARS_DEFAULT = "wages_unpaid"
FINDING_ROLES = (Role.SUPERVISOR, Role.INSPECTION_HEAD)

# fn(case=..., user=...) -> bool, registered by the app that runs the inspection.
_finder_checks: dict[str, Callable[..., bool]] = {}


def register_finder_check(check: Callable[..., bool]) -> None:
    """Let `check(case=..., user=...)` allow more users to mark findings (its inspector);
    registering the same function again replaces it."""
    _finder_checks[f"{check.__module__}.{check.__qualname__}"] = check


def may_record_findings(*, case: Case, user) -> bool:
    """Whether `user` may mark what the inspection found on `case` (the service checks again)."""
    if not case.is_open and not user.has_role(Role.SUPERVISOR):
        return False
    if user.has_role(*FINDING_ROLES):
        return True
    return any(check(case=case, user=user) for check in _finder_checks.values())


def categories_by_code(codes: Iterable[str], *, field: str = "violations") -> list:
    """The active categories of `codes`; ValidationError naming the unknown or retired ones."""
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return []
    found = {c.code: c for c in ViolationCategory.objects.filter(code__in=wanted, is_active=True)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ValidationError(
            {
                field: _("Unknown violation category: %(codes)s.")
                % {"codes": ", ".join(str(code) for code in unknown)}
            }
        )
    return [found[code] for code in wanted]


def registration_categories(*, category: str, codes: Iterable[str]) -> list:
    """The categories an intake names: those chosen, or "wages_unpaid" for a wage-arrears
    case that chose none (checked before anything is written)."""
    chosen = categories_by_code(codes)
    if chosen or category != Category.WAGE_ARREARS:
        return chosen
    return list(ViolationCategory.objects.filter(code=WAGE_ARREARS_DEFAULT, is_active=True))


def violations_register(*, case: Case, categories: list) -> None:
    """Name the intake's categories on the new case, complained of (part of the registration:
    its "registered" event tells of it)."""
    CaseViolation.objects.bulk_create(
        CaseViolation(case=case, category=category, complained=True) for category in categories
    )


def _check_permissions(*, case: Case, actor, complained_changes: bool, found_changes: bool):
    if complained_changes and not may_edit_dimensions(case=case, user=actor):
        if not actor.has_role(Role.WINDOW, Role.INSPECTOR, Role.SUPERVISOR):
            raise ActionNotPermitted()
        raise InvalidTransition(_("Only a supervisor may change the data of an ended case."))
    if found_changes and not may_record_findings(case=case, user=actor):
        raise ActionNotPermitted(
            _("Only the inspector of this case, a supervisor or the head can mark findings.")
        )


@transaction.atomic
def case_set_violations(
    *, case: Case, actor, complained: Iterable[str], found: Iterable[str]
) -> list[dict]:
    """Make the case name exactly the categories `complained` (codes) as complained of and
    `found` as found. Returns what changed, recorded as one VIOLATIONS_RECORDED event
    (nothing when nothing changed). An unknown code, or a retired one the case does not
    name already, is refused with nothing changed."""
    complained, found = set(complained), set(found)
    locked = case_lock_for(user=actor, case_id=case.pk)
    rows = {
        row.category.code: row
        for row in CaseViolation.objects.filter(case=locked).select_related("category")
    }
    new_codes = (complained | found) - set(rows)
    categories = {c.code: c for c in categories_by_code(sorted(new_codes))}
    categories.update({code: row.category for code, row in rows.items()})
    in_order = sorted(categories.values(), key=lambda c: (c.ordering, c.code))
    changes = []
    for category in in_order:
        row = rows.get(category.code)
        before = (row.complained, row.found) if row else (False, False)
        after = (category.code in complained, category.code in found)
        if before != after:
            changes.append({"row": row, "category": category, "before": before, "after": after})
    _check_permissions(
        case=locked,
        actor=actor,
        complained_changes=any(c["before"][0] != c["after"][0] for c in changes),
        found_changes=any(c["before"][1] != c["after"][1] for c in changes),
    )
    if not changes:
        return []
    for change in changes:
        _apply(locked, actor, change)
    summary = [_summary_row(change) for change in changes]
    events.record(
        case=locked,
        kind=EventKind.VIOLATIONS_RECORDED,
        actor=actor,
        payload={"violations": summary, **_sentences(changes)},
    )
    return summary


def _apply(case: Case, actor, change: dict) -> None:
    complained, found = change["after"]
    row = change["row"] or CaseViolation(case=case, category=change["category"])
    if not (complained or found):
        row.delete()
        return
    if found and not row.found:
        row.found_by, row.found_at = actor, clock.now()
    elif not found:
        row.found_by, row.found_at = None, None
    row.complained, row.found = complained, found
    row.save()


def _summary_row(change: dict) -> dict:
    complained, found = change["after"]
    return {"code": change["category"].code, "complained": complained, "found": found}


def _sentences(changes: list[dict]) -> dict:
    """What changed, in both languages, for the timeline (complaints/events.py)."""
    sentences = {}
    for code, language, colon, separator in (
        ("en", "en", ": ", "; "),
        ("zh", "zh-hans", "：", "；"),
    ):
        with translation.override(language):
            parts = [f"{change['category']}{colon}{_state(*change['after'])}" for change in changes]
        sentences[f"violations_{code}"] = separator.join(parts)
    return sentences


def _state(complained: bool, found: bool) -> str:
    if complained and found:
        return str(_("complained of and found"))
    if found:
        return str(_("found"))
    if complained:
        return str(_("complained of"))
    return str(_("removed"))
