"""Responsibility clauses of the genre, written with the roles a correct extraction gives.

A :class:`ClauseWriter` writes the clauses of one document in the forms of
``extraction-rules.md`` that tradekg reads exactly — （X负责）, （X、Y按职责分工负责）,
（X牵头，Y、Z等相关部门按职责分工负责）, （X牵头，Y配合）, （X、Y指导）, （牵头单位：X；责任单位：Y、Z）,
the document rule （X、Y、Z负责，排名第一的单位为牵头单位，下同） and the clauses under it,
collectives joined by 、, 和 or 及, deadlines inside the clause, half-width parentheses —
and records, for every body listed, the name as written, the canonical name, role and rank.

Examples
--------
>>> import random
>>> from benchmarks.genre_reference import load_genre_data
>>> writer = ClauseWriter(random.Random(3), load_genre_data().region("CN"), 2023, None, False)
>>> clause = writer.write("lead_rest")
>>> clause.text.startswith("（") and "牵头" in clause.text, [role for _, _, role in clause.listed][:2]
(True, ['lead', 'participant'])
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

from benchmarks.genre_reference import Body, Region

__all__ = ["DIALECTS", "FORMS", "UNDER_RULE", "Clause", "ClauseWriter"]

FORMS = ("single", "joint", "joint_open", "lead_rest", "lead_support", "co_lead", "hui_tong",
         "guide", "labelled", "scope", "deadline", "rule", "collective", "and_join",
         "open_collective")
"""The clause forms written, each read exactly by tradekg (see ``tests/benchmarks/test_genre.py``).

``single`` （X负责）, （负责部门：X）; ``joint`` （X、Y按职责分工负责）; ``joint_open`` （X、Y等部门按职责
分工负责）; ``lead_rest`` （X牵头，Y、Z等相关部门按职责分工负责）; ``lead_support`` （X牵头，Y配合）,
（X负责，Y配合）, （X牵头，Y具体实施）; ``co_lead`` （X、Y牵头负责）; ``hui_tong`` （X会同有关部门负责）;
``guide`` （X、Y指导）, （X指导，Y参与）; ``labelled`` （牵头单位：X；责任单位：Y、Z）; ``scope``
（负责部门：X；适用范围：…）; ``deadline`` （2023年底前，牵头单位：X）; ``rule`` （X、Y负责，排名第一的单位为
牵头单位，下同）; ``collective`` （X和各地区人民政府按职责分工负责）; ``and_join`` （X、Y和Z按职责分工负责）;
``open_collective`` （X、Y等和各有关省级人民政府负责）, （X，各省级人民政府按职责分工负责）.
"""

DIALECTS: dict[str, dict[str, int]] = {
    "verbs": {"single": 22, "joint": 18, "joint_open": 6, "lead_rest": 12, "lead_support": 10,
              "co_lead": 3, "hui_tong": 3, "guide": 4, "collective": 10, "and_join": 5,
              "open_collective": 3, "deadline": 2, "scope": 1, "labelled": 1},
    "labelled": {"labelled": 55, "single": 10, "deadline": 15, "scope": 5, "joint": 5,
                 "lead_support": 5, "collective": 5},
    "mixed": {"single": 20, "lead_support": 20, "lead_rest": 10, "joint": 10, "labelled": 15,
              "deadline": 5, "collective": 8, "guide": 4, "and_join": 4, "hui_tong": 4},
}
"""Weights of the forms in documents that write clauses with verbs, with labels, or both."""

UNDER_RULE = frozenset(FORMS) - {"guide", "rule"}
"""Forms written after a document rule: the rule says who leads a list, and a guide has no lead."""
_RULE_WORDINGS = ("{l}负责，排名第一的单位为牵头单位，下同", "{l}负责，排在第一位的部门为牵头部门，下同",
                  "{l}负责。列第一位者为牵头单位，下同")

_Listed = tuple[str, str, str]  # (as written, canonical name, role)


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause as printed (parentheses included), its bodies (as written, canonical, role)."""

    text: str
    listed: tuple[_Listed, ...]
    open_ended: bool
    form: str


class ClauseWriter:
    """Writes the clauses of one document, choosing one form per body for the whole document."""

    def __init__(self, rng: random.Random, region: Region, year: int, lead: Body | None,
                 half_width: bool, *, messy: bool = False, lenticular: bool = False) -> None:
        self.rng = rng
        self.messy = messy  # stray blanks and line breaks inside clauses
        self.lenticular = lenticular  # labelled clauses in 【】
        self.region = region
        self.year = year
        # The issuer leads clauses now and then when it carries trade work itself.
        self.lead = next((b for b in region.bodies
                          if lead is not None and b.key == lead.key and b.weight > 1), None)
        self.half_width = half_width
        self.rule = False
        self._form: dict[str, str] = {}
        self._cumulative = list(accumulate(b.weight for b in region.bodies))

    def _written(self, body: Body, joinable: bool = False) -> tuple[str, str]:
        """The body as this document writes it (one form throughout) and its canonical name.

        ``joinable`` asks for a form without 、 (it follows 和 or 及).
        """
        if body.key not in self._form:
            pairs = [(f, w) for f, w in zip(body.forms, body.form_weights, strict=True)
                     if not joinable or "、" not in f]
            self._form[body.key] = self.rng.choices([f for f, _ in pairs], [w for _, w in pairs])[0]
        return self._form[body.key], body.name

    def pick(self, k: int, *, lead_first: bool = True) -> list[tuple[str, str]]:
        """``k`` distinct bodies of the region, the document's issuer first now and then."""
        chosen: list[Body] = []
        if lead_first and self.lead is not None and self.rng.random() < 0.4:
            chosen.append(self.lead)
        bodies = self.region.bodies
        k = min(k, len(bodies))
        while len(chosen) < k:
            body = self.rng.choices(bodies, cum_weights=self._cumulative)[0]
            if all(b.key != body.key for b in chosen):
                chosen.append(body)
        return [self._written(b) for b in chosen]

    def collective(self, joinable: bool) -> tuple[str, str]:
        """A collective actor (各地区人民政府, 各区、市政府 …); ``joinable``: one that may follow 和/及."""

        def fits(body: Body) -> bool:
            if not joinable:
                return True
            if body.key in self._form:
                return "、" not in self._form[body.key]
            return any("、" not in f for f in body.forms)

        return self._written(self.rng.choice([c for c in self.region.collectives if fits(c)]), joinable)

    def _many(self, low: int, high: int) -> int:
        """How many bodies a list names: mostly a few, now and then a dozen or more."""
        if self.rng.random() < 0.04:
            return self.rng.randint(8, 16)
        return self._k(low, high)

    def deadline(self) -> str:
        return self.rng.choice((f"{self.year}年底前", f"{self.year + 1}年6月底前", f"{self.year}年上半年"))

    def write(self, form: str) -> Clause:
        """One clause of ``form``, with the roles a correct extraction gives its bodies."""
        rng = self.rng
        text, listed, open_ended = getattr(self, f"_{form}")(rng)
        if form == "rule":
            self.rule = True
        if self.half_width and rng.random() < 0.5:
            text = text.replace("：", ":").replace("；", ";")
        if self.messy and "、" in text and rng.random() < 0.15:
            at = rng.choice([i for i, ch in enumerate(text) if ch == "、"]) + 1
            text = text[:at] + rng.choice((" ", "\u3000", "\n")) + text[at:]
        opened, closed = ("(", ")") if self.half_width else ("（", "）")
        if self.lenticular and not self.half_width and "：" in text:
            opened, closed = "【", "】"
        return Clause(f"{opened}{text}{closed}", tuple(listed), open_ended, form)

    def _generic(self, names: list[tuple[str, str]]) -> list[_Listed]:
        """A list with no explicit roles: one leads, several share it — or the rule decides."""
        if len(names) == 1:
            return [(*names[0], "lead")]
        if self.rule:
            return [(*n, "lead" if i == 0 else "participant") for i, n in enumerate(names)]
        return [(*n, "joint") for n in names]

    def _k(self, low: int, high: int) -> int:
        return self.rng.choice([low, low, low + 1, low + 1, low + 2, high][: high - low + 3])

    @staticmethod
    def _join(names: list[tuple[str, str]]) -> str:
        return "、".join(n for n, _ in names)

    def _single(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        names = [self.collective(joinable=False)] if rng.random() < 0.05 else self.pick(1)
        patterns = ["{l}负责", "{l}负责", "{l}负责", "负责部门：{l}", "责任单位：{l}", "{l}牵头负责",
                    "{l}负责落实"]
        if "、" not in names[0][0]:  # 由各区、市政府负责 is split at 、 (see the report)
            patterns.append("由{l}负责")
        pattern = rng.choice(patterns)
        return pattern.format(l=names[0][0]), [(*names[0], "lead")], False

    def _joint(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        names = self.pick(self._many(2, 5))
        pattern = rng.choice(("{l}按职责分工负责", "{l}按职责分工负责", "{l}负责", "{l}分别负责",
                              "{l}按照职责分工负责", "{l}根据职责分工负责", "{l}按职能分工负责"))
        return pattern.format(l=self._join(names)), self._generic(names), False

    def _joint_open(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        names = self.pick(self._k(2, 5))
        pattern = rng.choice(("{l}等部门按职责分工负责", "{l}等按职责分工负责",
                              "{l}等相关部门按职责分工负责"))
        return pattern.format(l=self._join(names)), self._generic(names), True

    def _lead_rest(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        names = self.pick(self._many(2, 6))
        pattern, open_ended = rng.choice((("{x}牵头，{l}等相关部门按职责分工负责", True),
                                          ("{x}牵头，{l}按职责分工负责", False),
                                          ("{x}牵头，{l}等部门按职责分工负责", True),
                                          ("{x}牵头，{l}等按职责分工负责", True)))
        text = pattern.format(x=names[0][0], l=self._join(names[1:]))
        return text, [(*names[0], "lead"), *((*n, "participant") for n in names[1:])], open_ended

    def _lead_support(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        pattern = rng.choice(("{x}牵头，{l}配合", "{x}负责，{l}配合", "{x}牵头，{l}参与", "{x}牵头，{l}落实",
                              "{x}牵头，{l}具体实施", "{x}牵头，{l}按职责分工配合", "{x}牵头，{l}共同推进",
                              "{x}牵头负责，{l}配合"))
        names = self.pick(self._k(2, 4))
        text = pattern.format(x=names[0][0], l=self._join(names[1:]))
        return text, [(*names[0], "lead"), *((*n, "participant") for n in names[1:])], False

    def _co_lead(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        if rng.random() < 0.3:  # X、Y牵头，Z参与
            names = self.pick(rng.choice((3, 3, 4)))
            text = f"{self._join(names[:2])}牵头，{self._join(names[2:])}参与"
            return text, [*((*n, "lead") for n in names[:2]),
                          *((*n, "participant") for n in names[2:])], False
        names = self.pick(rng.choice((2, 2, 3)))
        return f"{self._join(names)}牵头负责", [(*n, "lead") for n in names], False

    def _hui_tong(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        if rng.random() < 0.3:  # X会同Y负责: X leads, Y takes part
            names = self.pick(self._k(2, 3))
            text = f"{names[0][0]}会同{self._join(names[1:])}负责"
            return text, [(*names[0], "lead"), *((*n, "participant") for n in names[1:])], False
        names = self.pick(rng.choice((1, 1, 2)))
        return f"{self._join(names)}会同有关部门负责", [(*n, "lead") for n in names], True

    def _guide(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        shape = rng.random()
        if shape < 0.45:
            names = self.pick(rng.choice((1, 2, 2, 3)))
            return f"{self._join(names)}指导", [(*n, "guide") for n in names], False
        if shape < 0.6:  # X指导，各区县政府负责: the one carrying it out leads
            guide, whole = self.pick(1)[0], self.collective(joinable=False)
            return f"{guide[0]}指导，{whole[0]}负责", [(*guide, "guide"), (*whole, "lead")], False
        names = self.pick(self._k(2, 4))
        text = f"{names[0][0]}指导，{self._join(names[1:])}参与"
        return text, [(*names[0], "guide"), *((*n, "participant") for n in names[1:])], False

    def _labelled(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        shape = rng.choice(("lead_rest", "lead_rest", "lead_support", "lead", "responsible",
                            "responsible_support"))
        lead = rng.choice(("牵头单位", "牵头单位", "牵头单位", "牵头部门", "牵头责任单位"))
        responsible = rng.choice(("责任单位", "责任单位", "责任部门", "负责单位"))
        support = rng.choice(("配合单位", "配合单位", "配合部门", "参与单位", "协办单位"))
        if shape == "lead":
            names = self.pick(1)
            return f"{lead}：{names[0][0]}", [(*names[0], "lead")], False
        if shape == "responsible":
            names = self.pick(self._many(2, 5))
            return f"{responsible}：{self._join(names)}", self._generic(names), False
        names = self.pick(self._k(2, 5))
        first, rest = {"lead_rest": (lead, responsible), "lead_support": (lead, support),
                       "responsible_support": (responsible, support)}[shape]
        text = f"{first}：{names[0][0]}；{rest}：{self._join(names[1:])}"
        return text, [(*names[0], "lead"), *((*n, "participant") for n in names[1:])], False

    def _scope(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        names = self.pick(rng.choice((1, 2, 2, 3)))
        text = f"负责部门：{self._join(names)}；适用范围：{self.region.scope}"
        return text, self._generic(names), False

    def _deadline(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        due = self.deadline()
        shape = rng.choice(("lead", "lead_rest", "done", "after"))
        if shape == "after":
            names = self.pick(1)
            return f"{names[0][0]}负责，{due}", [(*names[0], "lead")], False
        if shape == "lead":
            names = self.pick(1)
            return f"{due}，牵头单位：{names[0][0]}", [(*names[0], "lead")], False
        if shape == "done":
            names = self.pick(1)
            return f"{names[0][0]}负责，{due.removesuffix('前')}前完成", [(*names[0], "lead")], False
        names = self.pick(self._k(2, 4))
        text = f"{due}，牵头单位：{names[0][0]}；责任单位：{self._join(names[1:])}"
        return text, [(*names[0], "lead"), *((*n, "participant") for n in names[1:])], False

    def _rule(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        names = self.pick(self._k(2, 5))
        text = rng.choice(_RULE_WORDINGS).format(l=self._join(names))
        return text, [(*n, "lead" if i == 0 else "participant") for i, n in enumerate(names)], False

    def _collective(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        joiner = rng.choice(("和", "及", "、"))
        whole = self.collective(joinable=joiner != "、")
        if rng.random() < 0.35:
            names = self.pick(self._k(2, 4))
            open_ended = rng.random() < 0.4
            rest = self._join(names[1:]) + ("等部门" if open_ended else "")
            text = f"{names[0][0]}牵头，{rest}{joiner}{whole[0]}按职责分工负责"
            listed = [(*names[0], "lead"), *((*n, "participant") for n in [*names[1:], whole])]
            return text, listed, open_ended
        names = self.pick(self._k(1, 4))
        text = f"{self._join(names)}{joiner}{whole[0]}按职责分工负责"
        return text, self._generic([*names, whole]), False

    def _and_join(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        names = self.pick(self._k(2, 4))
        joiner = rng.choice(("和", "及"))
        text = f"{self._join(names[:-1])}{joiner}{names[-1][0]}按职责分工负责"
        return text, self._generic(names), False

    def _open_collective(self, rng: random.Random) -> tuple[str, list[_Listed], bool]:
        names = self.pick(self._k(1, 3))
        if rng.random() < 0.5:
            whole = self.collective(joinable=True)
            return f"{self._join(names)}等和{whole[0]}负责", self._generic([*names, whole]), True
        whole = self.collective(joinable=False)
        text = f"{self._join(names)}，{whole[0]}按职责分工负责"
        return text, self._generic([*names, whole]), False
