"""Tell which government a document speaks for, so 市发展改革委 resolves in its city.

The evidence, strongest first: the issuers' jurisdictions (重庆市人民政府口岸和物流办公室 ->
Chongqing); a division named in the title (2021年重庆市促进…方案, 数字山东2019行动方案);
the body's own words (我市/全市 with the city it names most, 我省/全省 with the province);
finally national markers (国务院, 各省、自治区、直辖市).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from loaders.normalize import compact

if TYPE_CHECKING:
    from loaders.gazetteer import Place
    from loaders.reference import ReferenceData

__all__ = ["infer_jurisdiction"]

_CITY_SELF = re.compile(r"我市|全市|本市|市委|市政府")
_PROVINCE_SELF = re.compile(r"我省|全省|本省|省委|省政府")
_NATIONAL = re.compile(r"国务院|各省、自治区、直辖市|党中央|全国")
_DEPTH = {"country": 0, "province": 1, "municipality": 1, "sar": 1, "city": 2, "district": 3}


def _depth(place: Place) -> int:
    return _DEPTH.get(place.type, 0)


def infer_jurisdiction(issuers: Iterable[str], title: str | None, body: str,
                       ref: ReferenceData) -> str | None:
    """Return the document's jurisdiction code (``CN``, ``500000``, ``370100`` ...) or None.

    Parameters
    ----------
    issuers : iterable of str
        Issuing bodies as written.
    title : str or None
        The document's title.
    body : str
        The body text (width-normalised).
    ref : ReferenceData
        Authority file and gazetteer.

    Examples
    --------
    >>> infer_jurisdiction(["重庆市人民政府口岸和物流办公室"], None, "", REFERENCE)
    '500000'
    >>> infer_jurisdiction([], "数字山东2019行动方案", "全省推进", REFERENCE)
    '370000'
    >>> infer_jurisdiction([], None, "结合我市实际。济南市…济南", REFERENCE)
    '370100'
    """
    codes = [a.jurisdiction for n in issuers
             if (a := ref.agencies.lookup(n, None)) is not None and a.jurisdiction]
    if codes:
        return _most_specific_common(codes, ref)
    gaz = ref.gazetteer
    if title:
        named = [p for p, *_ in gaz.find(compact(title)) if p.is_jurisdiction]
        if named:
            return max(named, key=_depth).admin_code
    mentioned = Counter(p.key for p, *_ in gaz.find(body) if p.is_jurisdiction)
    places = [gaz.get(k) for k, _ in mentioned.most_common()]
    if _CITY_SELF.search(body):
        cities = [p for p in places if p is not None and p.type in ("city", "municipality")]
        if cities:
            return cities[0].admin_code
    if _PROVINCE_SELF.search(body):
        provinces = [p for p in places if p is not None
                     and p.type in ("province", "municipality")]
        if provinces:
            return provinces[0].admin_code
    if _NATIONAL.search(body):
        return "CN"
    return None


def _most_specific_common(codes: list[str], ref: ReferenceData) -> str:
    """The most frequent issuer jurisdiction; on a tie, the deeper one."""
    counts = Counter(codes)
    gaz = ref.gazetteer

    def rank(code: str) -> tuple[int, int]:
        place = gaz.by_code(code)
        return counts[code], _depth(place) if place else 0

    return max(sorted(counts), key=rank)
