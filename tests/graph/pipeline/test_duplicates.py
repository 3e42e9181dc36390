"""Two files with the same 文号 and different texts: the kept one does not depend on the order of the arguments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.pipeline import build
from graph.pipeline.duplicates import Reading, choose
from tests.graph.pipeline.test_states import outputs

NUMBER = "署岸发〔2021〕85号"


def plan(date: str, extra: str = "") -> str:
    return (f"关于深化跨境贸易便利化改革的通知\n{NUMBER}\n一、重点任务\n1. 推进口岸数字化。（海关总署负责）\n"
            f"2. 优化通关模式{extra}。（海关总署牵头，商务部等按职责分工负责）\n海关总署\n{date}\n")


def findings(out: Path) -> list[dict[str, object]]:
    return [f for f in json.loads((out / "report.json").read_text(encoding="utf-8"))["findings"]
            if f["kind"] == "duplicate"]


def test_the_later_text_is_kept_whatever_the_order_and_the_report_says_why(tmp_path: Path) -> None:
    older, newer = tmp_path / "a-draft.txt", tmp_path / "b-final.txt"
    older.write_text(plan("2021年8月1日", "，并推进单一窗口建设"), encoding="utf-8")  # longer, but older
    newer.write_text(plan("2021年8月20日"), encoding="utf-8")
    build([older, newer], tmp_path / "one", jobs=1)
    build([newer, older], tmp_path / "two", jobs=1)
    assert {k: v for k, v in outputs(tmp_path / "one").items() if k != "report.json"} == {
        k: v for k, v in outputs(tmp_path / "two").items() if k != "report.json"}
    assert findings(tmp_path / "one") == findings(tmp_path / "two") == [{
        "severity": "warning", "kind": "duplicate", "file": str(older), "line": 1, "text": None,
        "message": f"{NUMBER} is also in {newer} (line 1), with a different text; kept {newer}: "
                   "its 成文日期 2021-08-20 is later than 2021-08-01"}]
    documents = (tmp_path / "one" / "tables" / "documents.csv").read_text(encoding="utf-8")
    assert "2021-08-20" in documents and "2021-08-01" not in documents


A = Reading(NUMBER, "a.txt", 1, "2021-08-20", 3000, "aa")


@pytest.mark.parametrize(("other", "kept", "why"), [
    (Reading(NUMBER, "b.txt", 4, "2021-08-01", 3200, "bb"), "a.txt",
     "its 成文日期 2021-08-20 is later than 2021-08-01"),
    (Reading(NUMBER, "b.txt", 4, None, 3200, "bb"), "a.txt",
     "it gives a 成文日期 (2021-08-20) and this one does not"),
    (Reading(NUMBER, "b.txt", 4, "2021-08-20", 3200, "bb"), "b.txt",
     "the same 成文日期, and its text is longer (3200 characters against 3000)"),
    (Reading(NUMBER, "b.txt", 4, "2021-08-20", 3000, "a0"), "b.txt",
     "the same 成文日期 and length, and its content digest is the smaller"),
], ids=["later-date", "has-a-date", "longer-text", "smaller-digest"])
def test_the_rule_picks_the_same_reading_in_either_order(other: Reading, kept: str, why: str) -> None:
    forward, backward = choose([A, other]), list(reversed(choose([other, A])))
    assert [f is None for f in forward] == [f is None for f in backward] == [kept == "a.txt", kept == "b.txt"]
    found = next(f for f in forward if f is not None)
    assert found == next(f for f in backward if f is not None)
    assert found.severity.value == "warning"
    assert found.message.endswith(f"with a different text; kept {kept}: {why}")


def test_identical_texts_keep_the_path_that_sorts_first_with_a_note() -> None:
    copy = Reading(NUMBER, "z-copy.txt", 2, A.date, A.length, A.fingerprint)
    for readings in ([A, copy], [copy, A]):
        (note,) = [f for f in choose(readings) if f is not None]
        assert (note.severity.value, note.file, note.line) == ("info", "z-copy.txt", 2)
        assert note.message == f"{NUMBER} is also in a.txt (line 1), identical; kept a.txt, whose path sorts first"
