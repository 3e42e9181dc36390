"""The gazetteer: jurisdictions and the places measures name, read from ``places.csv``.

Administrative divisions carry their GB/T 2260 code (``CN`` for China), which is also how
agencies in the authority file say where they belong; regions, ports, corridors and
rivers have no code. :meth:`Gazetteer.find` finds places in text, longest name first.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from loaders.errors import TradeKGError

if TYPE_CHECKING:
    from loaders.divisions import Division

__all__ = ["Gazetteer", "Place"]

_ADMIN_TYPES = frozenset({"country", "province", "municipality", "sar", "city", "district"})


@dataclass(frozen=True, slots=True)
class Place:
    """One row of the gazetteer."""

    key: str
    name_zh: str
    name_en: str
    type: str
    admin_code: str | None
    parent: str | None
    aliases: tuple[str, ...]

    @property
    def is_jurisdiction(self) -> bool:
        """True for administrative divisions (a country, province, city or district)."""
        return self.type in _ADMIN_TYPES and self.admin_code is not None

    @property
    def short_name(self) -> str:
        """The name without its administrative suffix: 重庆 for 重庆市, 山东 for 山东省."""
        return re.sub(r"(?:省|市|自治区|特别行政区|壮族自治区|回族自治区|维吾尔自治区|区|县)$", "",
                      self.name_zh) or self.name_zh


class Gazetteer:
    """Places by key, by administrative code and by every name they are written with.

    Parameters
    ----------
    places : iterable of Place
        Usually from :meth:`Gazetteer.from_csv`.

    Examples
    --------
    >>> gaz = Gazetteer.default()
    >>> gaz.by_code("500000").name_zh
    '重庆市'
    >>> [p.name_zh for p in gaz.lineage("370200")]
    ['青岛市', '山东省', '中华人民共和国']
    """

    def __init__(self, places: list[Place]) -> None:
        self._by_key = {p.key: p for p in places}
        self._by_code = {p.admin_code: p for p in places if p.admin_code}
        self._by_name: dict[str, Place] = {}
        for place in places:
            for name in (place.name_zh, *place.aliases):
                if len(name) >= 2:
                    self._by_name.setdefault(name, place)
        names = sorted(self._by_name, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, names))) if names else None

    @classmethod
    def from_csv(cls, path: str | Path) -> Gazetteer:
        """Read a gazetteer file (header ``key,name_zh,name_en,type,admin_code,parent,aliases``).

        Raises
        ------
        TradeKGError
            If the file is missing or a row lacks a key or name.
        """
        places = []
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                for line, row in enumerate(csv.DictReader(handle), start=2):
                    if not row.get("key") or not row.get("name_zh"):
                        raise TradeKGError(f"{path}:{line}: a place needs a key and a name_zh")
                    places.append(Place(
                        row["key"], row["name_zh"], row.get("name_en") or "",
                        row.get("type") or "", row.get("admin_code") or None,
                        row.get("parent") or None,
                        tuple(a for a in (row.get("aliases") or "").split("|") if a),
                    ))
        except OSError as err:
            raise TradeKGError(f"cannot read the gazetteer {path}: {err.strerror}") from err
        return cls(places)

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer shipped in ``ontology/places.csv``, with every division of ``divisions.csv``.

        A province or prefecture that ``places.csv`` lacks is added with the key
        ``cn-<code>`` (its parent the province's place) and its full name only: a short
        name such as 通化 is too often part of other words (普通化妆品) to be looked for in
        text. The places of ``places.csv`` keep their keys and names.

        Examples
        --------
        >>> gaz = Gazetteer.default()
        >>> place = gaz.by_code("150700")
        >>> place.key, place.name_zh, place.type, gaz.get(place.parent).name_zh
        ('cn-150700', '呼伦贝尔市', 'city', '内蒙古自治区')
        """
        from loaders.divisions import read_divisions
        from ontology import data_path

        places = cls.from_csv(data_path("places.csv"))
        return cls([*places, *places.divisions_missing(read_divisions())])

    def divisions_missing(self, divisions: Iterable[Division]) -> list[Place]:
        """Places for the divisions this gazetteer has no code for, in the order given."""
        from loaders.divisions import PLACE_TYPES

        country = next((p.key for p in self if p.admin_code == "CN"), None)
        keys: dict[str, str] = {}
        added: list[Place] = []
        for division in divisions:
            known = self.by_code(division.code)
            if known is not None:
                keys[division.code] = known.key
                continue
            key = keys[division.code] = f"cn-{division.code}"
            parent = keys.get(division.parent_code or "") if division.parent_code else country
            added.append(Place(key, division.name, "", PLACE_TYPES[division.kind], division.code, parent, ()))
        return added

    def __iter__(self) -> Iterator[Place]:
        """Iterate over all places, in file order."""
        return iter(self._by_key.values())

    def get(self, key: str) -> Place | None:
        """The place with this key, or None."""
        return self._by_key.get(key)

    def by_code(self, code: str | None) -> Place | None:
        """The administrative division with this GB/T 2260 code (or ``CN``), or None."""
        return self._by_code.get(code) if code else None

    def by_name(self, name: str) -> Place | None:
        """The place written ``name`` (its Chinese name or an alias), or None."""
        return self._by_name.get(name)

    def lineage(self, code: str | None) -> list[Place]:
        """The division with ``code`` and the divisions containing it, innermost first."""
        out: list[Place] = []
        place = self.by_code(code)
        while place is not None and place not in out:
            out.append(place)
            place = self._by_key.get(place.parent) if place.parent else None
        return out

    def find(self, text: str) -> list[tuple[Place, str, int, int]]:
        """Every place named in ``text``: (place, name as written, start, end), in order.

        Longer names win over the shorter ones inside them (粤港澳大湾区 over 港澳).
        """
        if self._pattern is None:
            return []
        return [(self._by_name[m.group()], m.group(), m.start(), m.end())
                for m in self._pattern.finditer(text)]
