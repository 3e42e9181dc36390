"""Deadlines and quantified goals in the text of a measure.

"2021年底前税务部门办理正常出口退税的平均时间压缩至7个工作日以内，2022年底前进一步压缩至
6个工作日以内" is two targets of one measure: each deadline governs the text up to the next
deadline or the end of the sentence, and a goal whose metric is elided (进一步压缩至) takes
the metric of the goal before it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from loaders.dates import parse_deadline

__all__ = ["FoundTarget", "find_targets"]

_SENTENCE = re.compile(r"[^。；;!！?？\n]+")
_DEADLINE = re.compile(
    r"(?P<to>(?:到|至)\s*)?\d{4}\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?)?"
    r"(?P<part>底|末|年底|年末|上半年|下半年)?(?P<before>前|以前|之前)?"
)
_UP, _DOWN = ">=", "<="
_GOAL_VERBS = {
    "压缩至": _DOWN, "压缩到": _DOWN, "缩短至": _DOWN, "缩短到": _DOWN, "降至": _DOWN,
    "降低至": _DOWN, "降低到": _DOWN, "下降至": _DOWN, "控制在": _DOWN, "不超过": _DOWN,
    "提高至": _UP, "提高到": _UP, "提升至": _UP, "提升到": _UP, "达到": _UP, "达": _UP,
    "不低于": _UP, "不少于": _UP, "超过": _UP, "突破": _UP, "增加至": _UP, "增至": _UP,
}
_UNITS = ("个百分点", "个工作日", "工作日", "小时", "分钟", "天", "日", "个", "家", "项", "次", "场",
          "亿元", "万元", "元", "万人", "万", "亿", "千瓦", "万吨", "吨", "标箱", "公里", "人", "所",
          "条", "批", "%", "％")
_GOAL = re.compile(
    "(?P<verb>" + "|".join(sorted(_GOAL_VERBS, key=len, reverse=True)) + r")\s*"
    r"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>" + "|".join(map(re.escape, _UNITS)) + ")?"
    r"(?P<qual>以内|以下|以上|左右)?"
)
_QUALIFIER = {"以内": _DOWN, "以下": _DOWN, "以上": _UP, "左右": "~"}
_FILLER = re.compile(r"^(?:[，,、：:\s]|进一步|持续|力争|累计|全面|基本|逐步|要|将)+")
# Goals without a deadline count only with these verbs, and not in subsidy conditions.
_FIRM_VERBS = frozenset({"不少于", "不低于", "达到", "压缩至", "压缩到", "缩短至", "降至", "控制在"})
_CONDITION = re.compile(r"给予|奖励|补助|补贴|资助|对.{0,20}(?:企业|项目)")


@dataclass(frozen=True, slots=True)
class FoundTarget:
    """A target found in text; offsets are relative to the text searched."""

    text: str
    due: dt.date | None
    metric: str | None
    value: float | None
    unit: str | None
    comparator: str | None
    start: int
    end: int


def find_targets(text: str) -> list[FoundTarget]:
    """Find deadlines and quantified goals in a measure's text.

    Parameters
    ----------
    text : str
        Width-normalised measure text (clauses may be blanked out with spaces).

    Returns
    -------
    list of FoundTarget
        In text order.

    Examples
    --------
    >>> t = find_targets("2021年底前平均时间压缩至7个工作日以内，2022年底前进一步压缩至6个工作日以内。")
    >>> [(x.due.isoformat(), x.metric, x.value, x.unit, x.comparator) for x in t]
    [('2021-12-31', '平均时间', 7.0, '个工作日', '<='), ('2022-12-31', '平均时间', 6.0, '个工作日', '<=')]
    >>> [(x.due.isoformat(), x.metric) for x in find_targets("2021年底前，证件统一纳入一口受理。")]
    [('2021-12-31', None)]
    >>> find_targets("根据2018年的文件，对收入突破100亿元的企业给予奖励。")
    []
    """
    found: list[FoundTarget] = []
    for sentence in _SENTENCE.finditer(text):
        found.extend(_sentence_targets(sentence.group(), sentence.start()))
    return found


def _sentence_targets(sentence: str, offset: int) -> list[FoundTarget]:
    # A bare year (根据2018年的文件) is not a deadline: it needs 到, 底 or 前.
    deadlines = [d for d in _DEADLINE.finditer(sentence) if d["to"] or d["part"] or d["before"]]
    bounds = [(d.start(), d.end(), d.group()) for d in deadlines]
    if not bounds or bounds[0][0] > 0:
        bounds.insert(0, (0, 0, ""))
    out: list[FoundTarget] = []
    metric: str | None = None
    for i, (start, body_start, phrase) in enumerate(bounds):
        stop = bounds[i + 1][0] if i + 1 < len(bounds) else len(sentence)
        segment = sentence[body_start:stop]
        due = parse_deadline(re.sub(r"^(?:到|至)\s*", "", phrase)) if phrase else None
        goals = [g for g in _GOAL.finditer(segment)
                 if due or (g["verb"] in _FIRM_VERBS and not _CONDITION.search(segment))]
        # 进口…压缩至35小时以内，出口…压缩至1.5小时以内: each goal its own target, the
        # text since the previous goal its metric, the deadline shared.
        head_start, text_start = 0, start
        for goal in goals:
            head = _FILLER.sub("", segment[head_start:goal.start()]).strip(" ，,") or None
            metric = head if head else metric
            comparator = _QUALIFIER.get(goal["qual"] or "", _GOAL_VERBS[goal["verb"]])
            end = body_start + goal.end()
            out.append(FoundTarget(sentence[text_start:end].strip(" ，,"), due, metric,
                                   float(goal["value"]), goal["unit"], comparator,
                                   offset + text_start, offset + end))
            head_start, text_start = goal.end(), end
        if due and not goals:
            end = stop - len(segment) + len(segment.rstrip(" ，,"))
            out.append(FoundTarget(sentence[start:end], due, None, None, None, None,
                                   offset + start, offset + end))
    return out
