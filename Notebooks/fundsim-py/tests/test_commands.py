"""fundsim.run's ``counties``: only those counties run, with the full run's numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import fundsim
from fundsim.commands import counties_argument

#: Nujiang's four counties (prefecture-2018) with 400 people each: a few draws take seconds with a debug build.
SMALL_COUNTIES = ["nujiang.lushui", "nujiang.fugong", "nujiang.gongshan", "nujiang.lanping"]


@pytest.fixture()
def four_counties(tmp_path: Path) -> Path:
    path = tmp_path / "four.yaml"
    lines = ["extends: prefecture-2018", "scenario: {id: four-small, title: \"Nujiang, 400 people per county\"}", "set:"]
    lines += [f'  "simulation.population.counties.\\"{c}\\".registered_poor": {{value: 400, source: "test: small"}}' for c in SMALL_COUNTIES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_counties_become_one_flag() -> None:
    assert counties_argument(None) == []
    assert counties_argument("a.b") == ["--counties", "a.b"]
    assert counties_argument(["a.b", "c"]) == ["--counties", "a.b,c"]
    for bad in ([], ["a,b"], [" "]):
        with pytest.raises(ValueError):
            counties_argument(bad)


def test_selected_county_equals_its_rows_of_the_full_run(tmp_path: Path, four_counties: Path, fundsim_binary: str) -> None:
    whole = fundsim.run(four_counties, tmp_path / "whole", draws=3, seed=9, years=2018, fundsim=fundsim_binary)
    counties = whole.forecast[whole.forecast["region_level"] == "county"]
    ids = sorted(counties["region_id"].astype(str).unique())
    assert ids == sorted(SMALL_COUNTIES)
    chosen = ids[1]
    one = fundsim.run(four_counties, tmp_path / "one", draws=3, seed=9, years=2018, counties=[chosen], fundsim=fundsim_binary)
    forecast = one.forecast
    assert set(forecast["region_level"].astype(str)) == {"county"}
    assert set(forecast["region_id"].astype(str)) == {chosen}
    expected = counties[counties["region_id"].astype(str) == chosen].reset_index(drop=True)
    pd.testing.assert_frame_equal(forecast.reset_index(drop=True), expected, check_categorical=False)
    # A wrong id is the binary's usage error, raised as a FundsimError naming the county.
    with pytest.raises(fundsim.FundsimError, match="nowhere"):
        fundsim.run(four_counties, tmp_path / "bad", draws=2, seed=9, years=2018, counties="nowhere", fundsim=fundsim_binary)
