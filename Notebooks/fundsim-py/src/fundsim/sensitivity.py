"""Sobol sensitivity indices of fundsim's forecasts, with SALib.

:func:`sobol` makes a Saltelli-type design (``SALib.sample.sobol``) for chosen
parameter paths and ranges, writes it as the points CSV of a ``points`` sweep
(columns are paths), runs ``fundsim sweep`` (in one process, or in shards
through :mod:`fundsim.distributed`), and analyses each reported item's mean
over draws with ``SALib.analyze.sobol``: first-order (``S1``) and total-order
(``ST``) indices with their bootstrap confidence intervals, per year, region
and item. Every point uses the same random streams (common random numbers), so
the indices are the parameters' alone, not Monte Carlo noise.

Needs ``pip install 'fundsim[sensitivity]'`` (SALib).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from .errors import FundsimError
from .tables import OutputFolder

PathLike = str | os.PathLike[str]

#: Columns that identify one output series of a sweep (one Y per point).
SERIES = ["year", "region_level", "region_id", "region_name", "item"]


@dataclass
class SobolResult:
    """The indices and what they were computed from."""

    #: One row per (year, region, item, parameter): ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` (half-widths of the
    #: ``conf_level`` intervals), and ``output_variance`` (the variance of the item's mean over the design's points).
    indices: pd.DataFrame
    #: The sweep's output folder.
    sweep: OutputFolder
    #: The SALib problem (names are the parameter paths, bounds their ranges).
    problem: dict[str, Any]
    #: The design: one row per point, one column per parameter, in the sweep's point order.
    design: pd.DataFrame


#: A parameter's range: ``(low, high)``, or ``(low, high, decimals)`` for the decimals its values keep.
Range = tuple[float, float] | tuple[float, float, int]

#: Decimals of sampled values when a range does not say (scenario ratios take at most six; yuan amounts two).
DEFAULT_DECIMALS = 6


def saltelli_design(parameters: Mapping[str, Range], n: int, *, seed: int | None = None,
                    calc_second_order: bool = False) -> tuple[dict[str, Any], pd.DataFrame]:
    """The SALib problem and its Sobol'/Saltelli sample: ``n × (k + 2)`` points for ``k`` parameters
    (``n × (2k + 2)`` with second-order indices). ``n`` should be a power of 2.

    Values are rounded to each range's decimals (the scenario's number formats
    limit them). Rounding keeps the design's structure exactly: the A-B matrices
    are columns copied from A and B, which round alike.
    """
    from SALib.sample import sobol as sobol_sample

    if not parameters:
        raise FundsimError("sobol needs at least one parameter path with a range")
    decimals = {}
    for path, bounds in parameters.items():
        if len(bounds) not in (2, 3):
            raise FundsimError(f"parameter {path}: expected (low, high) or (low, high, decimals), got {bounds!r}")
        low, high = bounds[0], bounds[1]
        if not low < high:
            raise FundsimError(f"parameter {path}: range low {low} must be below high {high}")
        decimals[path] = int(bounds[2]) if len(bounds) == 3 else DEFAULT_DECIMALS
    problem = {"num_vars": len(parameters), "names": list(parameters),
               "bounds": [[float(b[0]), float(b[1])] for b in parameters.values()]}
    sample = pd.DataFrame(sobol_sample.sample(problem, n, calc_second_order=calc_second_order, seed=seed),
                          columns=list(parameters))
    for path, places in decimals.items():
        sample[path] = sample[path].round(places)
    return problem, sample


def write_points_sweep(folder: PathLike, scenario: str, design: pd.DataFrame, *, items: Sequence[str] | None = None,
                       region_levels: Sequence[str] | None = None) -> Path:
    """Writes ``design.csv`` (header of paths, a row per point, values with full precision) and
    ``sweep.yaml`` (a ``points`` sweep of ``scenario``) into ``folder``; returns the spec's path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    points = folder / "design.csv"
    with points.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(design.columns)
        for row in design.itertuples(index=False):
            writer.writerow([repr(float(v)) for v in row])  # shortest text that reads back as the same float
    base = str(Path(scenario).resolve()) if Path(scenario).is_file() else scenario
    spec: dict[str, Any] = {"scenario": base, "design": "points", "points": str(points.resolve())}
    outputs: dict[str, list[str]] = {}
    if items:
        outputs["items"] = list(items)
    if region_levels:
        outputs["region_levels"] = list(region_levels)
    if outputs:
        spec["outputs"] = outputs
    path = folder / "sweep.yaml"
    path.write_text("# A Sobol design written by fundsim.sensitivity (SALib); its points are design.csv.\n"
                    + yaml.safe_dump({"sweep": spec}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def analyse(sweep: OutputFolder, problem: Mapping[str, Any], design: pd.DataFrame, *, statistic: str = "mean",
            conf_level: float = 0.95, calc_second_order: bool = False, seed: int | None = 0) -> pd.DataFrame:
    """Sobol indices of every (year, region, item) series of ``sweep.csv`` (its ``statistic`` column per point).

    Checks first that the sweep's points are the design's, row for row. An
    item that no point changes (zero variance) gets indices 0 with interval 0.
    """
    from SALib.analyze import sobol as sobol_analyze

    table = sweep["sweep"]
    names = list(problem["names"])
    missing = [n for n in names if n not in table.columns]
    if missing:
        raise FundsimError(f"{sweep.path}/sweep.csv has no column for {', '.join(missing)}")
    points = sweep["points"].sort_values("point")
    if len(points) != len(design):
        raise FundsimError(f"{sweep.path}/points.csv has {len(points)} points, the design {len(design)}")
    got = points[names].to_numpy(dtype=float)
    expected = design[names].to_numpy(dtype=float)
    if not np.allclose(got, expected, rtol=1e-9, atol=1e-12):
        row = int(np.argwhere(~np.isclose(got, expected, rtol=1e-9, atol=1e-12))[0][0])
        raise FundsimError(f"{sweep.path}/points.csv: point {points['point'].iloc[row]} is {got[row].tolist()}, "
                           f"the design's row {row} is {expected[row].tolist()}")
    order = {p: i for i, p in enumerate(points["point"].tolist())}
    rows = []
    for key, series in table.groupby(SERIES, sort=False, observed=True):
        values = np.full(len(design), np.nan)
        positions = series["point"].map(order).to_numpy()
        values[positions] = series[statistic].to_numpy(dtype=float)
        if np.isnan(values).any():
            raise FundsimError(f"{sweep.path}/sweep.csv: {dict(zip(SERIES, key))} lacks some points")
        # About the first point's value: an item no point changes then has exactly zero variance
        # (the mean of n equal doubles need not equal them, which left ulp² "variance" for SALib).
        variance = float((values - values[0]).var())
        if variance == 0.0:
            result = {"S1": np.zeros(len(names)), "S1_conf": np.zeros(len(names)),
                      "ST": np.zeros(len(names)), "ST_conf": np.zeros(len(names))}
        else:
            result = sobol_analyze.analyze(dict(problem), values, calc_second_order=calc_second_order,
                                           conf_level=conf_level, print_to_console=False, seed=seed)
        for i, name in enumerate(names):
            rows.append({**dict(zip(SERIES, key)), "parameter": name,
                         "S1": float(result["S1"][i]), "S1_conf": float(result["S1_conf"][i]),
                         "ST": float(result["ST"][i]), "ST_conf": float(result["ST_conf"][i]),
                         "output_variance": variance})
    indices = pd.DataFrame(rows)
    for column in ("region_id", "region_name", "item", "parameter"):
        indices[column] = indices[column].astype("string")
    indices.attrs["conf_level"] = conf_level
    return indices


def sobol(scenario: str, parameters: Mapping[str, Range], out: PathLike, *, n: int = 64,
          draws: int | None = None, seed: int | None = None, years: str | int | None = None,
          items: Sequence[str] | None = None, region_levels: Sequence[str] | None = ("province",),
          sample_seed: int | None = 0, conf_level: float = 0.95, statistic: str = "mean",
          shards: int | None = None, fundsim: PathLike | None = None, extra: Sequence[str] = (),
          **distributed_options: Any) -> SobolResult:
    """Sobol indices of ``scenario``'s items over ``parameters`` (path → (low, high[, decimals])).

    Writes the design and spec into ``out/design/`` and the sweep into
    ``out/sweep/``. With ``shards`` the sweep runs through
    :func:`fundsim.distributed.sweep` (``distributed_options``: ``client``,
    ``scheduler``, ``workers``, …); otherwise in one ``fundsim sweep``.
    """
    out = Path(out)
    problem, design = saltelli_design(parameters, n, seed=sample_seed)
    spec = write_points_sweep(out / "design", scenario, design, items=items, region_levels=region_levels)
    if shards:
        from . import distributed

        folder = distributed.sweep(spec, out / "sweep", shards=shards, draws=draws, seed=seed, years=years,
                                   extra=extra, fundsim=fundsim, **distributed_options)
    else:
        from .commands import sweep as run_sweep

        folder = run_sweep(spec, out / "sweep", draws=draws, seed=seed, years=years, extra=extra, fundsim=fundsim)
    indices = analyse(folder, problem, design, statistic=statistic, conf_level=conf_level, seed=sample_seed)
    return SobolResult(indices=indices, sweep=folder, problem=problem, design=design)
