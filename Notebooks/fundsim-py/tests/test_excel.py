"""to_excel and `python3 -m fundsim.excel`: a sheet per table, values as in the CSV, atomic, row limit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import fundsim
import fundsim.excel
from fundsim.errors import FundsimError


def test_a_sheet_per_table_with_the_csv_values(small_run: Path, tmp_path: Path) -> None:
    workbook_path = tmp_path / "run.xlsx"
    assert fundsim.to_excel(small_run, workbook_path) == []
    run = fundsim.read_run(small_run)
    workbook = openpyxl.load_workbook(workbook_path, read_only=True)
    assert workbook.sheetnames == ["about", *run]
    sheets = pd.read_excel(workbook_path, sheet_name=None)
    for name in run:
        expected = run[name]
        got = sheets[name]
        assert list(got.columns) == list(expected.columns), name
        assert len(got) == len(expected), name
        for column in expected.columns:
            if expected[column].dtype.kind == "f":
                # openpyxl writes 16 significant digits (Excel shows 15): a 17-digit value may move by 1 ulp.
                assert np.allclose(got[column].to_numpy(), expected[column].to_numpy(), rtol=1e-15, atol=0,
                                   equal_nan=True), (name, column)
            else:
                assert got[column].astype(str).tolist() == expected[column].astype(str).tolist(), (name, column)
    about = sheets["about"]
    units = about[(about["sheet"] == "county_liability") & (about["column"] == "liability_mean")]["unit"]
    assert units.tolist() == ["yuan"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary file left behind"


def test_yuan_columns_are_formatted(small_run: Path, tmp_path: Path) -> None:
    path = tmp_path / "run.xlsx"
    fundsim.to_excel(small_run, path, tables=["county_liability"])
    sheet = openpyxl.load_workbook(path)["county_liability"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("liability_mean") + 1).number_format == "#,##0.00"


def test_table_over_the_row_limit_is_left_out_and_said(small_run: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    draws_rows = sum(1 for _ in (small_run / "draws.csv").open()) - 1
    monkeypatch.setattr(fundsim.excel, "EXCEL_MAX_ROWS", draws_rows)  # header + rows no longer fit
    path = tmp_path / "run.xlsx"
    assert fundsim.to_excel(small_run, path) == ["draws"]
    sheets = pd.read_excel(path, sheet_name=None)
    assert "draws" not in sheets and "forecast" in sheets
    about = sheets["about"]
    note = about[(about["sheet"] == "draws") & (about["type"] == "table")]["description"].iloc[0]
    assert note.startswith("NOT INCLUDED") and "draws.csv" in note


def test_unknown_table_writes_nothing(small_run: Path, tmp_path: Path) -> None:
    path = tmp_path / "run.xlsx"
    with pytest.raises(FundsimError, match="no table budget"):
        fundsim.to_excel(small_run, path, tables=["budget"])
    assert list(tmp_path.iterdir()) == []


def test_command_line(small_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    done = subprocess.run([sys.executable, "-m", "fundsim.excel", str(small_run), "--out", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    assert "forecast" in openpyxl.load_workbook(out, read_only=True).sheetnames
    failed = subprocess.run([sys.executable, "-m", "fundsim.excel", str(tmp_path / "nothing")],
                            capture_output=True, text=True, check=False)
    assert failed.returncode == 1 and "no such output folder" in failed.stderr
