"""The API agrees with its OpenAPI description (issue 19, item 6): schemathesis reads
/api/openapi.json from the live test server, generates requests from it (a fixed budget of
examples per operation, derandomized) and checks every answer against the description: status
codes, content type, response schemas, no server error.

schemathesis's own pytest plugin does not run under pytest 9 yet, so each operation's strategy is
driven by Hypothesis directly (the same generation and the same checks)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.factories import StateFactory, TreatyActionFactory

EXAMPLES = 40


@pytest.fixture
def api_schema(live_server, transactional_db):
    StateFactory(iso3="ADX", name_en="Adexia", region="Africa")
    TreatyActionFactory(state=StateFactory(iso3="NOX", name_en="Noxia", region="Europe"))
    return schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")


def test_the_description_names_every_api_operation(api_schema):
    labels = {result.ok().label for result in api_schema.get_all_operations()}
    assert labels == {"GET /api/status/summary", "GET /api/states", "GET /api/conferences"}


@pytest.mark.parametrize(
    "label", ["GET /api/status/summary", "GET /api/states", "GET /api/conferences"]
)
def test_the_api_agrees_with_its_description(api_schema, label, live_server):
    operation = api_schema.find_operation_by_label(label)

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(base_url=live_server.url)

    check()
