"""The graph layer: the graph document model, the store interface and its two stores."""

from graph.model import GraphDocument, Node, Provenance, Relationship, node_id

__all__ = ["GraphDocument", "Node", "Provenance", "Relationship", "node_id"]
