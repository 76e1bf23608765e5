"""Part-of-speech checks of name candidates (jieba.posseg over the lexicon-aware tokenizer).

A rule that finds a name by its suffix or its verb (…中心, …项目, …开工) also finds phrases that
only end like names: 坚持经济建设这个中心, 放眼长远谋项目, 截至目前已开复工, 实现办事不出园区.
What tells them apart is grammar, not a list of words:

- a name holds no pronoun (这个), particle (了, 的), adverb or negation (不, 已), time word (目前)
  or quantity (一个); a quantity or adverb before it is cut off (还有大量科技创新中心 → 科技创新中心);
- a name does not end in a one-character verb (谋项目, 补项目: a slogan);
- a verb before a proper noun opens a clause, so the name starts after it
  (记者走进哈尔滨玻璃钢研究院 → 哈尔滨玻璃钢研究院); verbs inside a name stay (成果转化服务中心);
- a run of numerals and single characters is a slogan (一园两中心, 三区一极).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from loaders.segmentation import Tagged, tagger

# Tags that never sit inside a name: pronouns, particles, adverbs, time words, quantities,
# conjunctions, prepositions, modal/locative fragments.
_NOT_IN_NAME = re.compile(r"^(?:r\w*|u\w*|d|p|y|e|o|ad)$")
# Prepositions and conjunctions that do sit inside names: 对俄金融结算中心, 科技创新与成果转化服务中心.
_IN_NAME_WORDS = frozenset({"对", "与", "和", "及", "同"})
# Quantities and time words (closed classes) that make a phrase of a candidate.
_QUANTITY = re.compile(
    r"^(?:[一二两三四五六七八九十百千万几多数\d.]+[个家项批座条种些]|大量|大批|众多|许多|诸多|若干|一些|部分)$"
)
_TIME = re.compile(r"^(?:目前|当前|现在|如今|今年|明年|去年|近期|近日|日前|年内|此前|以来|截至|截止)$")
# A phase or lot inside a name (科创总部一期, 一标段): numerals that belong to the name.
_PHASE = re.compile(r"[一二三四五六七八九十\d]+(?:期|号|标段)")
# Tags of a token that opens a proper name (places, organizations, people, other proper nouns,
# abbreviations, lexicon words and words jieba does not know).
_PROPER = re.compile(r"^(?:ns|nt|nr\w*|nz|j|x|eng)$")
# 一园两中心, 三区一极, 六深: numerals interleaved with one or two characters.
_SLOGAN = re.compile(r"^(?:[一二两三四五六七八九十百\d]+[\u3400-\u9fff]{1,2}){2,}$")


@lru_cache(maxsize=4096)
def tagged(text: str) -> tuple[Tagged, ...]:
    """(word, tag, start, end) over ``text``, straight from jieba.posseg.

    The rules pass a document's :meth:`loaders.segmentation.Segmentation.tags` instead (``tag=``):
    the same answer, without reading the clause again for every span of it.
    """
    out: list[Tagged] = []
    pos = 0
    for pair in tagger().cut(text):
        w, f = pair.word, pair.flag
        out.append((w, f, pos, pos + len(w)))
        pos += len(w)
    return tuple(out)


def is_verb(tag: str) -> bool:
    return tag == "v"


Tagging = Callable[[str], tuple[Tagged, ...]]

_KIND_HEADS = ("中心", "基地", "园区", "平台", "项目", "工程")


def leading_clause_end(surface: str, tag: Tagging = tagged, opened: bool = False) -> int:
    """How many characters of ``surface`` open a clause before the name: up to the last plain verb
    that is followed by a proper noun (走进哈尔滨…, 飞抵哈尔滨), or a verb at the very start
    (坚持经济建设…, 诠释…). 0 when the name starts at once.

    ``opened``: a verb before ``surface`` opened the clause already (推进留仙洞…, 签约超量子…); a
    one-character verb right after it is mostly jieba cutting a name's first character off (留, 聚,
    超), not a second verb."""
    toks = tag(surface)
    cut = 0
    for i, (w, f, _, e) in enumerate(toks[:-1]):
        if not is_verb(f) or (opened and len(w) < 2):
            continue
        nxt = toks[i + 1]
        # A one-character "proper noun" is mostly jieba's guess (创新谷: 谷/nr), not a name.
        # A head noun of the name (孵化创新中心: 创新中心 is the kind, not a proper noun) opens nothing.
        kind = nxt[0].endswith(_KIND_HEADS)
        if i == 0 or (_PROPER.match(nxt[1]) and len(nxt[0]) >= 2 and not kind):
            cut = e
    return cut


def predicate_after(surface: str, subject_ends: set[int], tag: Tagging = tagged) -> int:
    """A known name, then a verb (哈尔滨新区集聚产业…): the name was the subject of a clause; the
    candidate starts after that verb. ``subject_ends`` are offsets in ``surface`` where known names end."""
    cut = 0
    for _, f, s, e in tag(surface)[:-1]:
        if is_verb(f) and s in subject_ends:
            cut = e
    return cut


def leading_quantity_end(surface: str, tag: Tagging = tagged) -> int:
    """A quantity or adverb before the name (大量, 一批, 已): characters to skip."""
    toks = tag(surface)
    cut = 0
    for w, f, _, e in toks[:-1]:
        if _QUANTITY.match(w) or (f == "d" and len(w) == 1) or (w == "多" and f == "m"):
            cut = e
            continue
        break
    return cut


def phrase_not_name(head: str, tag: Tagging = tagged) -> bool:
    """Whether a candidate's head (the name without its suffix) is grammar, not a name."""
    if not head:
        return False
    head = _PHASE.sub("", head)
    if not head:
        return False
    toks = tag(head)
    for i, (w, f, _, _) in enumerate(toks):
        if f == "d" and len(w) >= 2 and _before_noun(toks, i):
            continue  # 深汕特别合作区, 高新电子产业园, 光明森林自然公园: jieba's adverb is a modifier here
        if (_NOT_IN_NAME.match(f) and w not in _IN_NAME_WORDS) or _QUANTITY.match(w) or _TIME.match(w):
            return True
    last_w, last_f = toks[-1][0], toks[-1][1]
    # 谋/上/补/引/争 + 项目: a slogan ends its head in a one-character verb or locative.
    return len(last_w) == 1 and last_f in ("v", "f") and len(toks) > 1


def _before_noun(toks: tuple[Tagged, ...], i: int) -> bool:
    """Whether token ``i`` stands before a noun (or a verbal noun: 深汕特别|合作区, 简上|体育综合体)
    or ends the head (the suffix, a noun, follows it): an adverb modifies a verb or an adjective, so
    a word jieba tags so there modifies a noun."""
    return i == len(toks) - 1 or toks[i + 1][1].startswith(("n", "vn"))


_PREDICATE = re.compile(
    r"(?:是|为|成为|作为)?(?:一个|一项|一种|一座|一家)$|作为$|(?:打造|建设|建)成为?[^,，。;；]*的$|成为[^,，。;；]*的$"
    # A title awarded or a list entered, from the verb on (获评“国家级文化产业示范园区”, 获评2021年度全国…
    # 示范区, 入选…基地): a kind, not a name.
    r"|(?:获评|入选|评为|荣获|认定为|列入)[^,，。;；]{0,12}$"
)


def slogan(name: str) -> bool:
    """一园两中心, 三区一极: numerals interleaved with single characters."""
    return bool(_SLOGAN.match(name))


def has_proper_noun(text: str, tag: Tagging = tagged) -> bool:
    """Whether ``text`` holds a proper noun or a word jieba does not know (东安, 哈轴)."""
    return any(_PROPER.match(f) for _, f, _, _ in tag(text))


_BRAND = re.compile(r"^(?:j|nr\w*|nz|nt|x)$")


def brand_prefix(text: str, tag: Tagging = tagged) -> str:
    """The leading brand of a product phrase: proper-noun tokens that are not places, followed by
    a common noun (同创普润芯片… → 同创普润). Empty when there is none."""
    toks = tag(text)
    name = ""
    for i, (w, f, _, _) in enumerate(toks):
        if _BRAND.match(f) and not w.isdigit():
            name += w
            continue
        if i and f[:1] in ("n", "a", "b") and 2 <= len(name) <= 6:
            return name
        break
    return ""


def predicate_description(before: str) -> bool:
    """Whether the clause text before a candidate makes it a description of something else:
    ``…是一个系统工程``, ``力求将园区打造成为…的低碳智慧园区``, ``松北区作为政区型开发区``,
    ``…获评国家级文化产业示范园区``."""
    return bool(_PREDICATE.search(before))
