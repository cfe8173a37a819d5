#!/usr/bin/env bash
# A long fuzzing campaign of one harness: keep-going mode, restarted after a timeout or
# memory blow-up, until SECONDS have passed. Findings go to fuzz/findings/HARNESS/
# (crash-* with a .txt traceback each, timeout-*, oom-*, slow/), the corpus to
# fuzz/corpus-HARNESS/ (git-ignored), logs to $LOGDIR (default fuzz/findings/HARNESS/logs).
#
#   PYTHON=/path/to/venv/bin/python bash fuzz/campaign.sh loader 1200
#
# HARNESS is loader or formula.
# FINDINGS overrides the findings folder (default fuzz/findings/HARNESS).
#
# TIMEOUT (default 5) is libFuzzer's -timeout in seconds. Instrumented code runs
# 10-20 times slower than plain Python, so 5 s flags inputs that take a few
# tenths of a second uninstrumented; time a timeout-* input without atheris
# before calling it a hang (see README.md).
set -uo pipefail
cd "$(dirname "$0")"

python=${PYTHON:-python}
harness=${1:?usage: campaign.sh loader|formula SECONDS}
total=${2:?usage: campaign.sh loader|formula SECONDS}
seeds=seeds/$harness
case $harness in
    loader) max_len=20000 len_control=100 ;;
    formula) max_len=5000 len_control=0 ;;  # short seeds: let inputs grow past 64 bytes at once
    *) echo "campaign: unknown harness $harness" >&2; exit 2 ;;
esac
findings=${FINDINGS:-findings/$harness}
corpus=corpus-$harness
logs=${LOGDIR:-$findings/logs}
mkdir -p "$findings" "$corpus" "$logs"

end=$((SECONDS + total))
round=0
while (( SECONDS < end - 5 )); do
    round=$((round + 1))
    left=$((end - SECONDS))
    LAOSHAN_FUZZ_KEEP_GOING=$findings "$python" "fuzz_$harness.py" "$corpus" "$seeds" \
        -dict=laoshan.dict -max_len=$max_len -len_control=$len_control -timeout="${TIMEOUT:-5}" -rss_limit_mb=2048 -max_total_time=$left \
        -artifact_prefix="$findings/" -print_final_stats=1 >"$logs/round-$round.log" 2>&1
    echo "campaign $harness: round $round ended with exit $? after $((SECONDS)) s"
done

executed=0
for log in "$logs"/round-*.log; do
    runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -n 1)
    if [ -z "$runs" ]; then  # a round that ended in a timeout or oom: its last status line
        runs=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
    fi
    executed=$((executed + ${runs:-0}))
done
echo "campaign $harness: $round round(s), $executed executions in $SECONDS s"
grep -hE '^stat::(peak_rss_mb|slowest_unit_time_sec)' "$logs"/round-*.log | sort | uniq -c
ls "$findings"
