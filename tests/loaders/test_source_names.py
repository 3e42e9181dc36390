"""The name a file is shown under: below the folder given, else its file name; never where the corpus is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import corpus_files
from loaders.source_names import source_name, source_names


@pytest.mark.parametrize(("path", "roots", "name"), [
    ("/srv/policies/plan.txt", ["/srv/policies"], "plan.txt"),
    ("/srv/policies/2021/sub/plan.txt", ["/srv/policies"], "2021/sub/plan.txt"),
    ("corpus/sub/plan.txt", ["corpus"], "sub/plan.txt"),
    ("corpus/sub/plan.txt", ["corpus/sub", "corpus"], "sub/plan.txt"),
    ("corpus/sub/plan.txt", ["corpus", "corpus/sub"], "sub/plan.txt"),
    ("corpus/sub/plan.txt", ["corpus/sub/plan.txt"], "plan.txt"),
    ("corpus/sub/plan.txt", ["corpus/sub/plan.txt", "corpus"], "sub/plan.txt"),
    ("plan.txt", ["."], "plan.txt"),
    ("sub/plan.txt", ["."], "sub/plan.txt"),
    ("../shared/plan.txt", ["../shared"], "plan.txt"),
    ("/elsewhere/plan.txt", ["corpus"], "plan.txt"),
])
def test_a_file_is_named_below_the_outermost_folder_given(path: str, roots: list[str], name: str) -> None:
    assert source_name(path, roots) == name


def test_names_of_a_walked_folder_are_its_paths_below_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "a" / "b").mkdir(parents=True)
    for relative in ("top.txt", "a/mid.txt", "a/b/deep.html"):
        (corpus / relative).write_text("一、任务", encoding="utf-8")
    files, _ = corpus_files([corpus])
    assert sorted(source_names(files, [corpus]).values()) == ["a/b/deep.html", "a/mid.txt", "top.txt"]
    moved = tmp_path / "elsewhere" / "copy"
    moved.parent.mkdir()
    corpus.rename(moved)
    files, _ = corpus_files([moved])
    assert sorted(source_names(files, [moved]).values()) == ["a/b/deep.html", "a/mid.txt", "top.txt"]
