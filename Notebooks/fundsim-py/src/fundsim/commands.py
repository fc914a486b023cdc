"""Running ``fundsim run``, ``sweep`` and ``compare`` from Python and reading what they wrote.

Thin wrappers: they build the command line, run the binary (see
:mod:`fundsim.binary`) and return the output folder read by
:mod:`fundsim.tables`. Every flag of the CLI stays reachable through
``extra``, e.g. ``extra=["--set", "simulation.cost_growth=0.05"]``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .binary import run_command
from .tables import OutputFolder, read_comparison, read_run, read_sweep

PathLike = str | os.PathLike[str]


def monte_carlo_arguments(*, draws: int | None = None, seed: int | None = None, years: str | int | None = None,
                          threads: int | None = None, extra: Sequence[str] = ()) -> list[str]:
    """The flags the Monte Carlo commands share, for the values that are given."""
    arguments: list[str] = []
    if draws is not None:
        arguments += ["--draws", str(draws)]
    if seed is not None:
        arguments += ["--seed", str(seed)]
    if years is not None:
        arguments += ["--years", str(years)]
    if threads is not None:
        arguments += ["--threads", str(threads)]
    return arguments + [str(a) for a in extra]


def run(scenario: PathLike, out: PathLike, *, draws: int | None = None, seed: int | None = None,
        years: str | int | None = None, threads: int | None = None, extra: Sequence[str] = (),
        fundsim: PathLike | None = None) -> OutputFolder:
    """``fundsim run SCENARIO … --out OUT``; returns the run's tables."""
    run_command(["run", os.fspath(scenario), *monte_carlo_arguments(draws=draws, seed=seed, years=years,
                 threads=threads, extra=extra), "--quiet", "--out", os.fspath(out)], fundsim=fundsim)
    return read_run(out)


def sweep(spec: PathLike, out: PathLike, *, draws: int | None = None, seed: int | None = None,
          years: str | int | None = None, threads: int | None = None, extra: Sequence[str] = (),
          fundsim: PathLike | None = None) -> OutputFolder:
    """``fundsim sweep SPEC … --out OUT``; returns the sweep's tables."""
    run_command(["sweep", os.fspath(spec), *monte_carlo_arguments(draws=draws, seed=seed, years=years,
                 threads=threads, extra=extra), "--quiet", "--out", os.fspath(out)], fundsim=fundsim)
    return read_sweep(out)


def compare(a: PathLike, b: PathLike, out: PathLike, *, draws: int | None = None, seed: int | None = None,
            years: str | int | None = None, threads: int | None = None, extra: Sequence[str] = (),
            fundsim: PathLike | None = None) -> OutputFolder:
    """``fundsim compare A B … --out OUT``; returns the comparison's tables."""
    run_command(["compare", os.fspath(a), os.fspath(b), *monte_carlo_arguments(draws=draws, seed=seed, years=years,
                 threads=threads, extra=extra), "--quiet", "--out", os.fspath(out)], fundsim=fundsim)
    return read_comparison(Path(out))
