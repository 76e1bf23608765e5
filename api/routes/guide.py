"""The Neo4j Browser guide and style, served so that Browser can ``:play`` the guide from the API.

In Neo4j Browser run ``:play http://localhost:8000/guide/harbin-kg.html``. Browser fetches the
page from its own origin (http://localhost:7474) with extra headers (``Cache-Control``, ``Pragma``,
Sentry's ``sentry-trace`` and ``baggage``), so it first sends a CORS preflight; the preflight
allows the headers it asks for, and both answers allow any origin. That is safe here: the guide and the
style are static, public files, and no credentials are involved. Browser only fetches guides from
hosts in ``browser.remote_content_hostname_allowlist`` (default ``guides.neo4j.com, localhost``):
use ``localhost``, not ``127.0.0.1``, in the URL.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import FileResponse

from graph.outputs.browser_guide import GUIDE_FILE, STYLE_FILE

GUIDE_FILES: dict[str, tuple[Path, str]] = {
    GUIDE_FILE.name: (GUIDE_FILE, "text/html; charset=utf-8"),
    STYLE_FILE.name: (STYLE_FILE, "text/plain; charset=utf-8"),
}
CORS_HEADERS = {"Access-Control-Allow-Origin": "*"}
PREFLIGHT_HEADERS = {
    **CORS_HEADERS,
    "Access-Control-Allow-Methods": "GET, OPTIONS",
    "Access-Control-Max-Age": "600",
}
# What Neo4j Browser 5 sends, allowed when a preflight names no headers of its own.
DEFAULT_ALLOWED_HEADERS = "Cache-Control, Pragma, Content-Type, sentry-trace, baggage"
_HEADER_LIST = re.compile(r"^[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*$")

router = APIRouter(prefix="/guide", tags=["Neo4j Browser guide"])


def _file(name: str) -> tuple[Path, str]:
    if name not in GUIDE_FILES:
        raise HTTPException(404, f"no guide file {name!r}; there are: {', '.join(GUIDE_FILES)}")
    path, media_type = GUIDE_FILES[name]
    if not path.is_file():
        raise HTTPException(404, f"{path.name} is not installed (it lives in the repository's cypher/)")
    return path, media_type


# Static files for Neo4j Browser, not part of the JSON API: kept out of the OpenAPI schema (as /viz is).
@router.get("/{name}", include_in_schema=False)
def guide_file(name: str) -> FileResponse:
    """A file Neo4j Browser reads: ``:play`` the guide; drag the style onto ``:style``."""
    path, media_type = _file(name)
    return FileResponse(path, media_type=media_type, headers=CORS_HEADERS)


@router.options("/{name}", include_in_schema=False)
def guide_preflight(name: str, request: Request) -> Response:
    """The CORS preflight Browser sends before fetching the guide: the headers it asks for are allowed
    (the files are static and public; only well-formed header names are echoed)."""
    _file(name)
    asked = request.headers.get("access-control-request-headers", "").strip()
    allowed = asked if _HEADER_LIST.match(asked) else DEFAULT_ALLOWED_HEADERS
    return Response(status_code=204, headers={**PREFLIGHT_HEADERS, "Access-Control-Allow-Headers": allowed})
