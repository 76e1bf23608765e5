"""The embedded store's search index finds exactly the nodes a scan of every key would find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.embedded.search_index import SubstringIndex

# Few distinct characters, so that queries often hit, share bigrams, and repeat characters.
CHARS = "深哈产业园区龙江碳谷ab\x00"
keys = st.text(alphabet=CHARS, min_size=1, max_size=8)
nodes = st.dictionaries(st.sampled_from([f"n{i}" for i in range(12)]), st.tuples(keys, keys), max_size=12)


def scan(index_nodes: dict[str, tuple[str, ...] | None], needle: str) -> set[str]:
    return {id for id, ks in index_nodes.items() if ks and any(needle in k for k in ks)}


@settings(max_examples=300, deadline=None)
@given(built=nodes, changed=nodes, removed=st.sets(st.sampled_from([f"n{i}" for i in range(12)])),
       needle=st.text(alphabet=CHARS, min_size=1, max_size=4))  # fmt: skip
def test_find_equals_a_scan_of_every_key_after_puts_and_removes(built, changed, removed, needle) -> None:
    index = SubstringIndex()
    index.rebuild(built.items())
    current: dict[str, tuple[str, ...] | None] = dict(built)
    for id, ks in changed.items():
        index.put(id, ks)
        current[id] = ks
    for id in removed:
        index.remove(id)
        current[id] = None
    assert index.find(needle) == scan(current, needle)


def test_a_query_of_two_characters_or_more_finds_keys_that_hold_it_anywhere() -> None:
    index = SubstringIndex()
    park = ("park:深哈", ("深圳(哈尔滨)产业园区", "shenzhenhaerbinchanyeyuanqu"))
    index.rebuild([park, ("org:x", ("江苏",))])
    assert index.find("产业园") == {"park:深哈"}
    assert index.find("haerbin") == {"park:深哈"}
    assert index.find("业园区") == {"park:深哈"}
    assert index.find("园区x") == set()
    assert index.find("江") == {"org:x"}
