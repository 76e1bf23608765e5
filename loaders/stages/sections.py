"""Stage 6: MENTIONS from the innermost section that holds each mention."""

from __future__ import annotations

from loaders.stages.state import ExtractionState


def mention_sections(state: ExtractionState) -> None:
    for m in state.mentions:
        os_, oe = state.text.to_original(m.start, m.end)
        s = state.innermost(os_, oe)
        if s is not None:
            state.add_rel(s.id, "MENTIONS", state.ent(m).id, [(m.start, m.end)])
