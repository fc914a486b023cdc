"""fundsim.agreement: the paired z, RMS z and Bonferroni figures on synthetic per-draw tables."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fundsim.agreement import agreement, main, paired_differences, paired_z


def _table(values: np.ndarray) -> pd.DataFrame:
    """A per-draw table of draws × cells (cell c: year 2018, county c, item total_cost)."""
    draws, cells = values.shape
    return pd.DataFrame({
        "draw": np.repeat(np.arange(draws), cells), "year": 2018, "region_level": "county",
        "region_id": np.tile([f"c{c:04d}" for c in range(cells)], draws), "item": "total_cost",
        "unit": "yuan", "value": values.reshape(-1)})


def test_z_by_hand() -> None:
    # Cell 0: d = 1, 2, …, 6: mean 3.5, sd √3.5, z = 3.5 / (√3.5 / √6) = √(3.5 · 6) = 4.5826.
    # Cell 1: equal in every draw. Cell 2: new = old + 1 in every draw (sd 0: a disagreement).
    old = np.zeros((6, 3))
    new = np.column_stack([np.arange(1.0, 7.0), np.zeros(6), np.ones(6)])
    old[:, 2] = np.arange(6.0)
    new[:, 2] = np.arange(6.0) + 1
    cells = paired_z(paired_differences(_table(old), _table(new)))
    assert cells["z"].iloc[0] == pytest.approx(math.sqrt(21), rel=1e-12)
    assert math.isnan(cells["z"].iloc[1]) and math.isnan(cells["z"].iloc[2])
    result = agreement(_table(old), _table(new))
    assert (result.cells, result.identical_cells, result.shifted_cells) == (1, 1, 1)
    assert result.mean_z2 == pytest.approx(21)
    assert not result.agrees and result.max_abs_z == math.inf


def test_expectation_and_bounds_are_student_t() -> None:
    rng = np.random.default_rng(1)
    old = rng.normal(100, 10, size=(200, 500))
    new = old + rng.normal(0, 1, size=(200, 500))
    result = agreement(_table(old), _table(new))
    nu = 199
    assert result.expected_z2 == pytest.approx(nu / (nu - 2))
    # Independent cells: m_eff ≈ m (the estimate's noise is about √2·m/ν ≈ 3.6 cells).
    assert abs(result.effective_cells - 500) < 30
    var = 2 * nu * nu * (nu - 1) / ((nu - 2) ** 2 * (nu - 4))
    half = 3.2905 * math.sqrt(var / result.effective_cells)
    assert result.z2_interval[1] - result.expected_z2 == pytest.approx(half, rel=1e-3)
    from scipy import stats
    assert result.bonferroni_z == pytest.approx(stats.t.isf(0.001 / 1000, nu))
    assert result.agrees, result.report()


def test_correlated_cells_count_once_per_group() -> None:
    # 50 groups of 10 cells with the same difference in every draw: Σρ² = 50 · 10², m_eff = 500²/5000 = 50.
    rng = np.random.default_rng(2)
    old = rng.normal(100, 10, size=(200, 500))
    noise = np.repeat(rng.normal(0, 1, size=(200, 50)), 10, axis=1)
    result = agreement(_table(old), _table(old + noise))
    assert 45 < result.effective_cells < 55
    assert result.agrees, result.report()


def test_rejects_wrong_answers() -> None:
    rng = np.random.default_rng(3)
    old = rng.normal(100, 10, size=(200, 500))
    noise = rng.normal(0, 1, size=(200, 500))
    # A shift of 0.5 sd of the difference in one cell: z ≈ 0.5·√200 = 7.1, over Bonferroni (≈ 4.9).
    one = np.zeros(500)
    one[7] = 0.5
    result = agreement(_table(old), _table(old + noise + one))
    assert not result.agrees and result.max_abs_z > result.bonferroni_z
    assert result.max_cell == (2018, "county", "c0007", "total_cost")
    # A shift of 0.1 sd everywhere: each z ≈ 1.4 (under Bonferroni) but mean z² ≈ 3 is far outside its interval.
    result = agreement(_table(old), _table(old + noise + 0.1))
    assert result.max_abs_z < result.bonferroni_z
    assert result.mean_z2 > result.z2_interval[1] and not result.agrees


def test_command_line_on_runs(small_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A run against itself: every cell identical, nothing to test (exit status 2, a clear error).
    assert main(["--old-run", str(small_run), "--new-run", str(small_run)]) == 2
    assert "nothing to test" in capsys.readouterr().err
