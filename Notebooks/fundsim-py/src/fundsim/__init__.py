"""Python companion of the ``fundsim`` CLI (健康扶贫 money-flow forecasts).

It holds no model or settlement logic: it runs the ``fundsim`` binary and reads
the folders it writes.

- :func:`read_run`, :func:`read_sweep`, :func:`read_comparison`: output folders as typed pandas DataFrames;
- :func:`run`, :func:`sweep`, :func:`compare`: run the CLI and read its output;
- :mod:`fundsim.distributed`: a run or sweep as shards on a Dask cluster (local, any scheduler, Slurm), merged;
- :func:`to_excel`: a folder as one workbook, a sheet per table;
- :mod:`fundsim.sensitivity`: Sobol indices with SALib through a ``points`` sweep.
- :mod:`fundsim.agreement`: whether two builds' forecasts agree within Monte Carlo error (paired z per cell).
"""

from __future__ import annotations

import importlib
from typing import Any

from .commands import compare, run, sweep
from .errors import FundsimCommandError, FundsimError, OutputFolderError, ShardFailedError
from .excel import to_excel
from .tables import OutputFolder, read_comparison, read_output, read_run, read_sweep

__version__ = "0.1.0"

__all__ = [
    "FundsimCommandError", "FundsimError", "OutputFolder", "OutputFolderError", "ShardFailedError",
    "compare", "read_comparison", "read_output", "read_run", "read_sweep", "run", "sweep", "to_excel",
    "distributed", "sensitivity",
]


def __getattr__(name: str) -> Any:
    # The Dask and SALib modules load on first use, so `import fundsim` stays quick.
    if name in ("distributed", "sensitivity"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'fundsim' has no attribute {name!r}")
