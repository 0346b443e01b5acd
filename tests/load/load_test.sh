#!/usr/bin/env bash
# Load: wrk with 256 connections for 60 s against `offerscope serve --demo` (the app's own
# mix: static files, the aggregate endpoint, pass-through pages, health). Passes when every
# answer is a 2xx/3xx, wrk saw no socket errors, the server is still alive and answering,
# and memory is flat: the resident size after the second 30 s differs from the size after
# the first 30 s (caches warm by then) by less than 10% + 8 MB.
# Usage: load_test.sh <offerscope binary> <static site dir> [seconds, default 60]
set -euo pipefail
bin=$1 site=$2 seconds=${3:-60}
half=$((seconds / 2))
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

VAST_API_KEY= PRIME_API_KEY= DISPERSED_API_KEY= "$bin" serve --demo --port 0 --static-dir "$site" >"$work/log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q '"listening"' "$work/log" && break; sleep 0.1; done
url=$(grep -o '"url":"[^"]*"' "$work/log" | head -1 | cut -d'"' -f4)
[ -n "$url" ] || { echo "server did not start:"; cat "$work/log"; exit 1; }
url=${url%/}
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"; }

run_wrk() {  # prints wrk's report; fails on any error it counts
  wrk -t2 -c256 -d"${1}s" --timeout 10s -s "$here/mix.lua" "$url" >"$work/wrk.txt" 2>&1 || { cat "$work/wrk.txt"; return 1; }
  cat "$work/wrk.txt"
  if grep -Eq 'Socket errors|Non-2xx or 3xx' "$work/wrk.txt"; then echo "FAIL: wrk saw errors"; return 1; fi
}

rss_start=$(rss_kb)
echo "== first ${half}s (RSS at start ${rss_start} kB)"
run_wrk "$half"
rss_mid=$(rss_kb)
echo "== second ${half}s (RSS after the first half ${rss_mid} kB)"
run_wrk "$half"
rss_end=$(rss_kb)
echo "RSS: start ${rss_start} kB, after ${half}s ${rss_mid} kB, after ${seconds}s ${rss_end} kB"

kill -0 "$server_pid" || { echo "FAIL: the server died"; cat "$work/log" | tail -20; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")
[ "$code" = 200 ] || { echo "FAIL: /healthz answered $code after the load"; exit 1; }
limit=$((rss_mid + rss_mid / 10 + 8192))
[ "$rss_end" -le "$limit" ] || { echo "FAIL: memory grew from ${rss_mid} kB to ${rss_end} kB"; exit 1; }
echo "PASS load: no errors, server alive, memory flat"
