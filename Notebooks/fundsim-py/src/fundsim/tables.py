"""Reading fundsim output folders as typed pandas DataFrames.

``read_run``, ``read_sweep`` and ``read_comparison`` return an
:class:`OutputFolder`: a read-only mapping from table name (``forecast``,
``county_liability``, ``sweep``, ``comparison``, …) to a DataFrame, loaded on
first access. Columns get the types of the folder's ``datapackage.json`` (or of
the columns fundsim is known to write): ids and names as ``string``, closed
vocabularies such as ``region_level`` as ``category``, years and counts as
``int64``, amounts as ``float64``. Each DataFrame's ``attrs["units"]`` maps
columns to units (``yuan``, ``people``, …); tables whose rows mix units carry
a ``unit`` column instead.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import OutputFolderError
from .schema import Column, TableSchema, infer_schema, read_datapackage


class OutputFolder(Mapping[str, pd.DataFrame]):
    """The tables, manifest and schemas of one fundsim output folder.

    ``folder["forecast"]`` or ``folder.forecast`` gives a table as a DataFrame
    (read once, then cached); ``folder.manifest`` is ``manifest.json``;
    ``folder.schemas`` the column types and units.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if not self.path.is_dir():
            raise OutputFolderError(f"{self.path}: no such output folder")
        manifest_path = self.path / "manifest.json"
        if not manifest_path.is_file():
            raise OutputFolderError(f"{self.path}: not a fundsim output folder (no manifest.json)")
        try:
            self.manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise OutputFolderError(f"{manifest_path}:{error.lineno}: not valid JSON: {error.msg}") from None
        described = read_datapackage(self.path) if (self.path / "datapackage.json").is_file() else {}
        schemas: dict[str, TableSchema] = {}
        for name, schema in described.items():
            if (self.path / schema.path).is_file():
                schemas[name] = schema
        for csv_path in sorted(self.path.glob("*.csv")):
            if csv_path.stem not in schemas:
                schemas[csv_path.stem] = infer_schema(csv_path.stem, csv_path)
        #: Column types and units of every table, keyed by table name.
        self.schemas: dict[str, TableSchema] = schemas
        self._cache: dict[str, pd.DataFrame] = {}

    @property
    def has_datapackage(self) -> bool:
        """Whether the folder describes its tables in ``datapackage.json``."""
        return (self.path / "datapackage.json").is_file()

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self.schemas:
            raise KeyError(f"{self.path}: no table {name!r} (tables: {', '.join(self.schemas) or 'none'})")
        if name not in self._cache:
            self._cache[name] = read_table(self.path / self.schemas[name].path, self.schemas[name])
        return self._cache[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or name not in self.__dict__.get("schemas", {}):
            raise AttributeError(name)
        return self[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.schemas)

    def __len__(self) -> int:
        return len(self.schemas)

    def __repr__(self) -> str:
        return f"OutputFolder({str(self.path)!r}, tables={list(self.schemas)})"

    def units(self, table: str) -> dict[str, str]:
        """Unit of every column of ``table`` that has one."""
        return self.schemas[table].units

    def require(self, *tables: str) -> OutputFolder:
        """Itself, after checking that every table in ``tables`` is present."""
        missing = [t for t in tables if t not in self.schemas]
        if missing:
            raise OutputFolderError(f"{self.path}: missing {', '.join(m + '.csv' for m in missing)} "
                                    f"(found: {', '.join(s + '.csv' for s in self.schemas) or 'no tables'})")
        return self


def _pandas_dtype(column: Column) -> Any:
    if column.type == "string":
        return pd.CategoricalDtype(list(column.allowed_values)) if column.allowed_values else pd.StringDtype()
    if column.type == "integer":
        return "Int64"
    if column.type == "boolean":
        return "boolean"
    return "float64"


#: pandas before 3 parses floats up to 1 ulp off unless asked to round-trip (pandas 3 does by default and
#: deprecates the argument); either way a number is float(text) of its cell, to the last bit.
_ROUND_TRIP: dict[str, Any] = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}


def read_table(csv_path: Path, schema: TableSchema) -> pd.DataFrame:
    """One CSV table read with the types of ``schema``.

    The header must be the schema's columns; a value that does not fit its
    column's type or allowed values raises :class:`OutputFolderError` naming
    file, line and column. Integer columns without missing values are ``int64``.
    """
    with csv_path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader([handle.readline()]), [])
    if header != schema.header:
        raise OutputFolderError(f"{csv_path}:1: header {header} does not match its schema {schema.header}")
    try:
        # Fast path: pandas' C parser converts while it reads (tables of millions of rows, e.g. draws.csv).
        fast = {c.name: ("float64" if c.type == "number" else "Int64" if c.type == "integer" else "string")
                for c in schema.columns if c.type != "boolean"}
        frame = pd.read_csv(csv_path, dtype=fast, keep_default_na=False, na_values=[""], encoding="utf-8",
                            **_ROUND_TRIP)
        converted = {c.name: _finish(frame[c.name], c, csv_path) for c in schema.columns}
    except (ValueError, TypeError):
        # Slow path, to name the line and column of the value that does not fit.
        frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
        converted = {c.name: _convert(frame[c.name], c, csv_path) for c in schema.columns}
    for column in schema.columns:
        if column.required and converted[column.name].isna().any():
            line = int(converted[column.name].isna().to_numpy().argmax()) + 2
            raise OutputFolderError(f"{csv_path}:{line}: column {column.name!r} is empty, expected a value")
    result = pd.DataFrame(converted, index=pd.RangeIndex(len(frame)))
    result.attrs["table"] = schema.name
    result.attrs["units"] = schema.units
    result.attrs["title"] = schema.title
    result.attrs["description"] = schema.description
    return result


def _finish(series: pd.Series, column: Column, csv_path: Path) -> pd.Series:
    """A column pandas has already parsed as its type: integers without gaps become ``int64``,
    booleans and closed vocabularies are checked (via :func:`_convert`, which names the bad line)."""
    if column.type == "integer":
        return series.astype("int64") if not series.isna().any() else series
    if column.type == "boolean" or column.allowed_values:
        return _convert(series.astype("string"), column, csv_path)
    return series


def _convert(raw: pd.Series, column: Column, csv_path: Path) -> pd.Series:
    dtype = _pandas_dtype(column)
    present = raw.notna()
    if column.type in ("integer", "number"):
        numbers = pd.to_numeric(raw, errors="coerce")
        bad = present & numbers.isna() & (raw.str.lower() != "nan")
        if column.type == "integer":
            bad |= present & numbers.notna() & (numbers != numbers.round())
        _refuse(bad, raw, column, csv_path, "an integer" if column.type == "integer" else "a number")
        if column.type == "integer":
            series = numbers.astype("Int64")
            return series.astype("int64") if not series.isna().any() else series
        return numbers.astype("float64")
    if column.type == "boolean":
        lowered = raw.str.lower()
        bad = present & ~lowered.isin(["true", "false"])
        _refuse(bad, raw, column, csv_path, "true or false")
        return lowered.map({"true": True, "false": False}).astype("boolean")
    if isinstance(dtype, pd.CategoricalDtype):
        bad = present & ~raw.isin(list(dtype.categories))
        _refuse(bad, raw, column, csv_path, "one of " + ", ".join(map(str, dtype.categories)))
    return raw.astype(dtype)


def _refuse(bad: pd.Series, raw: pd.Series, column: Column, csv_path: Path, expected: str) -> None:
    if bad.any():
        row = int(bad.to_numpy().argmax())
        raise OutputFolderError(f"{csv_path}:{row + 2}: column {column.name!r} is {raw.iloc[row]!r}, expected {expected}")


def read_output(folder: str | os.PathLike[str]) -> OutputFolder:
    """Any fundsim output folder (run, sweep, comparison, …): its tables by name."""
    return OutputFolder(folder)


def read_run(folder: str | os.PathLike[str]) -> OutputFolder:
    """The output of ``fundsim run`` (``forecast``, ``county_liability``, ``indicators``, ``population``, …).

    >>> run = read_run("Output/yunnan-2017")           # doctest: +SKIP
    >>> run.forecast.query("region_level == 'province'")  # doctest: +SKIP
    """
    return OutputFolder(folder).require("forecast")


def read_sweep(folder: str | os.PathLike[str]) -> OutputFolder:
    """The output of ``fundsim sweep``: ``points``, ``sweep`` (one column per parameter path), ``sensitivity``, …"""
    return OutputFolder(folder).require("points", "sweep")


def read_comparison(folder: str | os.PathLike[str]) -> OutputFolder:
    """The output of ``fundsim compare``: ``comparison`` (A and B means, B − A per draw)."""
    return OutputFolder(folder).require("comparison")
