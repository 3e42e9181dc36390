"""The reference data generated documents are written from: bodies, regions, concepts, words.

Bodies come from ``ontology/agencies.csv``, each with the forms a document of a given
jurisdiction may write it in: a name that starts with 省/市/区/县 and belongs to an entry
with a jurisdiction is bound to that jurisdiction (市发展改革委 is Jinan's commission in a
Jinan plan), every other name is global (README, "Agencies, concepts and places are data").
A form is used only where it names exactly one entry, so the truth of what it resolves to
is the authority file's, not a guess. Instruments come from ``ontology/concepts.ttl``; who
issues what, whom notices address and the phrases of the genre from
``benchmarks/genre_vocabulary.toml``.

Examples
--------
>>> data = load_genre_data()
>>> ndrc = next(b for b in data.region("CN").bodies if b.key == "cn.ndrc")
>>> ndrc.name, "发展改革委" in ndrc.forms
('国家发展和改革委员会', True)
>>> jinan = next(b for b in data.region("370100").bodies if b.key == "sd.jinan.ndrc")
>>> "市发展改革委" in jinan.forms
True
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["VOCABULARY", "Body", "GenreData", "Region", "load_genre_data", "writable_in_clause"]

VOCABULARY = Path(__file__).with_name("genre_vocabulary.toml")
"""The genre's words: regions, issuers, titles, measure phrases."""

_RELATIVE = ("省", "市", "区", "县")
_NOT_RELATIVE = ("市场", "省级", "市级", "县级", "区级", "区域")
_EXPAND_TYPES = {"省": ("province",), "市": ("municipality", "city"), "区": ("district",),
                 "县": ("district",)}
# A name holding a separator, 等 or 会同, or opening with 由/请/和/及, is not one name in a clause.
_UNSAFE = re.compile(r"[，,；;。：:]|等|会同|^(?:由|请|和|及|以及)")
_ADMIN_PIECE = re.compile(r"^(?:各|有关|相关)?[区市县]$")
_BODY_END = re.compile(r"(?:部|委|局|署|办|厅|院|会|行|政府|集团|公司|中心|室|所|馆|社|处|站|团|组|班|"
                       r"海关|单位|部门|机构)$")
_SIGNATURE_UNSAFE = re.compile(r"[。，；：！？“”《》、（）\d]")
_PARTY = re.compile(r"^(?:中共|中国共产党|共青团|中国共产主义青年团)|委员会办公室$")


def _is_relative(name: str) -> bool:
    return name.startswith(_RELATIVE) and not name.startswith(_NOT_RELATIVE)


def writable_in_clause(form: str) -> bool:
    """Tell whether a name can stand in a responsibility clause as one name.

    A name with 、 is kept only when the pieces before its last are admin words
    (各区、市政府); a short name must end like a body's (部, 局, 办 …), or a list would
    lend it the suffix of the name after it.

    Examples
    --------
    >>> [writable_in_clause(n) for n in ("市发展改革委", "各区、市政府", "各省、自治区、直辖市人民政府",
    ...                                   "各有关部门、单位", "中铁联集")]
    [True, True, False, False, False]
    """
    if _UNSAFE.search(form):
        return False
    bare = re.sub(r"（[^）]*）", "", form)
    if "、" in bare and not all(_ADMIN_PIECE.match(p) for p in bare.split("、")[:-1]):
        return False
    return len(bare) > 4 or bool(_BODY_END.search(bare))


@dataclass(frozen=True, slots=True)
class Body:
    """A body a document may name: its canonical name and the forms it may be written in.

    ``form_weights`` prefer the short form a document of the jurisdiction uses (the first
    alias: 发展改革委, 市发展改革委); ``weight`` makes bodies that carry trade work appear
    more often.
    """

    key: str
    name: str
    forms: tuple[str, ...]
    form_weights: tuple[float, ...]
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Region:
    """A jurisdiction documents are written for: issuers, bodies, collectives and words."""

    code: str
    level: str
    place: str
    short: str
    self_name: str
    issuers: tuple[tuple[Body, str], ...]
    """(signer, 文号 prefix); a signer's only form is how it signs."""
    cosigners: tuple[Body, ...]
    addressees: tuple[str, ...]
    bodies: tuple[Body, ...]
    collectives: tuple[Body, ...]
    scope: str


@dataclass(frozen=True, slots=True)
class GenreData:
    """Everything documents are written from."""

    regions: tuple[Region, ...]
    concepts: tuple[str, ...]
    words: dict[str, tuple[str, ...]]
    titles: dict[str, tuple[str, ...]]

    def region(self, code: str) -> Region:
        """The region of a jurisdiction code (``CN``, ``370100`` …)."""
        return next(r for r in self.regions if r.code == code)

    @property
    def local(self) -> tuple[Region, ...]:
        """The provincial and municipal regions."""
        return tuple(r for r in self.regions if r.code != "CN")


class _Authority:
    """``ontology/agencies.csv`` and ``places.csv``, indexed by how names resolve in context."""

    def __init__(self, agencies: Path, places: Path) -> None:
        with open(agencies, encoding="utf-8", newline="") as handle:
            self.rows = {r["key"]: r for r in csv.DictReader(handle)}
        with open(places, encoding="utf-8", newline="") as handle:
            place_rows = list(csv.DictReader(handle))
        by_key = {p["key"]: p for p in place_rows}
        self.places = {p["admin_code"]: p for p in place_rows if p["admin_code"]}
        self.parent = {p["admin_code"]: by_key[p["parent"]]["admin_code"]
                       for p in place_rows if p["admin_code"] and p["parent"] in by_key}
        self.global_names: dict[str, list[str]] = {}
        self.local_names: dict[tuple[str, str], list[str]] = {}
        for key, row in self.rows.items():
            for i, name in enumerate(self.spellings(key)):
                if i and _is_relative(name) and row["jurisdiction"]:
                    self.local_names.setdefault((name, row["jurisdiction"]), []).append(key)
                else:
                    self.global_names.setdefault(name, []).append(key)

    def spellings(self, key: str) -> list[str]:
        """The entry's name_zh, then its aliases."""
        row = self.rows[key]
        return [row["name_zh"], *(a for a in row["aliases"].split("|") if a)]

    def lineage(self, code: str) -> list[str]:
        """The jurisdiction and those containing it, innermost first."""
        out = [code]
        while out[-1] in self.parent and self.parent[out[-1]] not in out:
            out.append(self.parent[out[-1]])
        return out

    def _expanded(self, name: str, code: str) -> str | None:
        for c in self.lineage(code):
            place = self.places.get(c)
            if place is not None and place["type"] in _EXPAND_TYPES[name[0]]:
                return place["name_zh"] + name[1:]
        return None

    def resolves_to(self, name: str, code: str) -> str | None:
        """The key ``name`` names in a document of ``code`` when it names exactly one, else None."""
        if _is_relative(name):
            for c in self.lineage(code):
                keys = self.local_names.get((name, c))
                if keys:
                    return keys[0] if len(keys) == 1 else None
            expanded = self._expanded(name, code)
            if expanded is not None and expanded in self.global_names:
                return None
        keys = self.global_names.get(name, [])
        return keys[0] if len(keys) == 1 else None

    def body(self, key: str, code: str, weight: float = 1.0) -> Body | None:
        """The entry ``key`` with the forms that name it, in a clause, in a document of ``code``."""
        if key not in self.rows:
            return None
        spellings = self.spellings(key)
        usable = [f for f in dict.fromkeys(spellings)
                  if self.resolves_to(f, code) == key and writable_in_clause(f)]
        if not usable:
            return None
        first_alias = next((f for f in usable if f != spellings[0]
                            and not f.startswith("中华人民共和国")), None)

        collective = self.rows[key]["kind"] == "collective"

        def prefer(form: str) -> float:
            if form.startswith("中华人民共和国"):
                return 0.3
            if collective:  # 各区、市政府 is written as named more often than as abbreviated
                return 3.0 if form == spellings[0] else 1.0
            if _is_relative(form) and code != "CN":  # 市发展改革委 in its own city's plan
                return 4.0
            return 3.0 if form == first_alias else 1.5 if form == spellings[0] else 1.0

        return Body(key, spellings[0], tuple(usable), tuple(prefer(f) for f in usable), weight)

    def signer(self, key: str, code: str) -> Body | None:
        """How ``key`` signs a document: short in national notices (发展改革委), full elsewhere.

        A signature is read without context, so only global names that name one entry sign.
        """
        if key not in self.rows:
            return None
        spellings = self.spellings(key)
        usable = [f for f in spellings if not _is_relative(f) and self.global_names.get(f) == [key]
                  and not _SIGNATURE_UNSAFE.search(f) and len(f) <= 30]
        if not usable:
            return None
        if code == "CN":
            short = [f for f in usable if f != spellings[0] and not f.startswith("中华人民共和国")]
            form = short[0] if short else usable[0]
        else:
            form = spellings[0] if spellings[0] in usable else usable[0]
        return Body(key, spellings[0], (form,), (1.0,))


def _concept_labels() -> tuple[str, ...]:
    """The Chinese preferred labels of ``ontology/concepts.ttl`` (without brackets)."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    from ontology import data_path

    graph = Graph().parse(data_path("concepts.ttl"), format="turtle")
    labels = {str(o) for o in graph.objects(None, SKOS.prefLabel)
              if getattr(o, "language", None) == "zh"}
    return tuple(sorted(x for x in labels if not re.search(r"[（）()]", x)))


def _region(authority: _Authority, spec: dict, trade: tuple[str, ...]) -> Region:
    code = spec["code"]

    def weight(key: str) -> float:
        name = authority.rows[key]["name_zh"]
        if _PARTY.search(name):
            return 0.3
        return 8.0 if any(w in name for w in trade) else 1.0

    if code == "CN":
        keys = [k for k, r in authority.rows.items()
                if r["level"] == "national" and r["jurisdiction"] == "CN"
                and r["kind"] != "collective" and "until" not in r["name_en"]
                and k not in ("cn.state-council", "cn.cpc-cc", "cn.gosc")]
    else:
        province = code[:2] + "0000"
        keys = [k for k, r in authority.rows.items()
                if r["kind"] != "collective" and (r["jurisdiction"] == code or (
                    r["jurisdiction"] == province != code and "海关" in r["name_zh"]))]
    bodies = tuple(b for k in keys if (b := authority.body(k, code, weight(k))) is not None)
    collectives = tuple(b for k in spec["collectives"] if (b := authority.body(k, code)) is not None)
    if not any("、" not in f for b in collectives for f in b.forms):
        raise ValueError(f"{VOCABULARY.name}: region {code} needs a collective written without 、")
    issuers = tuple((s, prefix) for key, prefix in spec["issuers"]
                    if (s := authority.signer(key, code)) is not None)
    cosigners = tuple(s for key in spec["cosigners"] if (s := authority.signer(key, code)) is not None)
    return Region(code, spec["level"], spec["place"], spec["short"], spec["self"], issuers,
                  cosigners, tuple(spec["addressees"]), bodies, collectives, spec["scope"])


def load_genre_data(vocabulary: Path = VOCABULARY) -> GenreData:
    """Read the authority file, gazetteer, concept scheme and the genre's vocabulary.

    Parameters
    ----------
    vocabulary : Path, default :data:`VOCABULARY`
        The TOML file of regions, issuers, titles and phrases.

    Returns
    -------
    GenreData
    """
    from ontology import data_path

    authority = _Authority(data_path("agencies.csv"), data_path("places.csv"))
    spec = tomllib.loads(Path(vocabulary).read_text(encoding="utf-8"))
    trade = tuple(spec["trade_words"])
    regions = tuple(_region(authority, r, trade) for r in spec["regions"])
    words = {k: tuple(v) for section in ("text", "measures") for k, v in spec[section].items()}
    titles = {k: tuple(v) for k, v in spec["titles"].items()}
    return GenreData(regions, _concept_labels(), words, titles)
