"""The loader's one-pass segmentation gives, for every span, exactly what jieba gives for it.

The name rules read many overlapping spans of each clause; :class:`loaders.segmentation.Segmentation`
answers them from one reading of the text (and its own HMM for part-of-speech tags). Any difference
from jieba would change which names are found, so these tests compare the two span by span, and
the fast paths of :class:`loaders.text.CleanText` with the plain character-by-character reading.
"""

from __future__ import annotations

import jieba.finalseg
import jieba.posseg
from hypothesis import given, settings
from hypothesis import strategies as st
from jieba.posseg.viterbi import viterbi

from loaders.grammar import tagged
from loaders.mentions import tokens
from loaders.ocr import repair
from loaders.pos_hmm import pos_hmm
from loaders.segmentation import Segmentation, _finalseg_cut, _hmm_detail, tagger
from loaders.text import CleanText
from settings import SAMPLE_REPORT

# What these pages are made of: common and rare characters, digits, Latin, blanks, punctuation.
_ALPHABET = (
    "哈尔滨新区松北龙江碳谷科技创新中心项目开工建设瀚晟鑫珏燚犇0123456789.%-_&+#abcXYZ ，。、：（）\n\u3000"
)
TEXTS = st.text(alphabet=_ALPHABET, max_size=60)
# Brand characters, some the HMM has never seen (瀚晟鑫珏燚犇), and function words.
_NAME_CHARACTERS = "龙江华正威通泰丰源汇金城林海瀚晟鑫珏燚犇的了是在和新区中心"


def _jieba_tags(text: str) -> list[tuple[str, str, int, int]]:
    out, pos = [], 0
    for pair in tagger().cut(text):
        out.append((pair.word, pair.flag, pos, pos + len(pair.word)))
        pos += len(pair.word)
    return out


def test_every_short_span_of_the_report_reads_as_jieba_reads_it() -> None:
    clean = repair(SAMPLE_REPORT.read_text(encoding="utf-8")).clean[:240]
    seg = Segmentation(clean)
    for start in range(len(clean)):
        for end in range(start + 1, min(len(clean), start + 30) + 1):
            span = clean[start:end]
            assert seg.words_at(start, end) == tokens(span), span
            assert list(seg.tags_at(start, end)) == _jieba_tags(span), span


def test_near_ties_of_the_route_fall_as_jiebas() -> None:
    # 可支配 against 可|支配: 0.008 apart in log probability, which the dictionary's total decides.
    text = "全区人均可支配收入增长"
    seg = Segmentation(text)
    assert ("可支配", 4, 7) in seg.words_at(0, len(text))
    assert seg.words_at(0, len(text)) == tokens(text)


def test_letters_that_may_be_a_word_or_single_letters_read_as_jieba_reads_them() -> None:
    # GDP, WTO, WHO and CCTV are words of jieba's dictionary; jieba-rs joins one-letter words of
    # the route, so GDP may be the word or three letters: the route is then jieba's own.
    text = "加入WTO后GDP和CCTVGDPX增长WHOA，5GDP与G20"
    seg = Segmentation(text)
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            span = text[start:end]
            assert seg.words_at(start, end) == tokens(span), span
            assert list(seg.tags_at(start, end)) == _jieba_tags(span), span


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_any_span_of_any_text_reads_as_jieba_reads_it(text: str, data: st.DataObject) -> None:
    seg = Segmentation(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    span = text[start:end]
    assert seg.words_at(start, end) == tokens(span)
    assert list(seg.tags_at(start, end)) == _jieba_tags(span)
    # By string: the same answer whether or not the text holds the string.
    assert seg.words(span) == tokens(span)
    assert seg.tags(span + "园区") == tagged(span + "园区")


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="龙江华正威通泰丰源汇金城林海瀚晟鑫珏燚犇的了是在和新区中心", min_size=1, max_size=12)
)
def test_unknown_words_get_the_tags_jieba_gives_them(text: str) -> None:
    detail = tagger()._POSTokenizer__cut_detail  # jieba's HMM over a stretch it does not know
    assert _hmm_detail(text) == [(p.word, p.flag) for p in detail(text)]


# Characters the tagger's HMM has states for, and some it has never seen (燚犇龘 take any state).
_HMM_CHARACTERS = "龙江华正威通泰丰源汇金城林海瀚晟鑫珏的了是在和新区中心开工建设燚犇龘"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_HMM_CHARACTERS, min_size=1, max_size=14))
def test_the_tagger_hmm_picks_the_states_jieba_picks(text: str) -> None:
    tables = (jieba.posseg.char_state_tab_P, jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P)
    _, route = viterbi(text, *tables)
    assert pos_hmm().states_of(text) == list(route)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_HMM_CHARACTERS + "abc12.5%，、 \n", min_size=1, max_size=16))
def test_unknown_stretches_split_as_jiebas_hmm_splits_them(text: str) -> None:
    assert _finalseg_cut(text) == list(jieba.finalseg.cut(text))


def _shown_char_by_char(ct: CleanText, start: int, end: int) -> str:
    out, last = [], -1
    for i in range(start, end):
        o = ct.index[i]
        if o != last:
            out.append(ct.original[o])
            last = o
    return "".join(out)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="哈尔滨，。（）１０ＡＢ㍿ﬁ½ \n\u3000", max_size=40), st.data())
def test_a_clean_span_shows_the_characters_printed(original: str, data: st.DataObject) -> None:
    breaks = sorted(data.draw(st.sets(st.integers(0, max(0, len(original) - 1)), max_size=5)))
    ct = CleanText.build(original, [b for b in breaks if b < len(original)])
    start = data.draw(st.integers(0, len(ct.clean)))
    end = data.draw(st.integers(start, len(ct.clean)))
    assert ct.shown(start, end) == _shown_char_by_char(ct, start, end)
