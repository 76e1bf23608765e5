"""The HTTP API over a graph store."""
