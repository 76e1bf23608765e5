"""The Neo4j server and database the tests use: never the one a user loads and explores.

The suite wipes its database between tests, so it must not be able to reach a user's graph:

- It reads its own variables, never ``NEO4J_*``: ``KG_TEST_NEO4J_URI`` (default
  ``bolt://localhost:7688``, the port of ``scripts/neo4j --test start``), ``KG_TEST_NEO4J_USER``,
  ``KG_TEST_NEO4J_PASSWORD`` (default: the file ``password`` in ``KG_TEST_NEO4J_HOME``, where
  ``scripts/neo4j --test`` keeps the one it generated), ``KG_TEST_NEO4J_DATABASE``.
- The first time the suite finds its database empty, it claims it with a marker (an index named
  ``kg_test_database``: a schema object, so no count, export or query of the graph sees it). It wipes
  only a database that carries the marker, and refuses, in one line, a database that holds nodes but
  no marker: somebody's data.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from neo4j import Driver, GraphDatabase
from pydantic import SecretStr

from settings import Settings

MARKER_INDEX = "kg_test_database"
DEFAULT_HOME = Path.home() / ".local" / "share" / "harbin-kg" / "neo4j-test"


class NotTheTestDatabase(RuntimeError):
    """The target database holds data the tests did not write."""


def home() -> Path:
    """The home of the test server that ``scripts/neo4j --test`` runs."""
    return Path(os.environ.get("KG_TEST_NEO4J_HOME") or DEFAULT_HOME)


def http_port() -> int:
    return int(os.environ.get("KG_TEST_NEO4J_HTTP_PORT") or 7475)


def _password() -> str | None:
    given = os.environ.get("KG_TEST_NEO4J_PASSWORD")
    if given:
        return given
    kept = home() / "password"
    if not kept.is_file():
        return None
    return kept.read_text(encoding="utf-8").strip() or None


def settings() -> Settings:
    """Settings of the test server, whatever ``NEO4J_*`` or a ``.env`` file say."""
    bolt = os.environ.get("KG_TEST_NEO4J_BOLT_PORT") or "7688"
    password = _password()
    return Settings(_env_file=None).model_copy(
        update={
            "neo4j_uri": os.environ.get("KG_TEST_NEO4J_URI") or f"bolt://localhost:{bolt}",
            "neo4j_user": os.environ.get("KG_TEST_NEO4J_USER") or "neo4j",
            "neo4j_password": SecretStr(password) if password else None,
            "neo4j_database": os.environ.get("KG_TEST_NEO4J_DATABASE") or "neo4j",
        }
    )


def auth(target: Settings) -> tuple[str, str] | None:
    password = target.neo4j_password.get_secret_value() if target.neo4j_password else None
    return (target.neo4j_user, password) if password else None


def driver(target: Settings, **config: Any) -> Driver:
    """A driver for ``target`` (close it, or use it in ``with``)."""
    return GraphDatabase.driver(target.neo4j_uri, auth=auth(target), **config)


def environment(target: Settings) -> dict[str, str]:
    """``NEO4J_*`` variables pointing a ``kg`` subprocess at ``target``."""
    env = {
        "NEO4J_URI": target.neo4j_uri,
        "NEO4J_USER": target.neo4j_user,
        "NEO4J_DATABASE": target.neo4j_database,
    }
    if target.neo4j_password:
        env["NEO4J_PASSWORD"] = target.neo4j_password.get_secret_value()
    return env


def claim(target: Settings) -> None:
    """Mark ``target``'s database as the tests' own, or raise :class:`NotTheTestDatabase`.

    A database with the marker is the tests'; an empty one becomes theirs; one that holds nodes
    without the marker is left untouched.
    """
    database = target.neo4j_database
    with driver(target) as d:
        if _marked(d, database):
            return
        nodes = d.execute_query("MATCH (n) RETURN count(n) AS n", database_=database).records[0]["n"]
        if nodes:
            raise NotTheTestDatabase(
                f"refusing to run the Neo4j tests: database {database!r} at {target.neo4j_uri} holds "
                f"{nodes} nodes the tests did not write (no {MARKER_INDEX!r} index); the tests wipe their "
                "database, so point KG_TEST_NEO4J_URI at a server of their own (scripts/neo4j --test start)"
            )
        d.execute_query(
            f"CREATE INDEX {MARKER_INDEX} IF NOT EXISTS FOR (n:KgTestDatabase) ON (n.marker)",
            database_=database,
        )


def _marked(d: Driver, database: str) -> bool:
    records = d.execute_query(
        "SHOW INDEXES YIELD name WHERE name = $name RETURN count(*) AS n",
        name=MARKER_INDEX,
        database_=database,
    ).records
    return bool(records[0]["n"])


def wipe(target: Settings) -> None:
    """Delete every relationship, then every node, 10,000 per transaction, in the tests' database only.

    One transaction would exceed the server's memory on a large graph; nodes first would carry their
    hubs' relationships. Managed transactions, which the driver retries on a transient error. The
    bench has the same loop (``bench.neo4j_server.delete_everything``), but ``bench`` is not installed:
    tests run from a clone with ``.venv/bin/pytest`` cannot import it.
    """
    database = target.neo4j_database
    with driver(target) as d:
        if not _marked(d, database):
            claim(target)
        for query in (
            "MATCH ()-[r]->() WITH r LIMIT 10000 DELETE r RETURN count(*) AS deleted",
            "MATCH (n) WITH n LIMIT 10000 DELETE n RETURN count(*) AS deleted",
        ):
            while d.execute_query(query, database_=database).records[0]["deleted"]:
                pass


def drop_schema(target: Settings) -> None:
    """Drop every constraint and index but Neo4j's own lookup indexes and the tests' marker."""
    database = target.neo4j_database
    with driver(target) as d:
        for row in d.execute_query("SHOW CONSTRAINTS YIELD name", database_=database).records:
            d.execute_query(f"DROP CONSTRAINT `{row['name']}`", database_=database)
        indexes = d.execute_query(
            "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' AND name <> $marker RETURN name",
            marker=MARKER_INDEX,
            database_=database,
        )
        for row in indexes.records:
            d.execute_query(f"DROP INDEX `{row['name']}`", database_=database)
