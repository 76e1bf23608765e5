"""Loaders: turn a report or article into a graph document with provenance."""
