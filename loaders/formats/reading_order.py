"""Reading order of a printed page from the geometry of its text lines: columns, blocks, headlines.

A newspaper page is read column by column, left to right, and a headline printed across several
columns comes before the columns under it. OCR engines (and many PDFs) list lines top to bottom
across the whole page instead, mixing the columns line by line. This module recovers the order by
recursive cuts of the page (an X-Y cut):

- a **vertical cut** where a strip of white runs from the top of a region to its bottom (a gutter
  between columns): each side is read in turn, left first;
- where a few wide lines cross a gutter the other lines leave open (headlines across columns),
  each such line is a **horizontal cut**, read after what is above it and before what is below it.
  A headline with nothing beside it is cut at first, before any gutter: otherwise a column that
  no headline reaches would run down the whole page and be read after every other column;
- what is left is one column: its lines top to bottom, pieces of one line (OCR splits a line at a
  wide space) joined left to right, and a break where the gap between lines is much larger than
  the line spacing (a paragraph or an empty line).

Limit: a headline across only some columns cuts all columns of its region at its height (text of
the other columns beside it is read in two parts, above and below).
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from loaders.formats.document import Box

# A gutter is at least this many line heights of white between columns.
GUTTER_LINE_HEIGHTS = 0.8
# A gap between two lines of one column larger than this many line pitches is a paragraph break.
BREAK_PITCHES = 1.6
# At most this share of a region's lines may be taken out as headlines to find its columns.
MAX_SPANNING_SHARE = 0.2


@dataclass(frozen=True)
class PlacedLine:
    """A line (or piece of one) of text on a page, with its box (left, top, right, bottom)."""

    text: str
    box: Box

    @property
    def left(self) -> float:
        return self.box[0]

    @property
    def top(self) -> float:
        return self.box[1]

    @property
    def right(self) -> float:
        return self.box[2]

    @property
    def bottom(self) -> float:
        return self.box[3]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]

    @property
    def middle(self) -> float:
        return (self.box[1] + self.box[3]) / 2


@dataclass(frozen=True)
class ReadLine:
    """One line in reading order: its text, the box around its pieces, and whether a block ends here."""

    text: str
    box: Box
    pieces: tuple[PlacedLine, ...]
    ends_block: bool = False


def reading_order(lines: Sequence[PlacedLine]) -> list[ReadLine]:
    """The lines of one page in the order a reader reads them.

    >>> left = [PlacedLine("左一", (0, 0, 40, 10)), PlacedLine("左二", (0, 12, 40, 22))]
    >>> right = [PlacedLine("右一", (60, 0, 100, 10)), PlacedLine("右二", (60, 12, 100, 22))]
    >>> [line.text for line in reading_order([left[0], right[0], left[1], right[1]])]
    ['左一', '左二', '右一', '右二']
    """
    lines = [line for line in lines if line.text.strip() and line.right > line.left]
    if not lines:
        return []
    height = statistics.median(line.height for line in lines)
    out: list[ReadLine] = []
    _read_region(lines, max(height, 1.0), out)
    return out


def _read_region(lines: list[PlacedLine], height: float, out: list[ReadLine]) -> None:
    clear = _gutters(lines, height)
    opened, spanning = _gutters_under_wide_lines(lines, clear, height)
    # A headline with white beside it across the whole region heads what is below it: cut there
    # before any gutter, else a column its headlines do not reach would be read as one long column.
    alone = [line for line in spanning if _alone_in_its_row(line, lines)]
    if alone:
        _read_bands(lines, alone, height, out)
    elif clear or (opened and not spanning):
        for column in _split_at(lines, clear or opened):
            _read_region(column, height, out)
    elif spanning:
        _read_bands(lines, spanning, height, out)
    else:
        _read_column(lines, height, out)


def _read_bands(lines: list[PlacedLine], cuts: list[PlacedLine], height: float, out: list[ReadLine]) -> None:
    for part in _bands(lines, cuts):
        if isinstance(part, PlacedLine):
            _close_block(out)
            out.append(ReadLine(part.text, part.box, (part,), ends_block=True))
        else:
            _read_region(part, height, out)


def _alone_in_its_row(line: PlacedLine, lines: list[PlacedLine]) -> bool:
    """No other line of the region reaches into this line's height (it has white on both sides)."""
    return not any(
        other is not line and other.top < line.bottom and other.bottom > line.top for other in lines
    )


Gutter = tuple[float, float]


def _gutters(lines: list[PlacedLine], height: float) -> list[Gutter]:
    """The strips of white from the region's top to its bottom, left to right, as (left, right)."""
    ordered = sorted(lines, key=lambda line: line.left)
    gutters: list[Gutter] = []
    reach = ordered[0].right
    for line in ordered[1:]:
        if line.left - reach >= GUTTER_LINE_HEIGHTS * height:
            gutters.append((reach, line.left))
        reach = max(reach, line.right)
    return gutters


def _gutters_under_wide_lines(
    lines: list[PlacedLine], clear: list[Gutter], height: float
) -> tuple[list[Gutter], list[PlacedLine]]:
    """Gutters that open when the widest lines are taken out, and those of them that span a gutter.

    A taken-out line *spans* a gutter when it runs across it well into the columns on both sides (a
    headline); a line that only pokes into a gutter (a full line set a little wide) spans nothing,
    and stays in the column its left edge is in.
    """
    if len(lines) < 3:
        return [], []
    by_width = sorted(lines, key=lambda line: line.right - line.left, reverse=True)
    first_opened: list[Gutter] = []
    for taken in range(1, max(1, int(MAX_SPANNING_SHARE * len(lines))) + 1):
        gutters = _gutters(by_width[taken:], height)
        if len(gutters) <= len(clear):
            continue
        first_opened = first_opened or gutters
        spanning = [
            line
            for line in by_width[:taken]
            if any(line.left < g0 - height and line.right > g1 + height for g0, g1 in gutters)
        ]
        if spanning:
            return gutters, spanning
    return first_opened, []


def _split_at(lines: list[PlacedLine], gutters: list[Gutter]) -> list[list[PlacedLine]]:
    """The lines in columns between the gutters, each line in the column its left edge is in."""
    columns: list[list[PlacedLine]] = [[] for _ in range(len(gutters) + 1)]
    for line in lines:
        columns[sum(1 for g0, g1 in gutters if line.left >= (g0 + g1) / 2)].append(line)
    return [column for column in columns if column]


def _bands(lines: list[PlacedLine], spanning: list[PlacedLine]) -> list[PlacedLine | list[PlacedLine]]:
    """The region cut at each spanning line: the lines above it, the line, the lines below, …"""
    cuts = sorted(spanning, key=lambda line: line.middle)
    taken = {id(line) for line in cuts}
    bands: list[list[PlacedLine]] = [[] for _ in range(len(cuts) + 1)]
    for line in lines:
        if id(line) in taken:
            continue
        index = sum(1 for cut in cuts if line.middle > cut.middle)
        bands[index].append(line)
    parts: list[PlacedLine | list[PlacedLine]] = []
    for band, cut in zip(bands, [*cuts, None], strict=True):
        if band:
            parts.append(band)
        if cut is not None:
            parts.append(cut)
    return parts


def _read_column(lines: list[PlacedLine], height: float, out: list[ReadLine]) -> None:
    """One column: rows top to bottom (pieces of a row left to right), breaks at large gaps.

    The column's end is no break: its last sentence goes on at the top of the next column.
    """
    rows: list[list[PlacedLine]] = []
    for line in sorted(lines, key=lambda line: line.middle):
        if rows and _same_row(rows[-1], line):
            rows[-1].append(line)
        else:
            rows.append([line])
    tops = [min(piece.top for piece in row) for row in rows]
    steps = [b - a for a, b in itertools.pairwise(tops) if b > a]
    # The usual step from line to line: the lower quartile, as paragraph breaks only lengthen steps.
    pitch = sorted(steps)[len(steps) // 4] if steps else height * 1.5
    for i, row in enumerate(rows):
        pieces = tuple(sorted(row, key=lambda piece: piece.left))
        if i and tops[i] - tops[i - 1] > BREAK_PITCHES * max(pitch, height):
            _close_block(out)
        text = pieces[0].text
        for before, piece in itertools.pairwise(pieces):
            space = piece.left - before.right > 0.8 * height
            text += (" " if space else "") + piece.text
        box = (
            min(p.left for p in pieces),
            min(p.top for p in pieces),
            max(p.right for p in pieces),
            max(p.bottom for p in pieces),
        )
        out.append(ReadLine(text, box, pieces))


def _same_row(row: list[PlacedLine], line: PlacedLine) -> bool:
    top = min(piece.top for piece in row)
    bottom = max(piece.bottom for piece in row)
    overlap = min(bottom, line.bottom) - max(top, line.top)
    return overlap > 0.5 * min(bottom - top, line.height)


def _close_block(out: list[ReadLine]) -> None:
    if out and not out[-1].ends_block:
        last = out[-1]
        out[-1] = ReadLine(last.text, last.box, last.pieces, ends_block=True)
