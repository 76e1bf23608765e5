"""The shape of the graph in Neo4j: labels, properties as stored, the schema, rows read back.

Pure functions, no driver: the store writes what ``node_properties``/``relationship_properties``
give, and the Cypher export (``graph.outputs.export``) writes exactly the same. Labels and types
spliced into queries come from the whitelists in ``graph.core.model`` (``checked_label``,
``checked_type``, ``pattern``); user text only ever travels as a parameter.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.core import merge, search, traversal
from graph.core.model import ENTITY_LABELS, LABELS, Node, Provenance, Relationship

_LABEL_BY_PREFIX = {label.lower(): label for label in LABELS}
NODE_RESERVED = frozenset(
    {"id", "name", "label", "aliases", "pinyin", "search_keys", "documents", "provenance", "contributions",
     "property_keys", "search_text"}
)  # fmt: skip


_REL_RESERVED = frozenset({"documents", "provenance", "contributions", "property_keys"})


_INT64 = (-(2**63), 2**63 - 1)


SCHEMA_FILE = Path(__file__).resolve().parents[2] / "cypher" / "schema.cypher"


def node_labels(label: str) -> list[str]:
    """The Neo4j labels of a node: its label, plus ``Entity`` for entity labels."""
    return [label, "Entity"] if label in ENTITY_LABELS else [label]


def flat_value(value: Any) -> Any:
    """A property value Neo4j can hold: scalars and lists of one scalar type as they are, else JSON.

    None means "leave the property out" (Neo4j has no null properties).
    """
    if value is None:
        return None
    if isinstance(value, bool | str | float):
        return value
    if isinstance(value, int):
        return value if _INT64[0] <= value <= _INT64[1] else json.dumps(value)
    if isinstance(value, list):
        for kind in (bool, str):
            if all(isinstance(v, kind) for v in value):
                return value
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
            return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def flatten(properties: dict[str, Any], reserved: frozenset[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in properties.items():
        flat = flat_value(value)
        if flat is not None:
            # A property named like one of ours keeps a prefix rather than overwrite it.
            out[f"prop_{key}" if key in reserved else key] = flat
    return out


def node_properties(state: merge.NodeState) -> dict[str, Any]:
    """Every property of a node as written to Neo4j (flat: lists of scalars, JSON strings)."""
    node = merge.visible_node(state)
    pinyin = merge.node_pinyin(node)
    keys = search.search_keys(node.name, node.aliases, pinyin)
    return {
        **flatten(node.properties, NODE_RESERVED),
        "id": node.id,
        "name": node.name,
        "label": node.label,
        "aliases": node.aliases,
        "pinyin": pinyin,
        "search_keys": keys,
        "search_text": search_text(keys),
        "documents": sorted(state.contributions),
        "provenance": json.dumps([merge.provenance_to_json(p) for p in node.provenance], ensure_ascii=False),
        "contributions": merge.contributions_dumps(state.contributions),
        "property_keys": sorted(node.properties),
    }


# Joins a node's search keys into one string: a TEXT index on it serves ``CONTAINS`` (a list
# property cannot be indexed). A query matching across two keys only adds a candidate that
# ``search.rank`` then drops: the candidates are a superset of the keys' matches, never fewer.
SEARCH_TEXT_SEPARATOR = "\u001f"


def search_text(keys: list[str]) -> str:
    """The indexed search string of a node: its search keys joined by SEARCH_TEXT_SEPARATOR."""
    return SEARCH_TEXT_SEPARATOR.join(keys)


def relationship_properties(state: merge.RelationshipState) -> dict[str, Any]:
    """Every property of a relationship as written to Neo4j."""
    rel = merge.visible_relationship(state)
    return {
        **flatten(rel.properties, _REL_RESERVED),
        "documents": sorted(state.contributions),
        "provenance": json.dumps([merge.provenance_to_json(p) for p in rel.provenance], ensure_ascii=False),
        "contributions": merge.contributions_dumps(state.contributions),
        "property_keys": sorted(rel.properties),
    }


def schema_statements(path: Path = SCHEMA_FILE) -> list[str]:
    """The statements of ``cypher/schema.cypher``: split on ``;``, comment lines dropped."""
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.strip().startswith("//")
    ]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def id_label(id: str) -> str | None:
    """The label an id was made with (``node_id`` prefixes it), so look-ups can use its index."""
    prefix, sep, _ = id.partition(":")
    return _LABEL_BY_PREFIX.get(prefix) if sep else None


def ids_by_label(ids: list[str] | set[str]) -> dict[str | None, list[str]]:
    groups: dict[str | None, list[str]] = defaultdict(list)
    for id in sorted(ids):
        groups[id_label(id)].append(id)
    return groups


def ids_by_index_label(ids: list[str] | set[str]) -> dict[str | None, list[str]]:
    """Ids by the label whose index finds them: every entity under ``Entity``, so a read of ids of
    several labels (a search page, a path) is one statement, not one per label."""
    groups: dict[str | None, list[str]] = defaultdict(list)
    for id in sorted(ids):
        label = id_label(id)
        groups[index_label(label) if label else None].append(id)
    return groups


def pattern(var: str, label: str | None) -> str:
    """``(var:Label)`` for a whitelisted label, ``(var)`` when the id does not tell it."""
    if label is None:
        return f"({var})"
    if label not in LABELS and label != "Entity":  # never: labels come from the whitelist or the store
        raise ValueError(f"unknown label {label!r}")
    return f"({var}:{label})"


def index_label(label: str) -> str:
    """The label to find a node by id with: ``Entity`` for every entity (one index, few statements)."""
    return "Entity" if label in ENTITY_LABELS else label


def checked_label(label: str) -> str:
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}")
    return label


def checked_type(type_: str) -> str:
    if type_ not in traversal.RELATIONSHIP_TYPES:
        raise ValueError(f"unknown relationship type {type_!r}")
    return type_


NODE_FIELDS = "n.id AS id, n.label AS label, n.contributions AS contributions"
REL_FIELDS = (
    "startNode(r).id AS source, type(r) AS type, endNode(r).id AS target, r.contributions AS contributions"
)


def node_state(row: Any) -> merge.NodeState:
    return merge.NodeState(row["id"], row["label"], merge.contributions_loads(row["contributions"]))


def relationship_state(row: Any) -> merge.RelationshipState:
    return merge.RelationshipState(
        row["source"], row["type"], row["target"], merge.contributions_loads(row["contributions"])
    )


# Reads parse and merge a stored row's contributions (JSON) once per distinct text: the same hot
# nodes are read again and again (half the API process's CPU of a related request went to it).
# The text is the key, so a write that changes them is seen at once; callers get copies.
_Visible = tuple[str, tuple[str, ...], dict[str, Any], tuple[Provenance, ...]]


@lru_cache(maxsize=20_000)
def _visible_parts(contributions: str) -> _Visible:
    parsed = merge.contributions_loads(contributions)
    name, aliases = merge.visible_names(parsed)
    return name, tuple(aliases), merge.merged_properties(parsed), tuple(merge.merged_provenance(parsed))


def node_of_row(row: Any) -> Node:
    """The node users see, of a row with ``NODE_FIELDS``."""
    name, aliases, properties, provenance = _visible_parts(row["contributions"])
    return Node(row["id"], row["label"], name, list(aliases), dict(properties), list(provenance))


def relationship_of_row(row: Any) -> Relationship:
    """The relationship users see, of a row with ``REL_FIELDS``."""
    _, _, properties, provenance = _visible_parts(row["contributions"])
    return Relationship(row["source"], row["target"], row["type"], dict(properties), list(provenance))
