"""fundsim.sensitivity on a real points sweep: Saltelli design in, Sobol indices out, sensibly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import fundsim
import fundsim.sensitivity as sensitivity
from fundsim.errors import FundsimError

from .conftest import SMALL_SCENARIO

NCMS_RATIO = "tiers.ncms_basic.rules.inpatient.coinsurance.ratio.county"
CRITICAL_RATIO = "tiers.critical_illness.rules.inpatient.coinsurance.ratio"
PARAMETERS = {NCMS_RATIO: (0.65, 0.85), CRITICAL_RATIO: (0.50, 0.70)}
ITEMS = ["ncms_basic", "critical_illness", "medical_assistance", "out_of_pocket", "total_cost"]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory, fundsim_binary: str) -> sensitivity.SobolResult:
    """Sobol indices of Xinbin's payers over two settlement ratios: 16 × (2 + 2) = 64 points, 3 draws of 2018."""
    out = tmp_path_factory.mktemp("sobol")
    return sensitivity.sobol(str(SMALL_SCENARIO), PARAMETERS, out, n=16, draws=3, seed=9, years=2018, items=ITEMS,
                             fundsim=fundsim_binary)


def _row(indices: pd.DataFrame, item: str, parameter: str) -> pd.Series:
    rows = indices[(indices["item"] == item) & (indices["parameter"] == parameter)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_design_is_the_sweeps_points(result: sensitivity.SobolResult) -> None:
    points = result.sweep["points"]
    assert len(points) == len(result.design) == 16 * (len(PARAMETERS) + 2)
    assert np.array_equal(points[list(PARAMETERS)].to_numpy(), result.design.to_numpy())
    for path, (low, high) in PARAMETERS.items():
        assert result.design[path].between(low, high).all()
        assert (result.design[path].round(6) == result.design[path]).all()  # the scenario's six decimals


def test_first_order_at_most_total_order_within_their_intervals(result: sensitivity.SobolResult) -> None:
    indices = result.indices
    assert set(indices["item"]) == set(ITEMS) and set(indices["parameter"]) == set(PARAMETERS)
    assert len(indices) == len(ITEMS) * len(PARAMETERS)
    assert (indices["S1"] - indices["S1_conf"] <= indices["ST"] + indices["ST_conf"]).all()
    assert (indices["ST"] + indices["ST_conf"] >= 0).all()
    # First-order indices share out at most the whole variance.
    for item, rows in indices.groupby("item"):
        assert rows["S1"].sum() - rows["S1_conf"].sum() <= 1.0, item


def test_a_parameter_an_item_does_not_depend_on_has_zero_indices(result: sensitivity.SobolResult) -> None:
    # Basic insurance pays before critical-illness insurance: its payments cannot depend on the latter's ratio.
    # Under common random numbers the estimate is exactly zero, not just small.
    unrelated = _row(result.indices, "ncms_basic", CRITICAL_RATIO)
    assert unrelated["S1"] == 0 and unrelated["ST"] == 0
    # ... while its own ratio explains it, with an interval that excludes zero.
    own = _row(result.indices, "ncms_basic", NCMS_RATIO)
    assert own["ST"] - own["ST_conf"] > 0
    # Critical illness depends on both (it pays part of what basic insurance leaves).
    for parameter in PARAMETERS:
        row = _row(result.indices, "critical_illness", parameter)
        assert row["ST"] - row["ST_conf"] > 0, parameter


def test_the_zero_check_rejects_a_misaligned_design(result: sensitivity.SobolResult) -> None:
    """Shuffling which output belongs to which point (a wrong analysis) makes the unrelated parameter look influential."""
    from SALib.analyze import sobol as sobol_analyze

    series = result.sweep["sweep"]
    y = series[series["item"] == "ncms_basic"].sort_values("point")["mean"].to_numpy()
    shuffled = np.random.default_rng(1).permutation(y)
    wrong = sobol_analyze.analyze(result.problem, shuffled, calc_second_order=False, print_to_console=False, seed=0)
    assert wrong["ST"][list(PARAMETERS).index(CRITICAL_RATIO)] > 0.05


def test_items_no_point_changes_get_zero(result: sensitivity.SobolResult) -> None:
    # Settlement ratios move money between payers, not the cost of care.
    total = result.indices[result.indices["item"] == "total_cost"]
    assert (total["output_variance"] == 0).all()
    assert (total[["S1", "S1_conf", "ST", "ST_conf"]] == 0).all().all()


def test_misaligned_sweep_is_refused(result: sensitivity.SobolResult) -> None:
    other_problem, other_design = sensitivity.saltelli_design(PARAMETERS, 16, seed=123)
    with pytest.raises(FundsimError, match=r"points\.csv: point 0 is .* the design's row 0 is"):
        sensitivity.analyse(result.sweep, other_problem, other_design)


def test_bad_ranges_are_refused(tmp_path: Path) -> None:
    with pytest.raises(FundsimError, match=f"parameter {NCMS_RATIO}: range low 0.9 must be below high 0.8"):
        sensitivity.saltelli_design({NCMS_RATIO: (0.9, 0.8)}, 8)
    with pytest.raises(FundsimError, match="at least one parameter"):
        sensitivity.saltelli_design({}, 8)


def test_read_sweep_types_parameter_columns(result: sensitivity.SobolResult) -> None:
    sweep = fundsim.read_sweep(result.sweep.path)
    table = sweep.sweep
    assert table["point"].dtype == "int64" and table["year"].dtype == "int64"
    for path in PARAMETERS:
        assert table[path].dtype == "float64"
    # The sweep's datapackage.json lists the reported items: a closed vocabulary, as in forecast.csv.
    assert sweep.has_datapackage and sweep.schemas["sweep"].origin == "datapackage"
    assert isinstance(table["item"].dtype, pd.CategoricalDtype)
    assert sweep.schemas["points"].columns[1].type == "number"
