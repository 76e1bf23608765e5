"""The API under test, served by uvicorn in its own process (or several: one per worker).

Usage: ``python -m bench.api_server PORT [WORKERS]``. The store comes from the environment
(``KG_STORE``, ``KG_DATA_DIR``, ``NEO4J_URI``) and is opened before the server listens, so the
first requests do not pay for loading the graph file or building its search index. A trivial
route ``/bench/trivial`` is added here (not in the product): it measures what FastAPI and uvicorn
cost per request with the cheapest handler there is (an ``async def`` returning a constant, run on
the event loop like the read routes over the embedded store), so that the related/search figures
can be read against it.
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI

from api.app import create_app
from graph.stores import open_store
from kg import serving
from settings import Settings

TRIVIAL_PATH = "/bench/trivial"


def bench_app() -> FastAPI:
    """The product's app over an opened store, plus the trivial route (a uvicorn factory)."""
    settings = Settings()
    store = open_store(settings)
    store.counts()  # the embedded store reads its file on open; Neo4j: a first round trip
    store.search("哈尔滨")  # the embedded store builds its search index on the first search
    app = create_app(store=store, settings=settings)

    @app.get(TRIVIAL_PATH, include_in_schema=False)
    async def trivial() -> dict[str, bool]:
        return {"ok": True}

    return app


def main(port: int, workers: int = 1) -> None:
    if workers > 1 and serving.balances_connections():
        # As `kg serve --workers`: each process builds its own app, on a socket of its own.
        app_ref = "bench.api_server:bench_app"
        sys.exit(serving.serve_processes(app_ref, "127.0.0.1", port, workers, quiet=True))
    app: FastAPI | str = bench_app() if workers == 1 else "bench.api_server:bench_app"
    uvicorn.run(
        app, factory=workers > 1, workers=workers, host="127.0.0.1", port=port,
        log_level="warning", access_log=False,
    )  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1)
