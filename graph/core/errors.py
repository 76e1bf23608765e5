"""Errors a store raises; the API maps each to one HTTP status in one place."""


class StoreError(Exception):
    """Base class of the store's errors."""


class StoreUnavailable(StoreError):
    """The store cannot be reached now (Neo4j down, wrong URI or password)."""


class StoreCorrupt(StoreError):
    """The embedded store's file exists but is not a graph this product wrote."""


class EntityNotFound(StoreError, KeyError):
    """No node has the given id."""

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.id = id

    def __str__(self) -> str:
        return f"no entity with id {self.id!r}"


class DocumentNotFound(StoreError, KeyError):
    """No document has the given id."""

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.id = id

    def __str__(self) -> str:
        return f"no document with id {self.id!r}"
