"""Property-based: whatever JSON arrives, the API answers 2xx or a JSON error, never a 500."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

KEYS = st.sampled_from(
    [
        "description",
        "complainants",
        "channel",
        "external_ref",
        "category",
        "employer",
        "amount_claimed",
        "workers_affected",
        "name",
        "phone",
        "id_number",
        "owed_amount",
        "reason",
        "outcome",
        "to_office",
        "target",
        "x",
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=15,
)
BODIES = st.dictionaries(KEYS, JSON, max_size=6) | JSON
PATHS = st.sampled_from(
    [
        "/api/v1/cases/",
        "/api/v1/consultations/",
        "/api/v1/cases/{ticket}/complainants/",
        "/api/v1/cases/{ticket}/close/",
        "/api/v1/cases/{ticket}/transfer/",
        "/api/v1/cases/{ticket}/merge/",
        "/api/v1/cases/{ticket}/not-accept/",
    ]
)


@settings(
    max_examples=80,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=PATHS, body=BODIES)
def test_no_body_makes_a_server_error(path, body, api_client, supervisor, register_case):
    case = register_case()
    response = api_client(supervisor).post(path.format(ticket=case.ticket), body, format="json")
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"] and error["message"]
