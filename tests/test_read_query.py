"""The statement checks of POST /cypher (the READ transaction itself is tested in test_api_cypher.py)."""

from __future__ import annotations

import pytest

from graph.neo4j.read_query import QueryRefused, check_statement, code_of, plain_value

ALLOWED = [
    "MATCH (n:Project) RETURN n.name",
    "MATCH (n) RETURN n.use AS use, n.show AS shown;",  # property names that look like keywords
    "RETURN 'LOAD CSV; CALL dbms.security.createUser' AS text",  # keywords inside a string are data
    "MATCH (n) // a comment; with a semicolon\nRETURN count(n)",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.index.fulltext.queryNodes('entity_names', '龙江') YIELD node RETURN node.name",
    "CALL { MATCH (n) RETURN n } RETURN count(n)",
    "MATCH (n) CALL (n) { RETURN n.name AS name } RETURN name",
]

REFUSED = {
    "MATCH (n) RETURN n; MATCH (m) DETACH DELETE m": "one statement",
    "RETURN 1 /* ; */ ; CREATE (:X)": "one statement",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row": "LOAD CSV",
    "LOAD/* hidden */CSV FROM 'http://x' AS row RETURN row": "LOAD CSV",
    "CALL dbms.security.createUser('m', 'p', false)": "dbms.security.createUser",
    "CALL `dbms`.`listConfig`()": "dbms",
    "CALL dbms . listConfig()": "dbms",
    "CALL db.createLabel('X')": "db.createLabel",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})": "apoc",
    "USE system SHOW USERS": "USE",
    "MATCH (n) RETURN n UNION USE other MATCH (m) RETURN m": "USE",
    "CALL { USE other MATCH (m) RETURN m } RETURN m": "USE",
    "SHOW TRANSACTIONS": "administration",
    "  terminate transactions 'x'": "administration",
    "CALL { CREATE (:X) } IN TRANSACTIONS": "IN TRANSACTIONS",
    "   // only a comment": "empty",
    # Neo4j ends a // comment at a lone \r too (found by the reliability tests).
    "RETURN 'a' AS x // c\rUNION LOAD CSV FROM 'file:///x.csv' AS row RETURN row[0] AS x": "LOAD CSV",
    "CALL`dbms`.`listConfig`() YIELD name RETURN name": "dbms",
}


@pytest.mark.parametrize("query", ALLOWED)
def test_read_statements_pass_the_checks(query: str) -> None:
    check_statement(query)


@pytest.mark.parametrize(("query", "reason"), REFUSED.items())
def test_statements_a_read_transaction_would_not_stop_are_refused(query: str, reason: str) -> None:
    with pytest.raises(QueryRefused, match=reason):
        check_statement(query)


def test_writes_are_left_to_the_read_transaction() -> None:
    """No keyword filter for writes: Neo4j's READ mode refuses them (tests/test_api_cypher.py)."""
    check_statement("CREATE (n:X) RETURN n")
    check_statement("MATCH (n) DETACH DELETE n")


def words(code: str) -> str:
    return " ".join(code.split())


def test_comments_and_strings_are_blanked_and_names_unquoted() -> None:
    assert words(code_of("RETURN '//' AS `a b` // tail")) == "RETURN '' AS a b"
    assert words(code_of('RETURN "it\\"s" /* x */')) == 'RETURN ""'


def test_result_values_become_plain_json() -> None:
    assert plain_value({"a": [1, 2.5, float("inf"), None, b"\x00"]}) == {
        "a": [1, 2.5, "Infinity", None, "AA=="]
    }
