"""Do two builds' forecasts agree within Monte Carlo error? (old vs new sampler, same seed)

A change that alters the random numbers consumed changes every result under the same seed;
what must not change is the model. Both builds run the same scenario with the same seed and
``--keep-draws``; the parameter draws are then common to both, so each draw is a pair. For
every numeric cell (year, region, item) of the per-draw table the paired differences
``d = new − old`` over the n draws give ``z = mean(d) / (sd(d)/√n)``, Student-t with
ν = n − 1 degrees of freedom when the builds agree.

- **RMS z** = √(mean z²). Under agreement mean z² has expectation ν/(ν − 2) and variance
  Var(t²)/m_eff with Var(t²) = 2ν²(ν − 1)/((ν − 2)²(ν − 4)); the cells are correlated (a
  province total and its counties), which counts through the effective number of cells
  m_eff = m² / Σᵢⱼ ρᵢⱼ² (Cov(zᵢ², zⱼ²) = 2ρᵢⱼ² for jointly normal z), with Σ ρ² estimated from
  the differences' sample correlations r by ‖Z Zᵀ‖²_F / (n − 1)² minus the m(m − 1)/(n − 1)
  that independent cells would show (Z: the n × m standardised differences, so this costs
  an n × n product, not m × m). The bound is the two-sided normal interval at ``alpha``.
- **max |z|** against the Bonferroni bound t_ν⁻¹(1 − alpha/(2m)): under agreement no cell
  exceeds it with probability ≥ 1 − alpha.

Cells equal in every draw are reported as identical; cells whose difference is the same
non-zero amount in every draw (sd 0) are disagreements (z infinite).

    python3 -m fundsim.agreement --old OLD/fundsim --new NEW/fundsim --draws 200 --years 2017 --work DIR
    python3 -m fundsim.agreement --old-run DIR_A --new-run DIR_B      # two existing --keep-draws runs
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
from scipy import stats

from .binary import run_command
from .errors import FundsimError
from .tables import read_run

#: The columns that name a cell of the per-draw table.
CELL_COLUMNS = ["year", "region_level", "region_id", "item"]


@dataclass(frozen=True)
class Agreement:
    """The old-vs-new check's figures (see the module's documentation)."""

    draws: int
    #: Cells whose paired difference varies over draws (the z's).
    cells: int
    #: Cells equal in both builds in every draw.
    identical_cells: int
    #: Cells differing by the same non-zero amount in every draw: disagreements.
    shifted_cells: int
    effective_cells: float
    mean_z2: float
    expected_z2: float
    #: Two-sided interval of mean z² under agreement.
    z2_interval: tuple[float, float]
    max_abs_z: float
    #: The cell of the largest |z| (year, region_level, region_id, item).
    max_cell: tuple[object, ...]
    bonferroni_z: float
    alpha: float

    @property
    def rms_z(self) -> float:
        """√(mean z²): about 1 under agreement."""
        return math.sqrt(self.mean_z2)

    @property
    def rms_interval(self) -> tuple[float, float]:
        """The interval of RMS z under agreement."""
        low, high = self.z2_interval
        return math.sqrt(max(low, 0.0)), math.sqrt(high)

    @property
    def agrees(self) -> bool:
        """RMS z inside its interval, max |z| under Bonferroni, no shifted cell."""
        low, high = self.z2_interval
        return self.shifted_cells == 0 and low <= self.mean_z2 <= high and self.max_abs_z <= self.bonferroni_z

    def report(self) -> str:
        """A few lines for a person."""
        low, high = self.rms_interval
        return "\n".join([
            f"draws {self.draws}; cells compared {self.cells} (effective {self.effective_cells:.0f}), "
            f"identical {self.identical_cells}, shifted by a constant {self.shifted_cells}",
            f"RMS z {self.rms_z:.4f} (expected {math.sqrt(self.expected_z2):.4f}; "
            f"{100 * (1 - self.alpha):.1f}% interval [{low:.4f}, {high:.4f}])",
            f"max |z| {self.max_abs_z:.3f} at {self.max_cell} (Bonferroni bound {self.bonferroni_z:.3f} "
            f"for {self.cells} cells at family level {self.alpha})",
            "AGREE" if self.agrees else "DISAGREE",
        ])


def paired_differences(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """new − old per draw (rows) and cell (columns) from two per-draw tables
    (``draw`` + :data:`CELL_COLUMNS` + ``value``). Both must hold the same draws and cells."""
    def wide(table: pd.DataFrame, name: str) -> pd.DataFrame:
        missing = [c for c in ["draw", *CELL_COLUMNS, "value"] if c not in table.columns]
        if missing:
            raise FundsimError(f"{name}: per-draw table lacks column(s) {', '.join(missing)}")
        if table.duplicated(["draw", *CELL_COLUMNS]).any():
            raise FundsimError(f"{name}: a (draw, year, region, item) appears twice")
        result = table.pivot(index="draw", columns=CELL_COLUMNS, values="value").astype("float64")
        return result.sort_index().sort_index(axis=1)
    a, b = wide(old, "old"), wide(new, "new")
    if not a.index.equals(b.index):
        raise FundsimError(f"the runs have different draws ({len(a.index)} old, {len(b.index)} new)")
    if not a.columns.equals(b.columns):
        only = a.columns.symmetric_difference(b.columns)
        raise FundsimError(f"the runs have different cells, e.g. {list(only[:3])}")
    return b - a


def paired_z(differences: pd.DataFrame) -> pd.DataFrame:
    """Per cell: n, mean and sd of the differences and z = mean / (sd/√n) (NaN when sd is 0)."""
    n = len(differences.index)
    mean = differences.mean(axis=0)
    sd = differences.std(axis=0, ddof=1)
    z = (mean / (sd / math.sqrt(n))).where(sd > 0)
    return pd.DataFrame({"n": n, "mean_difference": mean, "sd_difference": sd, "z": z})


def agreement(old: pd.DataFrame, new: pd.DataFrame, alpha: float = 0.001) -> Agreement:
    """The check of two per-draw tables (see the module's documentation); at least 6 draws."""
    differences = paired_differences(old, new)
    n = len(differences.index)
    if n < 6:
        raise FundsimError(f"{n} draws: the check needs at least 6 (Var z² needs ν > 4)")
    cells = paired_z(differences)
    varying = cells["sd_difference"] > 0
    identical = int(((cells["sd_difference"] == 0) & (cells["mean_difference"] == 0)).sum())
    shifted = int(((cells["sd_difference"] == 0) & (cells["mean_difference"] != 0)).sum())
    z = cells.loc[varying, "z"].to_numpy()
    m = len(z)
    if m == 0:
        raise FundsimError("no cell's difference varies over draws: nothing to test")
    nu = n - 1
    expected = nu / (nu - 2)
    variance = 2 * nu * nu * (nu - 1) / ((nu - 2) ** 2 * (nu - 4))
    # Σ_ij r_ij² over the standardised differences through the n × n Gram matrix.
    d = differences.loc[:, varying.to_numpy()].to_numpy()
    standardised = (d - d.mean(axis=0)) / d.std(axis=0, ddof=1)
    gram = standardised @ standardised.T
    sum_r2 = float(np.sum(gram * gram)) / (nu * nu)
    sum_rho2 = m + max(0.0, sum_r2 - m - m * (m - 1) / nu)
    effective = m * m / sum_rho2
    half_width = NormalDist().inv_cdf(1 - alpha / 2) * math.sqrt(variance / effective)
    worst = int(np.argmax(np.abs(z)))
    worst_cell = cells.index[varying.to_numpy()][worst]
    return Agreement(
        draws=n, cells=m, identical_cells=identical, shifted_cells=shifted, effective_cells=effective,
        mean_z2=float(np.mean(z * z)), expected_z2=expected, z2_interval=(expected - half_width, expected + half_width),
        max_abs_z=math.inf if shifted else float(np.abs(z[worst])),
        max_cell=tuple(worst_cell) if isinstance(worst_cell, tuple) else (worst_cell,),
        bonferroni_z=float(stats.t.isf(alpha / (2 * m), nu)), alpha=alpha)


def run_pair(old: str | os.PathLike[str], new: str | os.PathLike[str], work: str | os.PathLike[str], *,
             scenario: str | None = None, draws: int, years: str | None, seed: int | None = None,
             threads: int | None = None, old_extra: Sequence[str] = (), new_extra: Sequence[str] = ()) -> tuple[Path, Path]:
    """Runs ``fundsim run … --keep-draws`` with each binary into ``work/old`` and ``work/new``."""
    folders = []
    for name, binary, extra in (("old", old, old_extra), ("new", new, new_extra)):
        out = Path(work) / name
        arguments = ["run", *([scenario] if scenario else []), "--draws", str(draws), "--keep-draws", "--quiet",
                     "--out", os.fspath(out)]
        if years:
            arguments += ["--years", years]
        if seed is not None:
            arguments += ["--seed", str(seed)]
        if threads is not None:
            arguments += ["--threads", str(threads)]
        run_command([*arguments, *extra], fundsim=binary)
        folders.append(out)
    return folders[0], folders[1]


def main(argv: Sequence[str] | None = None) -> int:
    """``python3 -m fundsim.agreement``: exit status 0 when the builds agree, 1 when not, 2 on error."""
    parser = argparse.ArgumentParser(prog="python3 -m fundsim.agreement", description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", nargs="?", help="scenario name or path (default: the binary's default)")
    parser.add_argument("--old", help="the old build's fundsim binary")
    parser.add_argument("--new", help="the new build's fundsim binary")
    parser.add_argument("--old-run", help="an existing --keep-draws run folder of the old build (instead of --old)")
    parser.add_argument("--new-run", help="an existing --keep-draws run folder of the new build (instead of --new)")
    parser.add_argument("--work", help="where the two runs are written (with --old/--new)")
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--years", help="e.g. 2017 or 2017-2018 (default: the scenario's horizon)")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--old-extra", default="", help="further arguments for the old run, space-separated")
    parser.add_argument("--new-extra", default="", help="further arguments for the new run, space-separated "
                        "(e.g. '--set simulation.general_outpatient.cost_per_visit=85.85' to see a wrong build rejected)")
    parser.add_argument("--alpha", type=float, default=0.001, help="family level of both bounds (default 0.001)")
    parser.add_argument("--cells-out", help="write the per-cell n, mean and sd of the differences and z as CSV")
    options = parser.parse_args(argv)
    try:
        if options.old_run and options.new_run:
            old_folder, new_folder = Path(options.old_run), Path(options.new_run)
        elif options.old and options.new and options.work:
            old_folder, new_folder = run_pair(options.old, options.new, options.work, scenario=options.scenario,
                                              draws=options.draws, years=options.years, seed=options.seed,
                                              threads=options.threads, old_extra=options.old_extra.split(),
                                              new_extra=options.new_extra.split())
        else:
            parser.error("give --old, --new and --work, or --old-run and --new-run")
        old_draws = read_run(old_folder).require("draws")["draws"]
        new_draws = read_run(new_folder).require("draws")["draws"]
        result = agreement(old_draws, new_draws, alpha=options.alpha)
        if options.cells_out:
            paired_z(paired_differences(old_draws, new_draws)).to_csv(options.cells_out)
    except FundsimError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(result.report())
    return 0 if result.agrees else 1


if __name__ == "__main__":
    sys.exit(main())
