"""What is made from a graph for people and other tools: exports, drawings, colours, centrality.
Plain functions over a ``Subgraph``; they never open or import a store."""
