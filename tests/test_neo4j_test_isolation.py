"""The test suite cannot touch a user's graph: its own server by default, and a refusal elsewhere.

A user loads the sample into their Neo4j (``kg load --store neo4j``) and explores it in Browser; then
runs the README's test command. These tests stand a "user" server up, load a graph into it, point
the suite's Neo4j setup at it and check that the graph is still all there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import neo4j_target
import pytest
from private_neo4j import PrivateNeo4j, private_neo4j

from settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def user_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateNeo4j]:
    """A user's server (no test marker) holding the sample report, loaded by `kg load`."""
    for server in private_neo4j(tmp_path_factory):
        env = server.subprocess_env()
        loaded = subprocess.run(
            [str(Path(sys.executable).parent / "kg"), "load", "--store", "neo4j"],
            env=env,
            cwd=tmp_path_factory.mktemp("user"),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        yield server


def node_count(settings: Settings) -> int:
    with neo4j_target.driver(settings) as driver:
        return driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]


def test_the_suite_reads_its_own_variables_not_the_users() -> None:
    """Whatever NEO4J_URI said when pytest started, every Settings() in the suite sees the test server."""
    target = neo4j_target.settings()
    assert Settings().neo4j_uri == target.neo4j_uri
    assert os.environ["NEO4J_URI"] == target.neo4j_uri
    assert target.neo4j_uri.endswith(":" + (os.environ.get("KG_TEST_NEO4J_BOLT_PORT") or "7688")) or (
        "KG_TEST_NEO4J_URI" in os.environ
    )
    assert Settings().kg_data_dir != Path.home() / ".local" / "share" / "harbin-kg"


@pytest.mark.neo4j
def test_the_tests_setup_refuses_a_users_graph_and_leaves_it_intact(user_server: PrivateNeo4j) -> None:
    before = node_count(user_server.settings)
    assert before > 100
    with pytest.raises(neo4j_target.NotTheTestDatabase, match="refusing to run the Neo4j tests"):
        neo4j_target.wipe(user_server.settings)
    assert node_count(user_server.settings) == before


@pytest.mark.neo4j
def test_the_store_tests_pointed_at_a_users_server_stop_in_one_line(
    user_server: PrivateNeo4j, tmp_path: Path
) -> None:
    """The store tests' own setup (conftest's neo4j_store fixture), run as a user would run pytest."""
    before = node_count(user_server.settings)
    password = user_server.settings.neo4j_password
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_TEST_NEO4J_")}
    env.update(KG_TEST_NEO4J_URI=user_server.settings.neo4j_uri, KG_REQUIRE_NEO4J="1")
    if password:
        env["KG_TEST_NEO4J_PASSWORD"] = password.get_secret_value()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_neo4j_store.py"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    refusals = [line for line in result.stdout.splitlines() if "refusing to run the Neo4j tests" in line]
    assert len(refusals) == 1, result.stdout[-3000:]
    assert f"holds {before} nodes" in refusals[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert node_count(user_server.settings) == before


@pytest.mark.neo4j
def test_script_prints_a_browser_url_that_preselects_the_authentication(user_server: PrivateNeo4j) -> None:
    """`scripts/neo4j start` on a running server names the Browser URL with the connect form filled in."""
    result = user_server.run("start")
    assert result.returncode == 0, result.stderr
    bolt = user_server.settings.neo4j_uri.rsplit(":", 1)[1]
    urls = [line.split("Neo4j Browser: ", 1)[1] for line in result.stdout.splitlines() if "Browser: " in line]
    assert len(urls) == 1, result.stdout
    assert f"dbms=neo4j://neo4j@localhost:{bolt}" in urls[0]  # this server runs with a password
    assert "preselectAuthMethod=NATIVE" in urls[0]
    assert ":play http://localhost:8000/guide/harbin-kg.html" in result.stdout
