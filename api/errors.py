"""The one place where exceptions become HTTP statuses and the one JSON error shape.

Every error answer is ``{"error": {"code": ..., "message": ...}}``. Store and loader errors keep
their own classes (``graph.core.errors``, ``loaders.errors``, ``graph.neo4j.read_query``); this module maps
them. Anything unexpected is logged with its traceback here and answered 500 with a generic message.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from graph.core.curation import CurationRefused
from graph.core.errors import DocumentNotFound, EntityNotFound, StoreCorrupt, StoreUnavailable
from graph.neo4j.read_query import QueryInvalid, QueryRefused, QueryTimeout
from loaders.errors import UnreadableDocument

log = logging.getLogger("kg.api")


class ApiError(Exception):
    """An error the API itself raises; subclasses fix the status and code."""

    status: int = 400
    code: str = "bad_request"

    def __init__(self, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers


class InvalidParameter(ApiError):
    status, code = 422, "invalid_parameter"


class Unauthorized(ApiError):
    status, code = 401, "unauthorized"


class UploadsDisabled(ApiError):
    status, code = 403, "uploads_disabled"


class PayloadTooLarge(ApiError):
    status, code = 413, "payload_too_large"


class UnsupportedMediaType(ApiError):
    status, code = 415, "unsupported_media_type"


class NotSupported(ApiError):
    status, code = 501, "not_supported"


# Exception class → (status, code). The first matching class wins, so subclasses come first.
STATUS_OF: list[tuple[type[Exception], int, str]] = [
    (EntityNotFound, 404, "entity_not_found"),
    (DocumentNotFound, 404, "document_not_found"),
    (StoreUnavailable, 503, "store_unavailable"),
    (UnreadableDocument, 400, "unreadable_document"),
    (QueryRefused, 400, "query_refused"),
    (QueryTimeout, 400, "query_timeout"),
    (QueryInvalid, 400, "query_invalid"),
    (CurationRefused, 409, "curation_refused"),
]

# Error responses for the OpenAPI document: import into routes' ``responses=``.
ERROR_STATUSES: dict[int, str] = {
    400: "The request was refused (unreadable document, write in /cypher, invalid Cypher).",
    401: "X-API-Key is missing or wrong.",
    403: "Uploads are disabled: no KG_API_KEY is configured.",
    404: "No entity or document with that id.",
    409: "The correction was refused (unknown entity or label, a cycle, a rejected entity); log unchanged.",
    413: "The upload is larger than the limit.",
    415: "The body is neither JSON nor multipart/form-data.",
    422: "A parameter is missing or out of range.",
    501: "The embedded store has no Cypher engine.",
    503: "The store (Neo4j) cannot be reached now; retry later.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: each status with the ErrorOut model (503 is added to all)."""
    from api.schemas.common import ErrorOut

    wanted = sorted({*statuses, 422, 503})
    return {s: {"model": ErrorOut, "description": ERROR_STATUSES[s]} for s in wanted}


def error_body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return {"error": body}


def _response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None, **kw: Any
) -> JSONResponse:
    return JSONResponse(error_body(code, message, **kw), status_code=status, headers=headers)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return _response(exc.status, exc.code, exc.message, exc.headers)


async def _mapped_error(request: Request, exc: Exception) -> JSONResponse:
    for cls, status, code in STATUS_OF:
        if isinstance(exc, cls):
            if status >= 500:
                log.warning("%s %s: %s", request.method, request.url.path, exc)
            return _response(status, code, str(exc))
    return await _unexpected_error(request, exc)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
    where = ", ".join(".".join(d["loc"]) for d in details) or "request"
    return _response(
        422, "invalid_parameter", f"invalid parameters: {where}", details=jsonable_encoder(details)
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {404: "not_found", 405: "method_not_allowed"}
    code = codes.get(exc.status_code, "http_error")
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        # Starlette names only the first route's methods; GET and POST /documents are two routes.
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return _response(exc.status_code, code, str(exc.detail), headers or None)


def _allowed_methods(request: Request) -> list[str]:
    """Methods some route answers at this path: a method is allowed where a route matches fully."""
    allowed = []
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # The traceback stays in the server log; the client learns only that it was our fault.
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    if isinstance(exc, StoreCorrupt):
        return _response(500, "store_corrupt", "the graph file is not readable; see the server log")
    return _response(500, "internal_error", "internal server error; see the server log")


def install_error_handlers(app: FastAPI) -> None:
    """Register the mapping on ``app``."""
    app.add_exception_handler(ApiError, _api_error)
    for cls, _status, _code in STATUS_OF:
        app.add_exception_handler(cls, _mapped_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
