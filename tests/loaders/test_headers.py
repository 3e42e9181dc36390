"""Headers of every common shape: joint issuers, dates and 文号 above or below the title, 印发 notices.

The fixtures in tests/data/headers/ are written in the genre's style: the same three measures
under headers of different shapes, so what changes is only what the header says.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from loaders import ReferenceData
from loaders.corpus import parse_file

HEADERS = Path(__file__).parents[1] / "data" / "headers"
PLAN = "福建省2099年促进跨境贸易便利化工作方案"
NOTICE = f"关于印发{PLAN}的通知"
JOINT = ["福建省人民政府口岸办公室", "中华人民共和国福州海关"]  # 福州海关 is a direct customs district


@pytest.fixture(scope="module")
def reference() -> ReferenceData:
    return ReferenceData.default()


@pytest.mark.parametrize(("name", "expected"), [
    # Two issuers on one line, the date on the next, then the plan's title.
    ("joint_issuers_date_title.txt", [(f"{PLAN}（2099-04-10）", PLAN, "2099-04-10", JOINT, 3, None)]),
    # Issuers on lines of their own.
    ("issuers_lines.txt", [(PLAN, PLAN, None, JOINT, 3, None)]),
    ("number_below.txt", [("闽口岸办〔2099〕6号", PLAN, None, [], 3, None)]),
    ("number_above.txt", [("闽口岸办〔2099〕7号", PLAN, None, [], 3, None)]),
    ("date_below.txt", [(f"{PLAN}（2099-04-10）", PLAN, "2099-04-10", [], 3, None)]),
    # A joint 印发 notice: issuers, 文号, title, addressees; signed by both bodies on one line.
    ("joint_transmittal.txt", [("闽口岸办〔2099〕5号", NOTICE, "2099-04-10", JOINT, 0, None),
                               (f"{PLAN}（2099-04-10）", PLAN, "2099-04-10", JOINT, 3, "闽口岸办〔2099〕5号")]),
    # The notice's title and the plan's title each broken over two lines.
    ("plan_title_two_lines.txt", [("闽口岸办〔2099〕8号", NOTICE, "2099-04-10", JOINT[:1], 0, None),
                                  (f"{PLAN}（2099-04-10）", PLAN, "2099-04-10", JOINT[:1], 3,
                                   "闽口岸办〔2099〕8号")]),
    # An untitled notice that says 《…》，现予印发, signed, with a contact line, then the plan.
    ("notice_untitled_present_form.txt", [
        ("notice_untitled_present_form（2099-04-10）", "notice_untitled_present_form", "2099-04-10",
         JOINT, 0, None),
        (f"{PLAN}（2099-04-10）", PLAN, "2099-04-10", JOINT, 3,
         "notice_untitled_present_form（2099-04-10）")]),
    # A signature and date between the preamble and the measures do not end the document.
    ("signature_before_measures.txt", [
        ("signature_before_measures（2099-04-10）", "signature_before_measures", "2099-04-10",
         JOINT, 3, None)]),
])
def test_header_shapes_give_title_number_date_and_issuers(
        name: str, expected: list[tuple[object, ...]], reference: ReferenceData) -> None:
    parsed = parse_file(HEADERS / name, reference)
    found = [(d.doc_id, d.title, d.date.isoformat() if d.date else None, [i.name_zh for i in d.issuers],
              len(d.measures), d.transmitted_by) for d in parsed.documents]
    assert found == expected
    assert [f.message for f in parsed.findings if f.severity.name == "ERROR"] == []


def test_a_joint_notice_whose_measures_were_built_is_not_reported_as_not_built(tmp_path: Path) -> None:
    done = CliRunner().invoke(main, ["build", str(HEADERS / "joint_transmittal.txt"), "--out",
                                     str(tmp_path / "out"), "--jobs", "1", "--quiet"])
    assert done.exit_code == 0, done.output
    assert "not built" not in done.output
    rows = (tmp_path / "out" / "tables" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert [r.split(",")[:3] for r in rows[1:]] == [
        ["闽口岸办〔2099〕5号", NOTICE, "2099-04-10"],
        [f"{PLAN}（2099-04-10）", PLAN, "2099-04-10"]]
