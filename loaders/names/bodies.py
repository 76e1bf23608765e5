"""Government bodies (a place followed by 市政府, 发改委, 市委…) and companies named by their listing
(新光光电成为…上市企业, 支持奥来德光电上市)."""

from __future__ import annotations

import re

from loaders.mentions import Mention
from loaders.names.candidates import NameCandidates
from loaders.names.forms import display_name, name_chars

_GOV = re.compile(
    r"(?:市|省|区|县)?(?:人民政府|政府|发展和改革委员会|发改委|管委会|市委|省委|区委|县委|人大常委会|"
    r"(?:科技|商务|工信|财政|教育|交通|文旅|卫健|人社|自然资源|生态环境|住建|农业农村|发改|经发|"
    r"市场监管|营商环境建设监督|税务|统计)(?:厅|局|部门))"
)

_TO_LIST = re.compile(
    r"^(?:支持|推动|助推|推进)(?P<x>[^,，。、;；等\s]{2,8}?)(?:在[^,，。]{2,8})?(?:挂牌)?上市$"
)

_LISTED = re.compile(r"成为[^,，。;；]{0,16}上市(?:企业|公司)")


class GovernmentBodiesAndListings(NameCandidates):
    """Government bodies and listed companies."""

    def government_bodies(self) -> list[Mention]:
        out: list[Mention] = []
        for k in self.known:
            # A city or a new area has its government (哈尔滨市发改委, 哈尔滨新区发改部门).
            if k.label != "Place" and not (k.label == "Park" and k.name.endswith("新区")):
                continue
            g = _GOV.match(self.clean, k.end)
            if not g:
                continue
            name = display_name(self.clean[k.start : g.end()])
            m = Mention(k.start, g.end(), "Organization", name, "government", aliases={name})
            if "人民政府" in name:
                m.aliases.add(name.replace("人民政府", "政府"))
            elif name.endswith("政府"):
                m.aliases.add(name[:-2] + "人民政府")
            if name.endswith("发改委"):
                m.aliases.add(name[:-3] + "发展和改革委员会")
            m.owner = k
            out.append(m)
        return out

    def listed_companies(self) -> list[Mention]:
        """``新光光电成为…上市企业``, ``支持奥来德光电上市``: a company by its listing."""
        out: list[Mention] = []
        for cstart, cend in self.clauses():
            clause = self.clean[cstart:cend]
            for pattern in (_LISTED, _TO_LIST):
                g = pattern.search(clause)
                if g is None:
                    continue
                s, e = (0, g.start()) if pattern is _LISTED else g.span("x")
                if not 2 <= e - s <= 8:
                    continue
                name = display_name(clause[s:e])
                if (
                    name_chars(name)
                    and not self.generic(name)
                    and self.known_covering(cstart + s, cstart + e) is None
                ):
                    out.append(
                        Mention(cstart + s, cstart + e, "Organization", name, "listed", aliases={name})
                    )
        return out
