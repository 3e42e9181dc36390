"""Which files are read: FIFOs, sockets and devices are skipped, never opened to wait on; old Word files said."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from loaders import Severity, corpus_files, read_document
from loaders.document_files import check_corpus
from loaders.errors import CorpusPathError, DocumentFormatError

SAMPLE = Path(__file__).resolve().parents[2] / "loaders" / "sample_corpus"

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


def build(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`tradekg build` in a child process, so that a read blocked on a FIFO fails the test by timeout."""
    return subprocess.run([sys.executable, "-c", "from graph.cli import main; main()", "build", *args,
                           "--jobs", "1", "-q"], cwd=cwd, capture_output=True, text=True, timeout=300)


def corpus_with(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in SAMPLE.glob("*.txt"):
        shutil.copy2(path, corpus / path.name)
    return corpus


def test_a_fifo_in_a_folder_is_skipped_with_a_warning_and_the_rest_builds(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path)
    os.mkfifo(corpus / "pipe.txt")  # nobody ever writes to it: opening it to read would wait forever
    done = build(str(corpus), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 3
    skipped = [f for f in report["findings"] if f["kind"] == "not_a_file"]
    assert [(Path(f["file"]).name, f["severity"]) for f in skipped] == [("pipe.txt", "warning")]
    assert skipped[0]["message"] == "skipped: a FIFO (named pipe), not a regular file; only files are read"


def test_a_fifo_named_on_the_command_line_is_an_error_and_the_rest_builds(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path)
    os.mkfifo(tmp_path / "named.txt")
    done = build(str(tmp_path / "named.txt"), str(corpus), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 1
    assert f"Error: {tmp_path / 'named.txt'} was not built" in done.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 3 and report["failed_files"] == [str(tmp_path / "named.txt")]


def test_a_socket_and_a_device_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text("某方案\n一、任务\n1.甲。（海关总署负责）\n", encoding="utf-8")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "listening.txt"))
        (tmp_path / "zero.txt").symlink_to("/dev/zero")
        files, findings = corpus_files([tmp_path])
    assert [p.name for p in files] == ["plan.txt"]
    assert [(Path(f.file).name, f.severity, f.message.split(",")[0]) for f in findings] == [
        ("listening.txt", Severity.WARNING, "skipped: a socket"),
        ("zero.txt", Severity.WARNING, "skipped: a device")]


def test_reading_a_fifo_does_not_wait(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_document(tmp_path / "pipe.txt")
        except DocumentFormatError as error:
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # unblock the reader before failing
        with open(tmp_path / "pipe.txt", "wb"):
            pass
        pytest.fail("read_document waited on a FIFO")
    assert "not a regular file" in str(outcome[0])


def test_every_missing_path_gets_its_own_error(tmp_path: Path) -> None:
    files, findings = corpus_files([tmp_path / "a.txt", SAMPLE, tmp_path / "b.txt"])
    assert len(files) == 2
    assert [(Path(f.file).name, f.kind, f.severity) for f in findings] == [
        ("a.txt", "unreadable", Severity.ERROR), ("b.txt", "unreadable", Severity.ERROR)]


# ---------------------------------------------------------------- old Word files; nothing to read

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an old Word .doc or WPS .wps file."""


def old_word_files(folder: Path) -> Path:
    """A folder as a user may have it: three old Word files and a WPS file, no text."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("a.doc", "b.doc", "c.DOC"):
        (folder / name).write_bytes(OLE2 + bytes(504))
    (folder / "d.wps").write_bytes(OLE2 + bytes(504))
    return folder


def test_an_old_word_file_named_is_an_error_and_not_read(tmp_path: Path) -> None:
    folder = old_word_files(tmp_path / "in")
    files, findings = corpus_files([folder / "a.doc", folder / "d.wps", SAMPLE])
    assert [p.name for p in files] == sorted(p.name for p in SAMPLE.glob("*.txt"))
    assert [(Path(f.file).name, f.kind, f.severity, f.message) for f in findings] == [
        ("a.doc", "unsupported_format", Severity.ERROR,
         "old Word .doc/.wps files are not read; save as .docx, text or HTML"),
        ("d.wps", "unsupported_format", Severity.ERROR,
         "old Word .doc/.wps files are not read; save as .docx, text or HTML")]


def test_a_folder_without_a_supported_file_is_a_warning_naming_what_it_holds(tmp_path: Path) -> None:
    folder = old_word_files(tmp_path / "in")
    (folder / "notes").write_text("x", encoding="utf-8")
    files, findings = corpus_files([folder, SAMPLE])
    assert len(files) == 2
    assert [(Path(f.file).name, f.kind, f.severity) for f in findings] == [
        ("a.doc", "unsupported_format", Severity.INFO), ("b.doc", "unsupported_format", Severity.INFO),
        ("c.DOC", "unsupported_format", Severity.INFO), ("d.wps", "unsupported_format", Severity.INFO),
        ("in", "no_documents", Severity.WARNING)]
    assert findings[-1].message == ("no file tradekg reads in the folder (found: 3 .doc, 1 .wps, "
                                    "1 without a suffix); tradekg reads .docx, .htm, .html, .pdf, .shtml, "
                                    ".text, .txt and .xhtml files")


def test_check_corpus_refuses_a_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(CorpusPathError) as refused:
        check_corpus([SAMPLE, tmp_path / "policies", tmp_path / "typo.txt"])
    assert str(refused.value) == f"no such file or folder: {tmp_path / 'policies'}, {tmp_path / 'typo.txt'}"


@pytest.mark.parametrize("case, message", [
    ("folder", "no file tradekg reads in {in} (found: 3 .doc, 1 .wps); tradekg reads .docx, .htm, .html, "
               ".pdf, .shtml, .text, .txt and .xhtml files"),
    ("named", "{in}/a.doc, {in}/d.wps: old Word .doc/.wps files are not read; save as .docx, text or HTML"),
    ("empty", "no file tradekg reads in {in}/empty (it is empty); tradekg reads .docx, .htm, .html, .pdf, "
              ".shtml, .text, .txt and .xhtml files"),
])
def test_check_corpus_refuses_a_corpus_with_nothing_to_read(tmp_path: Path, case: str, message: str) -> None:
    folder = old_word_files(tmp_path / "in")
    (folder / "empty").mkdir()
    paths = {"folder": [folder], "named": [folder / "a.doc", folder / "d.wps"], "empty": [folder / "empty"]}
    with pytest.raises(CorpusPathError) as refused:
        check_corpus(paths[case])
    assert str(refused.value) == message.replace("{in}", str(folder))


def test_check_corpus_lets_an_old_word_file_beside_good_files_through_with_its_finding(tmp_path: Path) -> None:
    folder = old_word_files(tmp_path / "in")
    files, findings = check_corpus([folder / "a.doc", SAMPLE])
    assert len(files) == 2 and [f.kind for f in findings] == ["unsupported_format"]
