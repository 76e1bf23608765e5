"""Names by context: a short name that opens a clause before a project verb (科友半导体投产运营,
北方药谷正式开工), and a maker named before a long product phrase (…6条产线投入生产)."""

from __future__ import annotations

import re

from loaders import grammar
from loaders.mentions import Mention
from loaders.names.candidates import CUT_TOKENS, DESCRIPTIVE, STAGES, STOP_TOKENS, NameCandidates
from loaders.names.forms import SUFFIX_RE, display_name, name_chars

_CONTEXT_VERBS = frozenset(STAGES.read_in("context"))

# A clause without one of these characters' strings holds no such token: no need to segment it.
_CONTEXT_VERB_RE = re.compile("|".join(sorted(_CONTEXT_VERBS, key=len, reverse=True)))

_ADVERBS = frozenset(
    [
        "已",
        "已经",
        "正式",
        "成功",
        "顺利",
        "将",
        "全面",
        "率先",
        "陆续",
        "相继",
        "先后",
        "集中",
        "均",
        "都",
        "也",
        "即将",
        "尽快",
        "加快",
        "年内",
    ]
)


class ContextNames(NameCandidates):
    """Names read from the verb after them."""

    def context_names(self) -> list[Mention]:
        """``科友半导体投产运营``, ``北方药谷正式开工``: a clause that opens with a short name and a
        project verb names a project, even without a suffix."""
        out: list[Mention] = []
        for cstart, cend in self.clauses():
            if _CONTEXT_VERB_RE.search(self.clean, cstart, cend) is None:
                continue  # none of the verbs is printed: no token can be one
            toks = [(w, cstart + a, cstart + b) for w, a, b in self.seg.words_at(cstart, cend)]
            j = next((i for i, t in enumerate(toks) if t[0] in _CONTEXT_VERBS), None)
            if not j:
                continue
            head = toks[:j]
            while head and head[-1][0] in _ADVERBS:
                head.pop()
            if not head:
                continue
            end = head[-1][2]
            start = self._left_edge(head, end)
            if start is None:
                continue
            surface = self.clean[start:end]
            name = display_name(surface)
            words = [w for w, _, _ in self.seg.words(name)]
            producer = self._producer(start, end, toks[j][0])
            if producer is not None:
                out.append(producer)
                continue
            if (
                not 3 <= len(name) <= 12
                or len(words) > 3
                or not name_chars(surface)
                or SUFFIX_RE.search(name)
                or DESCRIPTIVE.search(self.clean[head[0][1] : end])
                or self.generic(words[0])
                or any(w in STOP_TOKENS or w in CUT_TOKENS or self.generic(w) for w in words[-1:])
                or self.known_covering(start, end) is not None
                or any(self._known_at.get(t[1]) for t in head if t[1] >= start)
            ):
                continue
            if grammar.phrase_not_name(name, self.seg.tags) or not grammar.has_proper_noun(
                name, self.seg.tags
            ):
                continue  # 这比常规开复工, 截至目前已开复工: a clause, not a name
            status = toks[j][0]
            m = Mention(start, end, "Project", name, "context", aliases={name})
            m.properties["status"] = STAGES.stage_of(status)
            out.append(m)
        return out

    def _producer(self, start: int, end: int, verb: str) -> Mention | None:
        """``同创普润芯片超高纯金属材料6条产线投入生产``: a long product phrase before a production
        verb opens with its maker's name (a brand not in any dictionary): that is the company."""
        short = end - start <= 12 and len(self.seg.words_at(start, end)) <= 3
        if STAGES.stage_of(verb) != "投产" or short:
            return None
        brand = grammar.brand_prefix(self.clean[start:end], self.seg.tags)
        if not brand or self._known_at.get(start) is not None or self.generic(brand):
            return None
        m = Mention(start, start + len(brand), "Organization", brand, "context", aliases={brand})
        m.properties["status"] = "投产"
        return m
