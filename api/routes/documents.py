"""Documents: the loaded ones, one with its sections, and loading a new one (API key required)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
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
from loaders.errors import UnreadableDocument
from loaders.formats import MAX_BYTES
from loaders.formats.reader import MB, too_large
from loaders.formats.sniff import HEAD_BYTES, sniff
from loaders.reading import MAX_DOCUMENT_BYTES

router = APIRouter(tags=["documents"])

# A JSON body holds text: the loader's own limit (a report is ~15-50 kB; 1 MB loads in well under a
# minute). A file upload may be any format `kg load` reads, each up to its own limit
# (loaders.formats.MAX_BYTES: text 1 MB … PDF 50 MB); the largest bounds what is read at all.
MAX_TEXT_BYTES = MAX_DOCUMENT_BYTES
MAX_UPLOAD_BYTES = max(MAX_BYTES.values())
# OCR takes about a minute a page on a small machine, and the request waits for it: an upload is
# OCR'd for at most this many pages (an image's frames, a PDF's scanned pages); `kg load` takes more.
MAX_OCR_PAGES = 2

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
                        "description": "A document in any format `kg load` reads, told by its "
                        "content: text (UTF-8, GB18030, Big5 …) up to 1 MB, HTML 5 MB, Word .docx "
                        "20 MB, PDF 50 MB, images 30 MB; at most 2 pages OCR'd (images, scanned PDF).",
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
    """Load a document: JSON ``{"text", "document"?}``, or a multipart ``file`` in any format ``kg load``
    reads (text, HTML, Word, PDF, images; told by content). Needs ``X-API-Key``.

    Limits: text 1 MB, HTML 5 MB, Word 20 MB, PDF 50 MB, images 30 MB (413 beyond); at most 2 pages
    OCR'd. A file that cannot be read is 400 ``unreadable_document`` and nothing is loaded.

    Loading the same document again changes nothing (the store writes per document id), so
    concurrent posts of one document leave one copy.
    """
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_UPLOAD_BYTES + 64 * 1024:
        raise PayloadTooLarge(f"the upload is larger than {MAX_UPLOAD_BYTES // MB} MB")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        text, document = await _json_document(request)
        summary = await run_in_threadpool(_load_text_and_write, store, text, document)
    elif content_type == "multipart/form-data":
        data, document, name = await _uploaded_document(request)
        summary = await run_in_threadpool(_read_and_write, store, data, document, name)
    else:
        raise UnsupportedMediaType(
            "send application/json {text, document} or multipart/form-data with a file"
        )
    response.headers["Location"] = f"/documents/{quote(summary.document, safe='')}"  # headers are latin-1
    return summary


async def _json_document(request: Request) -> tuple[str, str]:
    body = await request.body()
    if len(body) > MAX_TEXT_BYTES:
        raise PayloadTooLarge(f"the text is larger than {MAX_TEXT_BYTES // MB} MB")
    try:
        data = DocumentIn.model_validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError(_body_errors(exc)) from None
    if not data.text.strip():
        raise RequestValidationError(
            [{"loc": ("body", "text"), "msg": "text is blank", "type": "value_error"}]
        )
    return data.text, data.document or _content_id(data.text)


async def _uploaded_document(request: Request) -> tuple[bytes, str, str]:
    """The uploaded file's bytes, its document id and its name; refused (413) over its format's limit."""
    async with request.form(max_files=1, max_fields=4) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise RequestValidationError(
                [{"loc": ("body", "file"), "msg": "a file is required", "type": "missing"}]
            )
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise PayloadTooLarge(f"the upload is larger than {MAX_UPLOAD_BYTES // MB} MB")
        name = PurePath(upload.filename or "upload.txt").name  # never a path from the client
        given = form.get("document")
        document = given.strip() if isinstance(given, str) and given.strip() else PurePath(name).stem
    try:
        DocumentIn(text="-", document=document)
    except ValidationError as exc:
        raise RequestValidationError(_body_errors(exc)) from None
    try:
        kind, _detail = sniff(data[:HEAD_BYTES])
    except UnreadableDocument as exc:
        raise UnreadableDocument(name, exc.reason) from None
    if len(data) > MAX_BYTES[kind]:
        raise PayloadTooLarge(f"{name}: {too_large(kind, len(data))}")
    return data, document, name


def _load_text_and_write(store: GraphStore, text: str, document: str) -> DocumentLoadedOut:
    from graph.curation import Curation
    from loaders.report import load_text

    return DocumentLoadedOut.from_summary(Curation(store).write_document(load_text(text, document)))


def _read_and_write(store: GraphStore, data: bytes, document: str, name: str) -> DocumentLoadedOut:
    """Read the file in its format (by content), extract its graph, write it: all or nothing."""
    from loaders.formats import read
    from loaders.report import load_read

    read_document = read(data, name, ocr_pages=MAX_OCR_PAGES)
    if read_document.metadata.source is None:
        metadata = replace(read_document.metadata, source=name)
        read_document = replace(read_document, metadata=metadata)
    from graph.curation import Curation

    return DocumentLoadedOut.from_summary(Curation(store).write_document(load_read(read_document, document)))


def _content_id(text: str) -> str:
    """A document id from the text itself, so posting the same text twice is one document."""
    return "upload-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _body_errors(exc: ValidationError) -> list[dict[str, Any]]:
    # Drop the input echo: a body may be large, and pydantic's "input" would repeat it.
    return [
        {"loc": ("body", *e["loc"]), "msg": e["msg"], "type": e["type"]}
        for e in json.loads(exc.json(include_input=False, include_url=False))
    ]
