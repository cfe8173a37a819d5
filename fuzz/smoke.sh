#!/usr/bin/env bash
# A short, fixed fuzzing run of each harness over the seed corpora, for CI.
# Exits non-zero when a harness finds a crash, a timeout or a memory blow-up.
# Installs nothing: $PYTHON (default: python) must already have atheris and laoshan.
#
#   PYTHON=/path/to/venv/bin/python bash fuzz/smoke.sh [RUNS]
set -uo pipefail
cd "$(dirname "$0")"

python=${PYTHON:-python}
runs=${1:-2000}
if ! "$python" -c 'import atheris, laoshan_cli' 2>/dev/null; then
    echo "smoke: $python cannot import atheris and laoshan_cli; see fuzz/README.md for the setup" >&2
    exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for harness in loader formula; do
    mkdir -p "$work/$harness/corpus" "$work/$harness/artifacts"
    echo "== fuzz_$harness: $runs runs"
    # The fresh corpus comes first, so new inputs go there and the seeds stay as they are.
    PYTHONHASHSEED=0 "$python" "fuzz_$harness.py" \
        "$work/$harness/corpus" "seeds/$harness" \
        -dict=laoshan.dict -runs="$runs" -seed=1 \
        -timeout=5 -rss_limit_mb=2048 -max_total_time=600 \
        -artifact_prefix="$work/$harness/artifacts/" -print_final_stats=1 \
        >"$work/$harness/log" 2>&1
    code=$?
    findings=$(find "$work/$harness/artifacts" -type f | sort)
    if [ "$code" -ne 0 ] || [ -n "$findings" ]; then
        status=1
        echo "smoke: fuzz_$harness failed (exit $code); the end of its log:" >&2
        tail -n 60 "$work/$harness/log" >&2
        for file in $findings; do
            echo "-- $(basename "$file"): $("$python" -c 'import sys; print(repr(open(sys.argv[1], "rb").read()[:2000]))' "$file")" >&2
        done
    else
        grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb|stat::slowest_unit_time_sec)' "$work/$harness/log"
    fi
done
exit $status
