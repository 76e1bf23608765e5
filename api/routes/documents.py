"""Documents: the loaded ones, one with its sections, and loading a new one (API key required)."""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from api.dependencies import Store, require_api_key
from api.errors import PayloadTooLarge, UnsupportedMediaType, error_responses
from api.schemas.documents import DocumentDetailOut, DocumentIn, DocumentLoadedOut, DocumentOut
from graph.core.errors import DocumentNotFound
from graph.core.protocol import GraphStore
from loaders.reading import MAX_DOCUMENT_BYTES

router = APIRouter(tags=["documents"])

# The loader's own limit (a report is ~15-50 kB; 1 MB loads in well under a minute): an upload the
# loader would refuse, or spend minutes on, is refused here first (413).
MAX_UPLOAD_BYTES = MAX_DOCUMENT_BYTES

DocumentId = Annotated[
    str, Path(description="Document id (the file's stem).", examples=["harbin-new-area-2021-report"])
]

_UPLOAD_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        # Inline: the body is read by hand (two content types), so FastAPI never adds DocumentIn to
        # the components, and a $ref to it would dangle (ReDoc refuses the whole spec then).
        "application/json": {"schema": DocumentIn.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "A text file (UTF-8, GB18030 …).",
                    },
                    "document": {
                        "type": "string",
                        "description": "Document id; default: the file name's stem.",
                    },
                },
            }
        },
    },
}


@router.get("/documents", response_model=list[DocumentOut], responses=error_responses())
def list_documents(store: Store) -> list[DocumentOut]:
    """Every loaded document, with how many nodes and relationships it supports."""
    return [DocumentOut.from_info(d) for d in store.documents()]


@router.get("/documents/{id:path}", response_model=DocumentDetailOut, responses=error_responses(404))
def get_document(store: Store, id: DocumentId) -> DocumentDetailOut:
    """The document's sections in reading order, each with the entities it mentions."""
    doc = store.document_graph(id)
    if doc is None:
        raise DocumentNotFound(id)
    return DocumentDetailOut.from_graph_document(doc)


@router.post(
    "/documents",
    status_code=201,
    response_model=DocumentLoadedOut,
    responses=error_responses(400, 401, 403, 413, 415),
    dependencies=[Depends(require_api_key)],
    openapi_extra={"requestBody": _UPLOAD_BODY},
)
async def post_document(request: Request, response: Response, store: Store) -> DocumentLoadedOut:
    """Load a text: JSON ``{"text", "document"?}`` or a multipart ``file`` upload. Needs ``X-API-Key``.

    Loading the same document again changes nothing (the store writes per document id), so
    concurrent posts of one document leave one copy.
    """
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_UPLOAD_BYTES + 64 * 1024:
        raise PayloadTooLarge(f"the upload is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        text, document, source = await _json_document(request)
    elif content_type == "multipart/form-data":
        text, document, source = await _uploaded_document(request)
    else:
        raise UnsupportedMediaType(
            "send application/json {text, document} or multipart/form-data with a file"
        )
    summary = await run_in_threadpool(_load_and_write, store, text, document, source)
    response.headers["Location"] = f"/documents/{quote(summary.document, safe='')}"  # headers are latin-1
    return summary


async def _json_document(request: Request) -> tuple[str, str, str | None]:
    body = await request.body()
    if len(body) > MAX_UPLOAD_BYTES:
        raise PayloadTooLarge(f"the upload is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    try:
        data = DocumentIn.model_validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError(_body_errors(exc)) from None
    if not data.text.strip():
        raise RequestValidationError(
            [{"loc": ("body", "text"), "msg": "text is blank", "type": "value_error"}]
        )
    return data.text, data.document or _content_id(data.text), None


async def _uploaded_document(request: Request) -> tuple[str, str, str | None]:
    from loaders.reading import decode_document

    async with request.form(max_files=1, max_fields=4) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise RequestValidationError(
                [{"loc": ("body", "file"), "msg": "a file is required", "type": "missing"}]
            )
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise PayloadTooLarge(f"the upload is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
        name = PurePath(upload.filename or "upload.txt").name  # never a path from the client
        given = form.get("document")
        document = given.strip() if isinstance(given, str) and given.strip() else PurePath(name).stem
    try:
        DocumentIn(text="-", document=document)
    except ValidationError as exc:
        raise RequestValidationError(_body_errors(exc)) from None
    return decode_document(data, name), document, name


def _load_and_write(store: GraphStore, text: str, document: str, source: str | None) -> DocumentLoadedOut:
    from loaders.report import load_text

    doc = load_text(text, document, source=source)
    from graph.curation import Curation

    return DocumentLoadedOut.from_summary(Curation(store).write_document(doc))


def _content_id(text: str) -> str:
    """A document id from the text itself, so posting the same text twice is one document."""
    return "upload-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _body_errors(exc: ValidationError) -> list[dict[str, Any]]:
    # Drop the input echo: a body may be large, and pydantic's "input" would repeat it.
    return [
        {"loc": ("body", *e["loc"]), "msg": e["msg"], "type": e["type"]}
        for e in json.loads(exc.json(include_input=False, include_url=False))
    ]
