"""Assembling section spans: ids ``section:{document}:{path}``, spans in original offsets, names from
a unit's first clause or sentence."""

from __future__ import annotations

import re

from loaders.ocr import BULLET
from loaders.text import SectionSpan

_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]?")

# 本报讯（记者薛婧李爱民）3日， — what precedes a news report's first clause.
DATELINE_HEAD = re.compile(
    r"^\s*本报(?:\d{1,2}日)?讯\s*(?:[（(][^）)]*[）)])?\s*(?:\d{1,2}日(?:上午|下午|电)?[，,]?)?"
)


class Builder:
    """Collects SectionSpans with ids ``section:{document}:{path}``, unique and stable."""

    def __init__(self, document: str) -> None:
        self.document = document
        self.sections: list[SectionSpan] = []
        self._paths: set[str] = set()

    def add(
        self,
        path: str,
        kind: str,
        name: str,
        start: int,
        end: int,
        parent: SectionSpan | None = None,
        ordinal: int | None = None,
        **properties: object,
    ) -> SectionSpan:
        full = f"{parent.id.split(':', 2)[2]}/{path}" if parent else path
        base, k = full, 2
        while full in self._paths:
            full = f"{base}-{k}"
            k += 1
        self._paths.add(full)
        span = SectionSpan(
            id=f"section:{self.document}:{full}",
            kind=kind,
            name=name,
            start=start,
            end=end,
            parent=parent.id if parent else None,
            ordinal=ordinal,
            properties={k: v for k, v in properties.items() if v not in (None, "", [])},
        )
        self.sections.append(span)
        return span


def first_clause(text: str, limit: int = 40) -> str:
    """A short name from a line: its first clause, without the bullet and the final stop."""
    body = BULLET.sub("", text, count=1).strip()
    clause = re.split(r"[，。；,;！？!?]", body, maxsplit=1)[0].strip()
    return (clause or body)[:limit]


def first_sentence(text: str, limit: int = 40) -> str:
    """A short name from a paragraph: its first sentence (after any dateline), without the stop."""
    text = DATELINE_HEAD.sub("", text, count=1) or text
    m = _SENTENCE.match(text)
    sentence = (m.group() if m else text).rstrip("。！？；!?;").strip()
    return (sentence or text)[:limit]
