"""One endpoint per workflow action: POST cases/{ticket}/{action}/.

Input serializer -> service -> the case's output serializer (docs/conventions.md). The
services check the role and the state again on the locked row; a refusal answers 403
(role) or 409 (state), a case the user may not see 404.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from complaints.api.actions import ACTIONS, ApiAction
from complaints.api.base import ApiView, case_for
from complaints.api.idempotency import idempotent
from complaints.api.schema import IDEMPOTENCY_KEY, TICKET, errors
from complaints.api.serializers import CaseSerializer, action_slug
from complaints.api.views_cases import case_data


class CaseActionView(ApiView):
    api_action: ApiAction

    @idempotent
    def post(self, request, ticket):
        case = case_for(request, ticket)
        serializer = self.api_action.serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        updated = self.api_action.perform(case=case, actor=request.user, data=data)
        return Response(case_data(request, updated))


def _view_for(api_action: ApiAction) -> type[CaseActionView]:
    name = "".join(part.title() for part in api_action.action.split("_"))
    view = type(
        f"Case{name}View",
        (CaseActionView,),
        {"api_action": api_action, "__doc__": api_action.summary, "__module__": __name__},
    )
    schema = extend_schema(
        operation_id=f"v1_cases_{api_action.action}",
        summary=api_action.summary,
        parameters=[TICKET, IDEMPOTENCY_KEY],
        request=api_action.serializer,
        responses={200: CaseSerializer, **errors(400, 403, 404, 409, 422)},
    )
    return extend_schema_view(post=schema)(view)


# URL slug ("not-accept") -> view class, in the order of the workflow table.
ACTION_VIEWS: dict[str, type[CaseActionView]] = {
    action_slug(action): _view_for(api_action) for action, api_action in ACTIONS.items()
}
