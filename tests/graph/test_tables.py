"""The CSV tables: the name each file is shown under, and the byte order mark Excel needs."""

from __future__ import annotations

import csv
from pathlib import Path

from graph.tables import BYTE_ORDER_MARK, TABLES, write_tables
from loaders import ReferenceData, parse_document

TEXT = "某方案\n一、任务\n1. 推进通关。（海关总署牵头，商务部负责）\n2. 优化。（商务部负责）\n"


def rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_table_shows_the_name_given_for_the_file(tmp_path: Path, reference_data: ReferenceData) -> None:
    doc = parse_document(TEXT, path="/home/me/policies/2021/plan.txt", reference=reference_data).documents[0]
    paths = write_tables([doc], reference_data.agencies, tmp_path,
                         names={"/home/me/policies/2021/plan.txt": "2021/plan.txt"})
    for name in ("documents", "measures", "responsibilities"):
        assert {r["source_file"] for r in rows(paths[name])} == {"2021/plan.txt"}, name
    assert [len(rows(paths[n])) for n in ("documents", "measures", "responsibilities")] == [1, 2, 3]


def test_excel_tables_are_the_plain_tables_after_a_bom(tmp_path: Path, reference_data: ReferenceData) -> None:
    doc = parse_document(TEXT, reference=reference_data).documents[0]
    plain = write_tables([doc], reference_data.agencies, tmp_path / "plain")
    excel = write_tables([doc], reference_data.agencies, tmp_path / "excel", excel=True)
    for name in TABLES:
        assert excel[name].read_bytes() == BYTE_ORDER_MARK.encode("utf-8") + plain[name].read_bytes(), name
        assert rows(excel[name], "utf-8-sig") == rows(plain[name]), name
