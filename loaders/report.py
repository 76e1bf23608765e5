"""From a file or a text to a GraphDocument: read → repair → recover structure → extract entities.

The Document node and the Section nodes (with PART_OF) are made here; entities and their
relationships come from :func:`loaders.entities.extract_entities`. Output is deterministic: nodes
sorted by id, relationships by (source, type, target), so the same text gives byte-identical JSON.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from graph.core.model import GraphDocument, Node, Provenance, Relationship
from loaders import grammar, names, ocr, segmentation
from loaders.dates import DocumentDate, document_date
from loaders.entities import extract_entities
from loaders.events import extract_events
from loaders.formats.document import ReadDocument
from loaders.layout import document_title, recover_structure
from loaders.lexicon import canonical_key
from loaders.names.candidates import forget_names_read
from loaders.ocr import repair
from loaders.origin import confidence, mark_events
from loaders.reading import document_id
from loaders.text import CleanText, SectionSpan

# A section's quote: its first sentence, at most this many characters.
QUOTE_LIMIT = 80
_SENTENCE_END = re.compile(r"[。！？；!?;]")
# Sections nest as the layout reads them (loaders/origin.py).
_LAYOUT_ORIGIN = {"confidence": confidence("layout:PART_OF"), "origin": "layout:PART_OF"}


def clear_caches() -> None:
    """Forget what the loader memoised across texts (HMM readings, names, line widths), so that a
    benchmark's next run reads its texts as new."""
    segmentation.clear_memos()
    forget_names_read()
    memoised = (
        grammar.tagged,
        names.display_name,
        canonical_key,
        ocr.width,
        ocr.is_heading,
        ocr.word_spans_break,
    )
    for cached in memoised:
        cached.cache_clear()


def load_report(path: str | Path, date: str | None = None) -> GraphDocument:
    """The graph of the document in the file at ``path`` (its id is the file's stem), in any format.

    ``date`` (YYYY, YYYY-MM or YYYY-MM-DD) overrides the date read from the file, the text or its name.
    """
    from loaders.formats import read

    p = Path(path)
    return load_read(read(p), document_id(p), date=date, name=p.name)


def load_read(
    read: ReadDocument, document: str, date: str | None = None, name: str | None = None
) -> GraphDocument:
    """The graph of a file as read (any format) as document ``document`` (``name``: the file's name).

    Offsets point into ``read.text``; a document read from pages (PDF, images) gets each
    provenance's page and box, and its Document node the file's metadata (title, date, source,
    format, pages). A plain-text file gives exactly what :func:`load_text` gives. The date: ``date``
    if given, else the publication date the page or PDF states, else the time model's rules
    (:func:`loaders.dates.document_date`: a dateline, the file name, the report's headings).
    """
    metadata = document_metadata(read) if read.format != "text" else {}
    published = metadata.pop("date", None)
    doc = load_text(read.text, document, source=read.metadata.source or name, date=date or published)
    if published and not date:
        doc.document.properties["date_source"] = "file metadata"
    if read.format == "text":
        return doc
    doc.document.properties.update(metadata)
    if doc.document.name == document and read.metadata.title:
        doc.document.name = read.metadata.title
    if read.spans:
        locate = _locator(read)
        for item in [*doc.nodes, *doc.relationships]:
            item.provenance = [locate(p) for p in item.provenance]
    return doc


def document_metadata(read: ReadDocument) -> dict[str, object]:
    """The Document node's properties from what a (non-text) file says about itself.

    ``date`` is the publication date where the file gives one (an HTML page's metadata, a PDF's
    creation date), as ISO 8601 (``2021-01-05``); a Word file's dates are when the file was made
    (often a template's), so they are left out. The same property holds a date from the text or
    ``kg load --date`` (the time model), so the two meet.
    """
    m = read.metadata
    properties: dict[str, object] = {"format": read.format}
    date = iso_date(m.date) if read.format in ("html", "pdf") else None
    for key, value in (("title", m.title), ("date", date), ("author", m.author), ("pages", m.pages)):
        if value:
            properties[key] = value
    if read.ocr:
        properties["ocr"] = True
    return properties


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def iso_date(value: str | None) -> str | None:
    """The date part of an ISO 8601 value (``2021-01-05T08:00:00+08:00`` → ``2021-01-05``)."""
    m = _ISO_DATE.match(value or "")
    return "-".join(part for part in m.groups() if part) if m else None


def _locator(read: ReadDocument) -> Callable[[Provenance], Provenance]:
    """Each provenance with the page it begins on and the box around its lines (memoised: a
    section's provenance is repeated by the entities it holds)."""

    @functools.cache
    def locate(p: Provenance) -> Provenance:
        page, box = read.where(p.start, p.end)
        return replace(p, page=page, box=box)

    return locate


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a text is read.

    Reading builds many short-lived objects and no reference cycles (reference counting frees
    them), so the collections it would trigger find nothing, yet each full one walks every memo
    the loader keeps across texts: 6-15% of the loader's time on the synthetic corpus.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_text(text: str, document: str, source: str | None = None, date: str | None = None) -> GraphDocument:
    """The graph of ``text`` as document ``document``; offsets point into ``text`` exactly as given.

    ``date``: the document's date if known (else read by :func:`loaders.dates.document_date`);
    one that does not parse raises ``loaders.dates.InvalidDate``.
    """
    dated = document_date(text, document, source, date)
    with _collector_paused():
        return _graph_of(text, document, source, dated)


def _graph_of(text: str, document: str, source: str | None, dated: DocumentDate | None) -> GraphDocument:
    clean = repair(text)
    sections = recover_structure(clean, document)
    doc = _document_node(text, document, source, document_title(sections), dated)
    nodes = [doc] + [_section_node(clean, document, s) for s in sections]
    relationships = [
        Relationship(source=s.id, target=s.parent or doc.id, type="PART_OF", properties=dict(_LAYOUT_ORIGIN))
        for s in sections
    ]
    entity_nodes, entity_relationships = extract_entities(clean, document, sections)
    nodes += entity_nodes
    relationships += entity_relationships
    event_nodes, event_relationships = extract_events(
        clean, document, dated.date if dated else None, dated.year if dated else None, entity_nodes
    )
    mark_events(event_nodes, event_relationships)
    nodes += event_nodes
    relationships += event_relationships
    nodes.sort(key=lambda n: n.id)
    relationships.sort(key=lambda r: (r.source, r.type, r.target))
    return GraphDocument(document=doc, nodes=nodes, relationships=relationships, text=text)


def _document_node(
    text: str, document: str, source: str | None, title: str | None, dated: DocumentDate | None
) -> Node:
    properties: dict[str, object] = {
        "document": document,
        "sha256": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        "characters": len(text),
    }
    if source:
        properties["source"] = source
    if dated is not None:
        properties.update(date=dated.date, year=dated.year, date_source=dated.source)
    return Node(id=f"document:{document}", label="Document", name=title or document, properties=properties)


def _section_node(clean: CleanText, document: str, span: SectionSpan) -> Node:
    properties: dict[str, object] = {"kind": span.kind, "start": span.start, "end": span.end}
    if span.ordinal is not None:
        properties["ordinal"] = span.ordinal
    properties.update(span.properties)
    return Node(
        id=span.id,
        label="Section",
        name=span.name,
        properties=properties,
        provenance=[Provenance(document, span.start, span.end, section_quote(clean, span))],
    )


def section_quote(clean: CleanText, span: SectionSpan) -> str:
    """The first sentence of a section as printed (joined lines on one line), at most QUOTE_LIMIT chars."""
    cs, ce = clean.to_clean(span.start), clean.to_clean(span.end)
    # A quote is one sentence: no need to look further than a few of its lengths.
    shown = clean.shown(cs, max(cs, min(ce, cs + 4 * QUOTE_LIMIT))).strip()
    m = _SENTENCE_END.search(shown)
    sentence = shown[: m.end()] if m else shown
    return sentence.split("\n", 1)[0].strip()[:QUOTE_LIMIT]


def document_json(document: GraphDocument) -> str:
    """The contract's JSON for one document (``{"document", "nodes", "relationships"}``), byte-stable.

    Keys sorted and non-ASCII kept as is, so the same input prints the same bytes.
    """
    return json.dumps(document.to_dict(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
