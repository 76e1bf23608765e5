"""The curated lexicon: canonical names, labels and aliases of well-known entities, and word lists.

Data lives in ``loaders/lexicon/*.tsv`` and ``*.txt`` (see its README). The lexicon names entities
that any text about the region may mention (universities, big companies, government bodies, the
parks and zones of Harbin and Shenzhen, places, industries, indicators); names of a document's own
projects come from the rules in :mod:`loaders.names`.

>>> lex = load_lexicon()
>>> lex.entries[lex.canonical_of("哈尔滨工业大学")].name
'哈工大'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from graph.core.forms import nfkc
from graph.core.model import canonical_key as _canonical_key
from loaders.pairs import CharacterPairs

# Identity keys of names: the same few hundred names are looked up again and again.
canonical_key = lru_cache(maxsize=16384)(_canonical_key)

DATA = Path(__file__).resolve().parent / "lexicon"
ENTITY_FILES = ("parks.tsv", "organizations.tsv", "places.tsv", "industries.tsv", "indicators.tsv")


@dataclass
class Entry:
    """One known entity: its canonical name, label, aliases and known links (type, canonical)."""

    name: str
    label: str
    aliases: list[str] = field(default_factory=list)
    contextual: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # aliases read only as a word of their sentence
    links: list[tuple[str, str]] = field(default_factory=list)
    context: list[str] = field(default_factory=list)


@dataclass
class Lexicon:
    """All entries, by canonical key, and the word lists the name rules use."""

    entries: dict[str, Entry]
    abbreviations: dict[str, str]
    surnames: frozenset[str]
    double_surnames: frozenset[str]
    generic: frozenset[str]
    trim: frozenset[str]
    _aliases: dict[str, str] = field(default_factory=dict, repr=False)
    # Aliases written ``=alias``: a form read only where jieba's segmentation of its clause makes it a
    # word (工行 in 工行、建行, not the 中行 of 集中行动), by their NFKC form.
    word_forms: frozenset[str] = frozenset()

    def canonical_of(self, name: str) -> str | None:
        """Key of the entry that ``name`` (canonical or any alias, NFKC-insensitive) denotes."""
        return self._aliases.get(canonical_key(name))

    @cached_property
    def forms_by_first(self) -> dict[str, list[tuple[str, str, bool]]]:
        """Every NFKC surface form by its first character: (form, entry key, contextual), in the
        order of :meth:`surface_forms` when every contextual alias applies.

        A stable sort of a subset keeps the subset's order in the sort of the whole, so skipping
        the contextual aliases a text does not license gives exactly :meth:`surface_forms`' order.
        """
        forms: list[tuple[str, str, bool]] = []
        for key, e in self.entries.items():
            forms += [(form, key, False) for form in [e.name, *e.aliases]]
            forms += [(form, key, True) for form in e.contextual]
        forms.sort(key=lambda f: (-len(f[0]), f[0]))
        by_first: dict[str, list[tuple[str, str, bool]]] = {}
        for form, key, contextual in forms:
            f = nfkc(form)
            by_first.setdefault(f[0], []).append((f, key, contextual))
        return by_first

    @cached_property
    def forms_by_prefix(
        self,
    ) -> tuple[dict[str, list[tuple[str, str, bool]]], dict[str, list[tuple[str, str, bool]]]]:
        """:attr:`forms_by_first` narrowed by a text's next two characters, order kept.

        First: per two characters, the forms that may match where a text holds them (those that
        start with them, and one-character forms). Second: per character, the one-character forms,
        all that may match before two characters no form starts with. A lookup then compares a few
        forms, not every form that shares the first character (up to 43 of them).
        """
        by_two: dict[str, list[tuple[str, str, bool]]] = {}
        singles: dict[str, list[tuple[str, str, bool]]] = {}
        for first, forms in self.forms_by_first.items():
            singles[first] = [f for f in forms if len(f[0]) == 1]
            for two in {f[0][:2] for f in forms if len(f[0]) >= 2}:
                by_two[two] = [f for f in forms if len(f[0]) == 1 or f[0][:2] == two]
        return by_two, singles

    @cached_property
    def starts(self) -> tuple[CharacterPairs, re.Pattern[str] | None]:
        """Where a form may begin: the first two characters of one, or (second) a character that is a
        form of its own, if any is."""
        by_two, singles = self.forms_by_prefix
        alone = sorted(c for c, forms in singles.items() if forms)
        single = re.compile("[" + "".join(map(re.escape, alone)) + "]") if alone else None
        return CharacterPairs(by_two), single

    def contextual_keys(self, text: str) -> set[str]:
        """Entries whose contextual aliases ``text`` licenses (one of their context words occurs)."""
        return {
            key
            for key, e in self.entries.items()
            if e.contextual and (not e.context or any(w in text for w in e.context))
        }

    def surface_forms(self, text: str) -> list[tuple[str, str]]:
        """(surface form, entry key) pairs that may be matched in ``text``, longest first.

        Contextual aliases are included only when one of their entry's context words occurs in
        ``text``.
        """
        forms: list[tuple[str, str]] = []
        for key, e in self.entries.items():
            for form in [e.name, *e.aliases]:
                forms.append((form, key))
            if e.contextual and (not e.context or any(w in text for w in e.context)):
                forms.extend((form, key) for form in e.contextual)
        forms.sort(key=lambda f: (-len(f[0]), f[0]))
        return forms


@dataclass(frozen=True)
class ProjectStages:
    """Words of a project's stage (``stages.tsv``): (word, stage, uses), from the first stage to the
    furthest."""

    words: tuple[tuple[str, str, frozenset[str]], ...]

    def read_in(self, use: str) -> list[str]:
        """The words a rule reads in ``use`` (sentence, group, context, name), first stage first."""
        return [w for w, _, uses in self.words if use in uses]

    def stage_of(self, word: str) -> str:
        """The stage a word reports (开复工 → 开工, 投入使用 → 投用)."""
        return next(stage for w, stage, _ in self.words if w == word)

    def rank(self, stage: str) -> int:
        """How far ``stage`` is: the place of its first word in the list."""
        return next(i for i, (_, s, _) in enumerate(self.words) if s == stage)


@dataclass(frozen=True)
class DelegateTitle:
    """A delegate's title (政协委员), its short form (委员), their body (政协) and its short name."""

    title: str
    short: str
    body: str
    body_short: str


@lru_cache(maxsize=1)
def project_stages() -> ProjectStages:
    rows = []
    for cols in _rows("stages.tsv"):
        word, stage, uses = cols[:3]
        rows.append((word, stage, frozenset(u.strip() for u in uses.split(","))))
    return ProjectStages(tuple(rows))


@lru_cache(maxsize=1)
def suffix_table() -> tuple[tuple[str, str, frozenset[str]], ...]:
    """Name suffixes (``suffixes.tsv``): (suffix, label, flags), in file order."""
    return tuple(
        (cols[0], cols[1], frozenset(f for f in (cols[2] if len(cols) > 2 else "").split(",") if f))
        for cols in _rows("suffixes.tsv")
    )


@lru_cache(maxsize=1)
def delegate_titles() -> tuple[DelegateTitle, ...]:
    """Delegates' titles (``delegates.tsv``), in file order."""
    return tuple(DelegateTitle(*cols[:4]) for cols in _rows("delegates.tsv"))


def _rows(name: str) -> list[list[str]]:
    """The tab-separated rows of a data file, without blank and ``#`` lines."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [
        [c.strip() for c in line.split("\t")] for line in lines if line.strip() and not line.startswith("#")
    ]


def word_list(name: str) -> list[str]:
    """The words of a list file in ``loaders/lexicon`` (whitespace-separated, ``#`` comments)."""
    return _words(name)


def _words(name: str) -> list[str]:
    out: list[str] = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        out.extend(line.split())
    return out


def _read_entries() -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for fname in ENTITY_FILES:
        for line in (DATA / fname).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = [*line.split("\t"), "", "", "", ""][:5]
            name, label, aliases, links, context = (c.strip() for c in cols)
            entry = Entry(name=name, label=label)
            for alias in filter(None, aliases.split("|")):
                if alias.startswith("="):
                    entry.words.append(alias[1:])
                (entry.contextual if alias.startswith("~") else entry.aliases).append(alias.lstrip("~="))
            for link in filter(None, links.split(";")):
                type_, _, target = link.partition(">")
                entry.links.append((type_.strip(), target.strip()))
            entry.context = [w for w in context.split("|") if w]
            entries[canonical_key(name)] = entry
    return entries


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the data files once."""
    entries = _read_entries()
    aliases: dict[str, str] = {}
    for key, e in entries.items():
        for form in [e.name, *e.aliases, *e.contextual]:
            aliases.setdefault(canonical_key(form), key)
    abbreviations = {}
    for line in (DATA / "abbreviations.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            short, full = line.split("\t")[:2]
            abbreviations[short.strip()] = full.strip()
    surnames = _words("surnames.txt")
    word_forms = frozenset(nfkc(w) for e in entries.values() for w in e.words)
    return Lexicon(
        entries=entries,
        abbreviations=abbreviations,
        surnames=frozenset(s for s in surnames if len(s) == 1),
        double_surnames=frozenset(s for s in surnames if len(s) == 2),
        generic=frozenset(_words("generic.txt")),
        trim=frozenset(_words("trim.txt")),
        _aliases=aliases,
        word_forms=word_forms,
    )
