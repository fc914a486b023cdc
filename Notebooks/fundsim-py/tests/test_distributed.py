"""fundsim.distributed on a real Dask LocalCluster: shards merged byte-identical to one process; failures retried, then reported."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import fundsim
import fundsim.distributed
from fundsim.errors import FundsimError, ShardFailedError

from .conftest import SMALL_SCENARIO

#: Manifest keys that say how (not what) a folder was computed: they may differ between a split and an unsplit run.
HOW_KEYS = {"startTime", "wallTimeSeconds", "threads", "commandLine"}
HOW_EXTRAS = {"shards", "shard_threads", "shard_wall_time_seconds"}


def assert_same_output(split: Path, whole: Path) -> None:
    """Every table byte-identical; the manifests equal but for how the job ran."""
    split_files = sorted(p.name for p in split.iterdir())
    whole_files = sorted(p.name for p in whole.iterdir())
    assert split_files == whole_files
    for name in whole_files:
        if name == "manifest.json":
            continue
        assert (split / name).read_bytes() == (whole / name).read_bytes(), f"{name} differs"
    a = json.loads((split / "manifest.json").read_text())
    b = json.loads((whole / "manifest.json").read_text())
    a_extras = {k: v for k, v in a.pop("extras", {}).items() if k not in HOW_EXTRAS}
    b_extras = {k: v for k, v in b.pop("extras", {}).items() if k not in HOW_EXTRAS}
    assert a_extras == b_extras
    assert {k: v for k, v in a.items() if k not in HOW_KEYS} == {k: v for k, v in b.items() if k not in HOW_KEYS}


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    """A real LocalCluster of 2 single-threaded worker processes."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def whole_run(tmp_path_factory: pytest.TempPathFactory, fundsim_binary: str) -> Path:
    """The unsplit run the split ones must equal: Xinbin, 7 draws of 2018, with draws.csv."""
    out = tmp_path_factory.mktemp("whole") / "run"
    fundsim.run(SMALL_SCENARIO, out, draws=7, seed=5, years=2018, extra=["--keep-draws"], fundsim=fundsim_binary)
    return out


def _failing_binary(tmp_path: Path, real: str, failures: int) -> tuple[Path, Path]:
    """A fundsim wrapper whose shard 1/3 fails its first `failures` attempts (each attempt logged), then runs the real one."""
    attempts = tmp_path / "attempts.log"
    script = tmp_path / "fundsim-flaky"
    script.write_text(f"""#!/bin/bash
case " $* " in
  *" --shard 1/3 "*)
    echo attempt >> '{attempts}'
    if [ "$(wc -l < '{attempts}')" -le {failures} ]; then
      echo "boom: scenario file unreadable on this node (attempt $(wc -l < '{attempts}'))" >&2
      exit 3
    fi;;
esac
exec '{real}' "$@"
""")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, attempts


def test_failure_stops_the_other_shards(client: object, tmp_path: Path, sharding_binary: str) -> None:
    """Shard 1 fails for good while shard 0 is still running: shard 0's process is killed, not left to write."""
    import time

    flaky, _ = _failing_binary(tmp_path, sharding_binary, failures=2)
    pid_file = tmp_path / "shard0.pid"
    slow = tmp_path / "fundsim-slow-shard-0"
    slow.write_text(f"""#!/bin/bash
case " $* " in
  *" --shard 0/3 "*) echo $$ > '{pid_file}'; exec sleep 300;;
esac
exec '{flaky}' "$@"
""")
    slow.chmod(slow.stat().st_mode | stat.S_IXUSR)
    out = tmp_path / "out" / "split"
    started = time.monotonic()
    with pytest.raises(ShardFailedError, match="shard 1/3 failed after 2 attempts"):
        fundsim.distributed.run(SMALL_SCENARIO, out, shards=3, draws=7, seed=5, years=2018, client=client, fundsim=slow)
    assert time.monotonic() - started < 60
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert not out.exists() and _siblings(out.parent) == []


def _siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_three_shards_on_two_workers_equal_one_process(client: object, whole_run: Path, tmp_path: Path,
                                                       sharding_binary: str) -> None:
    out = tmp_path / "split"
    result = fundsim.distributed.run(SMALL_SCENARIO, out, shards=3, draws=7, seed=5, years=2018, extra=["--keep-draws"],
                                     client=client, fundsim=sharding_binary)
    assert result.path == out.resolve()
    assert_same_output(out, whole_run)
    assert json.loads((out / "manifest.json").read_text())["extras"]["shards"] == "3"
    assert _siblings(tmp_path) == ["split"], "staging folder left behind"


def test_more_shards_than_draws(client: object, tmp_path: Path, sharding_binary: str) -> None:
    whole = fundsim.run(SMALL_SCENARIO, tmp_path / "whole", draws=2, seed=3, years=2018, fundsim=sharding_binary)
    fundsim.distributed.run(SMALL_SCENARIO, tmp_path / "split", shards=3, draws=2, seed=3, years=2018, client=client,
                            fundsim=sharding_binary)
    assert_same_output(tmp_path / "split", whole.path)


def test_failed_shard_is_retried_once(client: object, whole_run: Path, tmp_path: Path, sharding_binary: str) -> None:
    flaky, attempts = _failing_binary(tmp_path, sharding_binary, failures=1)
    out = tmp_path / "out" / "split"
    fundsim.distributed.run(SMALL_SCENARIO, out, shards=3, draws=7, seed=5, years=2018, extra=["--keep-draws"],
                            client=client, fundsim=flaky)
    assert attempts.read_text().count("attempt") == 2
    assert_same_output(out, whole_run)


def test_shard_failing_twice_is_named_with_its_stderr_and_nothing_is_written(client: object, tmp_path: Path,
                                                                           sharding_binary: str) -> None:
    flaky, attempts = _failing_binary(tmp_path, sharding_binary, failures=2)
    out = tmp_path / "out" / "split"
    with pytest.raises(ShardFailedError) as failure:
        fundsim.distributed.run(SMALL_SCENARIO, out, shards=3, draws=7, seed=5, years=2018, client=client, fundsim=flaky)
    assert failure.value.shard == "1/3"
    assert failure.value.attempts == 2
    assert "boom: scenario file unreadable on this node (attempt 2)" in failure.value.stderr
    assert "shard 1/3 failed after 2 attempts" in str(failure.value)
    assert attempts.read_text().count("attempt") == 2
    assert not out.exists()
    assert _siblings(out.parent) == [], "staging folder left behind"


def test_arguments_the_runner_owns_are_refused(tmp_path: Path, fundsim_binary: str) -> None:
    with pytest.raises(FundsimError, match="--shard is set by the distributed runner"):
        fundsim.distributed.run_shards(["run", "xinbin", "--shard", "0/2"], shards=2, out=tmp_path / "x",
                                       fundsim=fundsim_binary)
    with pytest.raises(FundsimError, match="--shards must be at least 1"):
        fundsim.distributed.run_shards(["run", "xinbin"], shards=0, out=tmp_path / "x", fundsim=fundsim_binary)
    assert list(tmp_path.iterdir()) == []


def test_command_line_with_its_own_local_cluster(whole_run: Path, tmp_path: Path, sharding_binary: str) -> None:
    out = tmp_path / "cli"
    done = subprocess.run([sys.executable, "-m", "fundsim.distributed", "run", str(SMALL_SCENARIO), "--draws", "7",
                           "--seed", "5", "--years", "2018", "--keep-draws", "--shards", "3", "--workers", "2",
                           "--out", str(out), "--fundsim", sharding_binary],
                          capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "shard 2/3 done" in done.stderr and "wrote" in done.stderr
    assert_same_output(out, whole_run)


def test_command_line_failure_exit_status_and_message(tmp_path: Path, sharding_binary: str) -> None:
    flaky, _ = _failing_binary(tmp_path, sharding_binary, failures=5)
    out = tmp_path / "cli"
    done = subprocess.run([sys.executable, "-m", "fundsim.distributed", "run", str(SMALL_SCENARIO), "--draws", "4",
                           "--years", "2018", "--shards", "3", "--workers", "1", "--out", str(out), "--fundsim", str(flaky),
                           "--quiet"], capture_output=True, text=True, check=False, env={**os.environ})
    assert done.returncode == 1
    assert "error: shard 1/3 failed after 2 attempts" in done.stderr and "boom" in done.stderr
    assert not out.exists()


def test_sweep_in_three_shards_equals_one_process(client: object, tmp_path: Path, sharding_binary: str) -> None:
    help_text = subprocess.run([sharding_binary, "sweep", "--help"], capture_output=True, text=True, check=True).stdout
    if "--shard" not in help_text:
        pytest.skip("this fundsim build cannot split a sweep (no `fundsim sweep --shard`)")
    spec = tmp_path / "grid.yaml"
    spec.write_text(f"""sweep:
  scenario: {SMALL_SCENARIO}
  design: grid
  parameters:
    - path: tiers.ncms_basic.rules.inpatient.coinsurance.ratio.county
      values: [0.70, 0.80]
""")
    whole = fundsim.sweep(spec, tmp_path / "whole", draws=4, seed=2, years=2018, fundsim=sharding_binary)
    split = fundsim.distributed.sweep(spec, tmp_path / "split", shards=3, draws=4, seed=2, years=2018, client=client,
                                      fundsim=sharding_binary)
    assert_same_output(split.path, whole.path)


def test_command_line_passes_unknown_options_to_fundsim(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: dict[str, object] = {}

    def fake_run_shards(arguments: list[str], **options: object) -> Path:
        seen["arguments"], seen["options"] = arguments, options
        return tmp_path

    monkeypatch.setattr(fundsim.distributed, "run_shards", fake_run_shards)
    status = fundsim.distributed.main(["sweep", "spec.yaml", "--draws", "9", "--set", "simulation.cost_growth=0.05",
                                       "--keep-draws", "--shards", "4", "--out", "o", "--scheduler", "tcp://h:8786",
                                       "--quiet"])
    assert status == 0
    assert seen["arguments"] == ["sweep", "spec.yaml", "--draws", "9", "--set", "simulation.cost_growth=0.05", "--keep-draws"]
    options = seen["options"]
    assert isinstance(options, dict)
    assert options["shards"] == 4 and options["scheduler"] == "tcp://h:8786" and options["out"] == "o"
    assert options["threads"] == 1 and options["retries"] == 1
