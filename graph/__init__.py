"""The graph layer by role: ``core`` (model, protocol, shared logic), the ``embedded`` and ``neo4j``
stores, ``outputs`` (exports, drawing, analytics), and ``stores.open_store`` to open the one configured."""

from graph.core.model import GraphDocument, Node, Provenance, Relationship, node_id

__all__ = ["GraphDocument", "Node", "Provenance", "Relationship", "node_id"]
