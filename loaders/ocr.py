"""OCR repair: rejoin lines that OCR broke inside a word or a sentence, keep real boundaries.

A newspaper column wraps every line at the same width, and OCR adds blank lines at random. So a
line break sits *inside* a sentence when the line before it is full (as wide as its column) and does
not end a sentence; it is a real boundary when the line ends a sentence, when either side is a
heading, byline, bullet or numbered item, or when the line is short (a title, the end of a paragraph).

Only the choice of joins lives here; :meth:`CleanText.build` drops them and normalises (NFKC).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import jieba

from loaders.script import simplified
from loaders.text import CleanText

# A sentence (or clause that closes a line) ends here; closing quotes/brackets may follow.
_SENTENCE_END = re.compile(r"[。！？；!?;：:…][”’」』）)\]】\"']*$")
# What starts a list entry: bullets, 一是/二是…, （一）, 1. / 1、
BULLET = re.compile(r"^\s*[·•●▪■◆◇○□\-–—]")
ITEM = re.compile(r"^\s*[一二三四五六七八九十]+是")
_NUMBERED = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．](?!\d)|[一二三四五六七八九十]+、)"
)
# A pillar heading of a work plan: optional printed number, then 坚定不移….
PILLAR = re.compile(r"^\s*(?:[（(]?(\d{1,2}|[一二三四五六七八九十]{1,3})[）)、.．]?\s*)?坚定不移")
# Bylines stand alone: 文/本报记者 …, 摄/…, 来源: …
BYLINE = re.compile(r"^\s*(?:[文摄图]\s*/|来源\s*[:：]|记者\s|通讯员\s)")
# A dateline opens a news report and runs on into its first sentence: 本报讯（记者…）, 本报9日讯,
# 中国甘肃网3月21日讯, 新华社北京3月5日电.
DATELINE = re.compile(
    r"^\s*(?:本报|[\u4e00-\u9fff]{2,8}?(?:日报|晚报|报|网|台|社|客户端)[\u4e00-\u9fff]{0,4}?)"
    r"(?:\d{1,2}月)?(?:\d{1,2}日)?(?:讯|电)"
)
# A headline: short runs of CJK separated by spaces (`开局之年 新区这么干`, `许春生 施元春 王少杰`).
_GAPPED = re.compile(r"[\u3400-\u9fff”“\"]\s+[\u3400-\u9fff“”\"]")
_CLAUSE_PUNCT = re.compile(r"[，。；、：,;:！？!?]")
# A target-box value line (`同比增长10%左右`) or a line ending with one: a value closes its line.
_VALUE_END = re.compile(r"(?:\d\s*[%％]|左右|以上|以下)$")
# Lines of a list of projects (开工项目名单: one name a line, each ending in 项目 or 工程).
_PROJECT_LINE = re.compile(r"(?:项目|工程)$")
_SENTENCE_PUNCT = re.compile(r"[，。；,;！？!?]")
_VALUE_START = re.compile(r"^\s*(?:同比|比上年|增长\s*\d)")
_CLOSING = re.compile(r"^\s*[，。；、：）)”’」』！？,.;:!?%％]")
# A web page's metadata line: its source, a time stamp, a photo's or an editor's credit. It is a line
# of its own, never half of a sentence (来源:重庆日报 / 编者按; 摄影:马静 / 中国西藏网讯 …).
_META_LINE = re.compile(
    r"来源\s*[:：]|发布时间|摄影\s*[:：]|责任编辑|编辑\s*[:：]|作者\s*[:：]|\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}"
)

# A line is "full" when at most this much narrower than its column: first lines lose a 2-character
# indent and justified punctuation is squeezed. Body lines (with commas) get more slack than title-like
# lines, since a title is exactly a short line without punctuation.
_FULL_TOLERANCE_BODY = 4.5
_FULL_TOLERANCE_BARE = 3.5
# A word across the break (水|平, 沟|通) joins a line at least this share of its column wide.
_WORD_JOIN_SHARE = 0.6
# Without a column estimate, a line this narrow may be a title: keep its break.
_SHORT_LINE = 6.0
# Columns wider than this are not newspaper columns but one paragraph per line.
_PROSE_COLUMN = 40.0
# How many non-blank lines on each side estimate the column width.
_WINDOW = 5


@dataclass(frozen=True)
class Line:
    """One line of the original text: ``text`` is ``original[start:end]`` without its line break."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(original: str) -> list[Line]:
    """The lines of ``original`` with their offsets (``\\n``, ``\\r\\n`` and ``\\r`` end a line)."""
    lines: list[Line] = []
    for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", original):
        if m.start() == m.end() and m.start() == len(original) and lines:
            break
        body = m.group().rstrip("\r\n")
        lines.append(Line(m.start(), m.start() + len(body), body))
    return lines


class _Cells(dict[str, float]):
    """Printed width of single characters, computed as met."""

    def __missing__(self, ch: str) -> float:
        self[ch] = 1.0 if unicodedata.east_asian_width(ch) in "FWA" else 0.5
        return self[ch]


_CELLS = _Cells()


@lru_cache(maxsize=8192)
def width(text: str) -> float:
    """Printed width in CJK cells: wide and ambiguous characters 1, narrow ones (ASCII) ½."""
    return sum(map(_CELLS.__getitem__, text.strip()))


@lru_cache(maxsize=8192)  # each line is asked about as a first line, a second line and a typical one
def is_heading(text: str) -> bool:
    """A line that stands alone: a pillar heading, a byline, or a headline with gaps between phrases."""
    s = text.strip()
    if not s:
        return False
    if PILLAR.match(s) and not _CLAUSE_PUNCT.search(s):
        return True
    if BYLINE.match(s):
        return True
    return bool(_GAPPED.search(s)) and not _CLAUSE_PUNCT.search(s) and width(s) <= 30


def starts_entry(text: str) -> bool:
    """A line that opens a list entry (bullet, 一是…, numbered) or a heading."""
    return bool(BULLET.match(text) or ITEM.match(text) or _NUMBERED.match(text) or DATELINE.match(text)) or (
        is_heading(text)
    )


def _typical_width(line: Line) -> float | None:
    """The width of a line that can tell the column width: not a sentence's last line, not a heading."""
    if _SENTENCE_END.search(line.text.rstrip()) or is_heading(line.text):
        return None
    return width(line.text)


def _column_width(typical: list[float | None], at: int) -> float | None:
    """The width of the column around line ``at``: the median of the typical lines nearby.

    Lines that end a sentence or are headings are left out (last lines are short, headings vary);
    the median resists a stray line from another column.
    """
    widths = sorted(w for w in typical[max(0, at - _WINDOW) : at + _WINDOW + 1] if w is not None)
    if len(widths) < 3:
        return None
    return widths[len(widths) // 2]


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    """A private jieba with its bundled dictionary only, so other stages' user words cannot change joins."""
    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


def word_across(first: str, second: str) -> bool:
    """Whether a dictionary word spans the break between ``first`` and ``second`` (水|平, 交|易)."""
    return word_spans_break(first.rstrip()[-4:], second.lstrip()[:4])


@lru_cache(maxsize=8192)
def word_spans_break(left: str, right: str) -> bool:
    """Whether a dictionary word of ``left + right`` starts in ``left`` and ends in ``right``."""
    if not left or not right or not _is_cjk(left[-1]) or not _is_cjk(right[0]):
        return False
    pos = 0
    for token in _tokenizer().cut(left + right, HMM=False):
        if pos < len(left) < pos + len(token):
            return True
        pos += len(token)
    return False


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def breaks_inside_sentence(first: str, second: str, gap: bool, column: float | None) -> bool:
    """Whether the break between two non-blank lines lies inside a sentence.

    ``gap``: blank lines stand between them; ``column``: the width of the column around them, if
    the neighbourhood tells it.
    """
    first = first.rstrip()
    if _CLOSING.match(second):
        return True  # a line never starts with a comma or a closing bracket
    if _SENTENCE_END.search(first) or starts_entry(second) or is_heading(first):
        return False
    if _META_LINE.search(first) or _META_LINE.search(second):
        return False
    if second[:1].isspace():
        return False  # an indented line opens a new block
    if _VALUE_END.search(first) or _VALUE_START.match(second):
        return False  # lines of a targets box: label, value, label, value
    if (
        _PROJECT_LINE.search(first)
        and _PROJECT_LINE.search(second.rstrip())
        and not _SENTENCE_PUNCT.search(first)
    ):
        return False  # lines of a list of projects, one name a line
    if first[-1:].isascii() and first[-1:].isalnum() and second[:1].isascii() and second[:1].isalnum():
        return False  # joining would glue two Latin words; keep the break
    w_first, w_second = width(first), width(second)
    if w_first <= 2 and w_second <= 2 and not gap:
        return True  # a title printed vertically, one or two characters a line: 预期 / 目标
    if column is None:
        # Too few lines to know the column: join adjacent lines unless the first is title-short.
        return not gap and w_first >= _SHORT_LINE
    if gap and column > _PROSE_COLUMN:
        return False  # one paragraph per line: a blank line is a real paragraph break
    if w_first >= _WORD_JOIN_SHARE * column and word_across(first, second):
        return True
    tolerance = _FULL_TOLERANCE_BODY if _CLAUSE_PUNCT.search(first) else _FULL_TOLERANCE_BARE
    return w_first >= column - tolerance


def joins(original: str) -> list[int]:
    """Offsets of the characters to drop so that broken sentences read as one line.

    For each break found inside a sentence: the first line's trailing spaces, every line break and
    blank line between, and the second line's leading spaces.
    """
    lines = split_lines(original)
    positions = [i for i, ln in enumerate(lines) if not ln.blank]
    rows = [lines[i] for i in positions]
    typical = [_typical_width(ln) for ln in rows]
    drop: list[int] = []
    for k in range(len(rows) - 1):
        first, second = rows[k], rows[k + 1]
        gap = positions[k + 1] > positions[k] + 1
        if not breaks_inside_sentence(first.text, second.text, gap, _column_width(typical, k)):
            continue
        stop = first.start + len(first.text.rstrip())
        start = second.start + (len(second.text) - len(second.text.lstrip()))
        drop.extend(range(stop, start))
    return drop


def repair(original: str) -> CleanText:
    """The cleaned text of ``original``: OCR line breaks inside sentences removed, NFKC applied.

    Traditional characters are folded to simplified ones (one for one, so ``index`` stays valid):
    the rules and the lexicon are written in simplified script.
    """
    built = CleanText.build(original, joins(original))
    return CleanText(original=built.original, clean=simplified(built.clean), index=built.index)
