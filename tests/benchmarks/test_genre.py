"""The genre generator: the same seed gives the same bytes, the genre varies, tradekg reads it exactly."""

from __future__ import annotations

import doctest
import json
import re
import statistics
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

import benchmarks.genre
import benchmarks.genre_clauses
import benchmarks.genre_reference
import benchmarks.truth
from benchmarks.genre import (
    FORMS,
    Truth,
    compare,
    generate_corpus,
    generate_hostile,
    main,
    read_truth,
    write_truth,
)


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.fixture(scope="module")
def corpus200(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth]:
    directory = tmp_path_factory.mktemp("genre200")
    return directory, generate_corpus(directory, 200, seed=11)


@pytest.fixture(scope="module")
def built40(tmp_path_factory: pytest.TempPathFactory) -> tuple[Truth, Path]:
    """A 40-document corpus built by the real pipeline (SHACL validation skipped for time)."""
    from graph import build

    corpus, out = tmp_path_factory.mktemp("genre40"), tmp_path_factory.mktemp("genre40-out")
    truth = generate_corpus(corpus, 40, seed=2024)
    build([corpus], out, validate=False)
    return truth, out


# -- determinism --------------------------------------------------------------------------


def test_same_seed_gives_same_bytes(tmp_path: Path) -> None:
    first = generate_corpus(tmp_path / "a", 25, seed=3)
    second = generate_corpus(tmp_path / "b", 25, seed=3)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert first == second


def test_different_seed_gives_different_documents(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "a", 25, seed=3)
    generate_corpus(tmp_path / "b", 25, seed=4)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a.keys() == b.keys()
    assert sum(a[name] != b[name] for name in a) == 25


def test_smaller_corpus_is_a_prefix_of_a_larger_one(tmp_path: Path) -> None:
    small = generate_corpus(tmp_path / "small", 10, seed=5)
    generate_corpus(tmp_path / "large", 30, seed=5)
    large = _files(tmp_path / "large")
    assert all(large[name] == data for name, data in _files(tmp_path / "small").items())
    assert len(small.documents) >= 10


def test_files_are_distinct_documents(corpus200: tuple[Path, Truth]) -> None:
    directory, truth = corpus200
    assert len(set(_files(directory).values())) == 200
    ids = [d.doc_id for d in truth.documents]
    assert len(ids) == len(set(ids))
    assert {d.source_file for d in truth.documents} == {f"doc{i:05d}.txt" for i in range(200)}


def test_truth_round_trips_through_csv(tmp_path: Path, corpus200: tuple[Path, Truth]) -> None:
    _, truth = corpus200
    paths = write_truth(truth, tmp_path / "truth.csv")
    assert sorted(p.name for p in paths.values()) == [
        "truth.csv", "truth.documents.csv", "truth.measures.csv"]
    header = (tmp_path / "truth.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "doc_id,measure_number,agency,agency_as_written,role,rank,open_ended,clause"
    assert read_truth(tmp_path / "truth.csv") == truth


# -- variety ------------------------------------------------------------------------------


def _family(numbering: str) -> str:
    """（一）/run -> （一）; １．/restart -> 1.; 1、/run -> 1、."""
    style = numbering.split("/")[0].translate(str.maketrans("１", "1")).replace("．", ".")
    return style


def test_numbering_styles_all_occur(corpus200: tuple[Path, Truth]) -> None:
    directory, truth = corpus200
    plans = [d for d in truth.documents if d.numbering]
    families = Counter(_family(d.numbering) for d in plans)
    assert {s: families[s] >= 8 for s in ("1.", "1、", "（1）", "（一）", "一、")} == dict.fromkeys(
        ("1.", "1、", "（1）", "（一）", "一、"), True), families
    runs = Counter((_family(d.numbering), d.numbering.split("/")[1]) for d in plans)
    assert runs[("（一）", "run")] >= 10 and runs[("1.", "restart")] >= 10, runs
    full_width = [d for d in plans if "１" in d.numbering]
    assert len(full_width) >= 10
    text = {p.name: p.read_text(encoding="utf-8-sig") for p in directory.iterdir()}
    assert all(re.search(r"^\s*[（(]?１[.．、）)]", text[d.source_file], re.M) for d in full_width)
    depths = Counter(d.depth for d in plans)
    assert min(depths[0], depths[1], depths[2]) >= 15, depths


def test_clause_forms_all_occur(corpus200: tuple[Path, Truth]) -> None:
    _, truth = corpus200
    forms = Counter(f for d in truth.documents for f in d.forms)
    assert {f: forms[f] >= 10 for f in FORMS} == dict.fromkeys(FORMS, True), forms
    clauses = Counter(r.clause for r in truth.responsibilities)
    joined = "\n".join(clauses)
    for marker in ("排名第一的单位为牵头单位，下同", "按职责分工负责", "等相关部门按职责分工负责", "牵头单位：",
                   "责任单位：", "指导", "会同有关部门负责", "适用范围：", "年底前，牵头单位：", "和各",
                   "各区县（自治县）人民政府", "区、市"):
        assert marker in joined, marker
    widest = Counter((r.doc_id, r.measure_number, r.clause) for r in truth.responsibilities)
    assert max(widest.values()) >= 8  # long lists occur, below the 300 characters tradekg reads
    assert max(len(c) for c in clauses) <= 300
    half = [c for c in clauses if c.startswith("(")]
    assert len(half) >= 50 and all(c.endswith(")") for c in half)
    roles = Counter(r.role for r in truth.responsibilities)
    assert min(roles.values()) >= 100 and set(roles) == {"lead", "joint", "participant", "guide"}
    assert sum(r.open_ended for r in truth.responsibilities) >= 200


def test_levels_kinds_and_jurisdictions_all_occur(corpus200: tuple[Path, Truth]) -> None:
    _, truth = corpus200
    levels = Counter(d.level for d in truth.documents)
    assert min(levels["national"], levels["provincial"], levels["municipal"]) >= 30, levels
    kinds = Counter(d.kind for d in truth.documents)
    assert set(kinds) == {"national_notice", "local_notice", "transmittal_notice",
                          "transmitted_plan", "plan"}
    assert kinds["transmittal_notice"] == kinds["transmitted_plan"] >= 20
    assert min(kinds.values()) >= 20, kinds
    places = Counter(d.jurisdiction for d in truth.documents)
    assert {"CN", "370000", "340000", "500000", "370100", "370200"} <= set(places)
    without_number = [d for d in truth.documents if d.kind in ("plan", "transmitted_plan")]
    assert all(d.doc_id == f"{d.title}（{d.date}）" for d in without_number)


def test_lengths_are_skewed_like_real_documents(corpus200: tuple[Path, Truth]) -> None:
    _, truth = corpus200
    lengths = [d.n_measures for d in truth.documents if d.numbering]
    assert min(lengths) >= 3 and max(lengths) <= 80
    assert 10 <= statistics.median(lengths) <= 30
    assert sum(10 <= n <= 30 for n in lengths) / len(lengths) >= 0.5
    assert sum(n > 30 for n in lengths) >= 5


def test_local_bodies_are_written_in_context(corpus200: tuple[Path, Truth]) -> None:
    _, truth = corpus200
    place = {d.doc_id: d.jurisdiction for d in truth.documents}
    meanings: dict[str, set[tuple[str, str]]] = {}
    for r in truth.responsibilities:
        meanings.setdefault(r.agency_as_written, set()).add((place[r.doc_id], r.agency))
    ndrc = {"市发展改革委", "市发改委", "市发展和改革委员会", "市发展和改革委"}
    cities = {code: agency for form in ndrc for code, agency in meanings.get(form, ())}
    assert cities == {"370100": "济南市发展和改革委员会", "370200": "青岛市发展和改革委员会",
                      "500000": "重庆市发展和改革委员会"}
    assert {"370100", "370200"} <= {code for code, _ in meanings["市财政局"]}
    assert len({agency for _, agency in meanings["市财政局"]}) >= 2  # one spelling, several bodies
    assert ("CN", "国家发展和改革委员会") in meanings["发展改革委"]


# -- exact extraction ----------------------------------------------------------------------


def test_generated_corpus_is_read_exactly(built40: tuple[Truth, Path]) -> None:
    truth, out = built40
    comparison = compare(truth, out)
    assert comparison.mismatches == 0, comparison.summary()
    assert comparison.found == comparison.expected == len(truth.responsibilities)
    assert comparison.precision == comparison.recall == 1.0


def test_build_of_generated_corpus_has_no_unresolved_agency_or_error(
        built40: tuple[Truth, Path]) -> None:
    truth, out = built40
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["unresolved"] == []
    assert [f for f in report["findings"] if f["severity"] in ("error", "warning")] == []
    assert report["documents"] == len(truth.documents)
    assert report["measures"] == len(truth.measures)
    assert report["responsibilities"] == len(truth.responsibilities)


def test_compare_names_every_difference(built40: tuple[Truth, Path]) -> None:
    truth, out = built40
    first, second = truth.responsibilities[0], truth.responsibilities[1]
    wrong = replace(first, role="guide" if first.role != "guide" else "lead")
    doctored = Truth(truth.documents[1:], truth.measures,
                     (wrong, *truth.responsibilities[2:]))
    comparison = compare(doctored, out)
    assert comparison.differing == ((wrong, first),)
    assert comparison.extra == (second,) and comparison.missing == ()
    assert [m.field for m in comparison.documents] == ["document"]
    assert comparison.matched == comparison.expected - 1 == comparison.found - 2
    assert comparison.recall < 1.0 and comparison.precision < comparison.recall


def test_command_line_compare_exits_zero_when_exact(built40: tuple[Truth, Path], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    truth, out = built40
    write_truth(truth, tmp_path / "truth.csv")
    assert main(["compare", str(tmp_path / "truth.csv"), str(out)]) == 0
    assert "0 mismatches" in capsys.readouterr().out
    write_truth(Truth(truth.documents, truth.measures, truth.responsibilities[1:]), tmp_path / "t.csv")
    assert main(["compare", str(tmp_path / "t.csv"), str(out)]) == 1


def test_command_line_writes_corpus_and_truth_beside_it(tmp_path: Path) -> None:
    assert main(["generate", str(tmp_path / "corpus"), "5", "--seed", "2"]) == 0
    assert read_truth(tmp_path / "corpus-truth.csv") == generate_corpus(tmp_path / "again", 5, seed=2)
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir())[-1] == "doc00004.txt"


# -- hostile sizes -------------------------------------------------------------------------


def test_hostile_documents_have_the_size_asked_for(tmp_path: Path) -> None:
    agencies = generate_hostile(tmp_path, "many_agencies", 500)
    assert len({r.agency_as_written for r in agencies.responsibilities}) == 500
    assert any(r.agency == r.agency_as_written and r.agency.startswith("国家")
               and r.agency.endswith("事务局") for r in agencies.responsibilities)
    measures = generate_hostile(tmp_path, "many_measures", 1234)
    assert len(measures.measures) == 1234 == measures.documents[0].n_measures
    assert len({m.number for m in measures.measures}) == 1234
    assert generate_hostile(tmp_path, "unclosed_parens", 20_000) == Truth()
    line = (tmp_path / "unclosed_parens.txt").read_text(encoding="utf-8").rstrip("\n")
    assert len(line) == 20_000 and "\n" not in line
    assert [m.start() for m in re.finditer("（", line)] == list(range(0, 20_000, 500))
    assert "）" not in line
    with pytest.raises(ValueError, match="unknown hostile kind"):
        generate_hostile(tmp_path, "many_files", 3)


@pytest.mark.parametrize("module", [benchmarks.genre, benchmarks.genre_clauses,
                                    benchmarks.genre_reference, benchmarks.truth])
def test_docstring_examples_run(module: object) -> None:
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert failed == 0
