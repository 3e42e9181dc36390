"""The output folder moves from one complete build to the next: links, one state, nothing stale, nothing lost."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner

from graph.cli import main
from graph.pipeline import build
from graph.pipeline.states import OUTPUT_NAMES, SYNC_FILES

SAMPLE = Path(__file__).resolve().parents[3] / "loaders" / "sample_corpus"
NOTICE = "gacc-2021-85_cross-border-trade-notice.txt"
PLAN = "chongqing-2021-6_cross-border-trade-plan.txt"


def outputs(out: Path) -> dict[str, bytes]:
    """Every file a user opens in ``out`` (through its links), by path; the store's internals left out."""
    found: dict[str, bytes] = {}
    for name in OUTPUT_NAMES:
        path = out / name
        if name == "store" or not path.exists():
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        found.update({str(p.relative_to(out)): p.read_bytes() for p in files})
    return found


def listing(out: Path, folder: str) -> list[str]:
    return sorted(p.name for p in (out / folder).iterdir())


def triples(out: Path) -> set[str]:
    return {str(q) for q in ox.Store.read_only(str(out / "store"))}


def states(out: Path) -> list[str]:
    return sorted(p.name for p in (out / ".tradekg" / "states").iterdir())


def corpus(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy2(SAMPLE / name, folder / name)
    return folder


def test_what_a_user_opens_are_links_into_the_one_current_state(tmp_path: Path) -> None:
    build([SAMPLE], tmp_path / "out", jobs=1)
    build([SAMPLE], tmp_path / "out", jobs=1)
    out = tmp_path / "out"
    assert states(out) == ["2"] and os.readlink(out / ".tradekg" / "current") == "states/2"
    assert {name: os.readlink(out / name) for name in OUTPUT_NAMES} == {
        name: f".tradekg/current/{name}" for name in OUTPUT_NAMES}
    assert (out / "graph.ttl").read_text(encoding="utf-8").startswith("@prefix")
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["outputs"]["graph"] == str(
        out / "graph.ttl")


def test_a_rebuild_where_every_input_fails_keeps_the_previous_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "-q", "--jobs", "1", "--out", str(out)]).exit_code == 0
    before = outputs(out)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("", encoding="utf-8")
    (bad / "void.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["build", "-q", "--jobs", "1", "--out", str(out), str(bad)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no document was read from the 2 file(s) given, so the previous build in {out} was kept:\n"
        f"  {bad / 'empty.txt'}: the file holds no text\n"
        f"  {bad / 'void.txt'}: the file holds no text\n")
    assert outputs(out) == before and states(out) == ["1"]


def test_pages_rows_and_triples_of_a_removed_document_are_gone(tmp_path: Path) -> None:
    both = corpus(tmp_path / "both", NOTICE, PLAN)
    build([both], tmp_path / "out", jobs=1)
    assert len(listing(tmp_path / "out", "site")) == 6  # index, three documents, a side-by-side page, its list
    (both / PLAN).unlink()
    again = build([both], tmp_path / "out", jobs=1)
    build([both], tmp_path / "fresh", jobs=1)
    assert listing(tmp_path / "out", "site") == listing(tmp_path / "fresh", "site") == [
        "doc-2021-85-271f46.html", "index.html"]
    assert listing(tmp_path / "out", "views") == listing(tmp_path / "fresh", "views")
    assert not [n for n in listing(tmp_path / "out", "views") if n.startswith("doc-") and "85" not in n]
    assert {k: v for k, v in outputs(tmp_path / "out").items() if k != "report.json"} == {
        k: v for k, v in outputs(tmp_path / "fresh").items() if k != "report.json"}
    assert triples(tmp_path / "out") == triples(tmp_path / "fresh")
    assert again.report.documents == 1 and again.report.timing["store"] == "updated (2 documents out, 0 in)"
    assert "渝口岸物流发" not in (tmp_path / "out" / "tables" / "documents.csv").read_text(encoding="utf-8")


def _as_an_older_tradekg_left_it(out: Path) -> None:
    """Turn a build into the layout of tradekg before states: real files in OUT, bookkeeping in .tradekg/."""
    state = out / ".tradekg" / "current"
    for name in OUTPUT_NAMES:
        (out / name).unlink()
        shutil.move(str(state / name), out / name)
    for name in SYNC_FILES:
        shutil.move(str(state / name), out / ".tradekg" / name)
    shutil.rmtree(out / ".tradekg" / "states")
    (out / ".tradekg" / "current").unlink()
    (out / ".tradekg" / "lock").unlink()


def test_an_output_folder_of_an_older_tradekg_is_moved_into_the_first_state_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([SAMPLE], out, jobs=1)
    before = outputs(out)
    _as_an_older_tradekg_left_it(out)
    (out / "views" / "my-notes.txt").write_text("mine", encoding="utf-8")
    (out / "README.md").write_text("also mine", encoding="utf-8")
    assert not (out / "graph.ttl").is_symlink() and (out / "store").is_dir()
    again = build([SAMPLE], out, jobs=1)
    assert again.report.timing["store"] == "updated (0 documents out, 0 in)"  # the old store, carried over
    assert all((out / name).is_symlink() for name in OUTPUT_NAMES) and states(out) == ["2"]
    assert (out / "views" / "my-notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "README.md").read_text(encoding="utf-8") == "also mine"
    now = outputs(out)
    assert now.pop("views/my-notes.txt") == b"mine"
    assert {k: v for k, v in now.items() if k != "report.json"} == {
        k: v for k, v in before.items() if k != "report.json"}


def test_a_second_build_into_the_same_folder_is_refused_while_one_runs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([SAMPLE], out, jobs=1)
    before = outputs(out)
    with open(out / ".tradekg" / "lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = CliRunner().invoke(main, ["build", "--jobs", "1", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: another tradekg build is writing {out}; wait for it to end, "
                             "or choose another --out\n")
    assert "parse:" not in result.stderr and outputs(out) == before


def test_a_state_a_killed_build_left_is_removed_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([SAMPLE], out, jobs=1)
    left = out / ".tradekg" / "states" / "7"
    (left / "views").mkdir(parents=True)
    (left / "views" / ".doc.html.123.0.partial").write_text("<p", encoding="utf-8")
    build([SAMPLE], out, jobs=1)
    assert states(out) == ["2"]


def test_a_file_where_a_link_goes_is_named_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([SAMPLE], out, jobs=1)
    (out / "tables").unlink()
    (out / "tables").symlink_to(tmp_path)
    result = CliRunner().invoke(main, ["build", "-q", "--jobs", "1", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {out / 'tables'} is where tradekg keeps a link to its current build, "
                             f"and it is not that link; move it out of {out} and build again\n")
    assert os.readlink(out / "tables") == str(tmp_path)


def test_the_outputs_do_not_depend_on_the_order_of_the_arguments(tmp_path: Path) -> None:
    build([SAMPLE / NOTICE, SAMPLE / PLAN], tmp_path / "a", jobs=1)
    build([SAMPLE / PLAN, SAMPLE / NOTICE], tmp_path / "b", jobs=1)
    assert {k: v for k, v in outputs(tmp_path / "a").items() if k != "report.json"} == {
        k: v for k, v in outputs(tmp_path / "b").items() if k != "report.json"}
