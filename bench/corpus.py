"""A synthetic corpus in the grammar of the report and the articles, with new names.

Two kinds of documents, drawn from what ``shared/corpus`` holds:

- a *report page* like the seed: pillars ``坚定不移…`` with items ``一是…`` and bullets ``·…``,
  counted project groups ``X等N个项目开工``, parks ``…产业园区/片区``, partners ``加强与…的合作``,
  a targets box, a news report with indicators, delegates' proposals
  ``松北区政协委员X认为…建议…`` and bylines; printed in narrow OCR columns (hard line breaks);
- a *news article* like the dev texts: ``来源:…`` line, title, paragraphs naming cities, companies,
  parks and projects that sign, land and cooperate.

Names are built from character pools and suffixes, so most are new and the number of entities
grows with the corpus; a Zipf-weighted popular set is reused across documents so that entity
resolution has work to do. Document ``i`` depends only on ``(seed, i)``: the 1k corpus is the
first tenth of the 10k corpus, and every run generates the same bytes.

>>> a = generate_document(7, seed=1)
>>> a == generate_document(7, seed=1) and a.text != generate_document(8, seed=1).text
True
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# --- pools -------------------------------------------------------------------------------------

# Characters that make brand and place names (龙江, 正威, 华通, 岛田 …); two of them make a stem.
STEM_CHARS = (
    "龙江华正威通泰丰源汇金城林海宏远达昌盛嘉和瑞德恒鑫凯佳松桦鹤岭滨湖泉春明光新兴安宁东西南北"
    "中信联合科创博雅鼎晟航宇星辰天峰云岳川平阳广元祥福瀚澜锦绣银河蓝谷绿洲晶耀腾飞鸿图启辉"
)
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾"
    "丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊陆郝孔白崔康毛邱秦史顾侯邵孟段雷钱汤尹黎易"
)
GIVEN_CHARS = (
    "婧爱民丽娟国红春生元杰少天卓瑞侠伟中兆力喆雪楠均衡志强建华文明晓东海燕玉梅秀英德成永庆"
    "立新宏伟丹丹佳琪思远子涵浩然俊杰雅静欣怡宇航晨阳博文嘉怡明辉振宇"
)
INDUSTRIES = (
    "绿色食品",
    "生物医药",
    "智能制造",
    "新材料",
    "新一代信息技术",
    "高端装备",
    "新能源",
    "现代服务业",
    "文化旅游",
    "冰雪经济",
    "数字经济",
    "航空航天",
    "碳纤维",
    "半导体",
    "现代物流",
    "康养",
    "金融",
    "跨境电商",
)
PROJECT_SUFFIXES = (
    "产业园",
    "创新中心",
    "研发中心",
    "产业基地",
    "总部基地",
    "物流中心",
    "交易中心",
    "科技园",
    "智慧工厂",
    "示范项目",
    "孵化基地",
    "数据中心",
    "医学中心",
    "医院",
)
PROJECT_CORES = (
    "新一代材料",
    "碳谷",
    "鲲鹏",
    "智能装备",
    "生物制药",
    "冷链",
    "光电",
    "大数据",
    "农产品",
    "保税",
    "半导体",
    "航空",
    "冰雪",
    "康养",
    "人力资源",
    "跨境电商",
)
PARK_SUFFIXES = ("产业园区", "片区", "经济开发区", "高新区", "综合保税区", "临空经济区", "合作区")
ORG_SUFFIXES = ("集团", "银行", "大学", "科技公司", "研究院", "交易所", "仲裁院", "股份公司", "发展公司")
PLACE_SUFFIXES = ("市", "县", "区", "镇")
COUNTRIES = ("俄罗斯", "日本", "韩国", "德国", "新加坡", "蒙古国", "白俄罗斯", "哈萨克斯坦")
PROGRAM_NAMES = (
    "园区扩能增效行动计划",
    "百千万行动计划",
    "数字城管提升工程",
    "人才引进计划",
    "营商环境优化行动",
    "乡村振兴示范工程",
    "企业上市培育计划",
    "招商引资攻坚行动",
)
NUMERALS = "一二三四五六七八九十"
NO_LINE_START = "，。、；：）”！？"

PILLAR_VERBS = (
    ("实施", "创新驱动"),
    ("深化", "改革创新"),
    ("推动", "对外开放"),
    ("实施", "精细化管理"),
    ("保障和改善", "民生"),
    ("强化", "自身建设"),
    ("推进", "数字赋能"),
    ("扩大", "有效投资"),
)
PILLAR_GOALS = (
    "全力构建现代化产业体系",
    "着力完善现代治理体系",
    "积极融入双循环发展格局",
    "开发建设现代化魅力新城",
    "全面提升群众生活福祉",
    "不断提升现代化治理能力",
    "加快培育经济新动能",
    "打造一流营商环境",
)
ITEM_PHRASES = (
    "全面加强{park}建设",
    "创新开展招商引资",
    "创新推进产业项目建设",
    "着力培育产业新业态和经济新增长点",
    "以{place}合作为契机深度嵌入国内大循环",
    "强化城市规划设计",
    "全面提升基础设施承载能力",
    "加快投融资改革",
    "持续深化“放管服”改革",
    "做好惠民实事",
    "强化社会安全保障",
    "以对{country}合作为主体融入国际国内双循环",
)
FILLERS = (
    "全面推进事业单位机构改革。",
    "加强资本要素市场建设。",
    "持续推进垃圾分类，做好重点主干道、城市节点美化绿化亮化和形象塑造。",
    "切实减轻企业和群众的制度性交易成本，促进投资提速增效。",
    "建立健全扫黑除恶长效常治机制。",
    "积极开展文艺演出、旅游节庆、全民健身等活动，进一步满足群众文化体育需求。",
    "坚持不懈纠正“四风”，坚决整治不作为、慢作为、乱作为现象。",
    "将信用监管逐步融入到社会和经济管理当中，推动“宽进严管”和“社会共治”。",
)
INDICATORS = ("地区生产总值", "固定资产投资", "公共财政预算收入", "规模以上工业增加值", "进出口总额")
OPINIONS = (
    "好的规划能够引导城市合理有序发展",
    "持续打造龙江版“新浦东”，创新驱动非常重要",
    "应狠抓自贸片区建设，加强对外开放合作，助推区域经济全面振兴",
    "基础成本是产业项目选择投资地区的必然考量",
    "精准高效科学引进人才，按照项目实行靶向引才机制",
)
PROPOSALS = (
    "设立企业分级标准，吸引优质产业项目入驻",
    "入区产业和公共服务设施分片集中布置",
    "提高主要街道、景观及标志性建筑的亮化水平",
    "在制定扶持政策时明确政策适用时间",
    "加强区域间要素联动、产业联动和区域合作",
    "做一些重度垂直领域的专业孵化载体和平台",
)
PAPERS = ("黑龙江日报", "哈尔滨日报", "人民网-黑龙江频道", "中国产业园区网转载", "新晚报")
ROLES = ("政协委员", "人大代表")


@dataclass(frozen=True)
class SyntheticDocument:
    """One generated text and its document id (the stem a file of it would have)."""

    document: str
    kind: str  # "report" or "article"
    text: str


# --- names -------------------------------------------------------------------------------------


class NameSource:
    """New names from the pools, plus a popular set reused across documents (Zipf-weighted).

    ``reuse`` is the chance that a name is drawn from the popular set rather than made new.
    """

    POPULAR = 400  # size of each label's popular set

    def __init__(self, rng: random.Random, seed: int, reuse: float = 0.35) -> None:
        self.rng = rng
        self.seed = seed
        self.reuse = reuse

    def _stem(self, rng: random.Random) -> str:
        return rng.choice(STEM_CHARS) + rng.choice(STEM_CHARS)

    def _popular_rng(self, kind: str) -> random.Random:
        # Zipf-like: rank r drawn with weight 1/r; the name at a rank depends only on (seed, kind, rank).
        rank = int(self.POPULAR ** self.rng.random())
        return random.Random(f"{self.seed}:{kind}:{rank}")

    def _source(self, kind: str) -> random.Random:
        return self._popular_rng(kind) if self.rng.random() < self.reuse else self.rng

    def person(self) -> str:
        r = self._source("person")
        given = r.choice(GIVEN_CHARS) + (r.choice(GIVEN_CHARS) if r.random() < 0.7 else "")
        return r.choice(SURNAMES) + given

    def place(self) -> str:
        r = self._source("place")
        return self._stem(r) + r.choice(PLACE_SUFFIXES)

    def district(self) -> str:
        r = self._source("district")
        return self._stem(r) + "区"

    def project(self) -> str:
        r = self._source("project")
        return self._stem(r) + r.choice(PROJECT_CORES) + r.choice(PROJECT_SUFFIXES)

    def park(self) -> str:
        r = self._source("park")
        if r.random() < 0.2:  # the 深圳（哈尔滨）产业园区 pattern
            return f"{self._stem(r)}（{self._stem(r)}）产业园区"
        return self._stem(r) + r.choice(PARK_SUFFIXES)

    def organization(self) -> str:
        r = self._source("organization")
        return self._stem(r) + r.choice(ORG_SUFFIXES)

    def program(self) -> str:
        r = self._source("program")
        return f"“{r.randint(2, 9)}+{r.randint(2, 9)}”{r.choice(PROGRAM_NAMES)}"


# --- layout --------------------------------------------------------------------------------------


def ocr_wrap(paragraph: str, rng: random.Random) -> str:
    """Break a paragraph into narrow columns, as the OCR of a newspaper page does (mid-word)."""
    width = rng.randint(13, 18)
    lines: list[str] = []
    i = 0
    while i < len(paragraph):
        j = min(i + width, len(paragraph))
        # Typesetting never starts a line with closing punctuation: it stays on the line before.
        while j < len(paragraph) and paragraph[j] in NO_LINE_START:
            j += 1
        lines.append(paragraph[i:j])
        i = j
    # Some column breaks leave an empty line inside the paragraph, as on the seed.
    return "".join(line + ("\n\n" if rng.random() < 0.15 else "\n") for line in lines)


def _listing(names: list[str]) -> str:
    return "、".join(names)


def _bullet(names: NameSource, rng: random.Random) -> str:
    """One ``·…`` bullet naming entities in one of the seed's sentence patterns."""
    pattern = rng.randrange(9)
    if pattern == 0:
        group = [names.project() for _ in range(rng.randint(1, 2))]
        status = rng.choice(("开工", "复工", "投产运营"))
        return f"重点推动{_listing(group)}等{rng.randint(3, 60)}个项目{status}。"
    if pattern == 1:
        return (
            f"加快{names.park()}建设，力争完成投资{rng.randint(1, 99)}.{rng.randint(1, 99)}亿元，"
            f"实现{names.project()}一期投入使用。"
        )
    if pattern == 2:
        return f"加强与{names.organization()}的合作，谋划打造{names.project()}、{names.project()}。"
    if pattern == 3:
        orgs = [names.organization() for _ in range(rng.randint(2, 3))]
        return f"推进{_listing(orgs)}落地，启动“一窗通办”等{rng.randint(2, 20)}项经验复制。"
    if pattern == 4:
        return (
            f"以{names.project()}为龙头，大力发展{rng.choice(INDUSTRIES)}产业，"
            f"吸引不少于{rng.randint(10, 50)}家上下游产业合作伙伴入园。"
        )
    if pattern == 5:
        return f"加强内部与{names.park()}、{names.park()}一体化发展，与沿边口岸城市开展“飞地合作”。"
    if pattern == 6:
        return f"实施{names.program()}，促进项目尽快投产、释放产能、做大总量。"
    if pattern == 7:
        inds = rng.sample(INDUSTRIES, 3)
        return f"以{_listing(inds)}为主攻方向，全力引进{names.project()}等一批带动性强的龙头项目。"
    return rng.choice(FILLERS)


def _pillar(ordinal: int, names: NameSource, rng: random.Random) -> tuple[str, str]:
    """A pillar heading and its item run (printed apart, as on the seed)."""
    verb, obj = rng.choice(PILLAR_VERBS)
    heading = f"坚定不移{verb}{obj} {rng.choice(PILLAR_GOALS)}"
    if rng.random() < 0.6:  # some headings keep their number, some lost it
        heading = f"{ordinal} {heading}"
    parts = []
    for k in range(rng.randint(2, 5)):
        phrase = rng.choice(ITEM_PHRASES).format(
            park=names.park(), place=names.place(), country=rng.choice(COUNTRIES)
        )
        parts.append(ocr_wrap(f"{NUMERALS[k]}是{phrase}。", rng))
        for _ in range(rng.randint(1, 4)):
            parts.append(ocr_wrap("·" + _bullet(names, rng), rng))
    return heading, "".join(parts)


def _targets(rng: random.Random) -> str:
    lines = []
    for label in rng.sample(INDICATORS, 3):
        lines.append(f"{label}\n同比增长{rng.randint(5, 20)}%{rng.choice(('左右', '以上'))}")
    return "\n".join(lines) + "\n\n预期\n目标\n"


def _news(names: NameSource, rng: random.Random, district: str) -> str:
    reporters = [names.person(), names.person()]
    body = (
        f"本报讯（记者{''.join(reporters)}）{rng.randint(1, 28)}日，记者从{district}第"
        f"{rng.choice(NUMERALS)}届人民代表大会第{rng.choice(NUMERALS)}次会议上获悉，"
        f"{names.park()}着力加快体制机制创新步伐，积极培育壮大新动能。"
    )
    year = rng.randint(2016, 2024)
    indicator = (
        f"综合实力显著提升。{year}年，{district[:2]}地区生产总值突破{rng.randint(100, 900)}亿元大关，"
        f"形成了{_listing(rng.sample(INDUSTRIES, 4))}{rng.randint(3, 6)}个百亿级产业集群。"
        f"{names.organization()}成为首批科创板上市企业。"
    )
    return ocr_wrap(body, rng) + "\n" + ocr_wrap(indicator, rng)


def _delegate(names: NameSource, rng: random.Random, district: str) -> tuple[str, str]:
    person = names.person()
    role = rng.choice(ROLES)
    text = (
        f"{district}{role}{person}认为，{rng.choice(OPINIONS)}。他建议{rng.choice(PROPOSALS)}，"
        f"推动{names.park()}与{names.park()}等区域的协作，加强与{names.organization()}的合作。"
    )
    return person, ocr_wrap(text, rng)


def _report(names: NameSource, rng: random.Random) -> str:
    district = names.district()
    out: list[str] = []
    pillars = [_pillar(k + 1, names, rng) for k in range(rng.randint(3, 6))]
    # Headings printed before or after their items, as the layout of the seed does.
    for heading, items in pillars:
        out.append((heading + "\n" + items) if rng.random() < 0.5 else (items + heading + "\n"))
    if rng.random() < 0.5:
        out.insert(0, _targets(rng))
    out.append(_news(names, rng, district))
    out.append(f"文/本报记者 {names.person()}\n摄/本报记者 {names.person()}\n")
    people = []
    for _ in range(rng.randint(1, 3)):
        person, text = _delegate(names, rng, district)
        people.append(person)
        out.append(text)
    out.append(" ".join(people) + "\n")
    return "\n".join(out)


def _article(names: NameSource, rng: random.Random) -> str:
    a, b = names.place(), names.place()
    year = rng.randint(2015, 2025)
    header = f"来源:{rng.choice(PAPERS)} ({year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d})"
    invested = f"{rng.randint(10, 900)}.{rng.randint(1, 9)}亿元"
    title = f"{a[:2]}{b[:2]}合作{rng.randint(10, 200)}个项目完成投资{invested}"
    paras = [
        f"{a}与{b}开展对口合作，是落实国家区域协调发展战略的创新举措。记者从{names.organization()}获悉，"
        f"{year - rng.randint(1, 7)}年以来，两市累计实施合作项目{rng.randint(10, 200)}个。",
        f"{names.organization()}与{names.organization()}签署深化战略合作协议，{names.project()}已投入使用。"
        f"总投资{rng.randint(2, 90)}亿元的{names.project()}正式启动。",
        f"{names.park()}选址在{names.park()}，重点发展{_listing(rng.sample(INDUSTRIES, 3))}等新兴产业，"
        f"近期重点建设{names.project()}、{names.project()}等项目。",
        f"{names.organization()}将{names.project()}落户{a[:2]}，合力推动{rng.choice(INDUSTRIES)}产业发展。",
    ]
    body = "\n\n".join(rng.sample(paras, rng.randint(2, len(paras))))
    return f"{header}\n\n{title}\n\n{body}\n"


def generate_document(index: int, seed: int = 2021, report_share: float = 0.3) -> SyntheticDocument:
    """Document ``index`` of the corpus of ``seed``: depends on nothing else."""
    rng = random.Random(f"{seed}:doc:{index}")
    names = NameSource(rng, seed)
    kind = "report" if rng.random() < report_share else "article"
    text = _report(names, rng) if kind == "report" else _article(names, rng)
    return SyntheticDocument(document=f"synthetic-{seed}-{index:05d}", kind=kind, text=text)


def generate_corpus(count: int, seed: int = 2021) -> Iterator[SyntheticDocument]:
    """The first ``count`` documents of the corpus of ``seed``."""
    for i in range(count):
        yield generate_document(i, seed)


def cached_corpus(count: int, cache_dir: Path, seed: int = 2021) -> list[SyntheticDocument]:
    """The corpus, read from (or generated into) ``cache_dir/corpus-{seed}-{count}.jsonl``."""
    path = cache_dir / f"corpus-{seed}-{count}.jsonl"
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            return [SyntheticDocument(**json.loads(line)) for line in fh]
    docs = list(generate_corpus(count, seed))
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps({"document": d.document, "kind": d.kind, "text": d.text}, ensure_ascii=False))
            fh.write("\n")
    tmp.replace(path)
    return docs


def write_texts(docs: list[SyntheticDocument], folder: Path) -> None:
    """Write each document as ``folder/{document}.txt`` (for ``kg load`` by hand)."""
    folder.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (folder / f"{d.document}.txt").write_text(d.text, encoding="utf-8")
