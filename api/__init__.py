"""The HTTP API over a graph store: ``create_app(store, settings)`` builds it; ``kg serve`` runs it."""

from api.app import create_app

__all__ = ["create_app"]
