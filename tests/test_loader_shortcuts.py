"""The loader's shortcuts give exactly the answers of the plain readings they replace.

Extraction speed (issues 8 and 15) replaced a few slow readings with faster ones that must not
change a single name: titles found without a regex that tries every body length, one-character city
pairs found in one regex pass, division names tried where numpy finds their first two characters,
lexicon forms narrowed by their first two characters, an exact heading assignment that skips
permutations which cannot win, words and tags of a span reused across texts, a name's suffix looked
up by length (also a CRF span's and an organization's), the breaks of a clean text by numpy, another
subject in a clause found by bisection, an event's clause found from its text's clause ends, control
characters counted per distinct character, the clean text's forms and the simplified fold by numpy
over code points, lists of firms (and of their heads), investors and awards searched only in the
stretches of text that can hold them, counted groups only in clauses that hold their 等 or 家,
one-character lists only before a 、, a clause's stages only where it holds a stage word, patterns
spelled out to open with characters, the suffixes as a tree of their characters, a name's identity
form by str.split, a name read once.
Each test compares a shortcut with the plain reading on real and generated text.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.core.forms import canonical_key, nfkc
from loaders import listings, people, script
from loaders.errors import UnreadableDocument
from loaders.events import _clause, _names_another
from loaders.layout import best_assignment
from loaders.lexicon import Lexicon, load_lexicon
from loaders.listings import _ABBR_LIST, _abbreviation_lists, _pairs
from loaders.mentions import CLAUSE_END, LexiconMatcher, tokens
from loaders.names import SUFFIXES, NameRules, bodies, context, groups, organizations
from loaders.names.divisions import division_forms
from loaders.names.forms import SUFFIX_RE, split_phase, stretch_matches
from loaders.names.organizations import _org_suffix
from loaders.ocr import repair
from loaders.origin import suffix_of
from loaders.people import _ROLE, role_matches
from loaders.reading import _MAX_CONTROL_SHARE, _refuse_binary
from loaders.report import load_text
from loaders.script import simplified
from loaders.segmentation import Segmentation, tagger
from loaders.stages import properties
from loaders.stages.crf import head_suffix
from loaders.stages.properties import stages_in
from loaders.text import CleanText, _breaks
from settings import SAMPLE_REPORT

# Titles, their pieces, bodies, punctuation: enough to make titles overlap and bodies run long.
_TITLE_ALPHABET = (
    "委员政协人大代表副市长区省书记主任局经理场目部管总董事院校研究负责者通讯编辑责编：:松北新哈尔滨 ，。a1"
)


def _report() -> str:
    return repair(SAMPLE_REPORT.read_text(encoding="utf-8")).clean


def _role_spans_by_regex(text: str) -> list[tuple[int, int, int, str]]:
    return [(m.start("body"), m.start("role"), m.end(), m.group("role")) for m in _ROLE.finditer(text)]


def _role_spans(text: str) -> list[tuple[int, int, int, str]]:
    return [(m.body_start, m.role_start, m.end, m.role) for m in role_matches(text)]


def test_titles_of_the_report_are_the_regex_matches() -> None:
    text = _report()
    assert _role_spans(text) == _role_spans_by_regex(text)
    assert _role_spans(text)  # the report names officials: the comparison is not vacuous


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_TITLE_ALPHABET, max_size=80))
def test_titles_of_any_text_are_the_regex_matches(text: str) -> None:
    assert _role_spans(text) == _role_spans_by_regex(text)


def _permutation_assignment(scores: list[list[float]]) -> dict[int, int]:
    """The plain reading: every permutation, the first that beats the best so far by 1e-12."""
    rows, cols = len(scores), len(scores[0])
    best: tuple[float, dict[int, int]] = (-1.0, {})
    if rows <= cols:
        for perm in itertools.permutations(range(cols), rows):
            total = sum(scores[r][c] for r, c in enumerate(perm))
            if total > best[0] + 1e-12:
                best = (total, dict(enumerate(perm)))
    else:
        for perm in itertools.permutations(range(rows), cols):
            total = sum(scores[r][c] for c, r in enumerate(perm))
            if total > best[0] + 1e-12:
                best = (total, {r: c for c, r in enumerate(perm)})
    return best[1]


def test_heading_assignment_is_the_best_permutation_ties_included() -> None:
    rnd = random.Random(8)
    # Real-valued scores, many ties (small integers, zeros), and sums that differ by rounding only.
    kinds = [
        lambda: rnd.random() * 10,
        lambda: float(rnd.randint(0, 2)),
        lambda: rnd.choice([0.0, 0.0, 0.0, rnd.random()]),
        lambda: rnd.choice([0.1, 0.2, 0.3, 0.30000000000000004, 1e-13, 0.0]),
    ]
    for trial in range(400):
        rows, cols = rnd.randint(1, 7), rnd.randint(1, 7)
        value = kinds[trial % len(kinds)]
        scores = [[value() for _ in range(cols)] for _ in range(rows)]
        assert best_assignment(scores) == _permutation_assignment(scores), scores


def _lexicon_mentions_by_first_character(
    text: str, lex: Lexicon | None = None
) -> list[tuple[int, int, str, str]]:
    """The plain reading: at each possible start, every form sharing its first character, in order."""
    lex = lex or load_lexicon()
    contextual_keys = lex.contextual_keys(text)
    found = []
    for i, ch in enumerate(text):
        for form, key, contextual in lex.forms_by_first.get(ch, ()):
            if contextual and key not in contextual_keys:
                continue
            if text.startswith(form, i):
                bounds = Segmentation(text).clause_bounds(i, i + len(form))
                if form in lex.word_forms and not (bounds and i in bounds[0] and i + len(form) in bounds[1]):
                    continue
                found.append((i, i + len(form), key, form))
                break
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken = [False] * (len(text) + 1)
    out = []
    for start, end, key, form in found:
        if any(taken[start:end]):
            continue
        taken[start:end] = [True] * (end - start)
        out.append((start, end, key, form))
    return sorted(out)


def _lexicon_mentions(text: str, lex: Lexicon | None = None) -> list[tuple[int, int, str, str]]:
    found = LexiconMatcher(lex or load_lexicon(), text, Segmentation(text)).find(text)
    return sorted((m.start, m.end, m.key or "", next(iter(m.aliases))) for m in found)


def test_a_one_character_form_is_found_where_the_plain_scan_finds_it() -> None:
    # No form of the shipped lexicon has one character; one added by a user is looked for alone.
    lex = load_lexicon()
    key, entry = next(iter(lex.entries.items()))
    one = replace(lex, entries={**lex.entries, key: replace(entry, aliases=[*entry.aliases, "鑫"])})
    text = "鑫哈尔滨新区鑫，松北鑫深圳"
    assert (0, 1, key, "鑫") in _lexicon_mentions(text, one)
    assert _lexicon_mentions(text, one) == _lexicon_mentions_by_first_character(text, one)


def test_lexicon_names_of_the_report_are_those_of_the_plain_scan() -> None:
    text = _report()
    assert _lexicon_mentions(text) == _lexicon_mentions_by_first_character(text)
    assert _lexicon_mentions(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["哈尔滨", "新区", "松北", "深圳", "哈", "深", "哈工大", "、", "合作", "俄", "集", "中行", "动"]
        ),
        max_size=20,
    )
)
def test_lexicon_names_of_any_text_are_those_of_the_plain_scan(parts: list[str]) -> None:
    text = "".join(parts)
    assert _lexicon_mentions(text) == _lexicon_mentions_by_first_character(text)


def _pair_positions_by_character(text: str) -> list[int]:
    """The plain reading of 深哈合作: every position, two different one-character places, then a
    word of cooperation."""
    abbr = load_lexicon().abbreviations
    words = ("合作", "两市", "两地", "双城", "对口", "协作", "两国")
    return [
        i
        for i in range(len(text) - 2)
        if text[i] in abbr
        and text[i + 1] in abbr
        and text[i] != text[i + 1]
        and text.startswith(words, i + 2)
    ]


def _pair_positions(text: str) -> list[int]:
    abbr = load_lexicon().abbreviations
    return [m.start() for m in _pairs(frozenset(c for c in abbr if len(c) == 1)).finditer(text)]


def test_city_pairs_are_found_wherever_the_plain_scan_finds_them() -> None:
    abbr = sorted(c for c in load_lexicon().abbreviations if len(c) == 1)
    assert len(abbr) >= 2
    a, b = abbr[0], abbr[1]
    # Overlapping pairs, a repeated character, and a pair at the very end.
    text = f"{a}{b}合作，{b}{a}{b}两市，{a}{a}合作，{b}{a}对口"
    assert _pair_positions_by_character(text)  # the text holds pairs: the comparison is not vacuous
    assert [i for i in _pair_positions(text) if text[i] != text[i + 1]] == _pair_positions_by_character(text)
    report = _report()
    assert [i for i in _pair_positions(report) if report[i] != report[i + 1]] == _pair_positions_by_character(
        report
    )


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="深哈俄日韩中合作两市地对口协国，、", max_size=40))
def test_city_pairs_of_any_text_are_those_of_the_plain_scan(text: str) -> None:
    assert [i for i in _pair_positions(text) if text[i] != text[i + 1]] == _pair_positions_by_character(text)


def _division_starts_by_character(text: str) -> list[int]:
    by_two = division_forms().by_two
    return [i for i in range(len(text) - 1) if text[i : i + 2] in by_two]


def test_division_names_are_tried_wherever_the_plain_scan_tries_them() -> None:
    text = "黄冈临空经济区、陇县和龙子湖区，广州市\U0001f600黄冈"  # the last pair at the very end
    assert _division_starts_by_character(text)
    assert division_forms().pairs.starts(text) == _division_starts_by_character(text)
    report = _report()
    assert division_forms().pairs.starts(report) == _division_starts_by_character(report)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="黄冈陇县龙子湖区广州市北京，、a1\U0001f600", max_size=40))
def test_division_names_of_any_text_are_tried_as_the_plain_scan_tries_them(text: str) -> None:
    assert division_forms().pairs.starts(text) == _division_starts_by_character(text)


def _clause_by_character(clean: str, start: int, end: int) -> tuple[int, int]:
    left, right = start, end
    while left > 0 and not CLAUSE_END.match(clean[left - 1]):
        left -= 1
    while right < len(clean) and not CLAUSE_END.match(clean[right]):
        right += 1
    return left, right


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="开工建设项目，。；\n:", max_size=30), st.data())
def test_the_clause_of_an_event_is_the_one_the_plain_scan_finds(clean: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(clean)))
    end = data.draw(st.integers(start, len(clean) + 1))  # one past the end: the clause after a last name
    assert _clause(clean, start, end) == _clause_by_character(clean, start, end)


def test_a_span_read_in_one_text_reads_the_same_in_another() -> None:
    phrase = "哈尔滨新区科技创新中心项目"
    first = Segmentation("今年" + phrase + "开工。")
    second = Segmentation("推动" + phrase + "建设。")
    assert first.words_at(2, 2 + len(phrase)) == tokens(phrase)
    # The second text's span is answered from what the first read: still jieba's reading.
    assert second.words_at(2, 2 + len(phrase)) == tokens(phrase)
    tags = [(p.word, p.flag) for p in tagger().cut(phrase)]
    assert [(w, f) for w, f, _, _ in first.tags_at(2, 2 + len(phrase))] == tags
    assert [(w, f) for w, f, _, _ in second.tags(phrase)] == tags


def _suffix_by_scan(name: str) -> str | None:
    """The plain reading: every suffix, longest first, tried with endswith on the base, then the name."""
    longest_first = sorted(SUFFIXES, key=len, reverse=True)
    for text in (split_phase(name)[0], name):
        hit = next((s for s in longest_first if text.endswith(s)), None)
        if hit is not None:
            return hit
    return None


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from([*sorted(SUFFIXES)[:40], "区", "中", "心", "一期", "二号", "项", "哈尔滨"]),
        max_size=5,
    )
)
def test_the_suffix_of_a_name_is_the_one_the_scan_finds(parts: list[str]) -> None:
    name = "".join(parts)
    assert suffix_of(name) == _suffix_by_scan(name)


def test_suffixes_of_the_report_names_are_those_the_scan_finds() -> None:
    names = [n.name for n in load_text(SAMPLE_REPORT.read_text(encoding="utf-8"), "seed").nodes]
    assert any(suffix_of(n) for n in names)  # the report's names end in suffixes: not vacuous
    assert [suffix_of(n) for n in names] == [_suffix_by_scan(n) for n in names]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.sampled_from(["a", "b", "c"])), max_size=12),
    st.sampled_from(["a", "b", "c"]),
    st.integers(0, 30),
    st.integers(0, 30),
)
def test_another_subject_in_a_clause_is_the_plain_scans(
    starts: list[tuple[int, str]], own: str, start: int, end: int
) -> None:
    subject_starts = sorted(starts)
    others = [at for at, id in subject_starts if id != own]
    assert _names_another(subject_starts, own, start, end) == any(start <= at < end for at in others)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="哈尔滨\n\r\t\x00\x01\x07\x1f\x7f\ue000\U000f0000\u0378 ab", max_size=80))
def test_binary_text_is_refused_as_the_character_count_says(text: str) -> None:
    control = sum(
        1 for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t\f\v"
    )
    refused = control > max(2, _MAX_CONTROL_SHARE * len(text))
    try:
        _refuse_binary(text, "t.txt")
    except UnreadableDocument:
        assert refused
    else:
        assert not refused


# Suffixes of every label (organizations' among them), pieces of suffixes, and other characters.
_ORG_SUFFIXES = [s for s, label in sorted(SUFFIXES.items()) if label == "Organization"]
_SOME_SUFFIXES = sorted(SUFFIXES)[:40] + _ORG_SUFFIXES[:20]
_NAME_PARTS = st.lists(
    st.sampled_from([*_SOME_SUFFIXES, "区", "中", "心", "一期", "项", "哈尔滨"]), max_size=5
)


@settings(max_examples=400, deadline=None)
@given(_NAME_PARTS)
def test_the_crf_spans_suffix_is_the_one_the_scan_finds(parts: list[str]) -> None:
    surface = "".join(parts)
    longest_first = sorted(SUFFIXES, key=len, reverse=True)
    plain = next((s for s in longest_first if surface.endswith(s) and len(surface) > len(s)), "")
    assert head_suffix(surface) == plain


@settings(max_examples=400, deadline=None)
@given(_NAME_PARTS)
def test_an_organizations_suffix_is_the_one_the_scan_finds(parts: list[str]) -> None:
    name = "".join(parts)
    suffix = max((s for s in SUFFIXES if name.endswith(s)), key=len, default="")
    assert _org_suffix(name) == (suffix if suffix and SUFFIXES[suffix] == "Organization" else "")


def _breaks_by_scan(index: list[int], n: int) -> list[int]:
    return [i for i, (a, b) in enumerate(itertools.pairwise(index[:n])) if b != a + 1]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 3), max_size=40))
def test_the_breaks_of_a_clean_text_are_those_the_scan_finds(steps: list[int]) -> None:
    index = list(itertools.accumulate(steps, initial=0))  # steps of 0 (an NFKC expansion), 1, or a join
    for n in {0, 1, len(index) - 1, len(index)}:
        assert _breaks(index, n) == _breaks_by_scan(index, n)


def test_the_breaks_of_the_report_are_those_the_scan_finds() -> None:
    clean = repair(SAMPLE_REPORT.read_text(encoding="utf-8"))
    assert _breaks(clean.index, len(clean.clean)) == _breaks_by_scan(clean.index, len(clean.clean))


# The patterns searched by stretches, and their stretches (breaks, what each match holds, how far
# past its end it reads).
_STRETCHED = (
    (context._FIRM_LIST, context._FIRM_LIST_STRETCH),
    (context._INVESTOR, context._INVESTOR_STRETCH),
    (organizations._AWARDED, organizations._AWARDED_STRETCH),
    (bodies._PAPER_CITED, bodies._STRETCHES[bodies._PAPER_CITED]),
    (bodies._PARTY_SHORT, bodies._STRETCHES[bodies._PARTY_SHORT]),
    (people._NAMES_TITLE, people._NAMES_TITLE_STRETCH),
    (people._SHORT_TITLE_FIRST, people._SHORT_TITLE_FIRST_STRETCH),
    (people._CLOSING_BYLINE, people._CLOSING_BYLINE_STRETCH),
    (people._PHOTO, people._PHOTO_STRETCH),
    (people._NAME_BRACKET, people._NAME_BRACKET_STRETCH),
    (people._AUTHORS_TITLE, people._AUTHORS_TITLE_STRETCH),
    (people._NAMES_ETC_TITLE, people._NAMES_ETC_TITLE_STRETCH),
    (people._BRACKET_BYLINE, people._BRACKET_BYLINE_STRETCH),
    (organizations._HEADS_AFTER_LIST, organizations._HEADS_AFTER_LIST_STRETCH),
    (context._COMPANY_LIST, context._COMPANY_LIST_STRETCH),
    (people._COUNTED_THEN_NAMED, people._COUNTED_THEN_NAMED_STRETCH),
    (context._BUILT_BY, context._BUILT_BY_STRETCH),
    (listings._FIELD_LIST, listings._FIELD_LIST_STRETCH),
)
_STRETCH_ALPHABET = (
    "等、，。；：:\n \u3000“”（）()《小鹏箭牌龙头民企企业公司一批5家投资约亿万.荣获获评入选奖称号集团A"
    "和包括据日报新闻网电视台报道头版刊发张王明华摄记者作者消息讯代表委员名位领导提交了"
    "市区民盟九三学社联合说表示书记主任！？!负责人董事长总经理分别是为环欧电气北纬光4十名人大政协（）由建设兴承"
    "涵盖陶瓷及以领域产业行业重点多个大园链"
)


def _matches(found: list[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in found]


def test_listed_firms_of_the_report_are_the_regex_matches() -> None:
    text = _report()
    for pattern, stretch in _STRETCHED:
        found = stretch_matches(pattern, text, *stretch)
        assert _matches(found) == _matches(list(pattern.finditer(text)))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=_STRETCH_ALPHABET, max_size=80))
def test_listed_firms_of_any_text_are_the_regex_matches(text: str) -> None:
    for pattern, stretch in _STRETCHED:
        found = stretch_matches(pattern, text, *stretch)
        assert _matches(found) == _matches(list(pattern.finditer(text)))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="等家、，。 \n企业公司项目园区个批条所9两一十龙江碳谷大益汽车配件", max_size=40))
def test_a_clause_without_the_groups_needle_holds_no_counted_group(text: str) -> None:
    if groups._GROUP_NEEDLE.search(text) is None:
        assert groups._GROUP.search(text) is None


def test_a_name_read_once_reads_the_same_asked_again() -> None:
    """is_name keeps its answers across texts: each is the one a fresh reading gives, whatever was
    asked before and in whichever text."""
    clean = _report()
    lex = load_lexicon()
    known = LexiconMatcher(lex, clean, Segmentation(clean)).find(clean)
    rules = NameRules(lex, clean, known)
    rules.suffix_names()
    rules.context_names()
    asked = list(rules.names_read.items())
    assert len(asked) > 50
    fresh = NameRules(lex, clean, known)
    for (name, suffix), answer in reversed(asked):
        assert fresh._reads_as_name(name, suffix) == answer


def _clean_by_characters(original: str, joins: list[int]) -> tuple[str, list[int]]:
    """Each kept character's NFKC form, one after the other, and where each clean character came from."""
    dropped = {j for j in joins if 0 <= j < len(original)}
    forms = [(i, unicodedata.normalize("NFKC", c)) for i, c in enumerate(original) if i not in dropped]
    return "".join(f for _, f in forms), [i for i, f in forms for _ in f] + [len(original)]


# Common ideographs, ASCII, full-width forms, an ellipsis (three dots), ㍿ (four characters), a
# ligature, a lone surrogate, a character past the BMP, line breaks.
_CLEAN_ALPHABET = "哈尔滨区ab1 ，（）：％Ａ１…㍿ﬁ\ud800𠀀\n\t"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_CLEAN_ALPHABET, max_size=60), st.lists(st.integers(-2, 65), max_size=8))
def test_the_clean_text_is_each_characters_form(original: str, joins: list[int]) -> None:
    built = CleanText.build(original, joins)
    assert (built.clean, built.index) == _clean_by_characters(original, joins)


def test_the_clean_report_is_each_characters_form() -> None:
    original = SAMPLE_REPORT.read_text(encoding="utf-8") + "\n加快建设……"  # an ellipsis: three dots
    joins = list(range(0, len(original), 97))
    built = CleanText.build(original, joins)
    assert len(built.clean) > len(original) - len(joins)  # not vacuous: a form longer than its character
    assert (built.clean, built.index) == _clean_by_characters(original, joins)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="哈爾濱區項目簽约億a1，\ud800𠀀", max_size=40))
def test_the_simplified_text_is_each_characters_fold(text: str) -> None:
    table = script._table()
    assert simplified(text) == "".join(table.get(ord(c), c) for c in text)


# Patterns whose alternatives are spelled out to open with characters (the engine then skips to
# those), each with the plain pattern it stands for.
_SPELLED_OUT = (
    (
        organizations._REGISTERED,
        re.compile(r"(?:股份)?有限(?:责任)?公司"),
    ),
    (
        people._TAGGED_TITLE,
        re.compile(
            r"(?P<title>总书记(?!们)|(?:书记|总理|主席|省长|市长|区长)(?="
            + people._SPEECH[:-1]
            + r"|视察|考察|调研|出席|会见|主持)))"
        ),
    ),
)


def test_spelled_out_patterns_find_the_plain_patterns_matches_in_the_report() -> None:
    text = _report()
    for fast, plain in _SPELLED_OUT:
        assert _matches(list(fast.finditer(text))) == _matches(list(plain.finditer(text)))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="股份有限责任公司总书记们理主席省市区长说视察作开工动员，", max_size=40))
def test_spelled_out_patterns_find_the_plain_patterns_matches(text: str) -> None:
    for fast, plain in _SPELLED_OUT:
        assert _matches(list(fast.finditer(text))) == _matches(list(plain.finditer(text)))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="签约落户地入驻园启动开复工竣投用产业上市企项目单位率仪式数使，", max_size=30))
def test_the_stages_a_clause_reports_are_those_each_stage_pattern_finds(text: str) -> None:
    spelled = text
    for variant, stage in properties._SPELLINGS:
        spelled = spelled.replace(variant, stage)
    assert stages_in(text) == [s for s, pattern in properties._STAGE_PATTERNS if pattern.search(spelled)]


_PLAIN_SUFFIX_RE = re.compile("|".join(sorted(SUFFIXES, key=len, reverse=True)))


def _suffix_readings(pattern: re.Pattern[str], text: str) -> tuple[object, ...]:
    found = [m.span() for m in pattern.finditer(text)]
    at = [(m.span() if (m := pattern.match(text, i)) else None) for i in range(len(text))]
    return found, at, pattern.fullmatch(text) is not None


def test_the_suffix_tree_matches_what_the_longest_first_alternation_matches_in_the_report() -> None:
    text = _report()
    assert [m.span() for m in SUFFIX_RE.finditer(text)] == [m.span() for m in _PLAIN_SUFFIX_RE.finditer(text)]
    for suffix in SUFFIXES:
        assert _suffix_readings(SUFFIX_RE, suffix) == _suffix_readings(_PLAIN_SUFFIX_RE, suffix)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([*SUFFIXES, "产", "业", "园", "区", "中", "心", "，", "哈"]), max_size=8))
def test_the_suffix_tree_matches_what_the_longest_first_alternation_matches(parts: list[str]) -> None:
    text = "".join(parts)
    assert _suffix_readings(SUFFIX_RE, text) == _suffix_readings(_PLAIN_SUFFIX_RE, text)


@settings(max_examples=1000, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            ["深", "哈", "（", "）", " ", "\u3000", "\xa0", "\t", "\n", "\u2028", "\x1c", "Ａ", "a", "1"]
        )
    )
)
def test_a_names_identity_form_drops_each_character_isspace_names(name: str) -> None:
    assert canonical_key(name) == "".join(ch for ch in nfkc(name) if not ch.isspace())


def test_one_character_lists_of_the_report_are_the_regex_matches() -> None:
    text = _report()
    assert _matches(list(_abbreviation_lists(text))) == _matches(list(_ABBR_LIST.finditer(text)))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="、俄日韩\n，深哈", max_size=30))
def test_one_character_lists_of_any_text_are_the_regex_matches(text: str) -> None:
    assert _matches(list(_abbreviation_lists(text))) == _matches(list(_ABBR_LIST.finditer(text)))
