"""Resolve the names of bodies to agencies of the authority file, in a document's context.

The authority file (``ontology/agencies.csv``) gives every body a key, its canonical
Chinese and English names, kind, level, jurisdiction, parent and the aliases it is written
with. An alias that starts with 省, 市, 区 or 县 is *context-bound*: 市发展改革委 means
Chongqing's commission in a Chongqing plan and Jinan's in a Jinan one, so it is looked up
in the document's jurisdiction and the jurisdictions containing it. Every other alias is
global. A name the file does not know still becomes an :class:`~loaders.records.Agency`,
flagged unresolved, so nothing is dropped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from loaders.errors import TradeKGError
from loaders.gazetteer import Gazetteer
from loaders.normalize import compact
from loaders.records import Agency, AgencyKind, Level

__all__ = ["AgencyRegistry", "is_relative_name"]

_RELATIVE = ("省", "市", "区", "县")
# Words that begin with one of those characters without it meaning "this province/city".
_NOT_RELATIVE = ("市场", "省级", "市级", "县级", "区级", "区域")
_COLLECTIVE = re.compile(r"^(?:各|有关|相关|其他|其它)|(?:成员单位|有关部门|相关部门|有关单位|"
                         r"相关单位|牵头单位|牵头部门|主管部门)$")
_PREFIX_LEVEL = {"省": Level.PROVINCIAL, "市": Level.MUNICIPAL, "区": Level.DISTRICT,
                 "县": Level.DISTRICT}
_HEADER = ["key", "name_zh", "name_en", "kind", "level", "jurisdiction", "parent", "aliases"]


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

    def __init__(self, agencies: list[Agency], gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._by_key: dict[str, Agency] = {}
        self._global: dict[str, Agency] = {}
        self._local: dict[tuple[str, str], Agency] = {}
        self._local_names: set[str] = set()
        for agency in agencies:
            if agency.key in self._by_key:
                raise TradeKGError(f"authority file: key {agency.key!r} is used twice")
            self._by_key[agency.key] = agency
        for agency in agencies:
            self._global.setdefault(compact(agency.name_zh), agency)
            for alias in agency.aliases:
                name = compact(alias)
                if is_relative_name(name) and agency.jurisdiction:
                    self._local.setdefault((name, agency.jurisdiction), agency)
                    self._local_names.add(name)
                else:
                    self._global.setdefault(name, agency)

    @classmethod
    def from_csv(cls, path: str | Path, gazetteer: Gazetteer) -> AgencyRegistry:
        """Read an authority file (header ``key,name_zh,name_en,kind,level,jurisdiction,parent,aliases``).

        Raises
        ------
        TradeKGError
            If the file is missing, its header differs, or a row is malformed; the message
            names the line.
        """
        agencies = []
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                if reader.fieldnames != _HEADER:
                    raise TradeKGError(f"{path}:1: header must be {','.join(_HEADER)}")
                for line, row in enumerate(reader, start=2):
                    agencies.append(_row_to_agency(row, f"{path}:{line}"))
        except OSError as err:
            raise TradeKGError(f"cannot read the authority file {path}: {err.strerror}") from err
        return cls(agencies, gazetteer)

    @classmethod
    def default(cls, gazetteer: Gazetteer | None = None) -> AgencyRegistry:
        """The authority file shipped in ``ontology/agencies.csv``."""
        from ontology import data_path

        return cls.from_csv(data_path("agencies.csv"), gazetteer or Gazetteer.default())

    def __len__(self) -> int:
        """Number of agencies in the authority file."""
        return len(self._by_key)

    def __iter__(self) -> Iterator[Agency]:
        """Iterate over the authority file's agencies, in file order."""
        return iter(self._by_key.values())

    def get(self, key: str) -> Agency | None:
        """The agency with this key, or None."""
        return self._by_key.get(key)

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
            return self._global.get(name.removeprefix("中华人民共和国"))
        return None

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
        level = _PREFIX_LEVEL.get(name[0]) if is_relative_name(name) else None
        scope = jurisdiction if is_relative_name(name) and jurisdiction else "any"
        return Agency(f"x.{scope}.{expanded}", expanded, None, AgencyKind.AGENCY, level,
                      jurisdiction if is_relative_name(name) else None, None,
                      (name,) if expanded != name else (), False)

    def _expand(self, name: str, jurisdiction: str | None) -> str:
        """Spell out 省/市 with the jurisdiction's name: 市交通局 -> 重庆市交通局."""
        if not is_relative_name(name):
            return name
        wanted = {"省": ("province",), "市": ("municipality", "city"), "区": ("district",),
                  "县": ("district",)}[name[0]]
        for place in self.gazetteer.lineage(jurisdiction):
            if place.type in wanted:
                return place.name_zh + name[1:]
        return name

    def parents(self, agency: Agency) -> list[Agency]:
        """The agency's parent organisations, innermost first."""
        out: list[Agency] = []
        key = agency.parent
        while key and key in self._by_key and self._by_key[key] not in out:
            out.append(self._by_key[key])
            key = self._by_key[key].parent
        return out


def _row_to_agency(row: dict[str, str], where: str) -> Agency:
    """One authority-file row as a resolved Agency; errors name the file and line."""
    try:
        kind = AgencyKind(row["kind"])
        level = Level(row["level"]) if row["level"] else None
    except ValueError as err:
        raise TradeKGError(f"{where}: {err}") from err
    if not row["key"] or not row["name_zh"]:
        raise TradeKGError(f"{where}: every agency needs a key and a name_zh")
    aliases = tuple(a for a in row["aliases"].split("|") if a) if row["aliases"] else ()
    return Agency(row["key"], row["name_zh"], row["name_en"] or None, kind, level,
                  row["jurisdiction"] or None, row["parent"] or None, aliases, True)
