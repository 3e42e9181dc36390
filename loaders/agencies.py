"""Resolve the names of bodies to agencies of the authority file, in a document's context.

The authority file (``ontology/agencies.csv``) gives every body a key, its canonical
Chinese and English names, kind, level, jurisdiction, parent and the aliases it is written
with; the user's own files (``tradekg build --agencies FILE``) are laid over it
(:mod:`loaders.authority_file`). An alias that starts with 自治区, 省, 市, 区 or 县 is
*context-bound*: 市发展改革委 means Chongqing's commission in a Chongqing plan and Jinan's
in a Jinan one, so it is looked up in the document's jurisdiction and the jurisdictions
containing it. Every other alias is global; two bodies written the same way in one scope
are an error naming both rows. A name the file does not know but that is a standard
department of a province or prefecture (自治区发展改革委, 杭州市商务局: ``standard_departments.csv``)
resolves by rule (:mod:`loaders.divisions`), and the 42 direct customs districts are
sub-organisations of 海关总署; rows of the file win over both. Any other name becomes an
:class:`~loaders.records.Agency`, flagged unresolved, so nothing is dropped.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from loaders.authority_file import AuthorityFileError, AuthorityRow, overlay_rows, read_authority_file
from loaders.divisions import DepartmentRules, RuleAgency, read_customs_districts
from loaders.errors import TradeKGError
from loaders.gazetteer import Gazetteer, Place
from loaders.normalize import compact
from loaders.records import Agency, AgencyKind, Level

__all__ = ["AgencyRegistry", "is_relative_name", "place_level"]

_RELATIVE = ("自治区", "省", "市", "区", "县")
# Words that begin with one of those characters without it meaning "this province/city".
_NOT_RELATIVE = ("市场", "省级", "市级", "县级", "区级", "区域")
_COLLECTIVE = re.compile(r"^(?:各|有关|相关|其他|其它)|(?:成员单位|有关部门|相关部门|有关单位|"
                         r"相关单位|牵头单位|牵头部门|主管部门)$")
_PREFIX_LEVEL = {"自治区": Level.PROVINCIAL, "省": Level.PROVINCIAL, "市": Level.MUNICIPAL,
                 "区": Level.DISTRICT, "县": Level.DISTRICT}
_PREFIX_PLACES = {"自治区": ("province",), "省": ("province",), "市": ("municipality", "city"),
                  "区": ("district",), "县": ("district",)}
"""The kinds of place a context-bound name's first character stands for."""


_RULE_PREFIXES = {"自治区": ("自治区",), "省": ("省",), "市": ("直辖市", "地级市"), "州": ("自治州",),
                  "盟": ("盟",)}
"""The kinds of division (ontology/divisions.csv) a prefix of a standard department stands for."""


def _prefix(name: str) -> str:
    """The context-bound prefix a name starts with (自治区 before 区), or ''."""
    return next((p for p in _RELATIVE if name.startswith(p)), "")


_PLACE_LEVELS = {"country": Level.NATIONAL, "province": Level.PROVINCIAL, "municipality": Level.PROVINCIAL,
                 "sar": Level.PROVINCIAL, "city": Level.MUNICIPAL, "district": Level.DISTRICT}
"""The level of a jurisdiction's own bodies, by its type (Chongqing's commissions are provincial)."""


def place_level(place: Place) -> Level | None:
    """The level of the bodies of a jurisdiction: 重庆市 -> provincial, 青岛市 -> municipal.

    Examples
    --------
    >>> gaz = Gazetteer.default()
    >>> place_level(gaz.by_code("500000")).value, place_level(gaz.by_code("370200")).value
    ('provincial', 'municipal')
    """
    return _PLACE_LEVELS.get(place.type)


def is_relative_name(name: str) -> bool:
    """Tell whether a name is context-bound: 省商务厅, 市发展改革委, 区政府.

    Examples
    --------
    >>> is_relative_name("市发展改革委"), is_relative_name("市场监管总局")
    (True, False)
    """
    return name.startswith(_RELATIVE) and not name.startswith(_NOT_RELATIVE)


class AgencyRegistry:
    """The authority file, indexed for resolution.

    Parameters
    ----------
    agencies : list of Agency
        Resolved agencies (usually from :meth:`from_csv`).
    gazetteer : Gazetteer
        Gives each jurisdiction its containing jurisdictions and names.

    Examples
    --------
    >>> reg = AgencyRegistry.default()
    >>> reg.resolve("发展改革委", "CN").name_zh
    '国家发展和改革委员会'
    >>> reg.resolve("市发展改革委", "500000").name_zh
    '重庆市发展和改革委员会'
    >>> reg.resolve("重庆海关", "500000").parent
    'cn.gacc'
    >>> unknown = reg.resolve("市未知局", "500000")
    >>> unknown.resolved, unknown.name_zh
    (False, '重庆市未知局')
    """

    def __init__(self, agencies: list[Agency], gazetteer: Gazetteer,
                 origins: Mapping[str, str] | None = None, rules: DepartmentRules | None = None) -> None:
        self.gazetteer = gazetteer
        self.rules = rules
        self._by_key: dict[str, Agency] = {}
        self._global: dict[str, Agency] = {}
        self._local: dict[tuple[str, str], Agency] = {}
        self._local_names: set[str] = set()
        origins = origins or {}
        agencies = _with_successor_keys(agencies, origins)
        self._predecessors: dict[str, list[str]] = {}
        for agency in agencies:
            for successor in agency.successors:
                self._predecessors.setdefault(successor, []).append(agency.key)
        for agency in agencies:
            if agency.key in self._by_key:
                raise TradeKGError(f"authority file: key {agency.key!r} is used twice")
            self._by_key[agency.key] = agency
        for agency in agencies:
            self._check_references(agency, origins)
            self._add_name(self._global, compact(agency.name_zh), agency, origins)
            for alias in agency.aliases:
                name = compact(alias)
                if is_relative_name(name) and agency.jurisdiction:
                    self._add_name(self._local, (name, agency.jurisdiction), agency, origins)
                    self._local_names.add(name)
                else:
                    self._add_name(self._global, name, agency, origins)

    def _add_name(self, index: dict[Any, Agency], name: str | tuple[str, str], agency: Agency,
                  origins: Mapping[str, str]) -> None:
        """Index one name; a name another body has in the same scope is an error naming both rows."""
        other = index.setdefault(name, agency)
        if other is agency:
            return
        written, scope = name if isinstance(name, tuple) else (name, None)
        where = f" in jurisdiction {scope}" if scope else ""
        raise AuthorityFileError(origins.get(agency.key, "authority file"),
                                 f"{agency.key!r} is written {written!r}, and so is {other.key!r}{where} "
                                 f"({origins.get(other.key, 'authority file')}); a name must stand for "
                                 "one body: remove it from one of the two rows")

    def _check_references(self, agency: Agency, origins: Mapping[str, str]) -> None:
        """A parent must be a key, a jurisdiction a code of the gazetteer."""
        where = origins.get(agency.key, "authority file")
        if agency.parent and agency.parent not in self._by_key:
            raise AuthorityFileError(where, f"parent {agency.parent!r} of {agency.key!r} is not the key of "
                                     "any agency")
        if agency.jurisdiction and self.gazetteer.by_code(agency.jurisdiction) is None:
            raise AuthorityFileError(where, f"jurisdiction {agency.jurisdiction!r} of {agency.key!r} is not "
                                     "a code of ontology/places.csv (CN, or a GB/T 2260 code such as 500000)")

    @classmethod
    def from_rows(cls, rows: Sequence[AuthorityRow], gazetteer: Gazetteer,
                  rules: DepartmentRules | None = None) -> AgencyRegistry:
        """The registry of authority-file rows; errors name the row's ``FILE:LINE``.

        With ``rules``, the standard departments of every division resolve by rule, and
        the direct customs districts of ``ontology/customs_districts.csv`` that no row
        names are added as sub-organisations of 海关总署 (``cn.gacc``).
        """
        agencies = [row.agency for row in rows]
        if rules is not None:
            agencies += _customs_districts(agencies)
        return cls(agencies, gazetteer, {row.agency.key: row.where for row in rows}, rules)

    @classmethod
    def from_csv(cls, path: str | Path, gazetteer: Gazetteer,
                 overlays: Sequence[str | Path] = ()) -> AgencyRegistry:
        """Read an authority file (header ``key,name_zh,name_en,kind,level,jurisdiction,parent,aliases``).

        Parameters
        ----------
        path : str or Path
            The authority file.
        gazetteer : Gazetteer
            For the jurisdictions.
        overlays : sequence of str or Path, default ()
            The user's authority files, laid over ``path`` in this order: a row with a key
            already read replaces it, a new key adds a body
            (:func:`loaders.authority_file.overlay_rows`).

        Raises
        ------
        AuthorityFileError
            If a file is missing, not UTF-8, its header differs, a row is malformed, a
            parent or jurisdiction is unknown, or two bodies share a name in one
            jurisdiction; the message names the file and line (both rows' for a shared name).
        """
        english = {p.admin_code: p.name_en for p in gazetteer if p.admin_code and p.name_en}
        return cls.from_rows(overlay_rows(read_authority_file(path), *map(read_authority_file, overlays)),
                             gazetteer, DepartmentRules.default(english))

    @classmethod
    def default(cls, gazetteer: Gazetteer | None = None,
                overlays: Sequence[str | Path] = ()) -> AgencyRegistry:
        """The authority file shipped in ``ontology/agencies.csv``, with the user's ``overlays`` laid over it.

        Examples
        --------
        >>> len(AgencyRegistry.default()) == len(REFERENCE.agencies)
        True
        """
        from ontology import data_path

        return cls.from_csv(data_path("agencies.csv"), gazetteer or Gazetteer.default(), overlays)

    def __len__(self) -> int:
        """Number of agencies in the authority file."""
        return len(self._by_key)

    def __iter__(self) -> Iterator[Agency]:
        """Iterate over the authority file's agencies, in file order."""
        return iter(self._by_key.values())

    def get(self, key: str) -> Agency | None:
        """The agency with this key (of the authority file, or made by rule), or None.

        Examples
        --------
        >>> AgencyRegistry.default().get("div.330000.commerce").name_zh
        '浙江省商务厅'
        """
        found = self._by_key.get(key)
        if found is None and self.rules is not None:
            made = self.rules.by_key(key)
            return self._agency_of(made) if made is not None else None
        return found

    def is_known(self, name: str) -> bool:
        """Tell whether any entry is written ``name``, in any jurisdiction."""
        name = compact(name)
        return name in self._global or name in self._local_names

    def lookup(self, name: str, jurisdiction: str | None) -> Agency | None:
        """The authority-file agency written ``name`` in ``jurisdiction``, or None."""
        name = compact(name)
        if is_relative_name(name):
            for place in self.gazetteer.lineage(jurisdiction):
                found = self._local.get((name, place.admin_code or ""))
                if found is not None:
                    return found
            expanded = self._expand(name, jurisdiction)
            if expanded != name and expanded in self._global:
                return self._global[expanded]
        if name in self._global:
            return self._global[name]
        if name.startswith("中华人民共和国"):
            found = self._global.get(name.removeprefix("中华人民共和国"))
            if found is not None:
                return found
        return self._by_rule(name, jurisdiction)

    def _by_rule(self, name: str, jurisdiction: str | None) -> Agency | None:
        """A standard department written ``name``: 自治区发展改革委, 杭州市商务局, 广东省外事办.

        The prefix (自治区, 省, 市, 州, 盟) picks the division of that kind among the
        jurisdiction and those containing it; a division's own name (内蒙古自治区, 浙江)
        picks that division; the rest must be a form of ``standard_departments.csv``.
        """
        if self.rules is None:
            return None
        prefix = next((p for p in _RULE_PREFIXES if name.startswith(p)), None)
        code: str | None = None
        rest = name
        if prefix is not None:
            kinds = _RULE_PREFIXES[prefix]
            code = next((p.admin_code for p in self.gazetteer.lineage(jurisdiction)
                         if (d := self.rules.division(p.admin_code)) is not None and d.kind in kinds), None)
            rest = name[len(prefix):]
        else:
            named = self.rules.division_named(name)
            if named is not None:
                code, rest = named[0].code, name[len(named[1]):]
        made = self.rules.department_of(code, rest) if code else None
        return self._agency_of(made) if made is not None else None

    def _agency_of(self, made: RuleAgency) -> Agency:
        """The agency a rule made; the authority file's row when one has the canonical name."""
        curated = self._global.get(compact(made.name_zh))
        if curated is not None:
            return curated
        parent = made.parent
        if parent and parent.startswith("div.") and self.rules is not None:
            above = self.rules.by_key(parent)
            parent = self._agency_of(above).key if above is not None else None
        place = self.gazetteer.by_code(made.division.code)
        return Agency(made.key, made.name_zh, made.name_en, AgencyKind.AGENCY,
                      place_level(place) if place is not None else None, made.division.code,
                      parent if parent and self.get(parent) is not None else None, (), True)

    def resolve(self, name: str, jurisdiction: str | None) -> Agency:
        """Resolve a name as written to an agency; unknown names become unresolved ones.

        Parameters
        ----------
        name : str
            The body as written (省商务厅, 发展改革委, 各地区人民政府).
        jurisdiction : str or None
            The document's jurisdiction code (``CN``, ``500000`` ...), for context-bound names.

        Returns
        -------
        Agency
            From the authority file (``resolved=True``), or a new unresolved agency whose key
            is derived from the jurisdiction and the name.
        """
        found = self.lookup(name, jurisdiction)
        if found is not None:
            return found
        name = compact(name)
        if _COLLECTIVE.search(name):
            return Agency(f"col.x.{name}", name, None, AgencyKind.COLLECTIVE, None, None, None,
                          (), False)
        expanded = self._expand(name, jurisdiction)
        level = _PREFIX_LEVEL.get(_prefix(name)) if is_relative_name(name) else None
        scope = jurisdiction if is_relative_name(name) and jurisdiction else "any"
        return Agency(f"x.{scope}.{expanded}", expanded, None, AgencyKind.AGENCY, level,
                      jurisdiction if is_relative_name(name) else None, None,
                      (name,) if expanded != name else (), False)

    def resolve_listed(self, names: Sequence[str], jurisdiction: str | None) -> list[Agency]:
        """Resolve the bodies of one clause in order; a level prefix carries along the list.

        省商务厅、财政厅、发展改革委 lists three provincial departments: the 省 written once is
        read for the names after it, as long as the prefixed name is a body (by the
        authority file or by rule). A name that is not one (海关总署广东分署) is resolved as
        it stands and ends the run; a name with its own prefix starts a new one.

        Examples
        --------
        >>> reg = AgencyRegistry.default()
        >>> [a.name_zh for a in reg.resolve_listed(["省商务厅", "财政厅", "发展改革委"], "440000")]
        ['广东省商务厅', '广东省财政厅', '广东省发展和改革委员会']
        >>> [a.name_zh for a in reg.resolve_listed(["海关总署", "发展改革委"], "CN")]
        ['海关总署', '国家发展和改革委员会']
        """
        agencies: list[Agency] = []
        carried = ""
        for name in names:
            bare = compact(name)
            own = _prefix(bare) if is_relative_name(bare) else ""
            found = (self.lookup(carried + bare, jurisdiction)
                     if carried and not own and not _COLLECTIVE.search(bare) else None)
            if found is None:
                found = self.resolve(bare, jurisdiction)
                carried = own if own in _RULE_PREFIXES and found.resolved else ""
            agencies.append(found)
        return agencies

    def place_of(self, name: str, jurisdiction: str | None) -> Place | None:
        """The place a context-bound name stands for in a document of ``jurisdiction``.

        市 in a plan of a Qingdao district is Qingdao, 省 is Shandong; None for a name
        that is not context-bound, or when no place of the jurisdiction's lineage fits.

        Examples
        --------
        >>> reg = AgencyRegistry.default()
        >>> reg.place_of("市交通局", "370200").name_zh, reg.place_of("省商务厅", "370200").name_zh
        ('青岛市', '山东省')
        >>> reg.place_of("海关总署", "370200") is None
        True
        """
        if not is_relative_name(name):
            return None
        wanted = _PREFIX_PLACES[_prefix(name)]
        return next((p for p in self.gazetteer.lineage(jurisdiction) if p.type in wanted), None)

    def home_of(self, name: str, jurisdiction: str | None) -> Place | None:
        """The jurisdiction a body written ``name`` in a document of ``jurisdiction`` likely belongs to.

        A context-bound name belongs where its first character points (:meth:`place_of`);
        a name that begins with a jurisdiction's name (青岛市口岸办) to that one; any other
        name to the document's jurisdiction. A guess, for a person to review.

        Examples
        --------
        >>> reg = AgencyRegistry.default()
        >>> [reg.home_of(n, "370000").name_zh for n in ("省未知局", "青岛市未知办", "某某中心")]
        ['山东省', '青岛市', '山东省']
        """
        name = compact(name)
        if is_relative_name(name):
            return self.place_of(name, jurisdiction)
        named = self.gazetteer.find(name)
        if named and named[0][2] == 0 and named[0][0].is_jurisdiction:
            return named[0][0]
        return self.gazetteer.by_code(jurisdiction)

    def _expand(self, name: str, jurisdiction: str | None) -> str:
        """Spell out 省/市 with the jurisdiction's name: 市交通局 -> 重庆市交通局."""
        place = self.place_of(name, jurisdiction)
        return place.name_zh + name[len(_prefix(name)):] if place is not None else name

    def successors(self, agency: Agency) -> list[Agency]:
        """The bodies that took over the duties of a dissolved agency, in authority-file order.

        Examples
        --------
        >>> reg = AgencyRegistry.default()
        >>> [a.name_zh for a in reg.successors(reg.get("cn.aqsiq"))]
        ['海关总署', '国家市场监督管理总局']
        """
        return [found for key in agency.successors if (found := self.get(key)) is not None]

    def predecessors(self, agency: Agency) -> list[Agency]:
        """The dissolved bodies whose duties passed to this agency, sorted by key.

        Derived from the ``successors`` of the authority file's rows.

        Examples
        --------
        >>> reg = AgencyRegistry.default()
        >>> [a.name_zh for a in reg.predecessors(reg.get("cn.cbirc"))]
        ['中国银行业监督管理委员会', '中国保险监督管理委员会']
        """
        keys = sorted(self._predecessors.get(agency.key, ()))
        return [found for key in keys if (found := self.get(key)) is not None]

    def lineage(self, agency: Agency) -> list[Agency]:
        """Every body linked to this one by succession, either way and transitively, sorted by key.

        The agency itself is left out; an agency that never changed has an empty lineage.

        Examples
        --------
        >>> reg = AgencyRegistry.default()
        >>> [a.key for a in reg.lineage(reg.get("cn.nfra"))]
        ['cn.cbirc', 'cn.cbrc', 'cn.circ']
        """
        seen = {agency.key}
        todo = [agency]
        while todo:
            current = todo.pop()
            for other in (*self.successors(current), *self.predecessors(current)):
                if other.key not in seen:
                    seen.add(other.key)
                    todo.append(other)
        seen.discard(agency.key)
        return [found for key in sorted(seen) if (found := self.get(key)) is not None]

    def parents(self, agency: Agency) -> list[Agency]:
        """The agency's parent organisations, innermost first."""
        out: list[Agency] = []
        key = agency.parent
        while key and (found := self.get(key)) is not None and found not in out:
            out.append(found)
            key = found.parent
        return out


def _with_successor_keys(agencies: list[Agency], origins: Mapping[str, str]) -> list[Agency]:
    """The agencies with each successor, written as a key or a name of the file, as its key.

    A successor that is neither a key nor a canonical name or global alias of a row is an
    error naming the row.
    """
    keys = {a.key for a in agencies}
    names: dict[str, str] = {}
    for agency in agencies:
        for name in (agency.name_zh, *(a for a in agency.aliases if not is_relative_name(compact(a)))):
            names.setdefault(compact(name), agency.key)
    out: list[Agency] = []
    for agency in agencies:
        if not agency.successors:
            out.append(agency)
            continue
        resolved: list[str] = []
        for written in agency.successors:
            key = written if written in keys else names.get(compact(written))
            if key is None or key == agency.key:
                raise AuthorityFileError(origins.get(agency.key, "authority file"),
                                         f"successor {written!r} of {agency.key!r} is neither the key "
                                         "nor the name of another agency of the file")
            if key not in resolved:
                resolved.append(key)
        out.append(dataclasses.replace(agency, successors=tuple(resolved)))
    return out


def _customs_districts(agencies: list[Agency]) -> list[Agency]:
    """The direct customs districts no authority-file row names, as sub-organisations of 海关总署."""
    written = {compact(n) for a in agencies for n in (a.name_zh, *a.aliases)}
    keys = {a.key for a in agencies}
    return [Agency(d.key, d.name_zh, d.name_en, AgencyKind.AGENCY, Level.PROVINCIAL, d.jurisdiction,
                   "cn.gacc" if "cn.gacc" in keys else None, d.aliases, True)
            for d in read_customs_districts()
            if d.key not in keys and not any(compact(n) in written for n in (d.name_zh, *d.aliases))]

