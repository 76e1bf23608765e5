"""The requests the API benchmarks send: related entities of sampled ids, searches by name prefix."""

from __future__ import annotations

import random
from urllib.parse import quote

from bench.embedded import query_ids
from bench.graphs import Entities, GraphSpec


def related_paths(spec: GraphSpec, count: int, seed: int) -> list[str]:
    return [f"/entities/{quote(i, safe='')}/related" for i in query_ids(spec, count, seed)]


def search_paths(spec: GraphSpec, count: int, seed: int) -> list[str]:
    """Name prefixes of 2 to 4 characters of sampled entities (what a user types into a search box)."""
    ents = Entities(spec)
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        name = ents.name(rng.randrange(spec.entities))
        out.append("/entities?q=" + quote(name[: rng.randint(2, 4)], safe=""))
    return out
