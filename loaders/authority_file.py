"""Read authority-file rows: the shipped ``ontology/agencies.csv`` and the user's own files laid over it.

An authority file is UTF-8 CSV (a byte-order mark is allowed, as spreadsheets write one)
with the header ``key,name_zh,name_en,kind,level,jurisdiction,parent,aliases``, optionally
followed by the lineage columns ``valid_from,valid_to,successors`` (ISO dates or years, empty
while open; successors as authority keys or canonical names, ``|``-separated like aliases);
the review columns ``count,first_seen`` that ``tradekg agencies unresolved`` adds may follow
and are ignored. :func:`overlay_rows` lays the user's files over the shipped one, in the
order given: a row with a key already read replaces that row, a new key adds a body.
Every row keeps where it was read (``FILE:LINE``), so a later check can name it.

Examples
--------
>>> import tempfile
>>> from ontology import data_path
>>> with tempfile.TemporaryDirectory() as tmp:
...     mine = Path(tmp) / "mine.csv"
...     _ = mine.write_text(",".join(AUTHORITY_COLUMNS) + "\\n"
...                         "cn.gacc,海关总署,GACC,agency,national,CN,,署\\n", encoding="utf-8")
...     rows = overlay_rows(read_authority_file(data_path("agencies.csv")), read_authority_file(mine))
...     gacc = next(r for r in rows if r.agency.key == "cn.gacc")
...     gacc.agency.name_en, gacc.where.endswith("mine.csv:2")
('GACC', True)
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import TradeKGError
from loaders.records import Agency, AgencyKind, Level

__all__ = [
    "AUTHORITY_COLUMNS",
    "LINEAGE_COLUMNS",
    "REVIEW_COLUMNS",
    "AuthorityFileError",
    "AuthorityRow",
    "overlay_rows",
    "read_authority_file",
]

AUTHORITY_COLUMNS = ("key", "name_zh", "name_en", "kind", "level", "jurisdiction", "parent", "aliases")
"""The columns of an authority file, in order."""

LINEAGE_COLUMNS = ("valid_from", "valid_to", "successors")
"""Optional columns after :data:`AUTHORITY_COLUMNS`: when a body was set up and dissolved, and
which bodies took over its duties."""

_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")
"""An ISO date, year-month or year: 2018-04-10, 2018-04, 2018."""

REVIEW_COLUMNS = ("count", "first_seen")
"""Columns for the person reviewing rows (``tradekg agencies unresolved``); ignored when read."""


class AuthorityFileError(TradeKGError):
    """An authority file cannot be read or one of its rows is wrong.

    Parameters
    ----------
    where : str
        The file, or ``FILE:LINE`` of the row.
    reason : str
        What is wrong and how to fix it.

    Examples
    --------
    >>> str(AuthorityFileError("mine.csv:3", "every agency needs a key and a name_zh"))
    'mine.csv:3: every agency needs a key and a name_zh'
    """

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True, slots=True)
class AuthorityRow:
    """One body of an authority file and where it was read (``FILE:LINE``)."""

    agency: Agency
    where: str


def read_authority_file(path: str | Path) -> list[AuthorityRow]:
    """Read the rows of one authority file.

    Parameters
    ----------
    path : str or Path
        A CSV file with :data:`AUTHORITY_COLUMNS` (then, optionally, :data:`LINEAGE_COLUMNS`,
        then :data:`REVIEW_COLUMNS`).

    Returns
    -------
    list of AuthorityRow
        In file order.

    Raises
    ------
    AuthorityFileError
        When the file cannot be read, is not UTF-8, has other columns, or a row is
        malformed; the message names the file and the line.

    Examples
    --------
    >>> from ontology import data_path
    >>> rows = read_authority_file(data_path("agencies.csv"))
    >>> rows[0].agency.key, rows[0].where.endswith("agencies.csv:2")
    ('ah.agri', True)
    """
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        reason = "no such file" if isinstance(err, FileNotFoundError) else (err.strerror or str(err)).lower()
        raise AuthorityFileError(str(path), f"cannot read the authority file: {reason}") from err
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise AuthorityFileError(f"{path}:{line}", "not UTF-8 text; save the file as CSV UTF-8 "
                                 "(in a spreadsheet: \"CSV UTF-8 (comma delimited)\")") from err
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[AuthorityRow] = []
    try:
        header = next(reader, None)
        if header is None or not _header_ok(header):
            raise AuthorityFileError(f"{path}:1", f"the header must be {','.join(AUTHORITY_COLUMNS)} "
                                     f"(optionally followed by {','.join(LINEAGE_COLUMNS)}, then "
                                     f"{','.join(REVIEW_COLUMNS)}), not "
                                     f"{','.join(header or [])!r}")
        for cells in reader:
            where = f"{path}:{reader.line_num}"
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, as a spreadsheet leaves at the end
            if len(cells) != len(header):
                raise AuthorityFileError(where, f"{len(cells)} fields, but the header has {len(header)}; "
                                         "put a cell holding commas in double quotes")
            row = {name.strip(): cell for name, cell in zip(header, cells, strict=True)
                   if name.strip() not in REVIEW_COLUMNS}
            rows.append(AuthorityRow(_agency(row, where), where))
    except csv.Error as err:
        raise AuthorityFileError(f"{path}:{reader.line_num}", f"not valid CSV ({err})") from err
    return rows


def overlay_rows(base: Sequence[AuthorityRow], *overlays: Iterable[AuthorityRow]) -> list[AuthorityRow]:
    """Lay authority files over one another: a row replaces the row with its key, or adds a body.

    Parameters
    ----------
    base : sequence of AuthorityRow
        The shipped file's rows (a key used twice there is an error).
    *overlays : iterable of AuthorityRow
        The user's files, in the order given; a later file wins over an earlier one.

    Returns
    -------
    list of AuthorityRow
        Replaced rows where their originals were, added rows at the end.

    Raises
    ------
    AuthorityFileError
        When one file uses a key twice; the message names both lines.
    """
    merged: dict[str, AuthorityRow] = {}
    for rows in (base, *overlays):
        seen: dict[str, str] = {}
        for row in rows:
            key = row.agency.key
            if key in seen:
                raise AuthorityFileError(row.where, f"key {key!r} is used twice in this file (first at "
                                         f"line {seen[key].rsplit(':', 1)[-1]})")
            seen[key] = row.where
            merged[key] = row
    return list(merged.values())


def _header_ok(header: list[str]) -> bool:
    names = tuple(name.strip() for name in header)
    if names[:len(AUTHORITY_COLUMNS)] != AUTHORITY_COLUMNS:
        return False
    rest = names[len(AUTHORITY_COLUMNS):]
    if rest[:len(LINEAGE_COLUMNS)] == LINEAGE_COLUMNS:
        rest = rest[len(LINEAGE_COLUMNS):]
    return REVIEW_COLUMNS[:len(rest)] == rest


def _choice(value: str, column: str, allowed: type[AgencyKind] | type[Level]) -> str:
    names = [member.value for member in allowed]
    if value not in names:
        raise ValueError(f"{column} {value!r} is not one of {', '.join(names)}")
    return value


def _agency(row: dict[str, str], where: str) -> Agency:
    """One row as a resolved Agency; errors name the file and line."""
    row = {name: value.strip() for name, value in row.items()}
    if not row["key"] or not row["name_zh"]:
        raise AuthorityFileError(where, "every agency needs a key and a name_zh (fill them in, "
                                 "or delete the row)")
    try:
        kind = AgencyKind(_choice(row["kind"], "kind", AgencyKind))
        level = Level(_choice(row["level"], "level", Level)) if row["level"] else None
    except ValueError as err:
        raise AuthorityFileError(where, str(err)) from err
    aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
    valid_from, valid_to = row.get("valid_from", ""), row.get("valid_to", "")
    for column, value in (("valid_from", valid_from), ("valid_to", valid_to)):
        if value and not _DATE.fullmatch(value):
            raise AuthorityFileError(where, f"{column} {value!r} is not an ISO date or year "
                                     "(2018-04-10, 2018-04 or 2018; empty when open)")
    if valid_from and valid_to and valid_to < valid_from:
        raise AuthorityFileError(where, f"valid_to {valid_to!r} is before valid_from {valid_from!r}")
    successors = tuple(s.strip() for s in row.get("successors", "").split("|") if s.strip())
    if successors and not valid_to:
        raise AuthorityFileError(where, "a body with successors needs the valid_to date its duties "
                                 "passed to them")
    return Agency(row["key"], row["name_zh"], row["name_en"] or None, kind, level,
                  row["jurisdiction"] or None, row["parent"] or None, aliases, True,
                  valid_from or None, valid_to or None, successors)

