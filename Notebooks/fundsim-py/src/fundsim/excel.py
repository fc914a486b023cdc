"""A fundsim output folder as one Excel workbook, for finance offices that live in Excel.

``to_excel(folder, path)`` writes a sheet per table (typed as
:func:`fundsim.read_output` reads it, with a frozen header and filters) and a
first sheet ``about`` with the run's manifest and every column's unit and
meaning. Also runnable: ``python3 -m fundsim.excel FOLDER [--out FILE.xlsx]``.

A table longer than Excel's 1,048,576 rows (e.g. ``draws.csv`` of a large run)
is left out and the ``about`` sheet says so; read it from its CSV instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .errors import FundsimError
from .tables import OutputFolder

#: Rows of an Excel sheet, header included.
EXCEL_MAX_ROWS = 1_048_576
_FORBIDDEN = set('[]:*?/\\')
_NUMBER_FORMATS = {"yuan": "#,##0.00", "yuan_per_person": "#,##0.00", "people": "#,##0", "probability": "0.0000",
                   "ratio": "0.0000", "share": "0.0000"}


def _sheet_name(name: str, taken: set[str]) -> str:
    base = "".join("_" if c in _FORBIDDEN else c for c in name)[:31] or "table"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f"_{n}"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def to_excel(folder: str | os.PathLike[str], path: str | os.PathLike[str], *,
             tables: Sequence[str] | None = None) -> list[str]:
    """Writes the tables of ``folder`` to the workbook ``path`` (written whole, then renamed into place).

    ``tables`` chooses tables by name (default: all). Returns the names of the
    tables left out because they exceed Excel's row limit.
    """
    try:
        from openpyxl.utils import get_column_letter
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise FundsimError("to_excel needs openpyxl: pip install 'fundsim[excel]'") from error
    output = OutputFolder(folder)
    chosen = list(tables) if tables is not None else list(output)
    unknown = [t for t in chosen if t not in output.schemas]
    if unknown:
        raise FundsimError(f"{output.path}: no table {', '.join(unknown)} (tables: {', '.join(output)})")
    too_long = []
    for name in chosen:
        with (output.path / output.schemas[name].path).open("rb") as table_file:
            rows = sum(1 for _ in table_file) - 1
        if rows + 1 > EXCEL_MAX_ROWS:
            too_long.append(name)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".xlsx", dir=target.parent)
    os.close(descriptor)
    try:
        with pd.ExcelWriter(temporary, engine="openpyxl") as writer:
            taken = {"about"}
            about = _about(output, chosen, too_long)
            about.to_excel(writer, sheet_name="about", index=False)
            for name in chosen:
                if name in too_long:
                    continue
                frame = output[name]
                sheet = _sheet_name(name, taken)
                frame.to_excel(writer, sheet_name=sheet, index=False)
                worksheet = writer.sheets[sheet]
                worksheet.freeze_panes = "A2"
                worksheet.auto_filter.ref = worksheet.dimensions
                units = output.units(name)
                for i, column in enumerate(frame.columns, start=1):
                    letter = get_column_letter(i)
                    width = max(len(str(column)), *(len(str(v)) for v in frame[column].head(200))) if len(frame) else len(column)
                    worksheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
                    number_format = _NUMBER_FORMATS.get(units.get(column, ""))
                    if number_format:
                        for (cell,) in worksheet.iter_rows(min_row=2, min_col=i, max_col=i):
                            cell.number_format = number_format
            about_sheet = writer.sheets["about"]
            for letter, width in zip("ABCDE", (22, 34, 12, 18, 90)):
                about_sheet.column_dimensions[letter].width = width
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return too_long


def _about(output: OutputFolder, chosen: Sequence[str], too_long: Sequence[str]) -> pd.DataFrame:
    rows: list[dict[str, str]] = [{"sheet": "", "column": "folder", "type": "", "unit": "", "description": str(output.path)}]
    for key, value in output.manifest.items():
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        rows.append({"sheet": "manifest", "column": key, "type": "", "unit": "", "description": text})
    for name in chosen:
        schema = output.schemas[name]
        note = (f"NOT INCLUDED: more rows than Excel's {EXCEL_MAX_ROWS:,}; read {schema.path}"
                if name in too_long else (schema.title or schema.path))
        rows.append({"sheet": name, "column": "", "type": "table", "unit": "", "description": note})
        for column in schema.columns:
            rows.append({"sheet": name, "column": column.name, "type": column.type, "unit": column.unit or "",
                         "description": column.description})
    return pd.DataFrame(rows, columns=["sheet", "column", "type", "unit", "description"])


def main(argv: Sequence[str] | None = None) -> int:
    """``python3 -m fundsim.excel FOLDER [--out FILE.xlsx] [--tables NAME…]``."""
    parser = argparse.ArgumentParser(prog="python3 -m fundsim.excel",
                                     description="Write a fundsim output folder's tables as one Excel workbook, a sheet per table.")
    parser.add_argument("folder", help="output folder of fundsim run, sweep or compare")
    parser.add_argument("--out", help="workbook to write (default: FOLDER.xlsx beside the folder)")
    parser.add_argument("--tables", nargs="+", metavar="NAME", help="only these tables (e.g. forecast county_liability)")
    arguments = parser.parse_args(argv)
    folder = Path(arguments.folder)
    out = Path(arguments.out) if arguments.out else folder.resolve().with_suffix(".xlsx")
    try:
        left_out = to_excel(folder, out, tables=arguments.tables)
    except FundsimError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for name in left_out:
        print(f"warning: {name} left out: more rows than an Excel sheet holds; read its CSV", file=sys.stderr)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
