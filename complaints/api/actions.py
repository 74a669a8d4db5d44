"""One input serializer per workflow action, and the service each one calls.

The API twin of complaints/forms/actions.py: same fields, same services, so the
permission and state checks (complaints/workflow.py, run again by every service on the
locked row) are the pages' own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Office
from complaints import services
from complaints.api.fields import AmountField, StrictCharField, StrictSerializer
from complaints.dates import day_in_range
from complaints.models import Case, FollowupMethod, Outcome, OutcomeStage, Route, Satisfaction
from complaints.selectors.outcomes import outcomes_for_stage
from complaints.selectors.visibility import cases_visible_to_api
from complaints.services.acceptance import NOT_ACCEPTED_OUTCOMES

TEXT_MAX = 2000


def _reason(required: bool = True) -> StrictCharField:
    return StrictCharField(max_length=TEXT_MAX, required=required, allow_blank=not required)


class BoundedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id: a JSON integer or a string of digits, and nothing else (a 400).

    DRF itself takes 1.5 for id 1, and 1e400 (infinity) overflows int(): a 500. An id
    beyond a database integer is "no such object", not an overflow either.
    """

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        text = str(data).strip()
        digits = text[1:] if text[:1] in ("+", "-") else text
        if not (digits.isascii() and digits.isdecimal()):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if len(text) > 20 or not 0 < int(text) < 2**63:
            self.fail("does_not_exist", pk_value=text[:20])
        return super().to_internal_value(int(text))


class AcceptInputSerializer(StrictSerializer):
    note = _reason(required=False)


class ResolveInputSerializer(StrictSerializer):
    note = _reason(required=False)


class StartInputSerializer(StrictSerializer):
    """No fields: the body is {} (or empty)."""


class ReasonInputSerializer(StrictSerializer):
    reason = _reason()


class NotAcceptInputSerializer(StrictSerializer):
    reason = _reason()
    ground = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Outcome.objects.filter(code__in=NOT_ACCEPTED_OUTCOMES, is_active=True),
        help_text="Outcome code of the ground: not_accepted_time_limit (more than two years "
        "ago) or not_accepted_not_labor (not a matter for inspection; name the route).",
    )
    route = serializers.ChoiceField(
        choices=Route.choices,
        required=False,
        help_text="Where a matter that is not for inspection goes: arbitration or court.",
    )


class CloseInputSerializer(StrictSerializer):
    outcome = serializers.SlugRelatedField(
        slug_field="code",
        queryset=outcomes_for_stage(OutcomeStage.FILED),
        help_text="Outcome code of a filed case, e.g. paid_in_full (not a ground for not "
        "accepting).",
    )
    outcome_amount = AmountField()
    followup_at = serializers.DateTimeField(validators=[day_in_range])  # no year-0 UTC
    followup_method = serializers.ChoiceField(choices=FollowupMethod.choices)
    followup_result = _reason()
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)


class MergeInputSerializer(StrictSerializer):
    target = StrictCharField(max_length=30, help_text="Ticket of the case to merge into.")
    reason = _reason(required=False)


class TransferInputSerializer(StrictSerializer):
    to_office = BoundedPrimaryKeyField(queryset=Office.objects.all())
    reason = _reason()


def _merge(*, case: Case, actor, data: dict) -> Case:
    ticket = data["target"].strip().upper()
    target = cases_visible_to_api(user=actor).filter(ticket=ticket).first()
    if target is None:
        raise ValidationError(
            {"target": _("No case %(ticket)s that you may see.") % {"ticket": ticket}}
        )
    return services.case_merge(case=case, actor=actor, target=target, reason=data.get("reason", ""))


def _with(service) -> Callable[..., Case]:
    """Call `service` with the case, the actor and the validated fields as keywords."""

    def perform(*, case: Case, actor, data: dict) -> Case:
        return service(case=case, actor=actor, **data)

    return perform


@dataclass(frozen=True)
class ApiAction:
    action: str  # the key in complaints.workflow.ALLOWED_TRANSITIONS
    serializer: type[serializers.Serializer]
    perform: Callable[..., Case]
    summary: str


ACTIONS: dict[str, ApiAction] = {
    item.action: item
    for item in (
        ApiAction("accept", AcceptInputSerializer, _with(services.case_accept),
                  "Accept (file) a registered case (head of the inspection body)."),
        ApiAction("not_accept", NotAcceptInputSerializer, _with(services.case_not_accept),
                  "Do not accept a registered case (head of the inspection body), with the "
                  "written notice."),
        ApiAction("start", StartInputSerializer, _with(services.case_start),
                  "Start work on an accepted case."),
        ApiAction("resolve", ResolveInputSerializer, _with(services.case_resolve),
                  "Mark a case in progress as resolved."),
        ApiAction("reopen", ReasonInputSerializer, _with(services.case_reopen),
                  "Reopen a resolved case."),
        ApiAction("close", CloseInputSerializer, _with(services.case_close),
                  "Close a resolved case with its outcome and the follow-up."),
        ApiAction("reopen_closed", ReasonInputSerializer, _with(services.case_reopen_closed),
                  "Reopen a closed case (supervisor)."),
        ApiAction("withdraw", ReasonInputSerializer, _with(services.case_withdraw),
                  "Record that the complainant withdrew a case not yet filed."),
        ApiAction("request_withdrawal", ReasonInputSerializer,
                  _with(services.case_request_withdrawal),
                  "Record the complainant's request to withdraw a filed case, in their words."),
        ApiAction("cancel_filing", ReasonInputSerializer, _with(services.case_cancel_filing),
                  "Cancel the filing on the complainant's withdrawal request (head of the "
                  "inspection body): the case ends."),
        ApiAction("continue_ex_officio", ReasonInputSerializer,
                  _with(services.case_continue_ex_officio),
                  "Decide that a filed case continues ex officio despite the withdrawal "
                  "request (head of the inspection body)."),
        ApiAction("merge", MergeInputSerializer, _merge,
                  "Merge this case into another one that is still being worked on."),
        ApiAction("transfer", TransferInputSerializer, _with(services.case_transfer),
                  "Make another office responsible for the case."),
    )
}  # fmt: skip
