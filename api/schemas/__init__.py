"""Pydantic models of the HTTP API, one module per route (``common`` for what several share), with
Chinese examples.

The stores speak plain dataclasses (``graph.core.model``, ``graph.core.protocol``); these models are the
boundary. ``from_*`` class methods convert, so routes stay one line of store call and one of output.
"""
