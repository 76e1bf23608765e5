"""Fixtures shared by the suite: the ../shared folder (gold, corpus) and a real Neo4j server.

Tests that need ../shared skip in a user's clone where it is absent, and fail where CI is set.
Tests that need Neo4j skip when no server answers, and fail when KG_REQUIRE_NEO4J=1 (as in CI).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from api_support import STORE_KINDS, Api, serve_empty, serve_seed

if TYPE_CHECKING:
    from graph.neo4j.store import Neo4jStore

REPO_ROOT = Path(__file__).resolve().parent.parent
# KG_SHARED: where ../shared is when the clone is not beside it (a git worktree elsewhere).
SHARED = Path(os.environ.get("KG_SHARED", str(REPO_ROOT.parent / "shared")))


def _truthy(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder beside the repository (gold annotations, corpus, scorer)."""
    if not (SHARED / "gold").is_dir():
        reason = f"{SHARED} not found: gold annotations and corpus live outside this clone"
        if _truthy("CI"):
            pytest.fail(reason + " (CI is set, so this is an error)")
        pytest.skip(reason)
    return SHARED


@pytest.fixture(scope="session")
def neo4j_settings():
    """Settings pointing at a Neo4j that answers; skip (or fail with KG_REQUIRE_NEO4J=1) otherwise."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ServiceUnavailable

    from settings import Settings

    settings = Settings()
    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
    auth = (settings.neo4j_user, password) if password else None
    try:
        with GraphDatabase.driver(settings.neo4j_uri, auth=auth, connection_timeout=5) as driver:
            driver.verify_connectivity()
    except (ServiceUnavailable, AuthError, OSError, ValueError) as exc:
        reason = f"Neo4j is not reachable at {settings.neo4j_uri}: {exc.__class__.__name__}: {exc}"
        if _truthy("KG_REQUIRE_NEO4J"):
            pytest.fail(reason + " (KG_REQUIRE_NEO4J=1; start it with `scripts/neo4j start`)", pytrace=False)
        pytest.skip(reason)
    return settings


@pytest.fixture
def neo4j_store(neo4j_settings: Any) -> Iterator[Neo4jStore]:
    """A Neo4jStore on the wiped test database, closed afterwards."""
    from store_support import wipe_neo4j

    from graph.neo4j.store import Neo4jStore

    wipe_neo4j(neo4j_settings)
    store = Neo4jStore.from_settings(neo4j_settings)
    yield store
    store.close()


# --- the API over each store (tests/api_support.py): one fixture each, for every API test module ---------


@pytest.fixture(scope="module", params=STORE_KINDS)
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The app over a store of each kind holding the seed report, one per test module (do not write)."""
    yield from serve_seed(request, tmp_path_factory)


@pytest.fixture(params=STORE_KINDS)
def empty_served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    """The app over an empty store of each kind, uploads enabled with the key ``api_support.KEY``."""
    yield from serve_empty(request, tmp_path)
