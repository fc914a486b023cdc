"""read_run / read_comparison / read_output: types, units and errors, on real fundsim output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import fundsim
from fundsim.errors import OutputFolderError


def _is_string(series: pd.Series) -> bool:
    return isinstance(series.dtype, pd.StringDtype)


def test_read_run_types_every_column(small_run: Path) -> None:
    run = fundsim.read_run(small_run)
    assert {"forecast", "county_liability", "indicators", "population", "draws"} <= set(run)
    forecast = run.forecast
    assert forecast["year"].dtype == "int64"
    assert isinstance(forecast["region_level"].dtype, pd.CategoricalDtype)
    assert set(forecast["region_level"].cat.categories) >= {"province", "county"}
    for column in ("region_id", "region_name"):
        assert _is_string(forecast[column]), column
    for column in ("item", "unit"):  # closed vocabularies in datapackage.json (an enum) are categories
        assert _is_string(forecast[column]) or isinstance(forecast[column].dtype, pd.CategoricalDtype), column
    for column in ("mean", "sd", "p05", "p50", "p95", "p99"):
        assert forecast[column].dtype == "float64", column
    assert (forecast["year"] == 2018).all()
    # Numbers are the CSV's, not re-rounded: the province's total cost is the first matching row's text.
    line = next(l for l in (small_run / "forecast.csv").read_text(encoding="utf-8").splitlines()
                if ",province," in l and ",total_cost," in l)
    row = forecast[(forecast.region_level == "province") & (forecast["item"] == "total_cost")].iloc[0]
    header = (small_run / "forecast.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert row["mean"] == float(line.split(",")[header.index("mean")])

    liability = run.county_liability
    assert liability["year"].dtype == "int64"
    assert _is_string(liability["region_id"]) and _is_string(liability["region_name"]) and _is_string(liability["prefecture_id"])
    assert liability["liability_p95"].dtype == "float64"
    assert run.units("county_liability")["liability_mean"] == "yuan"
    assert liability.attrs["units"]["probability_subsidy_covers"] == "probability"

    draws = run.draws
    assert draws["draw"].dtype == "int64" and draws["value"].dtype == "float64"
    assert sorted(draws["draw"].unique()) == list(range(6))
    assert run.manifest["draws"] == 6 and run.manifest["seed"] == 11


def test_chinese_names_survive(small_run: Path) -> None:
    names = fundsim.read_run(small_run).forecast["region_name_zh"]
    assert names.str.contains("新宾").any()


def test_read_comparison_types(small_comparison: Path) -> None:
    comparison = fundsim.read_comparison(small_comparison).comparison
    assert comparison["year"].dtype == "int64"
    for column in ("a_mean", "b_mean", "difference_mean", "difference_sd"):
        assert comparison[column].dtype == "float64"
    assert (comparison["difference_mean"] == 0).all()  # a scenario compared with itself


def test_wrong_kind_of_folder_is_named(small_run: Path) -> None:
    with pytest.raises(OutputFolderError, match=r"missing comparison\.csv"):
        fundsim.read_comparison(small_run)
    with pytest.raises(OutputFolderError, match=r"missing .*sweep\.csv"):
        fundsim.read_sweep(small_run)


def test_folder_without_manifest_is_refused(tmp_path: Path) -> None:
    (tmp_path / "forecast.csv").write_text("year,item\n2018,x\n", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="no manifest.json"):
        fundsim.read_run(tmp_path)
    with pytest.raises(OutputFolderError, match="no such output folder"):
        fundsim.read_run(tmp_path / "absent")


def _copy(small_run: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "copy"
    shutil.copytree(small_run, folder)
    return folder


def test_bad_value_names_file_line_and_column(small_run: Path, tmp_path: Path) -> None:
    folder = _copy(small_run, tmp_path)
    lines = (folder / "forecast.csv").read_text(encoding="utf-8").splitlines()
    fields = lines[3].split(",")
    fields[lines[0].split(",").index("mean")] = "lots"
    lines[3] = ",".join(fields)
    (folder / "forecast.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(OutputFolderError, match=r"forecast\.csv:4: column 'mean' is 'lots', expected a number"):
        fundsim.read_run(folder).forecast


def test_fractional_year_and_unknown_region_level_refused(small_run: Path, tmp_path: Path) -> None:
    folder = _copy(small_run, tmp_path)
    text = (folder / "county_liability.csv").read_text(encoding="utf-8")
    (folder / "county_liability.csv").write_text(text.replace("\n2018,", "\n2018.5,", 1), encoding="utf-8")
    with pytest.raises(OutputFolderError, match=r"county_liability\.csv:2: column 'year' is '2018\.5', expected an integer"):
        fundsim.read_run(folder).county_liability
    text = (folder / "forecast.csv").read_text(encoding="utf-8")
    (folder / "forecast.csv").write_text(text.replace(",county,", ",district,", 1), encoding="utf-8")
    with pytest.raises(OutputFolderError, match=r"column 'region_level' is 'district', expected one of province"):
        fundsim.read_run(folder).forecast


def test_datapackage_schema_wins(small_run: Path, tmp_path: Path) -> None:
    """With datapackage.json, types, units and allowed values come from it (a Frictionless Table Schema)."""
    folder = _copy(small_run, tmp_path)
    header = (folder / "county_liability.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    fields = []
    for name in header:
        if name in ("region_level", "region_id", "region_name", "region_name_zh", "prefecture_id"):
            fields.append({"name": name, "type": "string", "constraints": {"required": True}})
        elif name in ("year",):
            fields.append({"name": name, "type": "integer", "constraints": {"required": True}})
        else:
            fields.append({"name": name, "type": "number", "unit": "thousand_yuan" if name == "liability_mean" else None})
    fields = [{k: v for k, v in f.items() if v is not None} for f in fields]
    ids = sorted(fundsim.read_run(small_run).county_liability["region_id"].unique())
    fields[header.index("region_id")]["constraints"]["enum"] = ids
    package = {"profile": "tabular-data-package", "name": "x",
               "resources": [{"name": "county_liability", "path": "county_liability.csv", "title": "Liability",
                              "schema": {"fields": fields}}]}
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    run = fundsim.read_run(folder)
    assert run.has_datapackage
    assert run.schemas["county_liability"].origin == "datapackage"
    assert run.schemas["forecast"].origin == "known"  # a table the package does not list is still read
    liability = run.county_liability
    assert list(liability["region_id"].cat.categories) == ids
    assert run.units("county_liability") == {"liability_mean": "thousand_yuan"}
    assert liability.attrs["title"] == "Liability"

    fields[0]["type"] = "date"
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(OutputFolderError, match=r"datapackage\.json: resources\[0\] \(county_liability\.csv\): field 'year' has type 'date'"):
        fundsim.read_run(folder)


def test_header_that_does_not_match_schema_is_refused(small_run: Path, tmp_path: Path) -> None:
    folder = _copy(small_run, tmp_path)
    package = {"resources": [{"path": "indicators.csv", "schema": {"fields": [{"name": "year", "type": "integer"}]}}]}
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(OutputFolderError, match=r"indicators\.csv:1: header .* does not match its schema \['year'\]"):
        fundsim.read_run(folder).indicators


def test_the_binarys_own_datapackage_describes_every_table(small_run: Path) -> None:
    run = fundsim.read_run(small_run)
    if not run.has_datapackage:
        pytest.skip("this fundsim build writes no datapackage.json yet")
    for name in run:
        assert run.schemas[name].origin == "datapackage", f"{name}.csv is not in datapackage.json"
        frame = run[name]
        assert len(frame) > 0
    assert run.units("county_liability").get("liability_mean") == "yuan"


def test_numbers_are_exactly_the_csv_text(small_run: Path) -> None:
    """Every number column holds float(text) of its cell, to the last bit (pandas' default parser can be 1 ulp off)."""
    import csv

    run = fundsim.read_run(small_run)
    for name in run:
        frame = run[name]
        with (small_run / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))[1:]
        for j, column in enumerate(frame.columns):
            if frame[column].dtype == "float64":
                expected = [float(r[j]) if r[j] != "" else None for r in rows]
                got = [None if pd.isna(v) else float(v) for v in frame[column]]
                assert got == expected, (name, column)
