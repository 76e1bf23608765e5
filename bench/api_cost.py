"""The cost of one request inside the app, without HTTP or queueing: where a related request's time goes.

``python -m bench.api_cost DATA_DIR SPEC_JSON`` opens the embedded store in DATA_DIR and calls the
ASGI app directly (no sockets, no uvicorn), one request after another, for four routes: the trivial
one, a route with exactly the parameters of ``/entities/{id}/related`` that does no work, the real
related route, and search. It prints the CPU microseconds per request of each as JSON. Reading the
related route against the other two splits its cost into the framework's (routing, parameter
validation) and the store's plus the response's.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import unquote

from fastapi import FastAPI, Query

from api.routes.entities import EntityId, Label, RelationshipType
from bench.api_paths import related_paths, search_paths
from bench.api_server import TRIVIAL_PATH, bench_app
from bench.graphs import GraphSpec
from bench.report import Figure

REQUESTS = 2000


def _app(data_dir: Path) -> FastAPI:
    os.environ.update({"KG_STORE": "embedded", "KG_DATA_DIR": str(data_dir)})
    app = bench_app()

    @app.get("/bench/parameters/{id:path}/related", include_in_schema=False)
    async def parameters_only(
        id: EntityId,
        type: Annotated[list[RelationshipType] | None, Query()] = None,
        direction: Annotated[Literal["out", "in", "both"], Query()] = "both",
        label: Annotated[list[Label] | None, Query()] = None,
        depth: int = 1,
        limit: int = 50,
    ) -> dict[str, bool]:
        return {"ok": True}

    return app


async def _get(app: FastAPI, path: str) -> None:
    route, _, query = path.partition("?")
    scope: dict[str, Any] = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": unquote(route), "raw_path": route.encode(), "query_string": query.encode(),
        "root_path": "", "headers": [(b"host", b"bench")], "server": ("bench", 80), "client": ("bench", 1),
    }  # fmt: skip
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope, receive, send)
    if status != [200]:
        raise RuntimeError(f"{path} answered {status}")


def _cost(app: FastAPI, paths: list[str]) -> float:
    """CPU microseconds per request over ``paths`` (after one pass to warm caches and imports)."""

    async def run(batch: list[str]) -> None:
        for p in batch:
            await _get(app, p)

    asyncio.run(run(paths[:50]))
    start = time.process_time()
    asyncio.run(run(paths))
    return (time.process_time() - start) / len(paths) * 1e6


def measure(data_dir: Path, spec: GraphSpec, seed: int) -> dict[str, float]:
    app = _app(data_dir)
    related = (related_paths(spec, 1000, seed + 1) * 2)[:REQUESTS]
    return {
        "trivial": _cost(app, [TRIVIAL_PATH] * REQUESTS),
        "parameters": _cost(app, [p.replace("/entities/", "/bench/parameters/") for p in related]),
        "related": _cost(app, related),
        "search": _cost(app, (search_paths(spec, 1000, seed + 2) * 2)[:REQUESTS]),
    }


def figure(costs: dict[str, float]) -> Figure:
    framework = costs["parameters"] - costs["trivial"]
    work = costs["related"] - costs["parameters"]
    return Figure(
        "embedded, one request in-process: CPU per request",
        f"trivial {costs['trivial']:.0f} µs; related's parameters only {costs['parameters']:.0f} µs; "
        f"related {costs['related']:.0f} µs; search {costs['search']:.0f} µs",
        note=f"no HTTP: the ASGI app called directly, {REQUESTS:,} requests each; related = trivial "
        f"+ {framework:.0f} µs routing and validating its 6 parameters + {work:.0f} µs of the store and "
        "the response (models, JSON)",
    )


def main(argv: list[str]) -> None:
    spec = GraphSpec(**json.loads(argv[1]))
    print(json.dumps(measure(Path(argv[0]), spec, int(argv[2]))))


def command(data_dir: Path, spec: GraphSpec, seed: int) -> list[str]:
    return [sys.executable, "-m", "bench.api_cost", str(data_dir), json.dumps(asdict(spec)), str(seed)]


if __name__ == "__main__":
    main(sys.argv[1:])
