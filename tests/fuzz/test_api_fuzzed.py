"""The API, fuzzed from its own OpenAPI description (schemathesis): every operation, with values that fit
the description and values that do not, as the public and with a member's write token.

Every schemathesis check runs: no answer is a 5xx, every status is one the description lists, every
answer matches its documented schema and content type, valid requests are accepted, invalid ones refused,
unsupported methods answer 405, and an operation that needs a token refuses a request without one.
Examples are few per operation and derandomised, so a run is quick and the same every time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.case import Case

from commoncause.accounts.services import api_token_create
from commoncause.register.models import Organisation
from commoncause.relationships.services import contact_propose
from commoncause.sources.tests.importing import import_source
from config.api import api

POSTCODES = Path(__file__).resolve().parents[2] / "data" / "geo" / "postcodes" / "charity_postcodes.csv"
EXAMPLES = 25  # per operation and phase: enough to find the edges, few enough for a quick run
CONTACT = {
    "name": "Órla McBride",
    "role": "Chief Executive",
    "email": "orla.mcbride@cancer-lifeline.example",
    "phone": "028 9035 1999",
    "is_senior": True,
    "purpose": "leadership",
    "lawful_basis": "legitimate_interests",
}


@pytest.fixture
def _unthrottled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rate limits stay documented (429) but are lifted: the fuzzer calls far faster than anyone."""
    assert isinstance(api.throttle, list)
    for throttle in api.throttle:
        monkeypatch.setattr(throttle, "num_requests", 10**9)


@pytest.fixture
def _connection_kept() -> Iterator[None]:
    """Requests go straight to the WSGI application, which closes the database connection after each (as
    a server should); the test's transaction needs it open, so that is left out, as Django's test client
    leaves it out."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def register(charity: Organisation, member_of_charity: User, test_data_dir: Path) -> None:
    """Real records to find: the Northern Ireland register's sample (Cancer Lifeline, GB-NIC-100002, is
    the example of `{key}`), a funder's real 360Giving file, a contact its member proposed, and the
    postcodes of the demo's organisations (WC2A 2AE is the example of `near`)."""
    import_source("360giving", test_data_dir / "grants" / "alwf-360giving-grants-2021-02.json")
    import_source("postcodes", POSTCODES)
    contact_propose(user=member_of_charity, organisation=charity, values=CONTACT)


@pytest.fixture
def write_token(member_of_charity: User, register: None) -> dict[str, str]:
    """A member of Cancer Lifeline, calling with a write token."""
    _token, secret = api_token_create(user=member_of_charity, name="fuzzing", scope="write")
    return {"Authorization": f"Bearer {secret}"}


# Values each fitting the description may still clash: grants with `min_amount` over `max_amount` are 400.
CLASHES = {"include-path": "/api/v1/grants", "checks": {"positive_data_acceptance": {"expected-statuses": [
    "2xx", "400", "401", "403", "404", "409", "429"
]}}}  # fmt: skip
# A postcode, area or ward that fits the description may still name nothing known: 422 naming it.
UNKNOWN = {"include-path": "/api/v1/organisations", "checks": {"positive_data_acceptance": {
    "expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]
}}}  # fmt: skip
fuzzed = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    get_wsgi_application(),
    config=SchemathesisConfig.from_dict({"operations": [CLASHES, UNKNOWN]}),
)
bounded = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.usefixtures("_unthrottled", "_connection_kept", "register")
@fuzzed.parametrize()
@bounded
def test_the_api_answers_the_public_as_its_description_says(case: Case) -> None:
    case.call_and_validate()


@pytest.mark.usefixtures("_unthrottled", "_connection_kept")
@fuzzed.parametrize()
@bounded
def test_the_api_answers_a_member_with_a_token_as_its_description_says(
    case: Case, write_token: dict[str, str]
) -> None:
    case.call_and_validate(headers=write_token)
