"""Traditional-character notices (Big5 or UTF-8) read through OpenCC: measures, roles, spans, the note."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders import ReferenceData, Severity, parse_document, parse_source, read_document
from loaders.traditional import simplified_copy

DATA = Path(__file__).parents[1] / "data"
NOTICE = (DATA / "traditional_port_notice.txt").read_text(encoding="utf-8")

# (measure, as written, agency, role): 負責單位： / 牽頭單位：…；配合單位：… / 按職責分工負責 / X牽頭，Y配合.
ROWS = [
    ("1", "市商務局", "青岛市商务局", "lead"),
    ("2", "青島海關", "中华人民共和国青岛海关", "lead"),
    ("2", "市交通運輸局", "青岛市交通运输局", "participant"),
    ("2", "山東港口青島港集團", "山东港口青岛港集团", "participant"),
    ("3", "市發展改革委", "青岛市发展和改革委员会", "joint"),
    ("3", "市市場監管局", "青岛市市场监督管理局", "joint"),
    ("4", "市商務局", "青岛市商务局", "lead"),
    ("4", "市大數據局", "青岛市大数据发展管理局", "participant"),
    ("4", "市財政局", "青岛市财政局", "participant"),
]
NOTE = ("the text is in Traditional characters; it was read through OpenCC's Traditional→Simplified "
        "conversion (t2s), names are resolved in simplified form and quoted text and spans are the original's")


@pytest.mark.parametrize(("codec", "read_as"), [("big5", "big5"), ("utf-8", "utf-8")])
def test_traditional_notice_gives_its_measures_and_roles(tmp_path: Path, codec: str, read_as: str,
                                                         reference_data: ReferenceData) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE.encode(codec))
    source = read_document(path)
    assert (source.encoding, source.text) == (read_as, NOTICE)
    result = parse_source(source, reference=reference_data)
    (doc,) = result.documents
    assert (doc.doc_id, doc.jurisdiction) == ("青政办字〔2099〕15号", "370200")
    assert [m.number for m in doc.measures] == ["1", "2", "3", "4"]
    got = [(m.number, r.as_written, r.agency.name_zh, r.role.value) for m in doc.measures
           for r in m.responsibilities]
    assert got == ROWS
    assert all(r.agency.resolved for r in doc.responsibilities if r.as_written != "山東港口青島港集團")
    assert [(f.severity, f.kind, f.line, f.message) for f in result.findings] == [
        (Severity.INFO, "traditional_text", None, NOTE)]


def test_spans_and_quoted_text_are_the_originals(reference_data: ReferenceData) -> None:
    doc = parse_document(NOTICE, path="notice.txt", reference=reference_data).documents[0]
    first = doc.measures[0]
    assert first.text == "1.推進進出口貨物提前申報。（負責單位：市商務局）"
    assert NOTICE[first.span.start:first.span.end] == first.text and first.span.line == 5
    for r in doc.responsibilities:
        assert NOTICE[r.span.start:r.span.end] == r.clause
    assert doc.measures[1].responsibilities[0].clause == "（牽頭單位：青島海關；配合單位：市交通運輸局、山東港口青島港集團）"
    assert [m.title for m in doc.measures] == ["推進進出口貨物提前申報", "壓縮集裝箱進出港時間", "規範口岸收費",
                                               "建設國際貿易“單一窗口”地方特色應用"]


def test_simplified_text_is_read_as_it_is(reference_data: ReferenceData) -> None:
    simplified = simplified_copy(NOTICE)
    assert simplified is not None and simplified_copy(simplified) is None
    result = parse_document(simplified, reference=reference_data)
    assert not [f for f in result.findings if f.kind == "traditional_text"]
    got = [(m.number, r.agency.name_zh, r.role.value) for m in result.documents[0].measures
           for r in m.responsibilities]
    assert got == [(m, agency, role) for m, _, agency, role in ROWS]


def test_a_conversion_that_changes_lengths_keeps_every_offset(tmp_path: Path) -> None:
    # An OpenCC configuration whose phrase 負責 grows to three characters: the line it is on
    # is converted character by character instead, so offsets in the copy stay the original's.
    (tmp_path / "grow.txt").write_text("負責\t负责人\n負\t负\n責\t责\n單\t单\n務\t务\n", encoding="utf-8")
    config = tmp_path / "grow.json"
    config.write_text(json.dumps({"name": "grow", "conversion_chain": [
        {"dict": {"type": "text", "file": "grow.txt"}}]}), encoding="utf-8")
    text = "一、任務\n1.甲。（負責單位：市商務局）\n2.乙。（市商務局負責）\n"
    copy = simplified_copy(text, str(config))
    assert copy == "一、任务\n1.甲。（负责单位：市商务局）\n2.乙。（市商务局负责）\n"
    assert len(copy) == len(text)
