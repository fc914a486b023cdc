"""Shared fixtures: the fundsim binary and small real runs made with it (Xinbin: one county, fast)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[3]
#: A one-county scenario: a run of a few draws takes about a second even with a debug build.
SMALL_SCENARIO = REPOSITORY / "Scenarios" / "xinbin-2018.yaml"


def _find_binary() -> str:
    if os.environ.get("FUNDSIM"):
        return os.environ["FUNDSIM"]
    built = [REPOSITORY / ".build" / c / "fundsim" for c in ("release", "debug")]
    built = [b for b in built if b.is_file()]
    if built:  # the most recently built one, so a stale release build is not tested by mistake
        return str(max(built, key=lambda b: b.stat().st_mtime))
    found = shutil.which("fundsim")
    if found:
        return found
    raise RuntimeError("no fundsim binary: set FUNDSIM, run `swift build` in the repository, or put fundsim on PATH")


@pytest.fixture(scope="session")
def fundsim_binary() -> str:
    """Path of the fundsim binary under test (FUNDSIM, else the repository's build, else PATH)."""
    binary = _find_binary()
    os.environ["FUNDSIM"] = binary  # so code that looks it up the default way finds the same one
    return binary


@pytest.fixture(scope="session")
def small_run(tmp_path_factory: pytest.TempPathFactory, fundsim_binary: str) -> Path:
    """A real `fundsim run` of Xinbin, 6 draws of 2018, with draws.csv."""
    import fundsim

    out = tmp_path_factory.mktemp("run") / "xinbin"
    fundsim.run(SMALL_SCENARIO, out, draws=6, seed=11, years=2018, extra=["--keep-draws"], fundsim=fundsim_binary)
    return out


@pytest.fixture(scope="session")
def small_comparison(tmp_path_factory: pytest.TempPathFactory, fundsim_binary: str) -> Path:
    """A real `fundsim compare` of Xinbin with itself, 4 draws of 2018."""
    import fundsim

    out = tmp_path_factory.mktemp("compare") / "xinbin"
    fundsim.compare(SMALL_SCENARIO, SMALL_SCENARIO, out, draws=4, seed=11, years=2018, fundsim=fundsim_binary)
    return out


@pytest.fixture(scope="session")
def sharding_binary(fundsim_binary: str) -> str:
    """The binary, when it can run shards and merge them (`fundsim merge`); a build without them skips."""
    import subprocess

    done = subprocess.run([fundsim_binary, "--help"], capture_output=True, text=True, check=True)
    if not any(line.split()[:1] == ["merge"] for line in done.stdout.splitlines()):
        pytest.skip("this fundsim build has no `merge` command (shards come from the dist branch)")
    return fundsim_binary
