"""Credit consequences in the REST API: a case's proposals, the inspector's proposal and the
head's decision (inspection/services/credit.py).

The same services as the pages (inspection/views/credit.py), so the same refusals: a role
that may not act answers 403, a state that does not allow it (no served order unpaid, a
proposal already decided) 409, each with its translated message in the API's error body
(complaints/api/errors.py). Who proposed and who decided is given by role only: the API's
clients (platforms, dashboards) have no need of an official's name.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.roles import Role
from complaints.api.base import ApiView, case_for
from complaints.api.fields import StrictCharField, StrictIntegerField, StrictSerializer
from complaints.api.idempotency import idempotent
from complaints.api.schema import IDEMPOTENCY_KEY, TICKET, errors
from complaints.exceptions import ActionNotPermitted, CaseNotVisible
from complaints.models import IssuedDocument
from inspection.credit_selectors import case_credit_proposals
from inspection.models import CreditMeasure, CreditProposal, CreditStatus
from inspection.services import credit

# A database integer: a larger id names nothing (and must not reach the query).
MAX_ID = 2**63 - 1
PROPOSAL_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="The proposal's id, as the list gives it."
)


def roles_of(user) -> list[str]:
    """The user's roles, in the order of accounts.roles.Role; none for no user."""
    if user is None:
        return []
    return [value for value, _label in Role.choices if value in user.role_names]


class CreditProposalSerializer(serializers.Serializer):
    """A proposed credit consequence and, once taken, the head's decision."""

    id = serializers.IntegerField()
    measure = serializers.ChoiceField(choices=CreditMeasure.choices)
    status = serializers.ChoiceField(choices=CreditStatus.choices)
    employer = serializers.CharField(source="employer.name")
    basis = serializers.CharField(
        source="basis.number", help_text="The served order or decision not complied with."
    )
    proposed_at = serializers.DateTimeField()
    proposed_by_roles = serializers.SerializerMethodField(
        help_text="The roles of who proposed it (accounts.roles.Role codes), never a name."
    )
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by_roles = serializers.SerializerMethodField(
        help_text="The roles of who decided it; empty while it awaits the head."
    )

    def get_proposed_by_roles(self, proposal) -> list[str]:
        return roles_of(proposal.proposed_by)

    def get_decided_by_roles(self, proposal) -> list[str]:
        return roles_of(proposal.decided_by)


class CreditProposeSerializer(StrictSerializer):
    measure = serializers.ChoiceField(choices=CreditMeasure.choices)
    basis = StrictIntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text="The id of the case's served order or decision the employer did not "
        "comply with (an issued document of the case).",
    )
    grounds = StrictCharField(max_length=8000)


class CreditDecideSerializer(StrictSerializer):
    decision = serializers.ChoiceField(choices=[("approve", "approve"), ("refuse", "refuse")])
    note = StrictCharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        help_text="The head's reasons; required to refuse.",
    )


class CaseCreditProposalsView(ApiView):
    """The case's credit consequences, newest first; POST proposes one to the head."""

    @extend_schema(
        parameters=[TICKET],
        responses={200: CreditProposalSerializer(many=True), **errors(404)},
    )
    def get(self, request, ticket):
        case = case_for(request, ticket)
        return Response(CreditProposalSerializer(case_credit_proposals(case), many=True).data)

    @extend_schema(
        parameters=[TICKET, IDEMPOTENCY_KEY],
        request=CreditProposeSerializer,
        responses={201: CreditProposalSerializer, **errors(400, 403, 404, 409, 422)},
    )
    @idempotent
    def post(self, request, ticket):
        case = case_for(request, ticket)
        serializer = CreditProposeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # Another case's document, or none: the service names the basis to choose.
        basis = IssuedDocument.objects.filter(case=case, pk=data["basis"]).first()
        proposal = credit.credit_propose(
            case=case,
            actor=request.user,
            measure=data["measure"],
            basis=basis,
            grounds=data["grounds"],
        )
        return Response(CreditProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class CreditDecideView(ApiView):
    """The head of the inspection body approves or refuses a proposal of the case."""

    @extend_schema(
        parameters=[TICKET, PROPOSAL_ID, IDEMPOTENCY_KEY],
        request=CreditDecideSerializer,
        responses={200: CreditProposalSerializer, **errors(400, 403, 404, 409, 422)},
    )
    @idempotent
    def post(self, request, ticket, pk):
        case = case_for(request, ticket)
        if not request.user.has_role(Role.INSPECTION_HEAD):
            raise ActionNotPermitted(_("Only the head of the inspection body can decide this."))
        proposal = CreditProposal.objects.filter(case=case, pk=pk).first() if pk <= MAX_ID else None
        if proposal is None:
            raise CaseNotVisible(_("No such proposal on this case."))
        serializer = CreditDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = serializer.validated_data.get("note", "")
        if serializer.validated_data["decision"] == "approve":
            decided = credit.credit_approve(proposal=proposal, actor=request.user, note=note)
        else:
            decided = credit.credit_refuse(proposal=proposal, actor=request.user, note=note)
        return Response(CreditProposalSerializer(decided).data)
