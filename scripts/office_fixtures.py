"""Write the PDF and Word fixtures of tests/data from the texts in this script.

``tianjin_port_notice.pdf`` is printed by headless Chromium from an HTML page set as a
government notice is (A4, 16 pt Noto Serif CJK, centred title, two-character first-line
indents, signature on the right, ``— N —`` page numbers at the foot of each page), so its
text layer is what a real one holds: lines wrapped inside sentences and clauses, a
paragraph carried over a page break, radicals in place of some ideographs.
``scanned_notice.pdf`` is what a scanner gives: the notice's first page as a picture
(a Chromium screenshot), no text layer. ``qingdao_trade_opinion.docx`` is written by
python-docx: paragraphs and a task-division table. Run ``python scripts/office_fixtures.py``
(needs Chromium and fonts-noto-cjk).
"""

from __future__ import annotations

import html
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
CHROMIUM = "/usr/bin/chromium"

TIANJIN_TITLE = "天津市人民政府办公厅关于进一步优化口岸营商环境的通知"
TIANJIN_NUMBER = "津政办发〔2023〕12号"
TIANJIN_BODY = (
    "各区人民政府，市政府各委、局，各有关单位：",
    "经市人民政府同意，现就进一步优化口岸营商环境、促进跨境贸易便利化有关事项通知如下。",
    "一、重点任务",
    "1.推进国际贸易“单一窗口”功能拓展，将港口、航运、物流等服务事项纳入“单一窗口”办理，"
    "实现口岸通关和物流作业信息全程共享。（市商务局牵头，天津海关、天津海事局按职责分工负责）",
    "2.压缩进出口环节合规成本，全面落实口岸收费目录清单制度，定期向社会公布收费目录清单，"
    "清单之外一律不得收费。（市发展改革委、市市场监管委负责）",
    "3.深化“提前申报”“两步申报”改革，到2023年底，进口整体通关时间压缩至30小时以内。（天津海关负责）",
    "4.推进天津港智慧港口建设，推广集装箱设备交接单和提货单电子化，提升港口作业效率。"
    "（市交通运输委牵头，天津港集团、天津海关配合）",
    "5.优化进出口商品检验监管模式，对符合条件的进口商品实施“检验结果采信”，扩大第三方检验结果采信范围，"
    "进一步压缩检验检疫时间。（天津海关负责）",
    "6.加强口岸通关信息公开，在“单一窗口”公布口岸作业时限和通关流程，接受社会监督，"
    "及时回应企业关切，持续提升企业获得感。（市商务局、天津海关、天津港集团按职责分工负责）",
    "二、保障措施",
    "（一）加强组织领导。各部门要建立工作机制，确保各项任务落实到位。",
)
TIANJIN_SIGNATURE = ("天津市人民政府办公厅", "2023年5月10日")

QINGDAO_TITLE = "青岛市人民政府办公厅关于推进跨境贸易便利化的实施意见"
QINGDAO_NUMBER = "青政办字〔2024〕5号"
QINGDAO_BODY = (
    "各区、市人民政府，市政府各部门：",
    "为持续优化口岸营商环境，促进跨境贸易便利化，提出如下意见。",
    "一、主要任务",
    "1.推广“提前申报”模式。到2024年底，进口整体通关时间压缩至30小时以内。（青岛海关牵头，市商务局配合）",
    "2.推进港口智慧化改造，推广无纸化作业。（市交通运输局、山东港口青岛港集团按职责分工负责）",
    "3.降低口岸收费，清理规范口岸经营服务性收费。（市发展改革委负责）",
)
QINGDAO_TABLE = (
    ("序号", "重点任务", "牵头单位", "配合单位", "完成时限"),
    ("4", "推进“两步申报”改革。", "青岛海关", "市商务局、市财政局", "2024年底前"),
    ("5", "扩大“船边直提”试点。", "市交通运输局", "青岛海关", "持续推进"),
)
QINGDAO_SIGNATURE = ("青岛市人民政府办公厅", "2024年2月1日")

_PAGE_STYLE = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
        @bottom-center { content: "— " counter(page) " —"; font: 14pt 'Noto Serif CJK SC'; } }
body { font: 16pt/1.75 'Noto Serif CJK SC'; margin: 0; }
p { margin: 0; text-indent: 2em; text-align: justify; }
h1 { font-size: 20pt; font-weight: normal; text-align: center; margin: 0 0 1em; }
.number { text-align: center; text-indent: 0; margin-bottom: 1em; }
.to { text-indent: 0; }
.signature { text-align: right; text-indent: 0; }
.signature:first-of-type { margin-top: 2em; }
"""


def notice_page() -> str:
    """The Tianjin notice as an HTML page set for printing."""
    paragraphs = [f'<p class="number">{html.escape(TIANJIN_NUMBER)}</p>',
                  f'<p class="to">{html.escape(TIANJIN_BODY[0])}</p>']
    paragraphs += [f"<p>{html.escape(text)}</p>" for text in TIANJIN_BODY[1:]]
    paragraphs += [f'<p class="signature">{html.escape(text)}</p>' for text in TIANJIN_SIGNATURE]
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{_PAGE_STYLE}</style>'
            f"</head><body><h1>{html.escape(TIANJIN_TITLE)}</h1>{''.join(paragraphs)}</body></html>")


def _chromium(tmp: str, *args: str) -> None:
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp}/profile", *args], check=True, capture_output=True, timeout=120)


def write_pdf(target: Path) -> None:
    """Print the Tianjin notice to ``target`` with headless Chromium."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "notice.html"
        page.write_text(notice_page(), encoding="utf-8")
        _chromium(tmp, f"--print-to-pdf={target}", page.as_uri())


def write_scanned_pdf(target: Path) -> None:
    """Print a picture of the Tianjin notice's first page to ``target``: a PDF without text."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "notice.html"
        page.write_text(notice_page(), encoding="utf-8")
        _chromium(tmp, f"--screenshot={tmp}/scan.png", "--hide-scrollbars", "--window-size=620,877",
                  page.as_uri())
        scan = Path(tmp) / "scan.html"
        scan.write_text('<!DOCTYPE html><html><head><style>@page { size: A4; margin: 0; } body { margin: 0; }'
                        '</style></head><body><img src="scan.png" '
                        'style="display: block; width: 209mm; height: 296mm"></body></html>',
                        encoding="utf-8")
        _chromium(tmp, f"--print-to-pdf={target}", scan.as_uri())


def write_docx(target: Path) -> None:
    """Write the Qingdao opinion to ``target`` with python-docx."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(16)
    title = document.add_paragraph(QINGDAO_TITLE)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(QINGDAO_NUMBER).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(QINGDAO_BODY[0])
    for text in QINGDAO_BODY[1:]:
        document.add_paragraph(text).paragraph_format.first_line_indent = Pt(32)
    table = document.add_table(rows=len(QINGDAO_TABLE), cols=len(QINGDAO_TABLE[0]))
    for row, values in zip(table.rows, QINGDAO_TABLE, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for text in QINGDAO_SIGNATURE:
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.core_properties.title = QINGDAO_TITLE
    document.save(str(target))


def main() -> int:
    """Write the three fixtures and say where."""
    write_pdf(DATA / "tianjin_port_notice.pdf")
    write_scanned_pdf(DATA / "scanned_notice.pdf")
    write_docx(DATA / "qingdao_trade_opinion.docx")
    for name in ("tianjin_port_notice.pdf", "scanned_notice.pdf", "qingdao_trade_opinion.docx"):
        print(f"wrote {DATA / name} ({(DATA / name).stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
