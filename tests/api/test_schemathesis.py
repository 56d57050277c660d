"""Schemathesis over the whole OpenAPI schema: generated requests never get a 5xx or an answer the schema denies.

The schema is generated from the code at collection time, so every endpoint that exists (review,
export, whatever comes) is walked. Requests go to the WSGI app in this process, as the project's
manager with a token, with the path ids of real objects (random ids would stop at the 404 of the
project lookup). Examples per operation are bounded (SCHEMATHESIS_EXAMPLES, default 6) so that the
run stays around a minute; `SCHEMATHESIS_EXAMPLES=200 pytest tests/api/test_schemathesis.py` digs deeper.
Every error must also be JSON with `detail` (issue 17: no HTML page and no body without a reason).
"""

import json
import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api.test_permission_matrix import ids  # noqa: F401  (the fixture: real ids of this project's objects)

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "6"))

raw = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
schema = schemathesis.openapi.from_dict(raw)
schema.app = get_wsgi_application()

# Which path ids name which object, by the path segment before them.
RESOURCE = {"sources": "sources", "sentences": "sentences", "actors": "actors", "annotations": "annotations",
            "members": "members", "imports": "imports", "actor-jobs": "actor-jobs", "models": "models",
            "runs": None}


@schemathesis.check
def errors_are_json_with_detail(ctx, response, case):
    """A refusal says why, in JSON: `detail` (issue 17)."""
    if response.status_code >= 400:
        body = json.loads(response.content)  # raises, and so fails, on an HTML page
        assert isinstance(body, dict) and "detail" in body, f"no detail in {response.status_code} {body!r:.200}"


@pytest.fixture
def connection_kept():
    """As Django's test client does: the test's connection (and its transaction) outlives each request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def real_ids(case, ids: dict) -> None:  # noqa: F811
    if "project_pk" in case.path_parameters:
        case.path_parameters["project_pk"] = ids["project"]
        resource = case.path.split("{project_pk}/", 1)[1].split("/{", 1)[0]
        for name in ("id", "user"):
            if name in case.path_parameters and resource in ids:
                case.path_parameters[name] = ids[resource]
    elif "id" in case.path_parameters:
        case.path_parameters["id"] = ids["project"]


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_5xx_or_breaks_the_schema(case, ids, manager, connection_kept):  # noqa: F811
    real_ids(case, ids)
    token, _ = Token.objects.get_or_create(user=manager)
    case.call_and_validate(headers={"Authorization": f"Token {token.key}"},
                           checks=[not_a_server_error, response_schema_conformance, errors_are_json_with_detail])
