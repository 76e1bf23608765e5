"""Fixtures shared by the suite: the ../shared folder (gold, corpus) and a real Neo4j server.

Tests that need ../shared skip in a user's clone where it is absent, and fail where CI is set.
Tests that need Neo4j skip when no server answers, and fail when KG_REQUIRE_NEO4J=1 (as in CI).

The suite never touches a user's data: before any test module is imported, ``NEO4J_*`` are pointed
at the tests' own server (``neo4j_target``), ``KG_DATA_DIR`` at a folder of the run's own, and
``KG_STORE`` is cleared, so that every ``Settings()`` and every ``kg`` subprocess a test starts sees
those, whatever the user's shell or ``.env`` file say.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import neo4j_target
import pytest
from api_support import STORE_KINDS, Api, serve_empty, serve_seed

if TYPE_CHECKING:
    from store_support import StoreFactory

    from graph.neo4j.store import Neo4jStore

REPO_ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the clone; KG_SHARED_DIR points elsewhere (a git worktree has no ../shared).
SHARED = Path(os.environ.get("KG_SHARED_DIR") or REPO_ROOT.parent / "shared")


def _isolate_from_user_data() -> None:
    os.environ.pop("KG_STORE", None)
    os.environ.pop("NEO4J_PASSWORD", None)
    os.environ.update(neo4j_target.environment(neo4j_target.settings()))
    os.environ["KG_DATA_DIR"] = tempfile.mkdtemp(prefix="harbin-kg-tests-")


_isolate_from_user_data()


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
    """Settings of the tests' own Neo4j (``neo4j_target``), claimed for the tests.

    Skips when no server answers (fails with KG_REQUIRE_NEO4J=1), and stops the whole run with one
    line when the database holds data the tests did not write.
    """
    from neo4j.exceptions import AuthError, ServiceUnavailable

    settings = neo4j_target.settings()
    try:
        with neo4j_target.driver(settings, connection_timeout=5) as driver:
            driver.verify_connectivity()
    except (ServiceUnavailable, AuthError, OSError, ValueError) as exc:
        reason = f"the tests' Neo4j is not reachable at {settings.neo4j_uri}: {exc.__class__.__name__}: {exc}"
        if _truthy("KG_REQUIRE_NEO4J"):
            pytest.fail(
                reason + " (KG_REQUIRE_NEO4J=1; start it with `scripts/neo4j --test start`)", pytrace=False
            )
        pytest.skip(reason + " (start it with `scripts/neo4j --test start`)")
    try:
        neo4j_target.claim(settings)
    except neo4j_target.NotTheTestDatabase as exc:
        pytest.exit(str(exc), returncode=1)
    return settings


@pytest.fixture
def neo4j_store(neo4j_settings: Any) -> Iterator[Neo4jStore]:
    """A Neo4jStore on the wiped test database, closed afterwards."""
    from graph.neo4j.store import Neo4jStore

    neo4j_target.wipe(neo4j_settings)
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


@pytest.fixture(params=["embedded", "neo4j"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """Opens stores of one kind, each store kind in turn, on one empty graph (the same file / database
    each time): the conformance suites run every test on both."""
    from store_support import open_stores

    yield from open_stores(request.param, tmp_path, request)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty embedded store's folder, as KG_DATA_DIR for the CLI and every Settings() in the test."""
    from settings import get_settings

    monkeypatch.setenv("KG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KG_STORE", "embedded")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()
