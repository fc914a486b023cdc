#!/usr/bin/env bash
# The Python half of "run every test" (called by .ci/run after `swift test`, and by the README's test
# command): installs the companion package with its test dependencies from PyPI, a CJK font (Chinese
# region names in charts) and a single-node Slurm, runs the pytest suite against the repository's
# fundsim binary, then executes every notebook headless (papermill) on a small run. Fails on any
# failed test, on "no tests collected", and on any cell error. About 4 minutes on 2 cores.
#
# FUNDSIM=PATH uses that binary instead of building one; FUNDSIM_NO_SLURM=1 skips starting Slurm
# (the Slurm tests then report themselves skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

echo "== Python: system packages (fonts-noto-cjk for Chinese names in charts)"
if ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-noto-cjk
fi

echo "== Python: pip install -e Notebooks/fundsim-py[test] ($(python3 --version))"
python3 -m pip install -q --disable-pip-version-check -e "Notebooks/fundsim-py[test]"

if [ -z "${FUNDSIM:-}" ]; then
    echo "== Python: building the fundsim binary (debug)"
    swift build --product fundsim 2>&1 | tail -1
    FUNDSIM="$(swift build --show-bin-path)/fundsim"
fi
export FUNDSIM
echo "== Python: testing against $FUNDSIM"

work=$(mktemp -d)
stop_slurm=0
cleanup() {
    if [ "$stop_slurm" = 1 ]; then bash Notebooks/slurm/stop-slurm.sh; fi
    rm -rf "$work"
}
trap cleanup EXIT

if [ "${FUNDSIM_NO_SLURM:-0}" != 1 ]; then
    echo "== Python: starting a single-node Slurm (Notebooks/slurm/start-slurm.sh)"
    if ! pgrep -x slurmctld >/dev/null 2>&1; then stop_slurm=1; fi
    bash Notebooks/slurm/start-slurm.sh
fi

echo "== Python: mypy (the package's functions are typed)"
(cd Notebooks/fundsim-py && python3 -m mypy --ignore-missing-imports src/fundsim)

echo "== Python: pytest"
set +e
(cd Notebooks/fundsim-py && python3 -m pytest -q -p no:cacheprovider -rs)
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "FAILED: pytest collected no tests" >&2
    exit 1
elif [ "$status" -ne 0 ]; then
    echo "FAILED: pytest exited with $status" >&2
    exit "$status"
fi

echo "== Python: notebooks (papermill, small runs)"
# A small real run for the notebooks that read one: the prefecture scenario (4 counties), 8 draws of 2018.
"$FUNDSIM" run Scenarios/prefecture-2018.yaml --draws 8 --years 2018 --quiet --out "$work/run"
count=0
for notebook in Notebooks/*.ipynb; do
    name=$(basename "$notebook" .ipynb)
    case "$name" in
        county-liability) parameters=(-p run_folder "$work/run") ;;
        sweep) parameters=(-p work_folder "$work/sweep" -p scenario "$root/Scenarios/prefecture-2018.yaml" -p years 2018
                           -p draws 2 -p grid_values 3 -p sobol_n 8) ;;
        *) echo "FAILED: $notebook has no CI parameters in Notebooks/ci.sh (give it a small run)" >&2; exit 1 ;;
    esac
    echo "-- $notebook"
    (cd Notebooks && python3 -m papermill --log-level WARNING --no-progress-bar -k python3 "$name.ipynb" \
        "$work/$name.out.ipynb" "${parameters[@]}")
    count=$((count + 1))
done
echo "== Python: $count notebook(s) executed without a cell error"
