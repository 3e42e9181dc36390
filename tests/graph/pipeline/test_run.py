"""What a build reads: never what tradekg wrote below its inputs, always the inputs themselves."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main

SAMPLE = Path(__file__).resolve().parents[3] / "loaders" / "sample_corpus"


def copy_sample(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in SAMPLE.glob("*.txt"):
        shutil.copy2(path, folder / path.name)
    return folder


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_a_corpus_inside_an_earlier_output_folder_is_still_read(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    copy_sample(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(main, ["build", "corpus", "--out", ".", "-q", "--jobs", "1"])
    assert first.exit_code == 0 and (tmp_path / ".tradekg").is_dir()
    again = CliRunner().invoke(main, ["build", "corpus", "--out", str(tmp_path / "second"), "--jobs", "1"])
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("Read 2 file(s): 3 documents, 44 measures")


def test_other_output_folders_below_the_input_are_skipped_unopened(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    copy_sample(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["build", ".", "--out", "old/build", "-q", "--jobs", "1"]).exit_code == 0
    os.mkfifo(tmp_path / "old" / "build" / "pipe.html")  # inside an output folder: not even looked at
    result = CliRunner().invoke(main, ["build", ".", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Read 2 file(s): 3 documents, 44 measures")
    notes = {Path(f["file"]).name: f["message"] for f in report(tmp_path / "out")["findings"]
             if f["kind"] in ("output_folder", "not_a_file")}
    assert list(notes) == ["build"]
    assert notes["build"].endswith(" file(s) in the output folder build/ of an earlier build")
    again = CliRunner().invoke(main, ["build", ".", "--jobs", "1", "-q"])  # out/ and old/build/ both skipped
    assert again.exit_code == 0, again.output
    kinds = [f["file"] for f in report(tmp_path / "out")["findings"] if f["kind"] == "output_folder"]
    assert sorted(Path(k).name for k in kinds) == ["build", "out"]


def test_every_data_file_the_per_file_stage_reads_keys_the_cache() -> None:
    """A changed grammar, authority file or shape must not reuse parses made with the old one."""
    from graph.pipeline.run import _REFERENCE_FILES
    from ontology import data_path

    read_elsewhere = {"context.jsonld", "neo4j-mapping.toml",  # exports and Neo4j, not the parse
                      "alignment.toml"}  # alignment runs on the whole corpus, after the parse
    shipped = {p.name for p in data_path("agencies.csv").parent.iterdir()
               if p.suffix in {".csv", ".ttl", ".toml", ".jsonld"}}
    assert shipped - read_elsewhere == set(_REFERENCE_FILES)
