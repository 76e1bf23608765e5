"""The date of a document: when it was published, or at least the year its report speaks for.

Found, first rule that answers wins:

1. the date given by the user (``kg load --date 2024-01-08``);
2. a dateline at the top of the text (``来源:黑龙江日报 (2019-05-10)``, ``2024年1月8日``);
3. a ``_YYYY`` (or ``_YYYY年``) suffix of the file name, as the Shenzhen corpus names its reports;
4. the report's own headings: ``2022年工作回顾`` is read in 2023, ``2023年工作安排`` is for 2023;
5. a year alone in the file name (``harbin-new-area-2021-report``).

>>> document_date("一、2022年工作回顾\\n……", "report").date
'2023'
>>> document_date("", "罗湖区政府工作报告_2014").source
'file name'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# How far into the text a dateline is looked for (a source line, a byline's date).
DATELINE_CHARS = 200

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DATELINE_ISO = re.compile(r"[(（]\s*((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})\s*[)）]")
# A line that is only a date (a report's date under its title); a date inside a sentence is history.
_DATELINE_CN = re.compile(r"^\s*[(（]?((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日[)）]?\s*$", re.MULTILINE)
_NAME_SUFFIX = re.compile(r"_((?:19|20)\d{2})年?$")
_NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_REVIEW = re.compile(r"((?:19|20)\d{2})年(?:政府)?工作回顾")
_PLAN = re.compile(r"((?:19|20)\d{2})年(?:主要工作|工作安排|工作计划|工作任务|重点工作)")


@dataclass(frozen=True)
class DocumentDate:
    """``date`` as ISO text of the precision known (``2023``, ``2019-05-10``); ``source`` says how."""

    date: str
    year: int
    source: str  # "given", "dateline", "file name", "headings", "file name year"


class InvalidDate(ValueError):
    """A date given by the user that is not YYYY, YYYY-MM or YYYY-MM-DD."""


def parse_date(text: str) -> DocumentDate:
    """A date the user gives: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (checked, zero-padded)."""
    m = _ISO.match(text.strip())
    if not m:
        raise InvalidDate(f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.group(1), m.group(2), m.group(3)
    return _dated(int(year), month, day, "given", text)


def _dated(year: int, month: str | None, day: str | None, source: str, shown: str) -> DocumentDate:
    if month is not None and not 1 <= int(month) <= 12:
        raise InvalidDate(f"date {shown!r} has no month {month}")
    if day is not None and not 1 <= int(day) <= 31:
        raise InvalidDate(f"date {shown!r} has no day {day}")
    parts = [f"{year:04d}"] + [f"{int(p):02d}" for p in (month, day) if p is not None]
    return DocumentDate("-".join(parts), year, source)


def document_date(
    text: str, document: str, source: str | None = None, given: str | None = None
) -> DocumentDate | None:
    """The date of the document ``document`` (its id; ``source`` the file name) with text ``text``.

    None when no rule finds one. A ``given`` date that does not parse raises :class:`InvalidDate`.
    """
    if given:
        return parse_date(given)
    head = text[:DATELINE_CHARS]
    for pattern in (_DATELINE_ISO, _DATELINE_CN):
        m = pattern.search(head)
        if m:
            try:
                return _dated(int(m.group(1)), m.group(2), m.group(3), "dateline", m.group(0))
            except InvalidDate:
                pass  # not a date after all: the other rules may still answer
    stems = [document] + ([source.rsplit(".", 1)[0]] if source else [])
    for stem in stems:
        m = _NAME_SUFFIX.search(stem)
        if m:
            return DocumentDate(m.group(1), int(m.group(1)), "file name")
    review, plan = _REVIEW.search(text), _PLAN.search(text)
    if review:
        year = int(review.group(1)) + 1
        return DocumentDate(str(year), year, "headings")
    if plan:
        return DocumentDate(plan.group(1), int(plan.group(1)), "headings")
    for stem in stems:
        years = set(_NAME_YEAR.findall(stem))
        if len(years) == 1:
            (year,) = years
            return DocumentDate(year, int(year), "file name year")
    return None
