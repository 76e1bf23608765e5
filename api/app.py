"""The FastAPI application: routers, error mapping, CORS, and the store's lifetime.

uvicorn --factory api.app:create_app      # or: kg serve
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.dependencies import StoreAccess
from api.errors import install_error_handlers
from api.routes import cypher, documents, entities, health, paths, stats, subgraph
from graph.core.protocol import GraphStore
from settings import Settings, get_settings

DESCRIPTION = """
A knowledge graph of the projects, parks and actors in the Harbin New Area (哈尔滨新区) 2021 work plan.

Entity ids look like `project:龙江碳谷` or `park:深圳(哈尔滨)产业园区`; percent-encode them in URLs.
Every error answers `{"error": {"code", "message"}}`. Data routes answer 503 while Neo4j is unreachable;
`/health` always answers 200 and says whether the store is reachable.
"""


def create_app(store: GraphStore | None = None, settings: Settings | None = None) -> FastAPI:
    """The API over ``store``, or over the store the settings name (opened on first use)."""
    settings = settings or get_settings()
    access = StoreAccess(settings, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Neo4j reads block a thread each. Dozens of threads fighting for the GIL cost 2.6 ms of CPU
        # per related request against 1.7 ms with four (bench, 32 clients), and queue no faster.
        to_thread.current_default_thread_limiter().total_tokens = settings.kg_threads
        yield
        access.close()  # only a store the app opened itself

    app = FastAPI(
        title="Harbin New Area knowledge graph",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # api/routes/docs.py serves them from the package, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store_access = access
    install_error_handlers(app)
    if settings.kg_cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.kg_cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key"],
        )

    from api.routes import timeline  # events and promises; before entities: /entities/{id}/timeline

    app.include_router(timeline.router)
    for module in (health, entities, paths, subgraph, documents, stats, cypher):
        app.include_router(module.router)
    # Routers of other parts: add one include_router line here.
    from api.routes import guide  # the Neo4j Browser guide for :play (static files, open CORS)

    app.include_router(guide.router)
    from api.routes import viz  # the network page /viz and its vendored Cytoscape.js

    app.include_router(viz.router)
    from api.routes import docs  # /docs and /redoc with vendored Swagger UI and ReDoc

    app.include_router(docs.router)
    from api.routes import curation  # /curation: people's corrections, kept and applied on every load

    app.include_router(curation.router)
    return app
