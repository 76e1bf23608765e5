"""Names of projects, parks and organizations read by rules over jieba-segmented text.

The rules, in the order a sentence meets them:

- **Suffix rule**: a run of name-like tokens ending in a suffix (…产业园, …片区, …中心, …集团) is a
  candidate; its left edge is trimmed of verbs, adverbs and scope words (重点推动龙江碳谷 → 龙江碳谷),
  and it is kept only with a distinctive head (龙头项目, 总部项目 are phrases, not names).
- **Coordination**: ``哈工大、哈工程创新中心`` → 哈工大创新中心 and 哈工程创新中心.
- **Counted groups**: ``龙江碳谷等14个项目开工`` → 龙江碳谷 (status 开工); the group is not an entity.
- **List siblings**: an item of a 、 list beside a recognised project or park, ending in a suffix of
  a project or a park, is one too though its head alone would not make a name (南坪快速三期、
  坪盐通道、坂银通道: 坪盐 is no proper noun jieba knows).
- **Government bodies**: a place followed by 市政府/发改委/市委 … (哈尔滨市发改委).
- **Listed companies**: ``新光光电成为…上市企业``.
- **Divisions**: provinces, prefectures and counties of the national table, by full or short name
  (龙子湖区, 黄冈 for 黄冈市).

Modules: :mod:`~loaders.names.forms` (suffixes, name forms), :mod:`~loaders.names.candidates` (runs,
left edges, the checks of a name), and one module per rule family: :mod:`~loaders.names.suffix`,
:mod:`~loaders.names.groups`, :mod:`~loaders.names.context`, :mod:`~loaders.names.bodies`,
:mod:`~loaders.names.siblings`, :mod:`~loaders.names.divisions`.
"""

from __future__ import annotations

from loaders.names.bodies import GovernmentBodiesAndListings
from loaders.names.candidates import CUT_TOKENS, STOP_TOKENS
from loaders.names.context import ContextNames
from loaders.names.divisions import DivisionPlaces
from loaders.names.forms import SUFFIXES, display_name, split_phase
from loaders.names.groups import CountedGroups
from loaders.names.organizations import Branches, FirmLists, OrganizationNames, RegisteredCompanies
from loaders.names.siblings import ListSiblings
from loaders.names.suffix import SuffixRule

__all__ = ["CUT_TOKENS", "STOP_TOKENS", "SUFFIXES", "NameRules", "display_name", "split_phase"]


class NameRules(
    SuffixRule,
    CountedGroups,
    ContextNames,
    GovernmentBodiesAndListings,
    OrganizationNames,
    Branches,
    ListSiblings,
    DivisionPlaces,
    RegisteredCompanies,
    FirmLists,
):
    """The rules, bound to a lexicon and the lexicon mentions of one text."""
