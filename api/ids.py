"""Entity references as users type them: an id, an id with full-width brackets, or an exact name.

``node_id`` builds ``label:canonical-name`` with the name NFKC-normalised, so an id typed with
full-width brackets (``park:深圳（哈尔滨）产业园区``) names the same node as the stored
``park:深圳(哈尔滨)产业园区``. Where no id matches, an exact name or alias does, when exactly one
entity has it (``戴瑞``, or ``project:哈尔滨极地馆二期`` for the project whose alias that is).
Ids of other shapes (sections, documents) pass through unchanged.

>>> canonical_id("park:深圳（哈尔滨）产业园区")
'park:深圳(哈尔滨)产业园区'
>>> canonical_id("section:harbin-new-area-2021-report:1.3")
'section:harbin-new-area-2021-report:1.3'
"""

from __future__ import annotations

from graph.core.errors import EntityNotFound
from graph.core.forms import canonical_key
from graph.core.model import ENTITY_LABELS, LABELS, Node
from graph.core.protocol import GraphStore

_LABEL_OF_PREFIX = {label.lower(): label for label in ENTITY_LABELS}
_PREFIXES = frozenset(label.lower() for label in LABELS)


def canonical_id(id: str) -> str:
    """The stored form of an entity id; other ids unchanged."""
    prefix, sep, name = id.partition(":")
    if sep and prefix in _LABEL_OF_PREFIX:
        return f"{prefix}:{canonical_key(name)}"
    return id


def is_stored_form(ref: str) -> bool:
    """Whether ``ref`` is shaped like a stored id (``label:…`` in canonical form), so that a store
    can look it up through its id index; names and aliases are not.

    >>> [is_stored_form(r) for r in ("project:龙江碳谷", "龙江碳谷", "park:深圳（哈尔滨）产业园区")]
    [True, False, False]
    """
    prefix, sep, _ = ref.partition(":")
    return bool(sep) and prefix in _PREFIXES and canonical_id(ref) == ref


def find_entity(store: GraphStore, ref: str) -> Node:
    """The node ``ref`` names: by id (as given, then canonical), else by exact name or alias.

    Raises ``EntityNotFound`` when nothing matches, or when a name is shared by several entities.
    """
    node = store.get_entity(ref)
    if node is None and canonical_id(ref) != ref:
        node = store.get_entity(canonical_id(ref))
    if node is None:
        node = entity_named(store, ref)
    if node is None:
        raise EntityNotFound(ref)
    return node


def entity_named(store: GraphStore, ref: str) -> Node | None:
    """The one entity whose name or alias is ``ref`` (or the name part of ``label:name``), if unique."""
    prefix, sep, name = ref.partition(":")
    label = _LABEL_OF_PREFIX.get(prefix) if sep else None
    if label is None:
        name = ref
    wanted = canonical_key(name).lower()
    if not wanted:
        return None
    hits = store.search(name, label=label, limit=10).hits
    exact = [
        h.node for h in hits if wanted in {canonical_key(n).lower() for n in (h.node.name, *h.node.aliases)}
    ]
    return exact[0] if len(exact) == 1 else None
