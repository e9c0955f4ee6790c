"""The OpenAPI schema: it generates without a warning, it is served with its docs from this site alone,
and the live server keeps to it (schemathesis: no 5xx, every answer as the schema says)."""

from __future__ import annotations

import json
import os
import re

import pytest
import schemathesis
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.rows import conversations_make, ingestion_run_make


@pytest.mark.django_db
def test_it_generates_the_schema_without_a_warning(tmp_path):
    # --fail-on-warn turns any of drf-spectacular's collected warnings or errors into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text()
    assert "/api/v1/letters/" in schema and "/api/v1/staff-comments/{id}/" in schema


@pytest.mark.django_db
def test_it_describes_every_filter_of_a_list(client, member):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/letters/"]["get"]["parameters"]}
    assert {
        "cik",
        "ticker",
        "company_name",
        "form",
        "kind",
        "letter_date_from",
        "letter_date_to",
        "topic",
        "literature",
        "commitment",
        "cursor",
        "page_size",
        "ordering",
        "format",
    } <= parameters


@pytest.mark.django_db
def test_it_serves_swagger_ui_from_this_site_alone(client):
    page = client.get("/api/docs/")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.content.decode())
    assert page.status_code == 200 and sources and all(s.startswith("/") for s in sources)
    assert "script-src 'self'" in page["Content-Security-Policy"] and "<script>" not in page.content.decode()


@pytest.fixture(scope="session")
def openapi_document() -> dict:
    # Made once: generating it takes seconds, and schemathesis asks for it once per operation.
    return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), cls=DjangoJSONEncoder))


@pytest.fixture
def api_token(transactional_db, superuser) -> str:
    conversations_make(2)
    ingestion_run_make()
    return Token.objects.create(user=superuser).key


@pytest.fixture
def live_schema(openapi_document, api_token):
    return schemathesis.openapi.from_dict(openapi_document, config=SCHEMATHESIS_CONFIG)


# Fuzzing, valid and invalid values, a bounded number per operation. The coverage phase (every boundary
# value of every parameter) takes minutes over this many filters: set SCHEMATHESIS_COVERAGE=1 to run it.
SCHEMATHESIS_CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"mode": "all"},
        "phases": {"coverage": {"enabled": os.environ.get("SCHEMATHESIS_COVERAGE") == "1"}, "stateful": {"enabled": False}},
    }
)
live = schemathesis.pytest.from_fixture("live_schema")


@pytest.mark.slow
@live.parametrize()
# The same examples on every run, so CI's verdict is the code's; SCHEMATHESIS_RANDOM=1 explores new ones.
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=os.environ.get("SCHEMATHESIS_RANDOM") != "1",
)
def test_it_keeps_to_its_schema_on_the_live_server(case, live_server, api_token):
    case.call_and_validate(
        base_url=live_server.url,
        headers={"Authorization": f"Token {api_token}"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
