"""The Neo4j store: the official driver, managed transactions, parameters only.

This module holds the connection (errors turned into ``StoreUnavailable`` naming the URI, the
schema applied on start); the writes are in ``graph.neo4j.writes``, the reads in
``graph.neo4j.reads``, the shape of nodes and relationships as stored in ``graph.neo4j.mapping``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from neo4j import Driver, GraphDatabase, ManagedTransaction, Session
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.core.errors import StoreUnavailable
from graph.neo4j import read_query, stored_nodes
from graph.neo4j.mapping import SCHEMA_FILE, SEARCH_TEXT_SEPARATOR, schema_statements
from graph.neo4j.reads import Neo4jReads
from graph.neo4j.writes import MAX_TRANSACTION_ROWS, BatchHook, Neo4jWrites

# Security errors that mean "wrong or blocked credentials" (Neo4j sends some as plain ClientError).
_LOGIN_REFUSED = re.compile(
    r"Security\.(Unauthorized|AuthenticationRateLimit|CredentialsExpired|TokenExpired)"
)


def _one_line(exc: BaseException) -> str:
    """The driver's message on one line (it spreads some over several)."""
    return " ".join(str(exc).split())


class Neo4jStore(Neo4jWrites, Neo4jReads):
    """A :class:`~graph.core.protocol.GraphStore` in a Neo4j database (5.26 Community or later)."""

    kind = "neo4j"

    def __init__(
        self,
        uri: str,
        auth: tuple[str, str] | None = None,
        database: str = "neo4j",
        *,
        batch_size: int = 2000,
        on_batch: BatchHook | None = None,
        apply_schema: bool = True,
        max_transaction_rows: int = MAX_TRANSACTION_ROWS,
    ) -> None:
        self.uri = uri
        self.max_transaction_rows = max_transaction_rows
        self.database = database
        self.batch_size = batch_size
        self.on_batch = on_batch
        self._stored_nodes = stored_nodes.StoredNodes()  # what writes read of shared nodes, parsed
        with self._guard():
            # Short timeouts: a user waits for an answer, not for a retry loop against a dead server.
            self._driver: Driver = GraphDatabase.driver(
                uri,
                auth=auth,
                connection_timeout=5,
                max_transaction_retry_time=5,
                # Unknown-property warnings on an empty database are noise, not news.
                notifications_min_severity="OFF",
            )
        try:
            with self._guard():
                self._driver.verify_connectivity()
                if apply_schema:
                    self.apply_schema()
        except BaseException:
            self._driver.close()
            raise

    @classmethod
    def from_settings(cls, settings: Any, **options: Any) -> Neo4jStore:
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        auth = (settings.neo4j_user, password) if password else None
        return cls(settings.neo4j_uri, auth, settings.neo4j_database, **options)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn the driver's connection errors into StoreUnavailable naming the URI."""
        try:
            yield
        except AuthError as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} refused the credentials: {exc.message}") from exc
        except ClientError as exc:
            if exc.code and "DatabaseNotFound" in exc.code:
                raise StoreUnavailable(f"Neo4j at {self.uri} has no database {self.database!r}") from exc
            if exc.code and _LOGIN_REFUSED.search(exc.code):  # e.g. AuthenticationRateLimit: not an AuthError
                raise StoreUnavailable(f"Neo4j at {self.uri} refused the login: {exc.message}") from exc
            raise
        except (ServiceUnavailable, SessionExpired, ConfigurationError, OSError) as exc:
            raise StoreUnavailable(f"Neo4j is not reachable at {self.uri}: {_one_line(exc)}") from exc
        except DriverError as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} failed: {_one_line(exc)}") from exc

    def _read(self, work: Callable[[ManagedTransaction], Any]) -> Any:
        with self._guard(), self._driver.session(database=self.database) as session:
            return session.execute_read(work)

    def _auto(self, work: Callable[[Session], Any]) -> Any:
        """A read in an auto-commit transaction: half the round trips and client CPU of a managed one.

        For reads of one statement (or a few independent ones): ``work`` gets the session, whose
        ``run`` is used like a transaction's. No retries: an error reaches the caller at once.
        """
        with self._guard(), self._driver.session(database=self.database) as session:
            return work(session)

    def _write(self, work: Callable[[ManagedTransaction], Any]) -> Any:
        with self._guard(), self._driver.session(database=self.database) as session:
            return session.execute_write(work)

    def apply_schema(self, path: Path = SCHEMA_FILE) -> None:
        """Create the constraints and indexes of ``cypher/schema.cypher`` that do not exist yet."""
        records, _, _ = self._driver.execute_query(
            "SHOW INDEXES YIELD name WHERE name = 'entity_search_text' RETURN name", database_=self.database
        )
        for statement in schema_statements(path):
            self._driver.execute_query(statement, database_=self.database)
        if not records:
            self._fill_search_text()

    def _fill_search_text(self) -> None:
        """Give ``search_text`` to entities written before it existed (once: when its index is new).

        Auto-commit with ``IN TRANSACTIONS``, so a large graph does not need one huge transaction.
        """
        with self._driver.session(database=self.database) as session:
            session.run(
                "MATCH (n:Entity) WHERE n.search_text IS NULL AND n.search_keys IS NOT NULL "
                "CALL (n) { SET n.search_text = coalesce("
                "reduce(s = head(n.search_keys), k IN tail(n.search_keys) | s + $separator + k), '') "
                "} IN TRANSACTIONS OF 10000 ROWS",
                separator=SEARCH_TEXT_SEPARATOR,
            ).consume()

    def ping(self) -> bool:
        try:
            with self._guard():
                self._driver.verify_connectivity()
        except StoreUnavailable:
            return False
        return True

    def close(self) -> None:
        self._driver.close()

    def run_read_query(
        self, query: str, params: dict[str, Any] | None = None, timeout: float = 5.0, max_rows: int = 1000
    ) -> read_query.ReadQueryResult:
        """One read-only Cypher statement (POST /cypher): READ transaction, timeout, row cap.

        Not part of the protocol: only Neo4j speaks Cypher. The checks live in ``graph.neo4j.read_query``.
        """
        return read_query.run_read_query(self._driver, self.database, query, params, timeout, max_rows)
