"""The wheel holds every package: built, installed non-editable in a fresh virtual environment, run.

The test copies the sources to a temporary folder, builds the wheel there (so the checkout
gets no ``build/`` folder), installs it without its dependencies into a new virtual
environment that sees this interpreter's packages (the dependencies, not the checkout),
and runs the commands a new user runs first from a folder outside the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "loaders", "graph", "ontology")


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A virtual environment with the built wheel installed; its bin folder and environment."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "jars", "target"))
        else:
            shutil.copy2(ROOT / name, source / name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    wheels = work / "dist"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                  "--disable-pip-version-check", "-q", "-w", str(wheels), str(source)], work, env)
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next(wheels.glob("tradekg-*.whl"))
    venv.create(work / "venv", system_site_packages=True, with_pip=True)
    bin_dir = work / "venv" / "bin"
    done = _run([str(bin_dir / "python"), "-m", "pip", "install", "--no-deps", "--disable-pip-version-check",
                 "-q", str(wheel)], work, env)
    assert done.returncode == 0, done.stdout + done.stderr
    return bin_dir, {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"}


@pytest.mark.packaging
def test_the_wheel_is_what_runs(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    bin_dir, env = installed
    where = _run([str(bin_dir / "python"), "-c", "import graph, loaders, ontology; print(graph.__file__)"],
                 tmp_path, env)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(bin_dir.parent), where.stdout


@pytest.mark.packaging
def test_installed_commands_run_the_sample_build(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    bin_dir, env = installed
    tradekg = str(bin_dir / "tradekg")
    assert _run([tradekg, "--help"], tmp_path, env).stdout.startswith("Usage: tradekg")
    neo4j_help = _run([tradekg, "neo4j", "--help"], tmp_path, env)
    assert neo4j_help.returncode == 0 and "NEO4J_URI" in neo4j_help.stdout
    built = _run([tradekg, "build", "--out", str(tmp_path / "out")], tmp_path, env)
    assert built.returncode == 0, built.stdout + built.stderr
    assert built.stdout.startswith("Read 2 file(s): 3 documents, 44 measures, 137 responsibilities")
    for name in ("graph.ttl", "graph.nt", "report.json", "tables/responsibilities.csv",
                 "views/agencies.html", "site/index.html"):
        assert (tmp_path / "out" / name).is_file(), name
    launcher = _run([str(bin_dir / "python"), "-c",
                     "from graph.neo4j.jars import launcher_dir; print(sorted(p.name for p in launcher_dir().iterdir()))"],
                    tmp_path, env)
    assert launcher.stdout.strip() == "['Launcher.java', 'pom.xml']"
