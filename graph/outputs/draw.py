"""A static picture of a subgraph (PNG, SVG, PDF) for reports, with Chinese labels as glyphs.

matplotlib's default font (DejaVu Sans) has no CJK glyphs and draws boxes, so :func:`find_cjk_font`
looks for a CJK font among the installed ones (Debian: ``fonts-noto-cjk``, ``fonts-wqy-microhei``) and
:func:`draw_subgraph` renders every label with it. matplotlib is imported inside the functions so that
importing this module (and ``kg --help``) stays fast.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graph.core.protocol import Subgraph
from graph.outputs.palette import LABEL_COLOURS, label_colour

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure

# Preferred CJK families, simplified Chinese first (the report is in simplified characters).
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Source Han Sans CN",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)
# File names of those fonts, for fonts installed after matplotlib cached its font list.
_CJK_FILE_HINTS: tuple[str, ...] = ("notosanscjk", "sourcehansans", "wqy", "droidsansfallback", "notosanssc")

SUPPORTED_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
LABEL_MAX_CHARS = 12  # section titles run to 30 characters; a picture needs short labels
LABELLED_NODES = 120  # beyond this, only the best-connected nodes carry a name


@dataclass(frozen=True)
class CjkFont:
    family: str
    path: Path


@dataclass(frozen=True)
class DrawResult:
    path: Path
    nodes: int
    relationships: int
    font: CjkFont | None  # None: no CJK font installed, Chinese labels are boxes


def find_cjk_font() -> CjkFont | None:
    """The first installed CJK font of :data:`CJK_FAMILIES`, or None.

    Looks in matplotlib's font list first; if it has none (a font installed after matplotlib built its
    cache), scans the system font folders once and registers what it finds.
    """
    from matplotlib import font_manager

    def from_list() -> CjkFont | None:
        by_family: dict[str, Path] = {}
        for entry in font_manager.fontManager.ttflist:
            # Prefer the regular weight: label text at bold weight blurs at small sizes.
            if entry.name not in by_family or entry.weight in (400, "normal", "regular"):
                by_family[entry.name] = Path(entry.fname)
        for family in CJK_FAMILIES:
            if family in by_family:
                return CjkFont(family, by_family[family])
        return None

    font = from_list()
    if font is None:
        for fname in font_manager.findSystemFonts():
            if any(hint in Path(fname).name.lower().replace("-", "") for hint in _CJK_FILE_HINTS):
                font_manager.fontManager.addfont(fname)
        font = from_list()
    return font


def _short(name: str) -> str:
    # "$" would start matplotlib's mathtext.
    name = name.replace("$", r"\$")
    return name if len(name) <= LABEL_MAX_CHARS else name[: LABEL_MAX_CHARS - 1] + "…"


def _layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """A seeded spring layout (same graph, same picture).

    k a little above the default 1/sqrt(n) spreads a hub's leaves apart so their names overlap less.
    (Kamada-Kawai would need scipy; NetworkX's ForceAtlas2 piles leaves onto their hubs.)
    """
    import networkx as nx

    n = graph.number_of_nodes()
    return nx.spring_layout(graph, k=2.0 / max(1.0, n**0.5), iterations=200, seed=7)


def render_subgraph(subgraph: Subgraph, title: str | None = None, font: CjkFont | None = None) -> Figure:
    """A matplotlib figure of ``subgraph``: nodes coloured by label, sized by degree, a legend.

    The layout is NetworkX's spring layout with a fixed seed, so the same graph gives the same picture.
    """
    import matplotlib

    matplotlib.use("Agg")  # files only, never a window
    import networkx as nx
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    graph = nx.Graph()
    for node in subgraph.nodes:
        graph.add_node(node.id)
    for rel in subgraph.relationships:
        if rel.source in graph and rel.target in graph and rel.source != rel.target:
            graph.add_edge(rel.source, rel.target)

    n = graph.number_of_nodes()
    side = min(28.0, max(8.0, 8.0 + n / 25))  # inches: room for ~25 more labels per extra inch
    figure = Figure(figsize=(side, side * 0.75), dpi=110)
    ax = figure.add_subplot()
    ax.set_axis_off()
    families = [font.family, "DejaVu Sans"] if font else ["DejaVu Sans"]
    if n == 0:
        ax.text(0.5, 0.5, "empty graph", ha="center", va="center", family=families)
        return figure

    positions = _layout(graph)
    degree = dict(graph.degree())
    nodes = [node for node in subgraph.nodes if node.id in graph]
    nx.draw_networkx_edges(graph, positions, ax=ax, width=0.6, edge_color="#999999", alpha=0.6)
    nx.draw_networkx_nodes(
        graph,
        positions,
        ax=ax,
        nodelist=[node.id for node in nodes],
        node_color=[label_colour(node.label) for node in nodes],
        node_size=[40 + 25 * min(degree[node.id], 40) for node in nodes],
        linewidths=0.5,
        edgecolors="white",
    )
    ranked = sorted(nodes, key=lambda node: (-degree[node.id], node.id))[:LABELLED_NODES]
    ys = [y for _, y in positions.values()]
    lift = 0.035 * ((max(ys) - min(ys)) or 1.0)  # names sit just above their dot, not on it
    nx.draw_networkx_labels(
        graph,
        {id_: (x, y + lift) for id_, (x, y) in positions.items()},
        ax=ax,
        labels={node.id: _short(node.name) for node in ranked},
        font_size=8 if n > 60 else 10,
        font_family=families,
        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.7},
    )
    ax.margins(0.08)  # room for the names of the outermost nodes
    present = Counter(node.label for node in nodes)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=colour, label=f"{label} ({present[label]})")
        for label, colour in LABEL_COLOURS.items()
        if present[label]
    ]
    # Outside the plot, on the right: inside it would cover nodes and their names.
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, prop={"family": families}
    )
    if title:
        ax.set_title(title, family=families)
    figure.tight_layout()
    return figure


def draw_subgraph(subgraph: Subgraph, path: Path, title: str | None = None) -> DrawResult:
    """Write a picture of ``subgraph`` to ``path``; its suffix (.png, .svg, .pdf) picks the format."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in SUPPORTED_FORMATS:
        raise ValueError(f"cannot draw to {path.name}: use one of .{', .'.join(SUPPORTED_FORMATS)}")
    font = find_cjk_font()
    figure = render_subgraph(subgraph, title=title, font=font)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format=suffix, bbox_inches="tight")  # keep the legend beside the plot
    return DrawResult(path, len(subgraph.nodes), len(subgraph.relationships), font)
