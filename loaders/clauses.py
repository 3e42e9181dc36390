"""Responsibility clauses: the parenthesised lists of bodies that close a measure.

A clause names bodies and what they do: （海关总署牵头，商务部、市场监管总局等相关部门按
职责分工负责）, （责任单位：市工业和信息化局、市科技局）, （X指导，Y参与）. A clause is split at
its commas and semicolons into *parts*; each part is a labelled list (``牵头单位：X``), a
list closed by a role verb (``X、Y按职责分工负责``), a scope (``适用范围：…``), a deadline
(``2022年底前``) or a rule for the rest of the document (``排名第一的单位为牵头单位，下同``).
A list without a verb continues the labelled list before it, or joins the next verb.

Roles follow ``extraction-rules.md``: explicit 牵头 leads; 指导 guides; beside a lead every
other body participates; without one, a 负责 list beside a 配合/参与 list leads; otherwise a
single body leads and several are joint, unless a document rule makes the first listed lead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from loaders.normalize import compact
from loaders.records import Role

__all__ = [
    "Clause",
    "ListedAgency",
    "Parenthesis",
    "find_labelled_statements",
    "find_parentheses",
    "looks_like_body",
    "parse_responsibility_clause",
]

# How strongly a part's verb or label binds its list; resolved to roles per clause.
_LEAD, _GUIDE, _GENERIC, _IMPLEMENT, _SUPPORT = "lead", "guide", "generic", "implement", "support"

_LABELS: dict[str, str] = {
    "牵头单位": _LEAD, "牵头部门": _LEAD, "牵头责任单位": _LEAD, "牵头": _LEAD,
    "负责": _GENERIC, "责任": _GENERIC, "责任主体": _GENERIC, "配合": _SUPPORT, "参与": _SUPPORT,
    "负责单位": _GENERIC, "负责部门": _GENERIC, "责任单位": _GENERIC, "责任部门": _GENERIC,
    "主责单位": _GENERIC, "主办单位": _GENERIC, "实施单位": _GENERIC, "实施主体": _GENERIC,
    "配合单位": _SUPPORT, "配合部门": _SUPPORT, "参与单位": _SUPPORT, "参与部门": _SUPPORT,
    "协办单位": _SUPPORT, "协同单位": _SUPPORT, "指导单位": _GUIDE, "指导部门": _GUIDE,
}
_LABEL = re.compile("^(" + "|".join(sorted(_LABELS, key=len, reverse=True)) + ")[：:](.*)$")
_SCOPE = re.compile(r"^(?:适用范围|实施范围|试点范围)[：:](.*)$")
_VERBS: dict[str, str] = {
    "牵头负责": _LEAD, "牵头抓总": _LEAD, "牵头落实": _LEAD, "牵头实施": _LEAD,
    "牵头推进": _LEAD, "牵头组织": _LEAD, "牵头": _LEAD,
    "负责指导": _GUIDE, "统筹指导": _GUIDE, "指导": _GUIDE,
    "负责落实": _GENERIC, "负责实施": _GENERIC, "负责推进": _GENERIC, "负责": _GENERIC,
    "落实": _IMPLEMENT, "实施": _IMPLEMENT, "推进": _IMPLEMENT, "承办": _IMPLEMENT,
    "配合": _SUPPORT, "参与": _SUPPORT, "参加": _SUPPORT, "协助": _SUPPORT, "协同": _SUPPORT,
    "支持": _SUPPORT,
}
_MODIFIERS = ("按照职责分工", "按职责分工", "按职能分工", "根据职责分工", "按各自职责", "按职责",
              "分工", "分别", "共同", "具体", "分头", "组织", "积极", "协同", "督促", "抓好")
_VERB = re.compile(
    "^(?P<list>.*?)(?P<mod>" + "|".join(_MODIFIERS) + ")*"
    "(?P<verb>" + "|".join(sorted(_VERBS, key=len, reverse=True)) + ")$"
)
_FIRST_LEADS = re.compile(
    r"(?:排名|排在|排序|列|位列|名列)?第一(?:位|个|名)?(?:的)?(?:单位|部门|者)?(?:为|是)"
    r"(?:牵头|主责)(?:单位|部门)?"
)
_ONWARD = re.compile(r"下同|以下同|后同")
_IMPLEMENTER = re.compile(r"以下(?:各项)?(?:均需|均须|均由|都需|均)(?P<actor>.+?)(?:负责)?落实")
_DEADLINE = re.compile(
    r"^(?:\d{4}年(?:\d{1,2}月)?(?:底|末|年底|上半年|下半年|内)?(?:前|以前|之前)?(?:完成)?"
    r"|\d{4}[-—–~至]\d{4}年?|长期(?:坚持|推进)?|持续(?:推进|实施)?|\d{4}年起)$"
)
_OPEN_END = re.compile(r"等(?:相关|有关|其他)?(?:部门|单位|机构|成员单位)?$")
_COLLECTIVE = re.compile(r"^(?:各|有关|相关|其他|其它|各有关|各相关|省直|市直)")
_ADMIN_WORD = re.compile(r"^(?:各|有关|相关)?(?:区|市|县|区县|区市|县区|州|盟|旗|乡|镇|"
                         r"地|县级|市级|街道)$")
_BODY_SUFFIX = re.compile(
    r"(?:部|委|局|署|办|厅|院|会|行|政府|集团|公司|中心|办公室|委员会|管委会|管委|实验室|研究所|"
    r"所|馆|社|银行|分行|支行|海关|单位|部门|机构|协会|组|专班|大学|学院|学校|法院|总队|"
    r"支队|站|处|室|团|办事处|基地|联盟|各区市|各市|各区县)$"
)
_JOINERS = ("以及", "和", "及", "与")
_SPLIT = re.compile(r"[，,；;。]")


@dataclass(frozen=True, slots=True)
class Parenthesis:
    """A parenthesised group of the text: ``start``/``end`` include the brackets."""

    start: int
    end: int
    inner: str
    closed: bool = True


@dataclass(frozen=True, slots=True)
class ListedAgency:
    """One body as a clause lists it: the name as written, its role and its rank."""

    name: str
    role: Role
    rank: int


@dataclass(frozen=True, slots=True)
class Clause:
    """A parsed responsibility clause.

    ``open_ended`` is True when the list is not exhaustive (等, 等相关部门, 会同有关部门).
    ``first_listed_leads`` is True when the clause states that the first listed body
    leads, ``onward`` when it says so for the rest of the document (下同).
    ``doubtful`` lists names that do not look like a body's; they are still listed.
    """

    text: str
    responsibilities: tuple[ListedAgency, ...]
    open_ended: bool = False
    scope: str | None = None
    deadline: str | None = None
    first_listed_leads: bool = False
    onward: bool = False
    implementing_actor: str | None = None
    doubtful: tuple[str, ...] = ()


@dataclass(slots=True)
class _Part:
    strength: str | None
    names: list[str]
    open_ended: bool = False


def find_parentheses(norm: str, start: int = 0, end: int | None = None,
                     max_len: int = 400) -> list[Parenthesis]:
    """Find the outermost parenthesised groups of width-normalised text.

    Groups may span line breaks. An opening bracket with no closing one within
    ``max_len`` characters is returned with ``closed=False``.

    Examples
    --------
    >>> [p.inner for p in find_parentheses("甲（海关总署（口岸办）负责）乙（未闭合")]
    ['海关总署（口岸办）负责', '未闭合']
    >>> find_parentheses("（未闭合")[0].closed
    False
    """
    end = len(norm) if end is None else end
    found: list[Parenthesis] = []
    i = start
    while i < end:
        if norm[i] != "（":
            i += 1
            continue
        depth, j = 0, i
        limit = min(end, i + max_len)
        while j < limit:
            if norm[j] == "（":
                depth += 1
            elif norm[j] == "）":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j < limit and depth == 0:
            found.append(Parenthesis(i, j + 1, norm[i + 1:j]))
            i = j + 1
        else:
            line_end = norm.find("\n", i, end)
            stop = end if line_end < 0 else line_end
            found.append(Parenthesis(i, stop, norm[i + 1:stop], closed=False))
            i += 1
    return found


_LABELLED_LINE = re.compile(
    r"(?:^|(?<=[。；;\n]))[ \t]*((?:牵头单位|牵头部门|责任单位|责任部门|负责单位|负责部门|配合单位|配合部门|"
    r"参与单位)[：:][^。\n（）]{1,200}?)(?=[。\n]|$)",
    re.M,
)


def find_labelled_statements(norm: str, start: int = 0, end: int | None = None,
                             ) -> list[Parenthesis]:
    """Find clauses written without brackets: a sentence or line ``牵头单位：X；责任单位：Y``.

    Task lists often put the responsible bodies on a line of their own after the task.
    They are returned like parentheses (``inner`` is the clause), but without brackets.

    Examples
    --------
    >>> text = "1.推行提前申报。\\n牵头单位：省商务厅；责任单位：省财政厅。\\n2.下一项。"
    >>> [(p.inner, text[p.start:p.end]) for p in find_labelled_statements(text)]
    [('牵头单位：省商务厅；责任单位：省财政厅', '牵头单位：省商务厅；责任单位：省财政厅')]
    """
    end = len(norm) if end is None else end
    return [Parenthesis(m.start(1), m.end(1), m.group(1).rstrip("；; "))
            for m in _LABELLED_LINE.finditer(norm, start, end)]


def looks_like_body(name: str) -> bool:
    """Tell whether a name could be a body's: a collective or an organisation suffix.

    Examples
    --------
    >>> [looks_like_body(n) for n in ("市交通局", "各地区人民政府", "重庆港务物流集团", "RCEP")]
    [True, True, True, False]
    """
    name = compact(name)
    return bool(_COLLECTIVE.match(name) or _BODY_SUFFIX.search(name))


def _split_joined(item: str, is_known: Callable[[str], bool]) -> list[str]:
    """Split ``X和Y`` / ``X及Y`` when it lists two bodies, not inside 工业和信息化部."""
    if is_known(item):
        return [item]
    for joiner in _JOINERS:
        at = item.rfind(joiner)
        while at > 0:
            left, right = item[:at], item[at + len(joiner):]
            left_bare = _OPEN_END.sub("", left)
            if right and left_bare and (
                _COLLECTIVE.match(right)
                or (is_known(right) and (is_known(left_bare) or left != left_bare))
            ):
                return [*_split_joined(left, is_known), right]
            at = item.rfind(joiner, 0, at)
    return [item]


_MASK = str.maketrans({"、": "\ue000", "，": "\ue001", ",": "\ue002", "；": "\ue003", ";": "\ue004",
                       "。": "\ue005"})
_UNMASK = {v: chr(k) for k, v in _MASK.items()}


def _mask_nested(text: str) -> str:
    """Hide separators inside nested brackets: 各县（市、区）政府 is one name."""
    out, depth = [], 0
    for ch in text:
        depth += ch == "（"
        out.append(ch.translate(_MASK) if depth else ch)
        depth -= ch == "）" and depth > 0
    return "".join(out)


def _unmask(text: str) -> str:
    return "".join(_UNMASK.get(ch, ch) for ch in text)


_PLACE_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_ADMIN_SUFFIX = re.compile(r"(?<=[\u4e00-\u9fff]{2})[市省区县州](?=.)")


def _share_suffixes(pieces: list[str]) -> list[str]:
    """广州、深圳市人民政府: the last name's 市人民政府 belongs to the bare place before it.

    Examples
    --------
    >>> _share_suffixes(["广州", "深圳市人民政府"])
    ['广州市人民政府', '深圳市人民政府']
    >>> _share_suffixes(["广州市", "深圳市人民政府", "省商务厅"])
    ['广州市人民政府', '深圳市人民政府', '省商务厅']
    """
    out = list(pieces)
    for i in range(len(out) - 2, -1, -1):
        here, after = out[i], out[i + 1]
        if not _PLACE_ONLY.match(here) or looks_like_body(here) or not looks_like_body(after):
            continue
        m = _ADMIN_SUFFIX.search(after)
        if m is None or m.start() > 4:
            continue
        suffix = after[m.start():]
        out[i] = here + (suffix[1:] if here.endswith(suffix[0]) else suffix)
    return out


def _split_names(text: str, is_known: Callable[[str], bool]) -> tuple[list[str], bool]:
    """Split a list of bodies at 、 and 和/及; strip 等 markers. Returns names, open_ended."""
    merged: list[str] = []
    for piece in (_unmask(p) for p in _mask_nested(text).split("、")):
        # 各区、市政府: an admin-level word belongs to the name that follows it.
        if merged and _ADMIN_WORD.match(merged[-1]) and not _COLLECTIVE.match(piece):
            merged[-1] = merged[-1] + "、" + piece
        else:
            merged.append(piece)
    merged = _share_suffixes(merged)
    names: list[str] = []
    open_ended = False
    for piece in merged:
        for name in _split_joined(piece, is_known):
            name = re.sub(r"^(?:由|请|和|及|以及)", "", name)
            bare = _OPEN_END.sub("", name)
            if bare != name:
                open_ended = True
            if bare:
                names.append(bare)
    return names, open_ended


def _classify_part(part: str) -> tuple[str, str | None, str]:
    """Return (kind, strength, payload) for one comma-separated part of a clause."""
    if m := _SCOPE.match(part):
        return "scope", None, m.group(1)
    if m := _LABEL.match(part):
        return "list", _LABELS[m.group(1)], m.group(2)
    if _DEADLINE.match(part):
        return "deadline", None, part
    if _FIRST_LEADS.search(part) or _ONWARD.fullmatch(part) or part == "不再列出":
        return "rule", None, part
    if m := _IMPLEMENTER.search(part):
        return "rule", None, part
    if m := _VERB.match(part):
        listed = m.group("list")
        if "会同" in listed:
            return "hui_tong", _VERBS[m.group("verb")], listed
        return "list", _VERBS[m.group("verb")], listed
    return "bare", None, part


def _assign_roles(parts: list[_Part], first_listed_leads: bool) -> list[tuple[str, Role]]:
    """Turn the strengths of a clause's parts into roles, in listed order."""
    strengths = {p.strength for p in parts}
    has_lead, has_guide = _LEAD in strengths, _GUIDE in strengths
    has_helpers = bool(strengths & {_SUPPORT, _IMPLEMENT})
    # Without explicit roles, one listed body leads and several share the measure.
    alone = sum(len(p.names) for p in parts if p.strength not in (_LEAD, _GUIDE)) == 1
    listed: list[tuple[str, Role]] = []
    for part in parts:
        for name in part.names:
            if part.strength == _LEAD:
                role = Role.LEAD
            elif part.strength == _GUIDE:
                role = Role.GUIDE
            elif has_lead:
                role = Role.PARTICIPANT
            elif part.strength in (_SUPPORT, _IMPLEMENT) and (_GENERIC in strengths or has_guide):
                role = Role.PARTICIPANT  # X负责，Y配合 / X指导，Y参与
            elif part.strength == _GENERIC and has_helpers:
                role = Role.LEAD
            elif first_listed_leads:
                role = Role.LEAD if not listed else Role.PARTICIPANT
            else:
                role = Role.LEAD if alone else Role.JOINT
            listed.append((name, role))
    return listed


def parse_responsibility_clause(
    text: str,
    *,
    first_listed_leads: bool = False,
    is_known: Callable[[str], bool] | None = None,
) -> Clause | None:
    """Split a parenthesised responsibility clause into agencies and roles.

    Parameters
    ----------
    text : str
        One clause, full- or half-width parentheses included (or just its inside).
    first_listed_leads : bool, default False
        A document rule in force (排名第一的单位为牵头单位，下同): in a list with no
        explicit lead the first body leads and the rest participate.
    is_known : callable, optional
        Tells whether a name is a known body; guides splitting at 和/及 (工业和信息化部
        is one body, 交通运输部及相关地区人民政府 two).

    Returns
    -------
    Clause or None
        Agencies in listed order with roles; None if the text is not a clause.

    Examples
    --------
    >>> c = parse_responsibility_clause("（海关总署牵头，商务部、税务总局等按职责分工负责）")
    >>> [(r.name, r.role.value) for r in c.responsibilities]
    [('海关总署', 'lead'), ('商务部', 'participant'), ('税务总局', 'participant')]
    >>> c.open_ended, parse_responsibility_clause("（区、市）")
    (True, None)
    >>> c = parse_responsibility_clause("（负责部门：药监局、海关总署；适用范围：重庆自贸试验区）")
    >>> [(r.name, r.role.value) for r in c.responsibilities], c.scope
    ([('药监局', 'joint'), ('海关总署', 'joint')], '重庆自贸试验区')
    >>> c = parse_responsibility_clause("（甲局、乙局负责，排名第一的单位为牵头单位，下同）")
    >>> [r.role.value for r in c.responsibilities], c.first_listed_leads, c.onward
    (['lead', 'participant'], True, True)
    """
    known = is_known or (lambda _name: False)
    inner = compact(text)
    if inner.startswith("（") and inner.endswith("）"):
        inner = inner[1:-1]
    if not inner or len(inner) > 300:
        return None
    parts: list[_Part] = []
    pending: list[str] = []
    scope = deadline = implementer = None
    rule_first = onward = open_ended = labelled = False
    for piece in filter(None, (_unmask(p) for p in _SPLIT.split(_mask_nested(inner)))):
        kind, strength, payload = _classify_part(piece)
        if kind == "scope":
            scope = payload
        elif kind == "deadline":
            deadline = payload
        elif kind == "rule":
            rule_first = rule_first or bool(_FIRST_LEADS.search(payload))
            onward = onward or bool(_ONWARD.search(payload)) or "以下" in payload
            if m := _IMPLEMENTER.search(payload):
                implementer = m.group("actor")
        elif kind == "bare":
            if parts and parts[-1].strength is not None and labelled and not pending:
                names, more = _split_names(payload, known)
                parts[-1].names.extend(names)
                open_ended = open_ended or more
            else:
                pending.append(payload)
        else:
            labelled = labelled or bool(_LABEL.match(piece))
            part = _make_part(kind, strength, payload, pending, known)
            pending = []
            open_ended = open_ended or any(p.open_ended for p in part)
            parts.extend(part)
    if not parts and implementer is None:
        return None
    named = [n for p in parts for n in p.names]
    if not any(looks_like_body(n) or known(n) for n in named) and not labelled:
        return None
    listed = _assign_roles(parts, first_listed_leads or rule_first)
    responsibilities = tuple(ListedAgency(n, r, i) for i, (n, r) in enumerate(listed, 1))
    doubtful = tuple(n for n in named if not (looks_like_body(n) or known(n)))
    return Clause(inner, responsibilities, open_ended, scope, deadline, rule_first,
                  onward and rule_first, implementer, doubtful)


def _make_part(kind: str, strength: str | None, payload: str, pending: list[str],
               known: Callable[[str], bool]) -> list[_Part]:
    """Build the part(s) of one list, taking in verbless lists that came before it."""
    text = "、".join([*pending, payload]) if pending else payload
    if kind != "hui_tong":
        names, more = _split_names(text, known)
        return [_Part(strength, names, more)]
    # X会同有关部门负责: X leads, open-ended; X会同Y负责: X leads, Y participates.
    leaders, _, partners = text.partition("会同")
    names, more = _split_names(leaders, known)
    out = [_Part(_LEAD, names, more)]
    partner_names, more = _split_names(partners, known)
    generic = [n for n in partner_names if n in ("有关部门", "相关部门", "有关单位", "相关单位",
                                                  "各有关部门", "各相关部门")]
    specific = [n for n in partner_names if n not in generic]
    if specific:
        out.append(_Part(_SUPPORT, specific, more))
    out[0].open_ended = out[0].open_ended or bool(generic) or more
    return out
