"""schemathesis over the OpenAPI schema, on both stores: no 5xx, every answer as documented.

The embedded run is the one CI must pass without a server; the Neo4j run skips without one (and
fails under KG_REQUIRE_NEO4J=1, like every Neo4j test).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import neo4j_target
import pytest
import schemathesis
from api_support import KEY
from hypothesis import HealthCheck, settings
from sample_graph import seed_graph_document
from schemathesis.checks import negative_data_rejection, not_a_server_error, positive_data_acceptance

from api.app import create_app
from graph.stores import open_store
from settings import Settings

# Each app opens its store on the first request, so it can be built at import (schemathesis needs
# the schema then); the fixtures below fill the store before any request.
DATA_DIR = Path(tempfile.mkdtemp(prefix="kg-schema-"))
atexit.register(shutil.rmtree, DATA_DIR, ignore_errors=True)  # made at import, so removed at exit
# Uploads on (with a key) for the embedded run, so random texts and files go through the loader.
EMBEDDED = Settings(kg_store="embedded", kg_data_dir=DATA_DIR, kg_api_key=KEY)
NEO4J = neo4j_target.settings().model_copy(
    update={"kg_store": "neo4j", "kg_data_dir": DATA_DIR, "kg_api_key": None}
)
embedded_schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(settings=EMBEDDED))
neo4j_schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(settings=NEO4J))
HYPOTHESIS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def embedded_seeded() -> None:
    store = open_store(EMBEDDED)
    store.write_document(seed_graph_document())
    store.close()


@pytest.fixture(scope="module")
def neo4j_seeded(neo4j_settings: Settings) -> None:
    neo4j_target.wipe(NEO4J)
    store = open_store(NEO4J)
    store.write_document(seed_graph_document())
    store.close()


def call_and_validate(
    case: schemathesis.Case, cypher_statuses: tuple[int, ...], headers: dict[str, str] | None = None
) -> None:
    if case.operation.path == "/cypher":
        # Random text is rarely valid Cypher (400 for a schema-valid body is right), and on the
        # embedded store 501 is the documented answer: the status is checked here instead.
        response = case.call_and_validate(excluded_checks=[not_a_server_error, positive_data_acceptance])
        assert response.status_code in cypher_statuses, response.text
    elif case.operation.path == "/documents" and case.operation.method.upper() == "POST":
        # Any bytes fit the schema's "binary" file (a PNG is refused with 400 unreadable_document),
        # and a multipart field is always text: "false" for a boolean is not a violation there.
        excluded = [positive_data_acceptance]
        if case.media_type == "multipart/form-data":
            excluded.append(negative_data_rejection)
        case.call_and_validate(headers=headers, excluded_checks=excluded)
    else:
        case.call_and_validate(headers=headers)


@embedded_schema.parametrize()
@HYPOTHESIS
def test_embedded_api_answers_as_its_openapi_schema_says(
    embedded_seeded: None, case: schemathesis.Case
) -> None:
    call_and_validate(case, (400, 405, 422, 501), headers={"X-API-Key": KEY})


@neo4j_schema.parametrize()
@HYPOTHESIS
def test_neo4j_api_answers_as_its_openapi_schema_says(neo4j_seeded: None, case: schemathesis.Case) -> None:
    call_and_validate(case, (200, 400, 405, 422))
