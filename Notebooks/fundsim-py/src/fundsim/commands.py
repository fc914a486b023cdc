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


def counties_argument(counties: str | Sequence[str] | None) -> list[str]:
    """``--counties ID,ID…`` for a county id or a sequence of them; nothing for ``None``.

    An empty sequence, or an id with a comma or of only blanks, is refused (``ValueError``)
    before the binary runs: it would select nothing, or other counties than meant.
    """
    if counties is None:
        return []
    ids = [counties] if isinstance(counties, str) else list(counties)
    if not ids:
        raise ValueError("counties: expected at least one county id")
    for county in ids:
        if not isinstance(county, str) or not county.strip() or "," in county:
            raise ValueError(f"counties: {county!r} is not a county id (one id per item, no commas)")
    return ["--counties", ",".join(ids)]


def run(scenario: PathLike, out: PathLike, *, draws: int | None = None, seed: int | None = None,
        years: str | int | None = None, threads: int | None = None, counties: str | Sequence[str] | None = None,
        extra: Sequence[str] = (), fundsim: PathLike | None = None) -> OutputFolder:
    """``fundsim run SCENARIO … --out OUT``; returns the run's tables.

    ``counties`` (an id or ids) runs only those counties (``--counties``): their rows equal the
    full run's with the same seed, and the tables have county rows only.
    """
    run_command(["run", os.fspath(scenario), *monte_carlo_arguments(draws=draws, seed=seed, years=years,
                 threads=threads, extra=extra), *counties_argument(counties), "--quiet", "--out", os.fspath(out)],
                fundsim=fundsim)
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
