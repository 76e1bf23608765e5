"""What the Neo4j store's writes remember of stored nodes, so that a node named by one more
document costs the same however many documents named it before.

A shared node (哈尔滨新区, a hub) keeps one contribution per document naming it, stored as one
JSON string. Parsing it, and merging its provenance, at every write grew with the number of
documents. Instead:

- :class:`StoredNodes` keeps the parsed state of recently written nodes by id, with the exact JSON
  it was parsed from: a read whose string equals the one remembered reuses the state (equal strings,
  equal states, so it cannot be stale; a write that rolls back only leaves an entry never matched);
- :class:`Visible` holds what the write derives from a state (merged provenance and its JSON,
  name and aliases, merged properties); :func:`visible_after` derives it for a state that adds
  one document sorting after the others from the previous one, without going over them again;
- :func:`contributions_json` appends that document's entry to the stored JSON.

Every shortcut gives exactly what the full computation (``graph.core.merge``) gives, else it is not taken.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from graph.core import merge
from graph.core.model import Provenance

# Nodes remembered: hubs are written again and again, so a few thousand cover them.
MAX_REMEMBERED = 20_000


@dataclass(frozen=True)
class Visible:
    """What a write derives from a node's contributions (as ``graph.core.merge`` computes it)."""

    provenance: list[Provenance]
    provenance_json: str
    name: str
    aliases: list[str]
    properties: dict[str, Any]
    last: str  # the greatest document id among the contributions


def provenance_json(provenance: list[Provenance]) -> str:
    """The stored ``provenance`` property: the merged provenance as a JSON list."""
    return json.dumps([merge.provenance_to_json(p) for p in provenance], ensure_ascii=False)


def visible(state: merge.NodeState) -> Visible:
    """Everything from scratch."""
    provenance = merge.merged_provenance(state.contributions)
    name, aliases = merge.visible_names(state.contributions)
    return Visible(
        provenance,
        provenance_json(provenance),
        name,
        aliases,
        merge.merged_properties(state.contributions),
        max(state.contributions),
    )


def added_after(old: merge.NodeState, new: merge.NodeState, last: str | None = None) -> str | None:
    """The document ``new`` adds to ``old`` if that is all it changes and its id sorts after the
    others' (``last``: old's greatest id, if known); else None."""
    if len(new.contributions) != len(old.contributions) + 1 or not old.contributions:
        return None
    added = new.contributions.keys() - old.contributions.keys()
    if len(added) != 1:
        return None
    (document,) = added
    if document <= (last if last is not None else max(old.contributions)):
        return None
    if any(new.contributions.get(d) is not c for d, c in old.contributions.items()):
        return None  # another contribution changed too (plan_write keeps unchanged ones as they were)
    return document


def visible_after(before: Visible, old: merge.NodeState, new: merge.NodeState) -> Visible:
    """``visible(new)``, from ``before`` (``visible(old)``) when ``new`` adds one later document.

    The later document's name is not the visible one (the first document's is), its names join
    the aliases, its properties win (merged in document order), and its provenance sorts after
    the rest when every entry does (else the union is sorted again).
    """
    document = added_after(old, new, before.last)
    if document is None:
        return visible(new)
    c = new.contributions[document]
    aliases = set(before.aliases) | set(c.aliases) | {c.name}
    aliases.discard(before.name)
    provenance, text = before.provenance, before.provenance_json
    if c.provenance:
        if not provenance or min(c.provenance) > provenance[-1]:
            own = sorted(set(c.provenance))
            provenance = provenance + own
            text = (
                provenance_json(provenance) if not before.provenance else _append(text, provenance_json(own))
            )
        else:
            provenance = merge.merged_provenance(new.contributions)
            text = provenance_json(provenance)
    return Visible(
        provenance, text, before.name, sorted(aliases), {**before.properties, **c.properties}, document
    )


def _append(json_list: str, more: str) -> str:
    """Two JSON lists as ``json.dumps`` writes their concatenation (``[a, b]`` + ``[c]``)."""
    return f"{json_list[:-1]}, {more[1:]}"


def contributions_json(old: merge.NodeState, new: merge.NodeState, stored: str | None) -> str:
    """``merge.contributions_dumps(new.contributions)``: when ``new`` adds one later document to
    ``old`` whose JSON is ``stored``, by appending that document's entry (the same string)."""
    if stored is not None and stored.endswith("}") and (document := added_after(old, new)) is not None:
        entry = json.dumps(
            {document: new.contributions[document].to_json()}, ensure_ascii=False, sort_keys=True
        )
        return f"{stored[:-1]}, {entry[1:]}"
    return merge.contributions_dumps(new.contributions)


@dataclass
class Remembered:
    json: str
    state: merge.NodeState
    visible: Visible | None


class StoredNodes:
    """Parsed states of the nodes this store wrote or read for a write lately, by their stored JSON.

    Least recently used entries go first beyond ``limit``. Safe across threads.
    """

    def __init__(self, limit: int = MAX_REMEMBERED) -> None:
        self.limit = limit
        self._entries: OrderedDict[str, Remembered] = OrderedDict()
        self._lock = threading.Lock()

    def read(self, id: str, label: str, stored: str) -> Remembered:
        """The state of a node as stored (``stored``: its contributions JSON), parsed once."""
        with self._lock:
            entry = self._entries.get(id)
            if entry is not None and entry.json == stored and entry.state.label == label:
                self._entries.move_to_end(id)
                return entry
        entry = Remembered(stored, merge.NodeState(id, label, merge.contributions_loads(stored)), None)
        self.remember(entry)
        return entry

    def remember(self, entry: Remembered) -> None:
        with self._lock:
            self._entries[entry.state.id] = entry
            self._entries.move_to_end(entry.state.id)
            while len(self._entries) > self.limit:
                self._entries.popitem(last=False)
