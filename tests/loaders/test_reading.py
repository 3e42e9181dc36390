"""Every supported encoding and an HTML page read to the same measures; bad files say why."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from loaders import DocumentFormatError, EmptyDocumentError, ReferenceData, parse_source, read_document
from loaders.reading import SourceText

DATA = Path(__file__).parents[1] / "data"
PLAN = (DATA / "henan_port_plan.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "payload", "codec"), [
    ("utf8.txt", PLAN.encode("utf-8"), "utf-8"),
    ("bom.txt", codecs.BOM_UTF8 + PLAN.encode("utf-8"), "utf-8-sig"),
    ("gb18030.txt", PLAN.encode("gb18030"), "gb18030"),
    ("gbk.txt", PLAN.encode("gbk"), "gb18030"),
    ("utf16.txt", PLAN.encode("utf-16"), "utf-16"),
    ("utf16be.txt", codecs.BOM_UTF16_BE + PLAN.encode("utf-16-be"), "utf-16"),
    ("utf16le-nobom.txt", PLAN.encode("utf-16-le"), "utf-16-le"),
])
def test_each_encoding_reads_the_same_measures(tmp_path: Path, name: str, payload: bytes, codec: str,
                                               reference_data: ReferenceData) -> None:
    path = tmp_path / name
    path.write_bytes(payload)
    source = read_document(path)
    assert source.encoding == codec
    assert source.text == PLAN
    doc = parse_source(source, reference=reference_data).documents[0]
    assert [m.number for m in doc.measures] == [str(i) for i in range(1, 10)]
    assert len(doc.responsibilities) == 18


def test_undecodable_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes("第一行\n".encode() + bytes([0x80, 0x00, 0x01, 0x02] * 50))
    with pytest.raises(DocumentFormatError) as err:
        read_document(path)
    assert str(err.value).startswith(f"{path}:2: cannot decode")


def test_empty_file_is_an_empty_document(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n")
    with pytest.raises(EmptyDocumentError, match="holds no text"):
        read_document(path)


def test_html_page_body_without_navigation(reference_data: ReferenceData) -> None:
    source = read_document(DATA / "gov_page.html")
    assert "首页" not in source.text and "版权所有" not in source.text
    assert source.text.startswith("关于推进口岸提效降费的通知\n署岸发〔2099〕7号")
    doc = parse_source(source, reference=reference_data).documents[0]
    assert doc.doc_id == "署岸发〔2099〕7号"
    assert [(r.agency.name_zh, r.role.value) for r in doc.responsibilities] == [
        ("海关总署", "lead"), ("国家发展和改革委员会", "joint"), ("国家市场监督管理总局", "joint"),
        ("海关总署", "lead"), ("商务部", "participant"), ("交通运输部", "participant")]
    # The clause in the navigation bar (政策解读（海关总署负责）) is not read.
    assert len(doc.measures) == 3
    assert [c.label for c in doc.measures[0].concepts] == ["两步申报"]


def test_html_spans_point_into_the_markup(reference_data: ReferenceData) -> None:
    path = DATA / "gov_page.html"
    markup = path.read_text(encoding="utf-8")
    doc = parse_source(read_document(path), reference=reference_data).documents[0]
    r = doc.measures[2].responsibilities[0]
    assert markup[r.span.start:r.span.end] == "（海关总署牵头，商务部、交通运输部等部门按职责分工负责）"
    assert r.span.line == markup[:r.span.start].count("\n") + 1
    m = doc.measures[0]
    assert markup[m.span.start:m.span.end] == "1.推广&ldquo;两步申报&rdquo;。扩大试点范围。（海关总署负责）"


@pytest.mark.parametrize("line_break", ["\r", "\r\n"])
def test_cr_line_endings_read_as_line_breaks(tmp_path: Path, line_break: str,
                                             reference_data: ReferenceData) -> None:
    broken = PLAN.rstrip("\n") + "\n10. 补充任务。（省商务厅、负责\n"
    expected = parse_source(SourceText("plan.txt", broken, "utf-8"), reference=reference_data)
    path = tmp_path / "mac.txt"
    path.write_bytes(broken.replace("\n", line_break).encode("utf-8"))
    source = read_document(path)
    result = parse_source(source, reference=reference_data)
    doc, want = result.documents[0], expected.documents[0]
    assert [m.number for m in doc.measures] == [str(i) for i in range(1, 10)]
    assert [(r.as_written, r.role, r.span.line) for r in doc.responsibilities] == [
        (r.as_written, r.role, r.span.line) for r in want.responsibilities]
    text = path.read_bytes().decode("utf-8")
    assert all(text[r.span.start:r.span.end] == r.clause for r in doc.responsibilities)
    assert [(f.kind, f.line, f.message) for f in result.findings] == [
        (f.kind, f.line, f.message) for f in expected.findings]
    assert ("broken_clause", broken.count("\n")) in [(f.kind, f.line) for f in result.findings]
