"""One colour per node label, shared by the static picture (`kg draw`) and the network page (`/viz`).

Colours are from the Tableau 10 / ColorBrewer families, picked so neighbouring labels in the legend
stay distinguishable; structure labels (Document, Section) are greys so entities stand out.

>>> LABEL_COLOURS["Park"]
'#2ca02c'
"""

from __future__ import annotations

LABEL_COLOURS: dict[str, str] = {
    "Document": "#4d4d4d",
    "Section": "#b0b0b0",
    "Project": "#1f77b4",
    "Park": "#2ca02c",
    "Organization": "#ff7f0e",
    "Person": "#d62728",
    "Place": "#9467bd",
    "Program": "#8c564b",
    "Industry": "#e377c2",
    "Indicator": "#bcbd22",
    "Proposal": "#17becf",
    "Event": "#f2c14e",
}
UNKNOWN_COLOUR = "#7f7f7f"


def label_colour(label: str) -> str:
    """The colour of ``label``; a neutral grey for a label outside the contract."""
    return LABEL_COLOURS.get(label, UNKNOWN_COLOUR)
