#!/usr/bin/env bash
# Measures the peak memory of `peelbot ask dvpo` (issue 3 §5: < 60 MB) on
# the binary as deploy/Dockerfile builds it, read by GNU time (Debian
# package "time") as the process's maximum resident set size. Each case
# runs 5 times; the median and the largest are printed.
#   - the embedded report, indexed in memory at start (what `go run
#     ./cmd/peelbot ask dvpo` does) and opened from a prebuilt index
#     (PEEL_INDEX_DIR): both must stay under 60 MB;
#   - 50 reports (the embedded one and 49 synthetic ones), both ways: no
#     budget, measured to show how memory grows with the corpus.
# Exits 1 when a budgeted figure is over, 2 when it cannot measure.
set -euo pipefail
cd "$(dirname "$0")/.."

budget_mb=60
runs=5
if [ ! -x /usr/bin/time ]; then
  echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$work/peelbot" ./cmd/peelbot
go build -o "$work/loadtest" ./deploy/loadtest
"$work/peelbot" index --out "$work/index-1" >/dev/null
"$work/loadtest" reports -out "$work/reports" -n 50 >/dev/null
"$work/peelbot" index --reports "$work/reports" --out "$work/index-50" >/dev/null
echo "binary: $(du -k "$work/peelbot" | cut -f1) KB; prebuilt index: $(du -sk "$work/index-1" | cut -f1) KB (1 report), $(du -sk "$work/index-50" | cut -f1) KB (50)"

failed=0
# measure NAME BUDGET_MB [VAR=VALUE...]: peak RSS of `peelbot ask dvpo`.
measure() {
  local name=$1 budget=$2; shift 2
  local peaks=() secs=()
  for _ in $(seq "$runs"); do
    env "$@" PEEL_DB_PATH="$work/peelbot.db" /usr/bin/time -o "$work/time" -f "%M %e" \
      "$work/peelbot" ask dvpo >"$work/out"
    grep -q "domestic violence protection order" "$work/out" || { echo "$name: ask dvpo did not find the DVPO finding" >&2; exit 2; }
    read -r kb s <"$work/time"
    peaks+=("$kb"); secs+=("$s")
  done
  local max
  max=$(printf '%s\n' "${peaks[@]}" | sort -n | tail -n1)
  local verdict=""
  if [ "$budget" -gt 0 ]; then
    local word=within
    if [ "$max" -ge $(( budget * 1024 )) ]; then word=OVER; failed=1; fi
    verdict=$(printf "  [budget %d MB: %s, %d%%]" "$budget" "$word" $(( max * 100 / (budget * 1024) )))
  fi
  printf '%s\n' "${peaks[@]}" | sort -n | awk -v name="$name" -v wall="$(printf '%s\n' "${secs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" -v verdict="$verdict" \
    '{a[NR]=$1} END {printf "%-30s peak RSS median %5.1f MB, max %5.1f MB; wall %ss%s\n", name, a[int((NR+1)/2)]/1024, a[NR]/1024, wall, verdict}'
}

echo "peelbot ask dvpo, $runs runs each:"
measure "1 report, indexed at start" "$budget_mb"
measure "1 report, PEEL_INDEX_DIR" "$budget_mb" PEEL_INDEX_DIR="$work/index-1"
measure "50 reports, indexed at start" 0 PEEL_REPORTS_DIR="$work/reports"
measure "50 reports, PEEL_INDEX_DIR" 0 PEEL_REPORTS_DIR="$work/reports" PEEL_INDEX_DIR="$work/index-50"
exit $failed
