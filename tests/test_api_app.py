"""The app as a whole: one error shape, no stack traces, CORS, OpenAPI, and `kg serve`'s first run."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from api_checks import assert_error
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from graph.embedded.store import EmbeddedStore
from kg.cli import app as kg_app
from kg.sample import load_sample, needs_sample
from settings import Settings


class BrokenStore(EmbeddedStore):
    """A store with a bug: every search fails with an internal error naming a secret."""

    def search(self, *args: object, **kwargs: object):  # type: ignore[override]
        raise RuntimeError("secret internal detail /etc/kg/password")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(kg_store="embedded", kg_data_dir=tmp_path, kg_api_key=None)


def test_an_unexpected_error_is_500_with_a_generic_message_and_logged(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    client = TestClient(create_app(BrokenStore(settings.graph_file), settings), raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="kg.api"):
        response = client.get("/entities", params={"q": "龙江"})
    error = assert_error(response, 500, "internal_error")
    assert "secret" not in response.text and "RuntimeError" not in response.text
    assert error["message"] == "internal server error; see the server log"
    assert "secret internal detail" in caplog.text  # the traceback stays on the server


def test_unknown_routes_and_methods_answer_in_the_error_shape(settings: Settings) -> None:
    client = TestClient(create_app(settings=settings))
    assert_error(client.get("/no/such/page"), 404, "not_found")
    response = client.delete("/documents")
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET, POST"


def test_cors_allows_only_the_configured_origins(tmp_path: Path) -> None:
    settings = Settings(kg_data_dir=tmp_path, kg_cors_origins=["https://viz.example.org"])
    client = TestClient(create_app(settings=settings))
    allowed = client.get("/health", headers={"Origin": "https://viz.example.org"})
    assert allowed.headers["access-control-allow-origin"] == "https://viz.example.org"
    other = client.get("/health", headers={"Origin": "https://evil.example.com"})
    assert "access-control-allow-origin" not in other.headers
    no_cors = TestClient(create_app(settings=Settings(kg_data_dir=tmp_path)))
    assert (
        "access-control-allow-origin"
        not in no_cors.get("/health", headers={"Origin": "https://x.org"}).headers
    )


def test_openapi_documents_every_endpoint_with_chinese_examples(settings: Settings) -> None:
    spec = TestClient(create_app(settings=settings)).get("/openapi.json").json()
    expected = {
        ("/health", "get"),
        ("/entities", "get"),
        ("/entities/{id}", "get"),
        ("/entities/{id}/related", "get"),
        ("/paths", "get"),
        ("/subgraph", "get"),
        ("/documents", "get"),
        ("/documents", "post"),
        ("/documents/{id}", "get"),
        ("/stats", "get"),
        ("/analytics/central", "get"),
        ("/cypher", "post"),
    }
    present = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert expected <= present
    for path, method in expected:
        assert (
            "200" in spec["paths"][path][method]["responses"]
            or "201" in spec["paths"][path][method]["responses"]
        )
    text = str(spec)
    for example in ("龙江碳谷", "深圳（哈尔滨）产业园区", "project:龙江碳谷"):
        assert example in text
    assert spec["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "X-API-Key"


def test_first_serve_loads_the_sample_into_an_empty_embedded_store(settings: Settings) -> None:
    assert needs_sample(settings)
    summary = load_sample(settings)
    assert summary.nodes_new.get("Project", 0) > 0
    assert not needs_sample(settings)
    assert not needs_sample(settings.model_copy(update={"kg_store": "neo4j"}))


def test_serve_with_an_unknown_store_says_so_in_one_line() -> None:
    result = CliRunner().invoke(kg_app, ["serve", "--store", "sqlite"])
    assert result.exit_code == 1
    assert "--store must be embedded or neo4j" in result.output
    assert "Traceback" not in result.output


def test_blocking_work_runs_on_as_many_threads_as_kg_threads_says(tmp_path: Path) -> None:
    """Neo4j reads each hold a thread: KG_THREADS caps how many run at once in one API process."""
    from anyio import to_thread

    settings = Settings(kg_data_dir=tmp_path, kg_threads=3)
    with TestClient(create_app(settings=settings)) as client:
        tokens = client.portal.call(lambda: to_thread.current_default_thread_limiter().total_tokens)
    assert tokens == 3
