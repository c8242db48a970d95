#!/usr/bin/env bash
# Measures the three serve figures of the performance budget (issue 7 §5,
# docs/PERFORMANCE.md), once with the embedded report and once with 50:
#   - signed slash commands at 200/s for 30 s on loopback: no errors, p99 < 50 ms;
#   - steady resident memory under that load: < 80 MB (1 report), < 200 MB (50);
#   - process start to /healthz 200 with a prebuilt index: < 500 ms.
# Usage: deploy/loadtest.sh            (RATE=200 DURATION=30s by default)
# Exits 1 when a figure misses its budget, 2 when it cannot measure.
set -euo pipefail
cd "$(dirname "$0")/.."

rate=${RATE:-200}
duration=${DURATION:-30s}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== building peelbot (as in deploy/Dockerfile) and the load tool"
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$work/peelbot" ./cmd/peelbot
go build -o "$work/loadtest" ./deploy/loadtest
if ! "$work/peelbot" serve --help >/dev/null 2>&1; then
  echo "this peelbot has no working 'serve' command yet: nothing to measure" >&2
  exit 2
fi

echo "== prebuilding the indexes and the 50-report corpus"
"$work/peelbot" index --out "$work/index-1"
"$work/loadtest" reports -out "$work/reports" -n 50
"$work/peelbot" index --reports "$work/reports" --out "$work/index-50"

# Placeholders a server may insist on at start; nothing reaches Slack: the
# load tool's fake Slack takes every response_url post. If serve reads a
# Slack API base URL from the environment, name that variable in
# SLACK_API_URL_ENV and it is pointed at the fake Slack too.
export SLACK_BOT_TOKEN=${SLACK_BOT_TOKEN:-xoxb-loadtest-placeholder}
child_env=()
if [ -n "${SLACK_API_URL_ENV:-}" ]; then
  child_env=(-child-env "$SLACK_API_URL_ENV={sink}/api/")
fi

failed=0
measure() { # name, max RSS MB, then environment assignments for the server
  local name=$1 max_rss=$2; shift 2
  echo
  echo "== peelbot serve, $name"
  if ! env "$@" PEEL_DB_PATH="$work/$name.db" "$work/loadtest" run \
      -rate "$rate" -duration "$duration" -max-p99 50ms -max-start 500ms -max-rss-mb "$max_rss" \
      -child-log "$work/$name.log" "${child_env[@]}" -- "$work/peelbot" serve; then
    failed=1
    echo "(server log: last lines)"; tail -n 20 "$work/$name.log" || true
  fi
}
measure embedded-report 80 PEEL_INDEX_DIR="$work/index-1"
measure 50-reports 200 PEEL_INDEX_DIR="$work/index-50" PEEL_REPORTS_DIR="$work/reports"
exit $failed
