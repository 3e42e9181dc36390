"""PDF and Word files: measures, agencies and roles read from the extracted text; scans and old Word said.

The fixtures are written by ``scripts/office_fixtures.py``: a notice printed to PDF by
Chromium (wrapped lines, a page break inside a measure, page numbers, radicals in the
text layer), the same notice's first page as a picture (a scan), and an opinion written
by python-docx with a task-division table.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path

import docx
import pypdf
import pytest

from loaders import Severity, parse_file, read_document
from loaders.cjk_radicals import fold_radicals
from loaders.errors import DocumentFormatError
from loaders.reference import ReferenceData

DATA = Path(__file__).resolve().parents[1] / "data"
PDF = DATA / "tianjin_port_notice.pdf"
SCAN = DATA / "scanned_notice.pdf"
DOCX = DATA / "qingdao_trade_opinion.docx"
SAMPLE = Path(__file__).resolve().parents[2] / "loaders" / "sample_corpus"


def build(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from graph.cli import main; main()", "build", *args,
                           "--jobs", "1"], cwd=cwd, capture_output=True, text=True, timeout=300)


def responsibilities(path: Path, reference: ReferenceData) -> list[tuple[str, str, str]]:
    parsed = parse_file(path, reference)
    (document,) = parsed.documents
    return [(m.number, r.agency.name_zh, r.role.value) for m in document.measures for r in m.responsibilities]


# ---------------------------------------------------------------- what is read


def test_measures_agencies_and_roles_are_read_from_a_chinese_pdf(reference_data: ReferenceData) -> None:
    parsed = parse_file(PDF, reference_data)
    (document,) = parsed.documents
    assert (document.doc_id, document.title, [i.name_zh for i in document.issuers], document.date.isoformat()) \
        == ("津政办发〔2023〕12号", "天津市人民政府办公厅关于进一步优化口岸营商环境的通知", ["天津市人民政府办公厅"],
            "2023-05-10")
    assert [m.title for m in document.measures] == [
        "推进国际贸易“单一窗口”功能拓展，将港口、航运、物流等服务事项纳入“单一窗口”办理，实现口岸通关和物流作业信息全程共享",
        "压缩进出口环节合规成本，全面落实口岸收费目录清单制度，定期向社会公布收费目录清单，清单之外一律不得收费",
        "深化“提前申报”“两步申报”改革，到2023年底，进口整体通关时间压缩至30小时以内",
        "推进天津港智慧港口建设，推广集装箱设备交接单和提货单电子化，提升港口作业效率",
        "优化进出口商品检验监管模式，对符合条件的进口商品实施“检验结果采信”，扩大第三方检验结果采信范围，进一步压缩检验检疫时间",
        "加强口岸通关信息公开，在“单一窗口”公布口岸作业时限和通关流程，接受社会监督，及时回应企业关切，持续提升企业获得感"]
    assert responsibilities(PDF, reference_data) == [
        ("1", "天津市商务局", "lead"), ("1", "中华人民共和国天津海关", "participant"), ("1", "天津海事局", "participant"),
        ("2", "天津市发展和改革委员会", "joint"), ("2", "天津市市场监管委", "joint"),
        ("3", "中华人民共和国天津海关", "lead"),
        ("4", "天津市交通运输委", "lead"), ("4", "天津港集团", "participant"), ("4", "中华人民共和国天津海关", "participant"),
        ("5", "中华人民共和国天津海关", "lead"),
        ("6", "天津市商务局", "joint"), ("6", "中华人民共和国天津海关", "joint"), ("6", "天津港集团", "joint")]


def test_measures_agencies_and_roles_are_read_from_a_chinese_docx(reference_data: ReferenceData) -> None:
    (document,) = parse_file(DOCX, reference_data).documents
    assert (document.doc_id, document.title, document.date.isoformat()) == (
        "青政办字〔2024〕5号", "青岛市人民政府办公厅关于推进跨境贸易便利化的实施意见", "2024-02-01")
    assert responsibilities(DOCX, reference_data) == [
        ("1", "中华人民共和国青岛海关", "lead"), ("1", "青岛市商务局", "participant"),
        ("2", "青岛市交通运输局", "joint"), ("2", "山东港口青岛港集团", "joint"),
        ("3", "青岛市发展和改革委员会", "lead"),
        ("4", "中华人民共和国青岛海关", "lead"), ("4", "青岛市商务局", "participant"),
        ("4", "青岛市财政局", "participant"),
        ("5", "青岛市交通运输局", "lead"), ("5", "中华人民共和国青岛海关", "participant")]


@pytest.mark.parametrize("path", [PDF, DOCX], ids=["pdf", "docx"])
def test_a_responsibility_span_in_the_extracted_text_is_its_clause(path: Path,
                                                                   reference_data: ReferenceData) -> None:
    source = read_document(path)
    (document,) = parse_file(path, reference_data).documents
    bracketed = [r for r in document.responsibilities if r.clause.startswith("（")]
    assert len(bracketed) == {PDF: 13, DOCX: 5}[path]
    for responsibility in bracketed:
        span = responsibility.span
        assert source.text[span.start:span.end] == responsibility.clause
        assert span.line == source.text.count("\n", 0, span.start) + 1
    for measure in document.measures:
        assert measure.title in source.text[measure.span.start:measure.span.end]


def test_wrapped_pdf_lines_are_joined_and_page_numbers_and_radicals_are_not_kept() -> None:
    raw = "\n".join(page.extract_text() for page in pypdf.PdfReader(PDF).pages)
    # What the text layer holds: lines wrapped in a sentence, a page number inside measure 5, radicals.
    assert "进⼀步\n— 2 —\n压缩检验检疫时间" in raw and "持续提\n升企业获得感" in raw and "⼈⺠" in raw
    text = read_document(PDF).text
    assert "—" not in text and not re.search(r"[\u2e80-\u2fdf]", text)
    lines = text.splitlines()
    assert len(lines) == 16
    assert lines[10] == ("5.优化进出口商品检验监管模式，对符合条件的进口商品实施“检验结果采信”，"
                         "扩大第三方检验结果采信范围，进一步压缩检验检疫时间。（天津海关负责）")
    assert lines[11] == ("6.加强口岸通关信息公开，在“单一窗口”公布口岸作业时限和通关流程，接受社会监督，"
                         "及时回应企业关切，持续提升企业获得感。（市商务局、天津海关、天津港集团按职责分工负责）")
    assert lines[-2:] == ["天津市人民政府办公厅", "2023年5月10日"]


def test_docx_table_rows_are_tab_separated_lines() -> None:
    text = read_document(DOCX).text
    assert "序号\t重点任务\t牵头单位\t配合单位\t完成时限" in text.splitlines()
    assert "5\t扩大“船边直提”试点。\t市交通运输局\t青岛海关\t持续推进" in text.splitlines()


def test_a_docx_cell_merged_across_columns_is_one_cell(tmp_path: Path) -> None:
    made = docx.Document()
    table = made.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ("序号", "重点任务", "牵头单位"), strict=True):
        cell.text = value
    table.cell(1, 0).text = "1"
    merged = table.cell(1, 1).merge(table.cell(1, 2))
    merged.text = "推进改革（海关总署负责）"
    made.save(str(tmp_path / "table.docx"))
    assert read_document(tmp_path / "table.docx").text == "序号\t重点任务\t牵头单位\n1\t推进改革（海关总署负责）"


def test_every_radical_of_the_table_folds_to_one_ideograph() -> None:
    radicals = "".join(chr(point) for point in range(0x2E80, 0x2FE0) if unicodedata.name(chr(point), ""))
    folded = fold_radicals(radicals)
    assert len(folded) == len(radicals)
    assert fold_radicals("各部⻔、⼈⺠政府") == "各部门、人民政府"
    changed = [(r, f) for r, f in zip(radicals, folded, strict=True) if r != f]
    assert len(changed) > 250 and all("\u3400" <= f <= "\u9fff" for _, f in changed)


# ---------------------------------------------------------------- what the report and site say


def test_the_report_names_the_extractor_of_each_file_and_the_site_shows_the_extracted_text(
        tmp_path: Path) -> None:
    done = build(str(PDF), str(DOCX), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert (report["documents"], report["measures"]) == (2, 11)
    assert [(f["file"], f["severity"], f["message"]) for f in report["findings"]
            if f["kind"] == "extracted_text"] == [
        (str(DOCX), "info", f"read with python-docx {version('python-docx')}; spans and lines point into "
                            "the extracted text"),
        (str(PDF), "info", f"read with pypdf {version('pypdf')}; spans and lines point into the extracted text")]
    page = next((tmp_path / "out" / "site").glob("doc-2023-12-*.html")).read_text(encoding="utf-8")
    mark = re.search(r'<mark id="m-6"[^>]*>(.*?)</mark>', page, re.S)
    assert mark and re.sub(r"<a [^>]*>§6</a>", "", mark.group(1)) == (
        "6.加强口岸通关信息公开，在“单一窗口”公布口岸作业时限和通关流程，接受社会监督，"
        "及时回应企业关切，持续提升企业获得感。（市商务局、天津海关、天津港集团按职责分工负责）")
    assert page.count("<mark id=") == 6
    assert "天津市人民政府办公厅关于进一步优化口岸营商环" in page and "%PDF" not in page


def test_a_scanned_pdf_is_reported_as_such_and_the_rest_builds(tmp_path: Path) -> None:
    done = build(str(SCAN), str(SAMPLE), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 1
    message = "the PDF has no text layer (scanned?); run OCR or save it as text"
    assert f"  error: {SCAN}: {message}" in done.stdout
    assert f"Error: {SCAN} was not built; see {tmp_path / 'out'}/report.json" in done.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 3 and report["failed_files"] == [str(SCAN)]
    assert [(f["severity"], f["message"]) for f in report["findings"] if f["file"] == str(SCAN)] == [
        ("error", message)]


# ---------------------------------------------------------------- what is refused


def _pdf(password: str | None = None) -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    data = io.BytesIO()
    writer.write(data)
    return data.getvalue()


@pytest.mark.parametrize("name, data, reason", [
    ("notice.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
     "old Word .doc/.wps files are not read; save as .docx, text or HTML"),
    ("notice.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
     "old Word .doc/.wps files are not read; save as .docx, text or HTML"),
    ("blank.pdf", _pdf(), "the PDF has no text layer (scanned?); run OCR or save it as text"),
    ("locked.pdf", _pdf("secret"), "the PDF is protected by a password; save it without one, or as text"),
    ("broken.pdf", b"%PDF-1.4fake",
     "cannot read the PDF (PdfStreamError: Stream has ended unexpectedly); save it again as PDF, or as text"),
    ("page.pdf", "<html><body>口岸</body></html>".encode(),
     "named .pdf but is not a PDF file (its first bytes say otherwise); save it again"),
    ("plan.docx", b"PK\x03\x04", "named .docx but is not a Word .docx file (its first bytes say otherwise); "
                                 "save it again"),
], ids=["doc", "doc-named-txt", "blank-pdf", "password", "broken-pdf", "html-named-pdf", "broken-docx"])
def test_a_file_that_cannot_be_read_says_why(tmp_path: Path, name: str, data: bytes, reason: str,
                                             reference_data: ReferenceData, capfd: pytest.CaptureFixture[str]
                                             ) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(DocumentFormatError) as refused:
        read_document(tmp_path / name)
    assert str(refused.value) == f"{tmp_path / name}: {reason}"
    (finding,) = parse_file(tmp_path / name, reference_data).findings
    assert (finding.severity, finding.message) == (Severity.ERROR, reason)
    assert capfd.readouterr().err == ""  # pypdf's repair notes do not reach the terminal
