"""Faults injected for real: a build killed (SIGKILL) at each phase, a full disk, a read-only folder.

After each, the output folder is a complete state: the previous build, byte for byte, or
the finished new one. The kills run ``tradekg build`` as a subprocess on a generated
corpus; the disk faults use a small tmpfs (root and ``mount`` needed: the tests run as
root on CI), or fall back to a full disk simulated at the write layer.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
from click.testing import CliRunner

import graph.atomic_files
from graph.cli import main
from graph.pipeline import build
from graph.rdf.store import open_store
from tests.graph.pipeline.test_states import outputs, states

SAMPLE = Path(__file__).resolve().parents[3] / "loaders" / "sample_corpus"
FILES = 30
"""Files of the generated corpus: enough for every phase to take a while with --jobs 1."""
REPLACED = 5
"""Files the rebuild drops, and files it adds."""


@dataclass(frozen=True)
class Built:
    corpus: Path
    """Holds the new file set (the old one built into ``out``)."""
    out: Path
    before: dict[str, bytes]
    triples: int


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A complete build of the old file set; the corpus folder then changed to the new set."""
    from benchmarks.genre import generate_corpus

    generated = tmp_path_factory.mktemp("generated")
    generate_corpus(generated, FILES + REPLACED, seed=7)
    files = sorted(generated.glob("*.txt"))
    corpus = tmp_path_factory.mktemp("corpus")
    for path in files[:FILES]:
        shutil.copy2(path, corpus / path.name)
    out = tmp_path_factory.mktemp("work") / "out"
    result = build([corpus], out, jobs=2)
    for path in files[:REPLACED]:
        (corpus / path.name).unlink()
    for path in files[FILES:]:
        shutil.copy2(path, corpus / path.name)
    return Built(corpus, out, outputs(out), result.report.triples)


def _command(corpus: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", "from graph.cli import main; main()", "build", str(corpus), "--out", str(out),
            "--jobs", "1"]


def _after_line(phase: str) -> Callable[[subprocess.Popen[str], Path], None]:
    """Wait for the line a phase prints when it ends (``graph: 40 files in 0.4 s``)."""
    ended = re.compile(rf"{phase}:.* s$")

    def wait(process: subprocess.Popen[str], out: Path) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            if ended.match(line.rstrip("\n")):
                return
        pytest.fail(f"the build ended before the {phase} phase did")

    return wait


def _while_graph_nt_is_written(process: subprocess.Popen[str], out: Path) -> None:
    deadline = time.monotonic() + 60
    while not list((out / ".tradekg" / "states").glob("*/.graph.nt.*.partial")):
        assert process.poll() is None, "the build ended before graph.nt was written"
        assert time.monotonic() < deadline
        time.sleep(0.005)


def _kill_build(corpus: Path, out: Path, wait: Callable[[subprocess.Popen[str], Path], None]) -> Path | None:
    """Run ``tradekg build``, SIGKILL it when ``wait`` returns; the state folder it left, if any."""
    current = os.readlink(out / ".tradekg" / "current")

    def left() -> list[Path]:
        return [p for p in (out / ".tradekg" / "states").iterdir() if f"states/{p.name}" != current]

    with subprocess.Popen(_command(corpus, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True) as process:
        try:
            wait(process, out)
            # The phase's line comes a moment before the build makes its state folder: kill
            # once it is there, so that what the kill leaves behind is a state begun.
            deadline = time.monotonic() + 30
            while not left() and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
        finally:
            process.kill()
            process.wait()
    assert process.returncode == -9
    found = left()
    return found[0] if found else None


def _is_complete(out: Path) -> int:
    """Check every link of ``out`` leads into the current state; the number of documents it holds."""
    current = (out / ".tradekg" / "current").resolve()
    for name in ("graph.ttl", "graph.nt", "report.json", "tables", "views", "site", "assets", "store"):
        assert (out / name).resolve() == current / name
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(open_store(out)) == report["triples"]
    return int(report["documents"])


MOMENTS = {
    "after parse": (_after_line("parse"), None),
    "during graph": (_while_graph_nt_is_written, None),
    "during store": (_after_line("graph"), ("graph.nt", "store.json")),
    "during views": (_after_line("validate"), ("store.json", "report.json")),
}
"""When to kill; what the killed build's state must hold and not yet hold, to show where it was."""


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_build_killed_midway_leaves_the_previous_build(built: Built, moment: str) -> None:
    wait, progress = MOMENTS[moment]
    left = _kill_build(built.corpus, built.out, wait)
    assert left is not None, "the killed build had not started its state"
    if progress is not None:
        written, not_yet = progress
        assert (left / written).exists() and not (left / not_yet).exists()
    assert outputs(built.out) == built.before
    assert states(built.out) == sorted(["1", left.name])
    _is_complete(built.out)
    assert len(open_store(built.out)) == built.triples


def test_a_build_killed_before_its_switch_leaves_a_complete_build_and_the_next_equals_a_fresh_one(
        built: Built, tmp_path: Path) -> None:
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    shutil.copytree(built.out, out, symlinks=True)
    _kill_build(built.corpus, out, _after_line("views"))  # the last moment: the old build, or the new
    documents = _is_complete(out)
    if os.readlink(out / ".tradekg" / "current") == "states/1":
        assert outputs(out) == built.before
    else:  # the new build, whole: a page for each of its documents
        assert len([k for k in outputs(out) if k.startswith("site/doc-")]) == documents
    shutil.copytree(out / ".tradekg" / "cache", fresh / ".tradekg" / "cache")  # parsed already: same bytes
    build([built.corpus], out, jobs=1)
    build([built.corpus], fresh, jobs=1)
    assert len(states(out)) == 1
    mine, theirs = outputs(out), outputs(fresh)
    assert mine.pop("report.json") != theirs.pop("report.json")  # the timing differs, nothing else
    assert mine == theirs
    assert {str(q) for q in open_store(out)} == {str(q) for q in open_store(fresh)}


# ---------------------------------------------------------------- full disk, read-only folder


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[bool]:
    """A tmpfs of ``size`` mounted on ``folder``; False when this machine does not allow it."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, check=False).returncode == 0
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "--lazy", str(folder)], check=True)


def _need_a_mount(mounted: bool) -> None:
    if not mounted and os.environ.get("CI") != "true":
        pytest.skip("mount -t tmpfs is not permitted here")


def _changed_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus, ignore=shutil.ignore_patterns("*.tsv", "*.md"))
    return corpus


def _fill(disk: Path, leave: int) -> Path:
    """Fill the file system of ``disk`` up to ``leave`` bytes free (fewer when it cannot be exact)."""
    filler = disk / "filler"
    stats = os.statvfs(disk)
    size = max(0, stats.f_bfree * stats.f_frsize - leave)
    with open(filler, "wb") as handle:
        try:
            handle.write(b"\0" * size)
            handle.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def test_a_full_disk_is_named_and_the_previous_build_kept(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    disk = tmp_path / "disk"
    with tmpfs(disk, "10m") as mounted:
        _need_a_mount(mounted)
        if not mounted:
            test_a_full_disk_simulated_at_the_write_layer(tmp_path, monkeypatch)
            return
        out, corpus = disk / "out", _changed_corpus(tmp_path)
        build([corpus], out, jobs=1)
        before = outputs(out)
        notice = corpus / "gacc-2021-85_cross-border-trade-notice.txt"
        notice.write_text(notice.read_text(encoding="utf-8").replace("推进海关全业务领域一体化", "推进一体化"),
                          encoding="utf-8")
        filler = _fill(disk, 0)
        early = CliRunner().invoke(main, ["build", "--jobs", "1", "--out", str(out), str(corpus)])
        assert early.exit_code == 1 and "parse:" not in early.stderr
        assert re.fullmatch(rf"Error: no space left on device in the output folder {out} \(\d+ KiB free\); "
                            r"free some space, or choose another --out\n", early.stderr), early.stderr
        filler.unlink()
        _fill(disk, 3 << 19)  # 1.5 MiB: enough to start, not enough to finish
        midway = CliRunner().invoke(main, ["build", "-q", "--jobs", "1", "--out", str(out), str(corpus)])
        assert midway.exit_code == 1
        assert re.fullmatch(rf"Error: no space left on device while writing {out}/\S+; "
                            rf"the previous build in {out} was kept\n", midway.stderr), midway.stderr
        assert outputs(out) == before and states(out) == ["1"]
        (disk / "filler").unlink()
        assert build([corpus], out, jobs=1).report.documents == 3 and states(out) == ["2"]


def test_a_full_disk_simulated_at_the_write_layer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build([SAMPLE], out, jobs=1)
    before = outputs(out)
    real = graph.atomic_files._write_chunk

    def full_at_graph_nt(handle: IO[bytes] | IO[str], data: bytes | str) -> None:
        if ".graph.nt." in str(handle.name):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(handle, data)

    monkeypatch.setattr(graph.atomic_files, "_write_chunk", full_at_graph_nt)
    result = CliRunner().invoke(main, ["build", "-q", "--jobs", "1", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: no space left on device while writing {out}/graph.nt; "
                             f"the previous build in {out} was kept\n")
    assert outputs(out) == before and states(out) == ["1"]


def test_a_read_only_out_is_named_before_any_file_is_read(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    with tmpfs(disk, "16m") as mounted:
        if not mounted and os.geteuid() == 0:  # root writes through chmod: only a mount makes it read-only
            _need_a_mount(mounted)
            pytest.fail("CI=true: cannot mount a read-only folder as root")
        out = disk / "out"
        build([SAMPLE], out, jobs=1)
        before = outputs(out)
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        else:
            for folder in (disk, out, out / ".tradekg"):
                folder.chmod(0o555)
        try:
            for target in (out, disk / "never-built"):
                result = CliRunner().invoke(main, ["build", "--jobs", "1", "--out", str(target)])
                assert result.exit_code == 1
                reason = "read-only file system" if mounted else "permission denied"
                assert result.stderr == (f"Error: cannot write to the output folder {target}: {reason}; "
                                         "choose another --out\n")
            assert outputs(out) == before
        finally:
            if not mounted:
                for folder in (disk, out, out / ".tradekg"):
                    folder.chmod(0o755)
