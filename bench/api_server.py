"""The API under test, served by uvicorn in its own process: ``python -m bench.api_server PORT``.

The store comes from the environment (``KG_STORE``, ``KG_DATA_DIR``, ``NEO4J_URI``) and is opened
before the server listens, so the first requests do not pay for loading the graph file. A trivial
route ``/bench/trivial`` is added here (not in the product): it measures what FastAPI and uvicorn
cost per request with the cheapest handler there is (an ``async def`` returning a constant, run
on the event loop like the read routes over the embedded store), so that the related/search figures
can be read against it.
"""

from __future__ import annotations

import sys

import uvicorn

from api.app import create_app
from graph.stores import open_store
from kg.settings import Settings

TRIVIAL_PATH = "/bench/trivial"


def main(port: int) -> None:
    settings = Settings()
    store = open_store(settings)
    store.counts()  # the embedded store reads its file on open; Neo4j: a first round trip
    app = create_app(store=store, settings=settings)

    @app.get(TRIVIAL_PATH, include_in_schema=False)
    async def trivial() -> dict[str, bool]:
        return {"ok": True}

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main(int(sys.argv[1]))
