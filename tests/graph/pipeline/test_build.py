"""The main job at any scale: the same bytes whatever the workers, incremental rebuilds equal fresh ones."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.pipeline import Progress, build
from graph.rdf.store import open_store

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"
SAMPLE = Path(__file__).resolve().parents[3] / "loaders" / "sample_corpus"


def _files(out: Path) -> dict[str, bytes]:
    """Every output file a user reads, by path (the cache and the store's internals left out)."""
    names = ["graph.nt", "graph.ttl", *(f"tables/{n}.csv" for n in ("documents", "measures", "responsibilities",
                                                                   "agencies"))]
    found = {name: (out / name).read_bytes() for name in names}
    for folder in ("views", "site", "assets"):
        found.update({str(p.relative_to(out)): p.read_bytes() for p in sorted((out / folder).iterdir())})
    return found


def _report(out: Path) -> dict[str, object]:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    del report["timing"], report["outputs"]
    return report


def _store(out: Path) -> set[str]:
    store = ox.Store.read_only(str(out / "store"))
    return {str(q) for q in store}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(CORPUS.iterdir()):
        shutil.copy2(path, folder / path.name)
    for path in sorted(SAMPLE.glob("*.txt")):
        shutil.copy2(path, folder / path.name)
    return folder


def test_parallel_and_serial_builds_give_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    serial = build([corpus], tmp_path / "serial", jobs=1)
    parallel = build([corpus], tmp_path / "parallel", jobs=2)
    assert serial.report.documents == parallel.report.documents == 20
    assert _files(tmp_path / "serial") == _files(tmp_path / "parallel")
    assert _report(tmp_path / "serial") == _report(tmp_path / "parallel")
    assert _store(tmp_path / "serial") == _store(tmp_path / "parallel")
    assert len(_store(tmp_path / "serial")) == serial.report.triples


def test_incremental_rebuild_after_add_change_remove_equals_a_fresh_build(corpus: Path, tmp_path: Path) -> None:
    work = tmp_path / "corpus"
    shutil.copytree(corpus, work)
    added = work / "99_added.txt"
    (work / "99_added.txt.hold").write_bytes((work / "01_wankaifangban2022-6_anhui-rcep-trade-rules.txt").read_bytes())
    first = build([work], tmp_path / "out", jobs=2)
    assert first.report.timing["files_reused"] == 0
    changed = work / "gacc-2021-85_cross-border-trade-notice.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("推进海关全业务领域一体化", "推进海关全业务一体化"),
                       encoding="utf-8")
    (work / "16_qingdao2024_marine-ai-model-cluster-plan.txt").unlink()
    (work / "99_added.txt.hold").rename(added)
    added.write_text(added.read_text(encoding="utf-8").replace("皖开放办", "皖开办"), encoding="utf-8")
    again = build([work], tmp_path / "out", jobs=2)
    build([work], tmp_path / "fresh", jobs=2)
    assert again.report.timing["files_reused"] == 16  # 18 files: one changed, one added
    assert again.report.timing["store"] == "updated (2 documents out, 2 in)"
    assert _files(tmp_path / "out") == _files(tmp_path / "fresh")
    assert _report(tmp_path / "out") == _report(tmp_path / "fresh")
    assert _store(tmp_path / "out") == _store(tmp_path / "fresh")
    titles = (tmp_path / "out" / "tables" / "measures.csv").read_text(encoding="utf-8")
    assert "推进海关全业务一体化" in titles and "推进海关全业务领域一体化" not in titles
    assert not any("qingdao2024" in name for name in _files(tmp_path / "out"))


def test_the_store_answers_queries_without_loading_the_graph(corpus: Path, tmp_path: Path) -> None:
    result = build([SAMPLE], tmp_path, jobs=1)
    store = open_store(tmp_path)
    # 4349, the 16 measure alignments (133), the lineage of the named bodies (145) and the citations' links and
    # typed targets (16: 7 eli:cites, 2 eli:implements, 7 eli:LegalResource)
    assert len(store) == result.report.triples == 4643
    with pytest.raises(RuntimeError, match="read-write"):
        store.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("o")))


def test_progress_shows_every_phase_as_plain_lines_off_a_terminal(tmp_path: Path) -> None:
    stream = io.StringIO()
    build([SAMPLE], tmp_path, jobs=1, progress=Progress(stream=stream, tty=False))
    phases = [line.split(":", 1)[0] for line in stream.getvalue().splitlines()]
    assert phases == ["parse", "graph", "store", "validate", "views"]
    assert stream.getvalue().startswith("parse: 2 files in ")


def test_progress_draws_bars_on_a_terminal(tmp_path: Path) -> None:
    stream = io.StringIO()
    build([SAMPLE], tmp_path, jobs=1, progress=Progress(stream=stream, tty=True))
    assert "\r" in stream.getvalue() and "2/2" in stream.getvalue()


def test_quiet_build_prints_nothing(tmp_path: Path) -> None:
    done = CliRunner().invoke(main, ["build", "-q", "--jobs", "1", "--out", str(tmp_path)])
    assert done.exit_code == 0 and done.stdout == "" and done.stderr == ""


def test_report_records_seconds_per_phase_and_peak_memory(tmp_path: Path) -> None:
    build([SAMPLE], tmp_path, jobs=1)
    timing = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["timing"]
    assert list(timing["seconds"]) == ["parse", "graph", "store", "validate", "views", "alignment"]
    assert timing["seconds"]["alignment"] <= timing["seconds"]["graph"]  # a part of the graph phase
    assert timing["peak_memory_mb"] > 50 and timing["jobs"] == 1 and timing["files_reused"] == 0
    after = timing["peak_memory_mb_after"]  # the peak so far as each phase ended: never falls
    assert list(after) == ["parse", "graph", "store", "validate", "views"]
    assert list(after.values()) == sorted(after.values()) and after["views"] <= timing["peak_memory_mb"]


def test_the_output_folder_inside_the_input_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in SAMPLE.glob("*.txt"):
        shutil.copy2(path, tmp_path / path.name)
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(main, ["build", ".", "-q", "--jobs", "1"])
    again = CliRunner().invoke(main, ["build", ".", "--jobs", "1"])
    assert first.exit_code == again.exit_code == 0, again.output
    assert again.stdout.startswith("Read 2 file(s): 3 documents, 44 measures, 137 responsibilities")
    notes = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["findings"]
    skipped = [f for f in notes if f["kind"] == "output_folder"]
    assert len(skipped) == 1 and skipped[0]["message"].startswith("skipped ")
    assert skipped[0]["message"].endswith(" file(s) in the output folder out/ of an earlier build")


def test_the_build_check_gives_what_pyshacl_gives_on_the_whole_graph(corpus: Path, tmp_path: Path) -> None:
    from rdflib import Graph

    from graph.rdf.validate import validate_graph

    result = build([corpus], tmp_path, jobs=2)
    assert result.validation is not None and result.validation.conforms
    assert result.validation == validate_graph(Graph().parse(tmp_path / "graph.nt", format="nt"))


def test_a_document_another_file_cites_is_checked_with_the_whole_graph(tmp_path: Path) -> None:
    from rdflib import Graph

    from graph.rdf.validate import validate_graph

    shutil.copy2(SAMPLE / "gacc-2021-85_cross-border-trade-notice.txt", tmp_path / "notice.txt")
    (tmp_path / "plan.txt").write_text(
        "某市促进跨境贸易便利化实施方案\n为贯彻落实《关于深化跨境贸易便利化改革的通知》（署岸发〔2021〕85号），制定本方案。\n"
        "一、重点任务\n"
        "1. 推进口岸数字化。（海关总署负责）\n海关总署\n2021年9月1日\n", encoding="utf-8")
    result = build([tmp_path], tmp_path / "out", jobs=1)
    cited = "<https://w3id.org/tradekg/id/doc/%E7%BD%B2%E5%B2%B8%E5%8F%91%E3%80%942021%E3%80%9585%E5%8F%B7>"
    lines = (tmp_path / "out" / "graph.nt").read_text(encoding="utf-8").splitlines()
    # The number names the notice of the corpus: the plan points at it, and only the notice describes it.
    assert sum(line.startswith(f"{cited} <http://purl.org/dc/terms/identifier>") for line in lines) == 1
    assert sum(line.endswith(f"<http://data.europa.eu/eli/ontology#implements> {cited} .") for line in lines) == 1
    assert result.validation == validate_graph(Graph().parse(tmp_path / "out" / "graph.nt", format="nt"))


TITLE_ONLY_PLAN = ("某市深化跨境贸易便利化实施方案\n"
                   "为贯彻落实《关于进一步深化跨境贸易便利化改革优化口岸营商环境的通知》，制定本方案。\n"
                   "一、重点任务\n1. 推进口岸数字化。（海关总署负责）\n海关总署\n2021年9月1日\n")
NOTICE_IRI = "<https://w3id.org/tradekg/id/doc/%E7%BD%B2%E5%B2%B8%E5%8F%91%E3%80%942021%E3%80%9585%E5%8F%B7>"
TITLE_ONLY_IRI = ("<https://w3id.org/tradekg/id/doc/%E5%85%B3%E4%BA%8E%E8%BF%9B%E4%B8%80%E6%AD%A5%E6%B7%B1%E5%8C%96"
                  "%E8%B7%A8%E5%A2%83%E8%B4%B8%E6%98%93%E4%BE%BF%E5%88%A9%E5%8C%96%E6%94%B9%E9%9D%A9%E4%BC%98%E5%8C%96"
                  "%E5%8F%A3%E5%B2%B8%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83%E7%9A%84%E9%80%9A%E7%9F%A5>")


def _citation_lines(out: Path) -> list[str]:
    return sorted(line for line in (out / "graph.nt").read_text(encoding="utf-8").splitlines()
                  if "eli/ontology#" in line or "purl.org/dc/terms/references" in line)


def test_a_citation_by_title_names_the_corpus_document_with_a_number_in_every_build(tmp_path: Path) -> None:
    work = tmp_path / "corpus"
    work.mkdir()
    (work / "plan.txt").write_text(TITLE_ONLY_PLAN, encoding="utf-8")
    alone = build([work], tmp_path / "out", jobs=1)  # the notice is not in the corpus yet: a typed reference
    assert alone.validation is not None and alone.validation.conforms
    lines = _citation_lines(tmp_path / "out")
    assert f"{TITLE_ONLY_IRI} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " \
           "<http://data.europa.eu/eli/ontology#LegalResource> ." in lines
    shutil.copy2(SAMPLE / "gacc-2021-85_cross-border-trade-notice.txt", work / "notice.txt")
    again = build([work], tmp_path / "out", jobs=2)  # incremental: the plan's parse is reused
    fresh = build([work], tmp_path / "fresh", jobs=2)
    serial = build([work], tmp_path / "serial", jobs=1)
    assert again.report.timing["files_reused"] == 1
    plan = "<https://w3id.org/tradekg/id/doc/%E6%9F%90%E5%B8%82%E6%B7%B1%E5%8C%96%E8%B7%A8%E5%A2%83%E8%B4%B8%E6%98%93" \
           "%E4%BE%BF%E5%88%A9%E5%8C%96%E5%AE%9E%E6%96%BD%E6%96%B9%E6%A1%88%EF%BC%882021-09-01%EF%BC%89>"
    assert [line for line in _citation_lines(tmp_path / "out") if line.startswith(plan)] == [
        f"{plan} <http://data.europa.eu/eli/ontology#cites> {NOTICE_IRI} .",
        f"{plan} <http://data.europa.eu/eli/ontology#implements> {NOTICE_IRI} .",
        f"{plan} <http://purl.org/dc/terms/references> {NOTICE_IRI} .",
    ]
    assert not any(line.startswith(TITLE_ONLY_IRI) for line in _citation_lines(tmp_path / "out"))
    assert _files(tmp_path / "out") == _files(tmp_path / "fresh") == _files(tmp_path / "serial")
    assert _store(tmp_path / "out") == _store(tmp_path / "fresh") == _store(tmp_path / "serial")
    assert again.validation == fresh.validation and fresh.validation is not None and fresh.validation.conforms
    assert serial.report.triples == fresh.report.triples
