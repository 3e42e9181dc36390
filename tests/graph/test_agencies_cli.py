"""`tradekg agencies unresolved` and `tradekg build --agencies`: from unknown bodies to rows and back."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main

PLAN = ("重庆市推进口岸物流的实施方案\n渝口岸物流发〔2022〕3号\n一、任务\n"
        "1. 推进甲任务。（市口岸物流办牵头，市未知局、某某协调办配合）\n"
        "2. 推进乙任务。（市未知局负责）\n重庆市人民政府口岸和物流办公室\n2022年3月1日\n")
OTHER = "某方案\n一、任务\n1. 甲任务。（海关总署负责）\n海关总署\n2021年9月1日\n"
HEADER = ["key", "name_zh", "name_en", "kind", "level", "jurisdiction", "parent", "aliases", "count",
          "first_seen"]


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "cq.txt").write_text(PLAN, encoding="utf-8")
    (folder / "other.txt").write_text(OTHER, encoding="utf-8")
    return folder


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _fill(rows_csv: Path, filled: Path) -> None:
    """What the person does: give each row a key and an English name, keep the rest."""
    rows = _rows(rows_csv.read_text(encoding="utf-8"))
    names = {"某某协调办": ("cq.coordination", "Coordination Office"),
             "重庆市未知局": ("cq.unknown", "Chongqing Unknown Bureau")}
    for row in rows:
        row["key"], row["name_en"] = names[row["name_zh"]]
    with filled.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)


def _agencies(out: Path) -> dict[str, dict[str, str]]:
    return {row["agency"]: row for row in _rows((out / "tables" / "agencies.csv").read_text(encoding="utf-8"))}


def test_unresolved_bodies_round_trip_through_a_filled_file(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(corpus), "--out", str(out), "-j", "1", "-q")[0] == 0
    rows_csv = tmp_path / "rows.csv"
    code, _, err = run("agencies", "unresolved", "--out-dir", str(out), "--out", str(rows_csv))
    assert code == 0
    assert f"Wrote 2 row(s) to {rows_csv}" in err
    table = list(csv.reader(io.StringIO(rows_csv.read_text(encoding="utf-8"))))
    assert table[0] == HEADER
    assert [row[:9] for row in table[1:]] == [
        ["", "某某协调办", "", "agency", "provincial", "500000", "", "", "1"],
        ["", "重庆市未知局", "", "agency", "provincial", "500000", "", "市未知局", "2"]]
    assert all(row[9].endswith("cq.txt:4") for row in table[1:])

    filled = tmp_path / "filled.csv"
    _fill(rows_csv, filled)
    code, printed, _ = run("build", str(corpus), "--out", str(out), "-j", "1", "--agencies", str(filled))
    assert code == 0, printed
    assert "0 unresolved" in printed
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["unresolved"] == []
    assert report["timing"]["files_reused"] == 0  # the user's file is part of every file's key
    agencies = _agencies(out)
    assert {k: (agencies[k]["name_en"], agencies[k]["level"], agencies[k]["resolved"])
            for k in ("某某协调办", "重庆市未知局")} == {
        "某某协调办": ("Coordination Office", "provincial", "true"),
        "重庆市未知局": ("Chongqing Unknown Bureau", "provincial", "true")}
    code, listed, _ = run("agencies", "unresolved", "--out-dir", str(out))
    assert (code, listed) == (0, ",".join(HEADER) + "\n")

    fresh = tmp_path / "fresh"
    assert run("build", str(corpus), "--out", str(fresh), "-j", "1", "-q", "--agencies", str(filled))[0] == 0
    for name in ("graph.ttl", "graph.nt", "tables/agencies.csv", "tables/responsibilities.csv"):
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name

    assert run("build", str(corpus), "--out", str(out), "-j", "1", "-q", "--agencies", str(filled))[0] == 0
    again = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert again["timing"]["files_reused"] == 2  # the same file again: every cached parse reused


def test_workers_resolve_with_the_users_file_from_the_environment(corpus: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    second = tmp_path / "second.csv"
    first.write_text(",".join(HEADER[:8]) + "\ncq.unknown,重庆市未知局,First,agency,provincial,500000,,市未知局\n",
                     encoding="utf-8")
    second.write_text(",".join(HEADER[:8]) + "\ncq.coordination,某某协调办,Second,agency,provincial,500000,,\n",
                      encoding="utf-8")
    out = tmp_path / "out"
    code, printed, _ = run("build", str(corpus), "--out", str(out), "--jobs", "2",
                           env={"TRADEKG_AGENCIES": os.pathsep.join([str(first), str(second)])})
    assert code == 0, printed
    assert "0 unresolved" in printed
    agencies = _agencies(out)
    assert (agencies["重庆市未知局"]["name_en"], agencies["某某协调办"]["name_en"]) == ("First", "Second")


def test_a_wrong_users_file_is_one_message_and_nothing_is_written(corpus: Path, tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(",".join(HEADER) + "\n,重庆市未知局,,agency,provincial,500000,,市未知局,2,cq.txt:4\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run("build", str(corpus), "--out", str(out), "--agencies", str(rows))
    assert code == 1
    assert err == (f"Error: {rows}:2: every agency needs a key and a name_zh (fill them in, or delete "
                   "the row)\n")
    assert not out.exists()


def test_a_missing_users_file_is_a_usage_error(corpus: Path, tmp_path: Path) -> None:
    code, _, err = run("build", str(corpus), "--out", str(tmp_path / "out"), "--agencies",
                       str(tmp_path / "nope.csv"))
    assert code == 2
    assert err.endswith("Error: Invalid value for '--agencies' (env var: 'TRADEKG_AGENCIES'): "
                        f"File '{tmp_path / 'nope.csv'}' does not exist.\n")


def test_unresolved_without_a_build_says_what_to_run(tmp_path: Path) -> None:
    code, _, err = run("agencies", "unresolved", "--out-dir", str(tmp_path / "none"))
    assert code == 1
    assert err == (f"Error: {tmp_path / 'none'}/graph.ttl not found; run `tradekg build --out "
                   f"{tmp_path / 'none'}` first\n")


def test_unresolved_of_a_damaged_report_names_it(tmp_path: Path) -> None:
    code, _, _ = run("build", "--out", str(tmp_path / "out"), "-q")
    assert code == 0
    report = (tmp_path / "out" / "report.json").resolve()
    report.write_text("{", encoding="utf-8")
    code, _, err = run("agencies", "unresolved", "--out-dir", str(tmp_path / "out"))
    assert code == 1
    assert err.startswith(f"Error: {tmp_path / 'out'}/report.json: cannot be read (")
    assert err.endswith(f"; run `tradekg build --out {tmp_path / 'out'}` again\n")
    assert "Traceback" not in err


def test_build_help_names_the_environment_setting() -> None:
    shown = CliRunner().invoke(main, ["build", "--help"], terminal_width=200)
    assert shown.exit_code == 0
    assert "env var: TRADEKG_AGENCIES" in shown.output
    assert "tradekg build ~/policies/ --agencies my-agencies.csv" in shown.output
