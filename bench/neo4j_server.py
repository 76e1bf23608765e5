"""The Neo4j server a benchmark run uses: a private one it starts (full run) or NEO4J_URI (quick).

The full run starts ``scripts/neo4j`` on its own ports and data folder (``PRIVATE_NEO4J``) unless
that server already runs, and stops it afterwards only if it started it. It may wipe that private
database. The quick run uses the server of the test suite (NEO4J_URI, as the ``neo4j_settings``
fixture does) and removes only the documents it wrote, through the store.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.config import PRIVATE_NEO4J, BenchConfig
from settings import Settings

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "neo4j"


@dataclass
class Neo4jTarget:
    settings: Settings
    version: str
    private: bool  # the bench's own server: its database may be wiped
    started: bool  # the bench started it, so the bench stops it
    pid: int | None = None  # the server's JVM, when known (the private server): its CPU is measured


def _env() -> dict[str, str]:
    return {**os.environ, **PRIVATE_NEO4J}


def _script(action: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), action], env=_env(), capture_output=True, text=True, timeout=300)


def _private_pid() -> int | None:
    """The private server's pid, from the pid file scripts/neo4j writes (it names the JVM)."""
    try:
        return int((Path(PRIVATE_NEO4J["KG_NEO4J_HOME"]) / "run" / "neo4j.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def _version(settings: Settings) -> str:
    from neo4j import GraphDatabase

    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
    auth = (settings.neo4j_user, password) if password else None
    with GraphDatabase.driver(
        settings.neo4j_uri, auth=auth, connection_timeout=5, notifications_min_severity="OFF"
    ) as driver:
        driver.verify_connectivity()
        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS v, edition"
        )
        r = records[0]
        return f"{r['name']} {r['v']} {r['edition']}"


def connect(cfg: BenchConfig) -> Neo4jTarget | str:
    """The server to use, or the reason there is none."""
    if cfg.private_neo4j:
        started = False
        if _script("status").returncode != 0:
            proc = _script("start")
            if proc.returncode != 0:
                return (
                    f"could not start the private Neo4j server: {(proc.stderr or proc.stdout).strip()[-300:]}"
                )
            started = True
        settings = Settings(
            kg_store="neo4j",
            neo4j_uri=f"bolt://localhost:{PRIVATE_NEO4J['NEO4J_BOLT_PORT']}",
            neo4j_password=None,
        )
        try:
            version = _version(settings)
        except Exception as exc:
            if started:
                _script("stop")
            return f"private Neo4j server does not answer: {exc}"
        return Neo4jTarget(settings, version, private=True, started=started, pid=_private_pid())
    settings = Settings(kg_store="neo4j")
    try:
        version = _version(settings)
    except Exception as exc:
        return f"no Neo4j at {settings.neo4j_uri} (set NEO4J_URI): {exc.__class__.__name__}"
    return Neo4jTarget(settings, version, private=False, started=False)


def delete_everything(driver: Any, database: str | None = None) -> None:
    """Delete every relationship, then every node, 10,000 per transaction.

    Relationships first: a batch of nodes holding hubs would carry all their relationships and exceed
    the transaction memory (70% of the 1 GiB heap). Managed transactions, which the driver retries:
    ``CALL { ... } IN TRANSACTIONS`` runs in an auto-commit one and once failed a whole run on a
    transient deadlock.
    """
    for query in (
        "MATCH ()-[r]->() WITH r LIMIT 10000 DELETE r RETURN count(*) AS deleted",
        "MATCH (n) WITH n LIMIT 10000 DELETE n RETURN count(*) AS deleted",
    ):
        while driver.execute_query(query, database_=database).records[0]["deleted"]:
            pass


def wipe_private(target: Neo4jTarget) -> None:
    """Empty the bench's private database (never called on another server)."""
    if not target.private:
        raise ValueError("refusing to wipe a Neo4j server the bench does not own")
    from neo4j import GraphDatabase

    uri = target.settings.neo4j_uri
    with GraphDatabase.driver(uri, auth=None, notifications_min_severity="OFF") as driver:
        delete_everything(driver)


def remove_documents(target: Neo4jTarget, documents: list[str]) -> None:
    """Remove what the bench wrote: wipe the private server, or delete its documents elsewhere."""
    if target.private:
        wipe_private(target)
        return
    from graph.stores import open_store

    store = open_store(target.settings)
    try:
        for d in documents:
            store.delete_document(d)
    finally:
        store.close()


def stop(target: Neo4jTarget) -> None:
    if target.started:
        _script("stop")
