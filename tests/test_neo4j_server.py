"""The Neo4j server that scripts/neo4j runs: Bolt, 5.26 Community, Neo4j Browser, CJK full-text search."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import neo4j_target
import pytest
from neo4j import Driver

from settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = REPO_ROOT / "scripts" / "neo4j"


@pytest.fixture
def driver(neo4j_settings: Settings) -> Iterator[Driver]:
    with neo4j_target.driver(neo4j_settings) as driver:
        yield driver


def _browser_url(settings: Settings) -> str:
    host = urlsplit(settings.neo4j_uri).hostname or "localhost"
    return f"http://{host}:{neo4j_target.http_port()}/browser/"


@pytest.mark.neo4j
def test_bolt_runs_a_query(driver: Driver, neo4j_settings: Settings) -> None:
    records, _, _ = driver.execute_query("RETURN 1 + 1 AS two", database_=neo4j_settings.neo4j_database)
    assert records[0]["two"] == 2


@pytest.mark.neo4j
def test_server_is_neo4j_5_26_community(driver: Driver) -> None:
    records, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions, edition RETURN *")
    kernel = next(r for r in records if r["name"] == "Neo4j Kernel")
    assert kernel["edition"] == "community"
    assert kernel["versions"][0].startswith("5.26.")


@pytest.mark.neo4j
def test_neo4j_browser_page_is_served(neo4j_settings: Settings) -> None:
    response = httpx.get(_browser_url(neo4j_settings), timeout=10)
    assert response.status_code == 200
    assert "<title>Neo4j Browser</title>" in response.text


@pytest.mark.neo4j
def test_fulltext_index_with_cjk_analyzer_finds_chinese_names(
    driver: Driver, neo4j_settings: Settings
) -> None:
    """The `cjk` analyzer indexes bigrams, so part of a Chinese name finds the whole."""
    db = neo4j_settings.neo4j_database
    label, index = "InfraCheckCjk", "infra_check_cjk"
    names = ["哈尔滨新区", "松北区科技创新城", "深哈产业园"]
    try:
        driver.execute_query(
            f"CREATE FULLTEXT INDEX {index} IF NOT EXISTS FOR (n:{label}) ON EACH [n.name] "
            "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}",
            database_=db,
        )
        driver.execute_query(
            f"UNWIND $names AS name CREATE (:{label} {{name: name}})", names=names, database_=db
        )
        driver.execute_query("CALL db.awaitIndexes(60)", database_=db)
        records, _, _ = driver.execute_query(
            "CALL db.index.fulltext.queryNodes($index, $query) YIELD node RETURN node.name AS name",
            index=index,
            query="科技",
            database_=db,
        )
        assert [r["name"] for r in records] == ["松北区科技创新城"]
    finally:
        driver.execute_query(f"MATCH (n:{label}) DETACH DELETE n", database_=db)
        driver.execute_query(f"DROP INDEX {index} IF EXISTS", database_=db)


def test_script_status_says_not_running_for_an_empty_home(tmp_path: Path) -> None:
    """`status` on a home with no server exits 3 and touches nothing (the shared server runs on)."""
    env = {**os.environ, "KG_NEO4J_HOME": str(tmp_path / "neo4j")}
    result = subprocess.run([str(SCRIPT), "status"], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 3
    assert "not running" in result.stdout


@pytest.mark.neo4j
def test_script_status_says_running_for_the_server_under_test(neo4j_settings: Settings) -> None:
    """`scripts/neo4j --test status` finds the server the suite runs against (README's test command)."""
    if not (neo4j_target.home() / "run" / "neo4j.pid").exists():
        pytest.skip(
            f"KG_TEST_NEO4J_URI points at a server not started by `scripts/neo4j --test start` "
            f"(no pid file in {neo4j_target.home()})"
        )
    result = subprocess.run([str(SCRIPT), "--test", "status"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "answers" in result.stdout
