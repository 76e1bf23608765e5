"""The grammar of organizations' names, shared by the rule families that read companies and bodies.

- A **kind of firm or field** is no name: every word of it is a dictionary word of a common class
  (独角兽, 隐形冠军, 检验检测, 食品深加工, 天使投资), where a name holds a proper noun or a word
  jieba's dictionary does not know (欣旺达, 华谷高科, 港昌印刷).
- A **company's short name** is a brand and its trade (华星光电, 信维通信, 伍佰生物, 共进电子): the
  trade words are ``lexicon/trades.txt``; the brand is what the dictionary does not hold as a common
  word.
"""

from __future__ import annotations

import re

from loaders.grammar import Tagging
from loaders.lexicon import word_list
from loaders.mentions import tokenizer
from loaders.segmentation import tagger

# Dictionary tags of words that name something: people, places, other proper nouns, abbreviations.
_PROPER_TAGS = re.compile(r"^(?:nr\w*|ns|nz|j|eng)$")

TRADES = tuple(sorted(word_list("trades.txt"), key=len, reverse=True))
_TRADE_END = re.compile("(?:" + "|".join(TRADES) + ")$")


def name_word(word: str) -> bool:
    """Whether ``word`` names something: a word the dictionary does not hold (a brand, 欣旺), one it
    holds as a proper noun (华为, 天虹), or Latin letters of three or more (ABB)."""
    if re.fullmatch(r"[A-Za-z]{3,}[A-Za-z\d]*", word):
        return True
    if not re.search(r"[\u3400-\u9fff]", word):
        return False
    if tokenizer().FREQ.get(word) is None:
        return len(word) >= 2
    tag = tagger().word_tag_tab.get(word)
    return tag is not None and _PROPER_TAGS.match(tag) is not None


def kind_not_name(text: str, tags: Tagging) -> bool:
    """Whether ``text`` holds no word that names anything: a kind of firm or a field (风投, 审计)."""
    return not any(name_word(w) for w, _, _, _ in tags(text))


def company_short_name(name: str, tags: Tagging) -> bool:
    """``华星光电``, ``信维通信``: a brand of two to four characters, then a trade word; the brand holds
    a word that names something (not 数字经济, 生物医药)."""
    trade = _TRADE_END.search(name)
    if trade is None:
        return False
    brand = name[: trade.start()]
    if not 2 <= len(brand) <= 4:
        return False
    return not kind_not_name(brand, tags)
