"""Documents in every supported format, built from the seed's text at test time (no binary fixtures).

Each keeps the seed's lines as lines (a paragraph, a PDF text line, a line of print on a page image),
so that what a reader gives back can be scored against the seed's gold like the plain text is.
"""

from __future__ import annotations

import html
import io
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Lines longer than this do not fit a newspaper column: the page image prints them as headlines
# across all columns (the seed's pillar titles and one wide article are such lines).
COLUMN_CHARS = 19


def cjk_font_face() -> tuple[Path, int]:
    """Noto Sans CJK SC from Debian's fonts-noto-cjk: its file and its index in the collection."""
    found = subprocess.run(
        ["fc-match", "-f", "%{file}\t%{index}", "Noto Sans CJK SC:style=Regular"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    file, _, index = found.partition("\t")
    if "CJK" not in file:
        raise FileNotFoundError("no Noto CJK font: apt-get install fonts-noto-cjk")
    return Path(file), int(index or 0)


def seed_html(text: str) -> str:
    """A government-site page: navigation, breadcrumbs, share buttons and a footer around the article."""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    nav = "".join(f'<li><a href="/{i}.html">{name}</a></li>' for i, name in enumerate(NAV_ITEMS))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="utf-8">
<title>哈尔滨新区2021年工作报告_哈尔滨日报</title>
<meta property="og:title" content="哈尔滨新区2021年工作报告">
<meta name="author" content="哈尔滨日报">
<meta property="article:published_time" content="2021-01-05">
<link rel="canonical" href="https://epaper.example.cn/hrbrb/2021-01-05/3.html">
</head><body>
<header><div class="logo">哈尔滨日报数字报</div><nav><ul>{nav}</ul></nav>
<div class="crumbs">当前位置：首页 &gt; 要闻 &gt; 正文</div></header>
<main><article>
<h1>哈尔滨新区2021年工作报告</h1>
<div class="info">来源：哈尔滨日报 发布时间：2021-01-05</div>
<div class="content">
{paragraphs}
</div>
<div class="share">分享到：微信 微博 QQ空间</div>
</article></main>
<aside><h3>相关新闻</h3><ul><li><a href="/x1.html">冰雪经济再升温</a></li>
<li><a href="/x2.html">全市春运工作会议召开</a></li></ul></aside>
<footer><p>版权所有：哈尔滨日报社 黑ICP备00000000号</p><p>联系我们 | 网站地图 | 关于我们</p></footer>
</body></html>
"""


NAV_ITEMS = ("首页", "要闻", "时政", "经济", "社会", "文化", "体育", "图片", "视频", "专题")


def seed_docx(text: str) -> bytes:
    """A Word file: the title as a heading, each seed line a paragraph, and a table of figures at the end."""
    import docx

    document = docx.Document()
    document.core_properties.title = "哈尔滨新区2021年工作报告"
    document.core_properties.author = "哈尔滨日报"
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class PageLayout:
    """Where a page's lines go: columns of ``column_width`` points, ``pitch`` points apart."""

    columns: int
    width: float
    height: float
    margin: float
    gutter: float
    size: float  # font size of body lines
    pitch: float  # distance between body lines

    @property
    def column_width(self) -> float:
        return (self.width - 2 * self.margin - (self.columns - 1) * self.gutter) / self.columns


@dataclass(frozen=True)
class PlacedLine:
    text: str
    x: float
    y: float  # top of the line
    size: float


def newspaper_page(lines: list[str], layout: PageLayout) -> list[PlacedLine]:
    """Place lines as a newspaper does: bands of balanced columns, each long line a headline across them.

    Lines are filled column by column within a band, so the reading order is down each column, left
    to right, band after band; a blank line stays an empty line in its column.
    """
    placed: list[PlacedLine] = []
    y = layout.margin
    band: list[str] = []

    def flush() -> None:
        nonlocal y
        if not band:
            return
        rows = -(-len(band) // layout.columns)
        for i, line in enumerate(band):
            column, row = divmod(i, rows)
            if line:
                x = layout.margin + column * (layout.column_width + layout.gutter)
                placed.append(PlacedLine(line, x, y + row * layout.pitch, layout.size))
        y += rows * layout.pitch + layout.pitch * 0.5
        band.clear()

    for line in lines:
        if len(line.strip()) > COLUMN_CHARS:
            flush()
            headline = layout.size * 1.3
            placed.append(PlacedLine(line.strip(), layout.margin, y, headline))
            y += headline * 3
        else:
            band.append(line.strip())
    flush()
    return placed


def page_height(placed: list[PlacedLine], layout: PageLayout) -> float:
    return max(p.y + p.size for p in placed) + layout.margin


def seed_page_image(text: str, layout: PageLayout) -> bytes:
    """A four-column newspaper-like page as a PNG, in a CJK font, black on white."""
    from PIL import Image, ImageDraw, ImageFont

    placed = newspaper_page(text.split("\n"), layout)
    image = Image.new("L", (int(layout.width), int(page_height(placed, layout))), 255)
    draw = ImageDraw.Draw(image)
    fonts: dict[float, ImageFont.FreeTypeFont] = {}
    font_file, index = cjk_font_face()
    for p in placed:
        size = int(p.size)
        font = fonts.setdefault(size, ImageFont.truetype(str(font_file), size, index=index))
        if p.size > layout.size:  # a headline: set large enough to run across two columns at least
            while font.getlength(p.text) < 1.6 * layout.column_width and size < 3 * layout.size:
                size += 2
                font = fonts.setdefault(size, ImageFont.truetype(str(font_file), size, index=index))
        draw.text((p.x, p.y), p.text, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def image_pdf(png: bytes, dpi: float = 150) -> bytes:
    """A PDF whose only page is the image (a scan: no text layer)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PDF", resolution=dpi)
    return buffer.getvalue()


def seed_text_pdf(text: str, columns: int = 2) -> bytes:
    """A text PDF of A4 pages with ``columns`` columns; lines are written across the columns row by
    row, so the file's own text order is not the reading order and only the geometry gives it."""
    from fpdf import FPDF

    layout = PageLayout(columns=columns, width=595, height=842, margin=40, gutter=24, size=10, pitch=14)
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_title("哈尔滨新区2021年工作报告")
    pdf.set_author("哈尔滨日报")
    font, index = cjk_font_face()
    pdf.add_font("noto", fname=str(font), collection_font_number=index)
    pdf.set_auto_page_break(False)
    rows_per_page = int((layout.height - 2 * layout.margin) // layout.pitch)
    lines = [line.strip() for line in text.split("\n")]
    per_page = rows_per_page * columns
    for start in range(0, len(lines), per_page):
        pdf.add_page()
        chunk = lines[start : start + per_page]
        cells: list[tuple[int, int, str]] = []
        for i, line in enumerate(chunk):
            column, row = divmod(i, rows_per_page)
            cells.append((row, column, line))
        for row, column, line in sorted(cells):  # row by row: the content order crosses the columns
            if not line:
                continue
            size = layout.size
            pdf.set_font("noto", size=size)
            while pdf.get_string_width(line) > layout.column_width and size > 5:
                size -= 0.5
                pdf.set_font("noto", size=size)
            x = layout.margin + column * (layout.column_width + layout.gutter)
            pdf.text(x, layout.margin + row * layout.pitch + layout.size, line)
    return bytes(pdf.output())
