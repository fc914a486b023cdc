"""Table schemas of fundsim output folders.

A folder written by a recent ``fundsim`` carries ``datapackage.json``, a
Frictionless Tabular Data Package whose Table Schema gives every column's
type, unit, description and allowed values; :func:`read_datapackage` reads it.
Older folders have none: :func:`infer_schema` then types the columns the
CLI is known to write (and lets pandas infer any other column), so both kinds
of folder read alike.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .errors import OutputFolderError

#: The Table Schema types fundsim writes.
FieldType = Literal["string", "integer", "number", "boolean"]
_TYPES: frozenset[str] = frozenset({"string", "integer", "number", "boolean"})


@dataclass(frozen=True)
class Column:
    """One column of a table: name, Table Schema type, unit and allowed values."""

    name: str
    type: FieldType
    unit: str | None = None
    description: str = ""
    required: bool = False
    allowed_values: tuple[str, ...] | None = None


@dataclass(frozen=True)
class TableSchema:
    """The columns of one CSV table of an output folder, in header order."""

    name: str
    path: str
    columns: tuple[Column, ...]
    title: str = ""
    description: str = ""
    primary_key: tuple[str, ...] = ()
    #: ``datapackage`` when read from ``datapackage.json``, ``known`` when inferred.
    origin: Literal["datapackage", "known"] = "known"

    @property
    def header(self) -> list[str]:
        """Column names in order."""
        return [c.name for c in self.columns]

    @property
    def units(self) -> dict[str, str]:
        """Unit of every column that has one."""
        return {c.name: c.unit for c in self.columns if c.unit}


def read_datapackage(folder: Path) -> dict[str, TableSchema]:
    """The schemas in ``folder/datapackage.json`` keyed by table name (the file's stem).

    Raises :class:`OutputFolderError` naming the file and the resource when the
    descriptor is not valid JSON or a field has a type fundsim does not write.
    """
    path = folder / "datapackage.json"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise OutputFolderError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        raise OutputFolderError(f"{path}: expected a 'resources' list")
    schemas: dict[str, TableSchema] = {}
    for number, resource in enumerate(resources):
        where = f"{path}: resources[{number}]"
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            raise OutputFolderError(f"{where}: expected an object with a 'path'")
        fields = resource.get("schema", {}).get("fields")
        if not isinstance(fields, list):
            raise OutputFolderError(f"{where} ({resource['path']}): expected schema.fields, a list")
        columns = []
        for f in fields:
            kind = f.get("type", "string")
            if kind not in _TYPES:
                raise OutputFolderError(f"{where} ({resource['path']}): field {f.get('name')!r} has type {kind!r}, "
                                        f"expected one of {sorted(_TYPES)}")
            constraints: dict[str, Any] = f.get("constraints") or {}
            allowed = constraints.get("enum")
            columns.append(Column(name=str(f["name"]), type=kind, unit=f.get("unit"),
                                  description=f.get("description", ""), required=bool(constraints.get("required", False)),
                                  allowed_values=tuple(map(str, allowed)) if allowed else None))
        stem = Path(resource["path"]).stem
        schemas[stem] = TableSchema(name=stem, path=resource["path"], columns=tuple(columns),
                                    title=resource.get("title", ""), description=resource.get("description", ""),
                                    primary_key=tuple(resource.get("schema", {}).get("primaryKey") or ()),
                                    origin="datapackage")
    return schemas


# --- The columns fundsim is known to write (for folders without datapackage.json) ----------------------------

_TEXT = frozenset({
    "region_level", "region_id", "region_name", "region", "item", "unit", "county_id", "county_name",
    "indicator", "poverty_status", "age_band", "pilot_id", "pilot_name", "parameter", "path",
    "design", "statistic", "prefecture_id", "prefecture_name", "comparator", "definition", "as_of",
    "region_name_zh",
})
#: Text columns that may be empty (an indicator without a target has no comparator; `target` is a number, empty then).
_OPTIONAL_TEXT = frozenset({"comparator", "region_name_zh", "prefecture_id"})
_INTEGER = frozenset({"year", "draw", "draws", "point", "rank", "income_line_violations"})
_REGION_LEVELS = ("province", "prefecture", "county")

#: Units of the columns whose unit is fixed, per table (other tables give units per row in a ``unit`` column).
_UNITS: dict[str, dict[str, str]] = {
    "county_liability": {
        "registered_poor": "people", "backstop_spending_mean": "yuan", "provincial_backstop_subsidy": "yuan",
        "liability_mean": "yuan", "liability_p50": "yuan", "liability_p90": "yuan", "liability_p95": "yuan",
        "liability_p99": "yuan", "probability_subsidy_covers": "probability",
        "liability_p95_se": "yuan", "liability_p99_se": "yuan",
    },
    "population": {"people_mean": "people", "people_sd": "people", "people_p05": "people", "people_p50": "people",
                   "people_p95": "people"},
    "capitation": {
        "covered_people_mean": "people", "pooled_rate": "yuan_per_person", "pooled_budget_mean": "yuan",
        "expenditure_mean": "yuan", "expenditure_per_covered_mean": "yuan_per_person", "surplus_mean": "yuan",
        "surplus_sd": "yuan", "surplus_p05": "yuan", "surplus_p50": "yuan", "surplus_p95": "yuan",
        "probability_deficit": "probability", "county_corridor_payment_mean": "yuan",
        "break_even_rate_5pct": "yuan_per_person", "break_even_rate_5pct_se": "yuan_per_person",
        "break_even_rate_1pct": "yuan_per_person", "break_even_rate_1pct_se": "yuan_per_person",
        "income_line_violations": "people",
    },
}


def known_column(table: str, name: str) -> Column:
    """The column ``name`` of ``table`` as fundsim writes it.

    Text columns (ids, names, items, units) are strings, counts are integers,
    everything else a number (including a sweep's parameter-path columns).
    """
    if name in _TEXT:
        allowed = _REGION_LEVELS if name == "region_level" else None
        return Column(name, "string", required=name not in _OPTIONAL_TEXT, allowed_values=allowed)
    unit = _UNITS.get(table, {}).get(name)
    if name in _INTEGER or name.endswith("_tail_draws"):
        return Column(name, "integer", unit=unit, required=True)
    return Column(name, "number", unit=unit)


def infer_schema(table: str, csv_path: Path) -> TableSchema:
    """The schema of ``csv_path`` from its header and the columns fundsim is known to write."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        header_line = handle.readline()
    if not header_line.strip():
        raise OutputFolderError(f"{csv_path}:1: empty file, expected a CSV header")
    header = next(csv.reader([header_line]))
    return TableSchema(name=table, path=csv_path.name, columns=tuple(known_column(table, n) for n in header))

