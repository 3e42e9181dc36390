"""Property-based tests: measures and clauses generated from the clause grammar, read back exactly.

Hypothesis writes clauses in every label and verb form of ``ontology/clause_grammar.toml`` —
labels built from prefix + role word + qualifier + head noun, role verbs with their modifiers,
the document rule (排名第一…下同), collectives, 等 + class nouns, deadlines, scores, scopes and
scope sentences inside the clause, full- and half-width punctuation, line breaks, noise
parentheses — and documents numbered 一、 （一） 1. （1）, with the truth beside them: every
body's name as written, role, rank and the clause's open_ended. The public parse functions
must give that truth exactly. Bodies are names of ``ontology/agencies.csv``, so they resolve.

Profiles (tests/conftest.py): ``ci`` by default, ``HYPOTHESIS_PROFILE=long`` for a long run.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from loaders import ReferenceData, parse_document, parse_responsibility_clause
from loaders.clauses import looks_like_body

ROOT = Path(__file__).parents[2]
GRAMMAR = tomllib.loads((ROOT / "ontology" / "clause_grammar.toml").read_text(encoding="utf-8"))
REFERENCE = ReferenceData.default()
KNOWN = REFERENCE.agencies.is_known

_VERBISH = re.compile("牵头|负责|指导|配合|参与|落实|实施|推进|承办|协助|协同|支持|参加|会同|督办|督导|主办|协办|"
                      "责任|领导|等|和|及|与|、")


def _national_names() -> list[str]:
    """Names and aliases of national bodies that are plain names (no verb, joiner or 等 inside)."""
    names = []
    with (ROOT / "ontology" / "agencies.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["level"] != "national" or row["kind"] == "collective":
                continue
            for name in [row["name_zh"], *filter(None, row["aliases"].split("|"))]:
                if (re.fullmatch(r"[\u4e00-\u9fff]{2,16}", name) and not _VERBISH.search(name)
                        and not re.match("各|有关|相关|其他|其它|省直|市直|国务院各", name)
                        and looks_like_body(name) and KNOWN(name)):
                    names.append(name)
    # Known names with 和 inside: one body each, never split.
    names += [n for n in ("工业和信息化部", "住房和城乡建设部", "文化和旅游部", "人力资源和社会保障部") if KNOWN(n)]
    return sorted(set(names))


def _collectives() -> list[str]:
    """Collective actors of the authority file written as one word (各地区人民政府 …)."""
    with (ROOT / "ontology" / "agencies.csv").open(encoding="utf-8", newline="") as handle:
        return sorted(row["name_zh"] for row in csv.DictReader(handle)
                      if row["kind"] == "collective" and row["name_zh"].startswith("各")
                      and not re.search("[、和及]", row["name_zh"])
                      and not re.fullmatch("各(?:区|市|县|区县|区市|县区)", row["name_zh"]))


NAMES = _national_names()
COLLECTIVES = _collectives()
ROLE_WORDS: dict[str, str] = GRAMMAR["labels"]["role_words"]
LEAD_WORDS = sorted(w for w, s in ROLE_WORDS.items() if s == "lead")
GUIDE_WORDS = sorted(w for w, s in ROLE_WORDS.items() if s == "guide")
GENERIC_WORDS = sorted(w for w, s in ROLE_WORDS.items() if s == "generic")
SUPPORT_WORDS = sorted(w for w, s in ROLE_WORDS.items() if s == "support")
HEADS = [h for h in GRAMMAR["labels"]["head_nouns"] if h not in GRAMMAR["labels"]["person_heads"]]
PERSON_HEADS = GRAMMAR["labels"]["person_heads"]
BARE_LABELS = GRAMMAR["labels"]["bare_labels"]
PREFIXES = ["", *GRAMMAR["labels"]["prefixes"]]
QUALIFIERS = ["", "", "落实", "督办", "配合", "责任", "推进", "协调", "联络"]
MODIFIERS = ["", "", *GRAMMAR["verbs"]["modifiers"]["words"][:5]]
CLASS_TAILS = ["有关部门和单位", "国务院相关部门", "省直有关单位", "有关部门", "相关部门和单位", "其他有关机构", "部门",
               "单位", "有关部门及单位", "中央有关部门", "市直有关部门", "相关部门", ""]
RULE_WORDINGS = ["排名第一的单位为牵头单位，下同", "排在第一位的部门为牵头部门，下同", "列第一位者为牵头单位，下同"]
DEADLINES = ["2099年底前", "6月底完成", "2099年6月底前", "9月30日前", "长期坚持", "持续推进", "年底前完成",
             "5月底取得明显成效并持续推进"]
SCORES = ["0.5分", "1分", "2分"]
ORDER_NOTES = ["排名不分先后", "各相关单位按行政序列排序，下同", "不分先后顺序"]
SCOPE_SENTENCES = ["以下各项同", "第1至3项均适用", "以上各项同", "本条同", "下列各项均适用"]
NOISE = ["（区、市）", "（含技工院校）", "（PPP）", "（国办发〔2016〕82号）", "（以下简称“平台”）", "（2021—2025年）", ""]
TASKS = ["推进口岸通关一体化", "优化进出口监管模式", "降低进出口环节合规成本", "提升港口集疏运效率", "推广“两步申报”",
         "深化国际贸易“单一窗口”建设", "规范口岸收费", "加快智慧口岸建设"]

Listed = list[tuple[str, str]]  # (name as written, role)


@dataclass(frozen=True)
class TrueClause:
    """A clause as written (no brackets) and what reading it must give."""

    text: str
    listed: tuple[tuple[str, str], ...]
    open_ended: bool


def _generic(names: list[str], rule: bool) -> Listed:
    """A list with no explicit role: one body leads, several are joint, or the rule decides."""
    if len(names) == 1:
        return [(names[0], "lead")]
    if rule:
        return [(n, "lead" if i == 0 else "participant") for i, n in enumerate(names)]
    return [(n, "joint") for n in names]


@st.composite
def labels(draw: st.DrawFn, words: list[str]) -> str:
    """A label of the grammar: prefix? + (role word + qualifier + head noun | bare label) + colon."""
    word = draw(st.sampled_from(words))
    if word in BARE_LABELS and draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from(PREFIXES)) + word + "："
    qualifier = draw(st.sampled_from(QUALIFIERS))
    return draw(st.sampled_from(PREFIXES)) + word + qualifier + draw(st.sampled_from(HEADS)) + "："


@st.composite
def clauses(draw: st.DrawFn, rule: bool) -> TrueClause:
    """One clause of the genre with its truth; ``rule``: the first-listed-leads rule is in force."""
    forms = ["single", "joint", "lead_rest", "lead_support", "co_lead", "hui_tong", "collective",
             "deng_collective", "class_noun", "he_deng", "labelled_lead", "labelled_single",
             "labelled_pair"]
    if not rule:
        forms += ["guide", "guide_rest", "labelled_guide"]
    form = draw(st.sampled_from(forms))
    pool = draw(st.lists(st.sampled_from(NAMES), min_size=6, max_size=6, unique=True))

    def some(low: int, high: int) -> list[str]:
        return pool[: draw(st.integers(low, high))]

    labelled = form.startswith("labelled")
    open_ended = False
    if form == "single":
        names = some(1, 1)
        text = draw(st.sampled_from(["{l}负责", "由{l}负责", "{l}牵头负责", "{l}负责落实"])).format(l=names[0])
        listed = [(names[0], "lead")]
    elif form == "joint":
        names = some(2, 5)
        text = "、".join(names) + draw(st.sampled_from(MODIFIERS)) + "负责"
        listed = _generic(names, rule)
    elif form == "lead_rest":
        names = some(2, 5)
        tail = draw(st.sampled_from(CLASS_TAILS))
        open_ended = draw(st.booleans())
        rest = "、".join(names[1:]) + ("等" + tail if open_ended else "")
        text = f"{names[0]}牵头，{rest}{draw(st.sampled_from(MODIFIERS))}负责"
        listed = [(names[0], "lead"), *((n, "participant") for n in names[1:])]
    elif form == "lead_support":
        names = some(2, 4)
        lead = draw(st.sampled_from(["牵头", "负责", "牵头负责"]))
        support = draw(st.sampled_from(["配合", "参与", "落实", "具体实施", "按职责分工配合", "共同推进", "协助", "支持"]))
        text = f"{names[0]}{lead}，{'、'.join(names[1:])}{support}"
        listed = [(names[0], "lead"), *((n, "participant") for n in names[1:])]
    elif form == "co_lead":
        names = some(2, 3)
        text = "、".join(names) + "牵头负责"
        listed = [(n, "lead") for n in names]
    elif form == "hui_tong":
        names = some(1, 2)
        text = "、".join(names) + "会同有关部门负责"
        listed, open_ended = [(n, "lead") for n in names], True
    elif form == "collective":
        names = some(1, 3)
        whole = draw(st.sampled_from(COLLECTIVES))
        text = "、".join(names) + draw(st.sampled_from(["和", "及", "、"])) + whole + "按职责分工负责"
        listed = _generic([*names, whole], rule)
    elif form == "deng_collective":
        names = some(1, 3)
        whole = draw(st.sampled_from(COLLECTIVES))
        text = "、".join(names) + "等和" + whole + "负责"
        listed, open_ended = _generic([*names, whole], rule), True
    elif form == "class_noun":
        names = some(1, 4)
        text = "、".join(names) + "等" + draw(st.sampled_from(CLASS_TAILS)) + draw(st.sampled_from(MODIFIERS)) + "负责"
        listed, open_ended = _generic(names, rule), True
    elif form == "he_deng":
        names = some(2, 2)
        text = f"{names[0]}和{names[1]}等相关部门负责"
        listed, open_ended = _generic(names, rule), True
    elif form == "labelled_lead":
        names = some(2, 5)
        other = draw(labels(GENERIC_WORDS + SUPPORT_WORDS))
        text = f"{draw(labels(LEAD_WORDS))}{names[0]}；{other}{'、'.join(names[1:])}"
        listed = [(names[0], "lead"), *((n, "participant") for n in names[1:])]
    elif form == "labelled_single":
        names = some(1, 4)
        text = draw(labels(GENERIC_WORDS + SUPPORT_WORDS)) + "、".join(names)
        listed = _generic(names, rule)
    elif form == "labelled_pair":
        names = some(2, 5)
        cut = draw(st.integers(1, len(names) - 1))
        text = (f"{draw(labels(GENERIC_WORDS))}{'、'.join(names[:cut])}；"
                f"{draw(labels(SUPPORT_WORDS))}{'、'.join(names[cut:])}")
        listed = [*((n, "lead") for n in names[:cut]), *((n, "participant") for n in names[cut:])]
    elif form == "guide":
        names = some(1, 3)
        text = "、".join(names) + "指导"
        listed = [(n, "guide") for n in names]
    elif form == "guide_rest":
        names = some(2, 4)
        text = f"{names[0]}指导，{'、'.join(names[1:])}参与"
        listed = [(names[0], "guide"), *((n, "participant") for n in names[1:])]
    else:  # labelled_guide
        names = some(2, 2)
        text = f"{draw(labels(GUIDE_WORDS))}{names[0]}；{draw(labels(GENERIC_WORDS))}{names[1]}"
        listed = [(names[0], "guide"), (names[1], "lead")]
    text = draw(_extras(text, labelled))
    return TrueClause(text, tuple(listed), open_ended)


@st.composite
def _extras(draw: st.DrawFn, text: str, labelled: bool) -> str:
    """Deadlines, scores, scopes, scope sentences and leaders around a clause: none is an agency."""
    if labelled and draw(st.integers(0, 4)) == 0:
        head = draw(st.sampled_from(PERSON_HEADS))
        person = draw(st.sampled_from(["分管副市长", "市政府分管副秘书长", "王明"]))
        text = f"{draw(st.sampled_from(['牵头', '责任']))}{draw(st.sampled_from(['', '市']))}{head}：{person}；{text}"
    if labelled and draw(st.integers(0, 4)) == 0:
        text = f"（{draw(st.sampled_from(SCORES))}）{text}"
    before = draw(st.sampled_from(["", "", "", "deadline", "score"]))
    if before == "deadline":
        text = f"{draw(st.sampled_from(DEADLINES))}，{text}"
    elif before == "score":
        text = f"{draw(st.sampled_from(SCORES))}，{text}"
    after = draw(st.sampled_from(["", "", "", "deadline", "limit", "scope", "sentence", "score", "order"]))
    if after == "deadline":
        text += f"，{draw(st.sampled_from(DEADLINES))}"
    elif after == "limit":
        text += f"；完成时限：{draw(st.sampled_from(DEADLINES))}"
    elif after == "scope":
        text += "；适用范围：各自由贸易试验区"
    elif after == "sentence":
        text += f"，{draw(st.sampled_from(SCOPE_SENTENCES))}"
    elif after == "score":
        text += f"；分值：{draw(st.sampled_from(SCORES))}"
    elif after == "order":
        text += f"。{draw(st.sampled_from(ORDER_NOTES))}"
    return text


@st.composite
def printed(draw: st.DrawFn, clause: TrueClause) -> str:
    """A clause as a document prints it: full or half width, now and then broken over lines."""
    text = clause.text
    if draw(st.booleans()):
        text = text.replace("：", ":").replace("；", ";")
    seps = [i for i, ch in enumerate(text) if ch in "、，；;" and i + 1 < len(text)]
    if seps and draw(st.integers(0, 3)) == 0:
        at = draw(st.sampled_from(seps)) + 1
        text = text[:at] + draw(st.sampled_from(["\n", " ", "\u3000"])) + text[at:]
    opened, closed = draw(st.sampled_from([("（", "）"), ("（", "）"), ("(", ")")]))
    return f"{opened}{text}{closed}"


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True)
class TrueDocument:
    """A generated document and its responsibilities: (measure, clause, name, role, rank, open_ended)."""

    text: str
    measures: int
    rows: tuple[tuple[int, int, str, str, int, bool], ...]


@st.composite
def documents(draw: st.DrawFn) -> TrueDocument:
    """A national notice whose numbered measures end with generated clauses."""
    style = draw(st.sampled_from(["arabic", "cn_paren", "top", "arabic_paren"]))
    mark = draw(st.sampled_from([".", "．", "、"]))
    full_width = draw(st.booleans())
    count = draw(st.integers(1, 12))
    rule_at = draw(st.one_of(st.none(), st.integers(1, count)))
    lines = ["国务院办公厅关于深化口岸营商环境改革的通知", "各省、自治区、直辖市人民政府：",
             "为进一步优化口岸营商环境，现就有关事项通知如下。"]
    rows: list[tuple[int, int, str, str, int, bool]] = []
    rule = False
    section = 0
    for number in range(1, count + 1):
        if style != "top" and (number == 1 or draw(st.integers(0, 3)) == 0):
            section += 1
            lines.append(f"{_cn(section)}、重点任务{_cn(section)}")
        pieces = []
        for index in range(1, draw(st.integers(1, 2)) + 1):
            if number == rule_at and index == 1:
                names = draw(st.lists(st.sampled_from(NAMES), min_size=2, max_size=4, unique=True))
                rule = True
                truth = TrueClause(f"{'、'.join(names)}负责，{draw(st.sampled_from(RULE_WORDINGS))}",
                                   tuple(_generic(names, True)), False)
            else:
                truth = draw(clauses(rule))
            task = draw(st.sampled_from(TASKS)) + draw(st.sampled_from(NOISE))
            pieces.append(f"{task}。{draw(printed(truth))}")
            rows += [(number, index, name, role, rank, truth.open_ended)
                     for rank, (name, role) in enumerate(truth.listed, start=1)]
        if style == "arabic":
            label = f"{number}{mark}"
            label = label.translate(_FULL) if full_width else label
        elif style == "arabic_paren":
            label = f"（{number}）"
        elif style == "cn_paren":
            label = f"（{_cn(number)}）"
        else:
            label = f"{_cn(number)}、"
        lines.append(label + "".join(pieces))
    return TrueDocument("\n".join(lines) + "\n", count, tuple(rows))


@given(st.booleans().flatmap(lambda rule: st.tuples(st.just(rule), clauses(rule))))
def test_generated_clause_is_read_exactly(case: tuple[bool, TrueClause]) -> None:
    rule, truth = case
    clause = parse_responsibility_clause(f"（{truth.text}）", first_listed_leads=rule, is_known=KNOWN)
    assert clause is not None, truth.text
    got = [(r.name, r.role.value) for r in clause.responsibilities]
    assert got == list(truth.listed), truth.text
    assert [r.rank for r in clause.responsibilities] == list(range(1, len(got) + 1))
    assert clause.open_ended is truth.open_ended, truth.text


@given(documents())
def test_generated_document_is_read_exactly(truth: TrueDocument) -> None:
    result = parse_document(truth.text, reference=REFERENCE)
    (doc,) = result.documents
    assert len(doc.measures) == truth.measures, truth.text
    got = [(m_index, r.clause_index, r.as_written, r.role.value, r.rank, r.open_ended)
           for m_index, m in enumerate(doc.measures, start=1) for r in m.responsibilities]
    assert got == list(truth.rows), truth.text
    assert all(r.agency.resolved for r in doc.responsibilities)
    assert not [f for f in result.findings if f.kind in ("unread_clauses", "broken_clause", "doubtful_agency")]
