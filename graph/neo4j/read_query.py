"""Read-only Cypher for ``POST /cypher``: a guard on the statement and a READ transaction to run it.

Two layers, because a keyword filter alone is easy to fool:

1. :func:`check_statement` refuses what a READ transaction does not stop on its own: more than one
   statement, ``LOAD CSV`` (it reads files and URLs), ``USE`` of another database, administration
   commands (``SHOW``, ``TERMINATE``, ``GRANT`` …) and any procedure not on a short allowlist
   (``CALL dbms.*``, ``apoc.*``, ``db.*`` procedures that write or touch the server).
2. :func:`run_read_query` runs the statement in an explicit transaction of a session opened with
   ``READ_ACCESS``, with a timeout, reads at most ``max_rows + 1`` rows, and never commits. Neo4j
   refuses writes in a READ transaction (``Neo.ClientError.Statement.AccessMode``), and the rollback
   discards anything that slipped through.

>>> check_statement("MATCH (n:Project) WHERE n.name = $name RETURN n.id // a comment; DELETE")
>>> try:
...     check_statement("MATCH (n) RETURN n; MATCH (m) DETACH DELETE m")
... except QueryRefused as exc:
...     print(exc)
only one statement is allowed
"""

from __future__ import annotations

import base64
import math
import re
from dataclasses import dataclass
from typing import Any

# Procedures a read-only query may CALL: schema introspection and the full-text index.
ALLOWED_PROCEDURES: frozenset[str] = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.info",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships",
    }
)

# Administration commands run outside the graph's transaction rules (or show other users' queries).
_ADMIN_COMMAND = re.compile(
    r"^\s*(SHOW|TERMINATE|GRANT|DENY|REVOKE|ALTER|START|STOP|ENABLE|DEALLOCATE|REALLOCATE|DRYRUN)\b",
    re.IGNORECASE,
)
_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)
# USE opens a query or a subquery: at the start, after "{", or after UNION.
_USE = re.compile(r"(?:^|\{|\bUNION(?:\s+ALL)?)\s*USE\b", re.IGNORECASE)
# CALL followed by a name (a procedure); CALL { … } and CALL (x) { … } are subqueries.
_CALL_PROCEDURE = re.compile(r"\bCALL\s+((?:[A-Za-z_][\w$]*\s*\.\s*)*[A-Za-z_][\w$]*)", re.IGNORECASE)
# Neo4j errors about the server's own credentials (a 503, not the query's fault).
_LOGIN_REFUSED = re.compile(
    r"Security\.(Unauthorized|AuthenticationRateLimit|CredentialsExpired|TokenExpired)"
)
_IN_TRANSACTIONS = re.compile(r"\bIN\s+(?:\d+\s+)?(?:CONCURRENT\s+)?TRANSACTIONS\b", re.IGNORECASE)


class QueryError(ValueError):
    """A Cypher statement the endpoint will not or cannot run; the message is safe to show."""


class QueryRefused(QueryError):
    """The statement writes, or does something a read-only endpoint does not allow."""


class QueryTimeout(QueryError):
    """The statement ran longer than the timeout and was stopped."""


class QueryInvalid(QueryError):
    """Neo4j rejected the statement (syntax, unknown function, missing parameter …)."""


@dataclass
class ReadQueryResult:
    """Rows of a read-only query; ``truncated`` when there were more than the row cap."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


def code_of(query: str) -> str:
    """The statement with comments blanked, string literals emptied and backtick names unquoted.

    What is left is what Neo4j parses as keywords and names, so the checks cannot be hidden in a
    comment or a string, nor revealed by one.

    >>> code_of("RETURN 'LOAD CSV' /* ; */ AS `my col` // x")
    "RETURN ''   AS  my col   "
    """
    out: list[str] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        nxt = query[i + 1] if i + 1 < n else ""
        if ch == "/" and nxt == "/":
            # Neo4j ends a line comment at "\r" as well as "\n": a lone "\r" must not hide code.
            ends = [e for e in (query.find("\n", i), query.find("\r", i)) if e >= 0]
            i = min(ends) if ends else n
            out.append(" ")
        elif ch == "/" and nxt == "*":
            end = query.find("*/", i + 2)
            i = n if end < 0 else end + 2
            out.append(" ")
        elif ch in "'\"":
            i += 1
            while i < n and query[i] != ch:
                i += 2 if query[i] == "\\" else 1
            i += 1
            out.append(ch + ch)
        elif ch == "`":
            end = query.find("`", i + 1)
            end = n if end < 0 else end
            # Spaced: Neo4j reads CALL`dbms`.`x`() as CALL dbms.x(), so the name must not stick to CALL.
            out.append(" " + query[i + 1 : end] + " ")
            i = end + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def check_statement(query: str) -> None:
    """Raise :class:`QueryRefused` for what a READ transaction would not stop by itself."""
    code = code_of(query)
    if not code.strip():
        raise QueryRefused("the query is empty")
    if ";" in code.strip().rstrip(";"):
        raise QueryRefused("only one statement is allowed")
    if _ADMIN_COMMAND.search(code):
        raise QueryRefused("administration commands are not allowed")
    if _LOAD_CSV.search(code):
        raise QueryRefused("LOAD CSV is not allowed")
    if _USE.search(code):
        raise QueryRefused("USE is not allowed: queries run on the knowledge graph's database")
    if _IN_TRANSACTIONS.search(code):
        raise QueryRefused("CALL … IN TRANSACTIONS is not allowed")
    for match in _CALL_PROCEDURE.finditer(code):
        shown = re.sub(r"\s+", "", match.group(1))
        if shown.lower() not in ALLOWED_PROCEDURES:
            raise QueryRefused(f"procedure {shown!r} is not allowed in read-only queries")


def run_read_query(
    driver: Any,
    database: str,
    query: str,
    params: dict[str, Any] | None = None,
    timeout: float = 5.0,
    max_rows: int = 1000,
) -> ReadQueryResult:
    """Run one checked statement in a READ transaction that is rolled back, never committed.

    Raises :class:`QueryRefused`, :class:`QueryTimeout`, :class:`QueryInvalid`, or
    ``graph.core.errors.StoreUnavailable`` when Neo4j cannot be reached.
    """
    from neo4j import READ_ACCESS
    from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

    from graph.core.errors import StoreUnavailable

    check_statement(query)
    try:
        with (
            driver.session(database=database, default_access_mode=READ_ACCESS) as session,
            session.begin_transaction(timeout=timeout) as tx,
        ):
            result = tx.run(query, params or {})
            columns = list(result.keys())
            rows: list[list[Any]] = []
            truncated = False
            for record in result:
                if len(rows) == max_rows:
                    truncated = True
                    break
                rows.append([plain_value(v) for v in record.values()])
            tx.rollback()  # read-only: nothing to keep, whatever the statement did
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        raise StoreUnavailable(f"Neo4j is not reachable: {exc.__class__.__name__}") from exc
    except (OverflowError, TypeError) as exc:  # the driver cannot send a parameter (int beyond 64 bits …)
        raise QueryInvalid(f"a parameter cannot be sent to Neo4j: {exc}") from exc
    except Neo4jError as exc:
        if _LOGIN_REFUSED.search(str(exc.code or "")):  # the server's credentials, not the query: 503
            raise StoreUnavailable("Neo4j refused the server's credentials") from exc
        raise _query_error(exc) from exc
    except DriverError as exc:
        raise StoreUnavailable(f"Neo4j driver error: {exc.__class__.__name__}") from exc
    return ReadQueryResult(columns=columns, rows=rows, truncated=truncated)


def _query_error(exc: Any) -> QueryError:
    """Translate a Neo4j server error into the endpoint's error, with a message safe to show."""
    code = str(getattr(exc, "code", "") or "")
    message = str(getattr(exc, "message", "") or exc).strip()
    if "TimedOut" in code or code.endswith("Transaction.Terminated"):
        return QueryTimeout("the query ran longer than the time limit and was stopped")
    if code.endswith("Statement.AccessMode") or ".Security." in code:
        return QueryRefused("writes are not allowed: queries run in a read-only transaction")
    first_line = message.splitlines()[0] if message else code
    return QueryInvalid(first_line[:500])


def plain_value(value: Any) -> Any:
    """A JSON value for a Cypher result value: nodes, relationships and paths become dicts.

    >>> plain_value([1, float("nan"), {"a": b"hi"}])
    [1, 'NaN', {'a': 'aGk='}]
    """
    from neo4j.graph import Node, Path, Relationship
    from neo4j.spatial import Point

    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value).replace("nan", "NaN").replace("inf", "Infinity")
    if isinstance(value, Node):
        return {
            "element_id": value.element_id,
            "labels": sorted(value.labels),
            "properties": {k: plain_value(v) for k, v in value.items()},
        }
    if isinstance(value, Relationship):
        return {
            "element_id": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node is not None else None,
            "end": value.end_node.element_id if value.end_node is not None else None,
            "properties": {k: plain_value(v) for k, v in value.items()},
        }
    if isinstance(value, Path):
        return {
            "nodes": [plain_value(n) for n in value.nodes],
            "relationships": [plain_value(r) for r in value.relationships],
        }
    if hasattr(value, "iso_format"):  # neo4j.time types (Duration is a tuple: test it first)
        return value.iso_format()
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": [plain_value(c) for c in value]}
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)
