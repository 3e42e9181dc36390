"""The README is the user's manual: its build output is the real output, its files exist."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_first_lines_are_the_two_commands() -> None:
    lines = README.splitlines()
    assert lines[0] == "```sh"
    assert lines[1].startswith("python3 -m pip install -e . && tradekg build")
    assert lines[2].startswith("python3 -m pip install -e '.[test]' && python3 -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m pip install -e '.[test]' && python3 -m pytest" in ci


def test_build_output_in_readme_is_real(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0
    for line in result.stdout.splitlines():
        assert line in README, line


def test_files_the_readme_names_exist() -> None:
    for name in re.findall(r"\]\(((?:docs|notebooks)/[^)#]+)\)", README):
        assert (ROOT / name).exists(), name
    for name in ("ontology/agencies.csv", "ontology/places.csv", "ontology/concepts.ttl",
                 "ontology/shapes.ttl", "ontology/neo4j-mapping.toml", "scripts/screenshots.py"):
        assert name in README and (ROOT / name).exists(), name
