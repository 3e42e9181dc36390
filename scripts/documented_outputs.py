"""Run every command the README and docs/ show, and rewrite (or check) the output printed under it.

A *transcript* is a fenced block (```` ``` ```` or ```` ```console ````) whose first line
starts with ``$ ``: each ``$`` line is a command, the lines up to the next one are what it
prints. A transcript is run when every command in it is ``tradekg …``, ``curl …``, ``head …`` or
``export NAME=VALUE``; one that shows other programs (docker, cypher-shell) or pipes is left
as written, and
so is a block right after a ``<!-- not run: why -->`` line.

The commands of one file run in order in one fresh folder in which the sample corpus has
been built (``tradekg build``), with the environment the file's ``export`` lines set up.
``tradekg serve`` and ``tradekg neo4j serve`` keep running in the background until the
file is done; the ``export NAME=VALUE`` lines they print are applied, as a reader would.
What a command prints is its standard output and standard error, without the progress
lines of a build (their timings differ from run to run).

Documented output may leave things out:

- a command with nothing under it is run but its output is not checked;
- a line that is only ``…`` or ``...`` stands for any number of lines: the lines above it
  must be the first lines printed, those below it the last ones;
- inside a line, ``…`` (or ``...``) stands for any text: for what differs from run to run,
  such as a generated password, a temporary folder or a time.

``python scripts/documented_outputs.py`` rewrites the outputs that differ and prints which;
``--check`` changes nothing and exits 1 when an output differs (``tests/test_documented_outputs.py``
runs that check).
"""

from __future__ import annotations

import argparse
import os
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ("README.md", "docs/sparql.md", "docs/neo4j.md", "docs/analysis.md")
"""The files whose transcripts are run, relative to the repository."""

ELISION = frozenset({"…", "..."})
NOT_RUN = re.compile(r"^<!--\s*not run\b")
FENCE_OPEN = re.compile(r"^```(console)?\s*$")
PROGRESS_LINE = re.compile(r"^[a-z]+: (?:\d+ \w+ in )?[\d.]+ s$|^[a-z]+: \d+/\d+ \w+")
"""A build's progress on standard error (``parse: 2 files in 0.3 s``), left out of outputs."""

PROGRAMS = frozenset({"tradekg", "curl", "head"})
"""What a transcript may run besides ``export``; a transcript showing another program is left as written."""

LONG_RUNNING = (("serve",), ("neo4j", "serve"))
"""Commands that stay up: run in the background until the file's transcripts are done."""

READY_TIMEOUT = 240.0
"""Seconds to wait for a long-running command to print its first line."""

QUIET_AFTER_FIRST_LINE = 120.0
"""Seconds of silence after which a long-running command has printed all it prints at start."""

READY_LINE = re.compile(r"Ctrl-C")
"""The line a server prints last when it is up."""


@dataclass
class Command:
    """One ``$`` command of a transcript, with the lines documented under it."""

    argv: list[str]
    first_line: int
    """Index in the file of the first output line (just after the command)."""
    documented: list[str]


@dataclass
class Transcript:
    """A fenced block of commands and their outputs."""

    path: Path
    start: int
    """Index in the file of the opening fence."""
    commands: list[Command]
    runnable: bool


@dataclass
class Mismatch:
    """A documented output that is not what the command prints now."""

    path: Path
    line: int
    command: str
    documented: list[str]
    printed: list[str]
    rewritten: list[str]


@dataclass
class Session:
    """The folder, environment and background servers of one documentation file's run."""

    folder: Path
    env: dict[str, str] = field(default_factory=dict)
    background: list[subprocess.Popen[bytes]] = field(default_factory=list)


def transcripts(path: Path, lines: Sequence[str]) -> Iterator[Transcript]:
    """The transcripts of a Markdown file, in order.

    Examples
    --------
    >>> text = ["```", "$ tradekg query --list", "a", "b", "```", "```console", "$ docker run x", "```"]
    >>> [(t.start, t.runnable, [c.argv for c in t.commands]) for t in transcripts(Path("x.md"), text)]
    [(0, True, [['tradekg', 'query', '--list']]), (5, False, [['docker', 'run', 'x']])]
    """
    i = 0
    while i < len(lines):
        if not FENCE_OPEN.match(lines[i]):
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("```")), len(lines))
        body = lines[i + 1:end]
        if body and body[0].startswith("$ "):
            previous = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
            commands = list(_commands(body, i + 1))
            runnable = not NOT_RUN.match(previous) and all(_runnable(c.argv) for c in commands)
            yield Transcript(path, i, commands, runnable)
        i = end + 1


def _commands(body: Sequence[str], offset: int) -> Iterator[Command]:
    """The commands of a transcript's body; a command may go on over lines inside quotes."""
    i = 0
    while i < len(body):
        text = body[i].removeprefix("$ ")
        i += 1
        while text.endswith("\\") and i < len(body):  # a shell line continuation
            text = text[:-1] + " " + body[i].strip()
            i += 1
        while True:
            try:
                argv = shlex.split(text, comments=True)
                break
            except ValueError:  # an open quote: the command goes on
                if i >= len(body):
                    raise ValueError(f"line {offset + i}: a command's quote never closes") from None
                text += "\n" + body[i]
                i += 1
        first = i
        while i < len(body) and not body[i].startswith("$ "):
            i += 1
        yield Command(argv, offset + first, list(body[first:i]))


def _runnable(argv: Sequence[str]) -> bool:
    if not argv:
        return False
    if argv[0] == "export":
        return all("=" in a for a in argv[1:])
    return argv[0] in PROGRAMS and not any(a in {"|", ">", "<", "&&", ";"} for a in argv)


def lines_match(documented: str, printed: str) -> bool:
    """Whether one documented line stands for a printed one (``…`` or ``...`` in it matches any text).

    Examples
    --------
    >>> lines_match("export NEO4J_PASSWORD=…", "export NEO4J_PASSWORD=s3cr3t")
    True
    >>> lines_match("Sent 669 rows in … s (… rows/s).", "Sent 669 rows in 0.4 s (1850 rows/s).")
    True
    >>> lines_match("28 agencies", "29 agencies")
    False
    """
    documented, printed = documented.rstrip(), printed.rstrip()
    if documented == printed:
        return True
    if documented.strip() in ELISION or not any(mark in documented for mark in ELISION):
        return False
    parts = re.split(r"…|\.\.\.", documented)
    return re.fullmatch(".+?".join(re.escape(part) for part in parts), printed, flags=re.DOTALL) is not None


def rewrite(documented: Sequence[str], printed: Sequence[str]) -> list[str]:
    """The documented lines, changed only where they no longer stand for what is printed.

    Examples
    --------
    >>> rewrite(["a", "…", "z"], ["a", "b", "c", "y"])
    ['a', '…', 'y']
    >>> rewrite(["key=…", "2 rows"], ["key=abc", "3 rows"])
    ['key=…', '3 rows']
    """
    cut = next((i for i, line in enumerate(documented) if line.strip() in ELISION), None)
    if cut is None:
        return _keep_matching(documented, printed)
    head, tail = documented[:cut], documented[cut + 1:]
    if len(head) + len(tail) >= len(printed):  # nothing left to leave out
        return _keep_matching([*head, *tail], printed)
    printed_tail = printed[len(printed) - len(tail):] if tail else []
    return [*_keep_matching(head, printed[:len(head)]), documented[cut],
            *_keep_matching(tail, printed_tail)]


def _keep_matching(documented: Sequence[str], printed: Sequence[str]) -> list[str]:
    return [documented[i] if i < len(documented) and lines_match(documented[i], line) else line.rstrip()
            for i, line in enumerate(printed)]


def run_file(path: Path) -> list[Mismatch]:
    """Run the transcripts of one documentation file; what differs, with the rewritten lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [t for t in transcripts(path, lines) if t.runnable]
    if not found:
        return []
    mismatches: list[Mismatch] = []
    with tempfile.TemporaryDirectory(prefix="tradekg-docs-") as folder:
        session = Session(Path(folder), env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"})
        try:
            _run(["tradekg", "build", "--quiet"], session)
            for transcript in found:
                for command in transcript.commands:
                    printed = _run(command.argv, session)
                    if printed is None or not command.documented:  # nothing shown: not checked
                        continue
                    new = rewrite(command.documented, printed)
                    if new != [line.rstrip() for line in command.documented]:
                        mismatches.append(Mismatch(path, command.first_line + 1, shlex.join(command.argv),
                                                   command.documented, printed, new))
        finally:
            _stop(session)
    return mismatches


def _run(argv: Sequence[str], session: Session) -> list[str] | None:
    """Run one command as a reader would; its printed lines, or None for ``export``."""
    if argv[0] == "export":
        for assignment in argv[1:]:
            name, _, value = assignment.partition("=")
            session.env[name] = value
        return None
    executable = shutil.which(argv[0], path=session.env.get("PATH"))
    if executable is None:
        hint = ": python3 -m pip install -e ." if argv[0] == "tradekg" else ""
        raise SystemExit(f"{argv[0]} is not installed{hint}")
    if argv[0] == "tradekg" and (tuple(argv[1:3]) in LONG_RUNNING or tuple(argv[1:2]) in LONG_RUNNING):
        return _start_background([executable, *argv[1:]], session)
    done = subprocess.run([executable, *argv[1:]], cwd=session.folder, env=session.env, text=True,
                          capture_output=True, timeout=600, check=False)
    # Another program's standard error is its own chatter (curl's progress meter); tradekg's holds errors.
    return _printed(done.stdout, done.stderr if argv[0] == "tradekg" else "")


def _printed(stdout: str, stderr: str) -> list[str]:
    errors = [line for line in stderr.splitlines() if not PROGRESS_LINE.match(line)]
    return [line.rstrip() for line in [*stdout.splitlines(), *errors]]


def _start_background(argv: Sequence[str], session: Session) -> list[str]:
    """Start a server command; what it prints until it is up, and apply its ``export`` lines."""
    process = subprocess.Popen(argv, cwd=session.folder, env={**session.env, "PYTHONUNBUFFERED": "1"},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    session.background.append(process)
    assert process.stdout is not None
    descriptor = process.stdout.fileno()
    received = b""
    printed: list[str] = []
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        # Before its first line a server may take long to start; after it, a pause ends its output.
        ready, _, _ = select.select([descriptor], [], [], QUIET_AFTER_FIRST_LINE if printed else 1.0)
        if not ready:
            if printed or process.poll() is not None:
                break
            continue
        chunk = os.read(descriptor, 65536)
        if not chunk:
            break
        *complete, received = (received + chunk).split(b"\n")
        printed.extend(line.decode("utf-8", "replace").rstrip() for line in complete
                       if not PROGRESS_LINE.match(line.decode("utf-8", "replace")))
        if any(READY_LINE.search(line) for line in printed):
            break
    for line in printed:
        words = shlex.split(line) if line.startswith("export ") else []
        for assignment in words[1:]:
            name, _, value = assignment.partition("=")
            session.env[name] = value
    return printed


def _stop(session: Session) -> None:
    for process in session.background:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if process.stdout is not None:
            process.stdout.close()


def apply(mismatches: Sequence[Mismatch], texts: Mapping[Path, list[str]]) -> None:
    """Write the rewritten outputs into the files, bottom up so line numbers stay right."""
    for mismatch in sorted(mismatches, key=lambda m: (str(m.path), -m.line)):
        lines = texts[mismatch.path]
        start = mismatch.line - 1
        lines[start:start + len(mismatch.documented)] = mismatch.rewritten
    for path, lines in texts.items():
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the documented commands; rewrite their outputs, or with ``--check`` report them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when an output differs")
    parser.add_argument("files", nargs="*", type=Path, help=f"default: {', '.join(DOCUMENTS)}")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.files] or [ROOT / name for name in DOCUMENTS]
    mismatches = [m for path in paths for m in run_file(path)]
    for m in mismatches:
        where = f"{m.path.relative_to(ROOT) if m.path.is_relative_to(ROOT) else m.path}:{m.line}"
        print(f"{where}: the output of `{m.command}` differs", file=sys.stderr)
        if args.check:
            for line in _diff(m.documented, m.rewritten):
                print(f"    {line}", file=sys.stderr)
    if args.check:
        return 1 if mismatches else 0
    apply(mismatches, {p: p.read_text(encoding="utf-8").splitlines() for p in {m.path for m in mismatches}})
    print(f"rewrote {len(mismatches)} output(s)" if mismatches else "every documented output is current")
    return 0


def _diff(documented: Sequence[str], rewritten: Sequence[str]) -> Iterator[str]:
    import difflib

    return (line for line in difflib.unified_diff(list(documented), list(rewritten), "documented",
                                                   "printed now", lineterm="", n=1))


if __name__ == "__main__":
    sys.exit(main())
