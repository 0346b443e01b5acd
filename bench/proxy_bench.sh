#!/usr/bin/env bash
# Benchmarks `offerscope serve` against nginx configured as the obvious alternative (a
# caching reverse proxy that adds the provider's auth header and a CORS header), both in
# front of the same provider emulator, and times the aggregate endpoint against fetching the
# same provider pages one after another. Writes JSON to $1 (default build/bench/proxy.json).
#
#   hit:   one pass-through GET (Prime's first GPU page, ~128 KB of JSON, identical bytes from
#          both), cache warmed by one request, then `wrk --latency` (req/s and p99).
#   miss:  the same route, every request a cache miss on both sides: a wrk Lua script appends
#          a query parameter that changes with every request (`bench_nocache=<run>-<thread>-<n>`;
#          the proxy's allowlist forwards any query, the emulator ignores unknown parameters),
#          so both servers forward, store and answer a new entry each time. Chosen over turning
#          caching off because `--cache-ttl 0` would still coalesce concurrent misses of one key
#          into one upstream call (nginx with proxy_cache off would not), which is not a fair
#          comparison.
#   aggregate: GET /api/v1/offers (3 providers, all pages) with the emulator at --delay-ms 50,
#          a freshly started server (cold cache) per measurement; vs the same upstream pages
#          fetched one after another through the pass-through (one curl process, one kept-alive
#          connection, also cold); vs /api/v1/offers?providers=P for each provider alone
#          (slowest = the best a parallel fan-out can do).
# Every wrk measurement runs $RUNS times (default 3), aggregate ones $AGG_RUNS times
# (default 5); the JSON holds medians, and the raw runs under setup.raw. Each round runs both
# sides' hits, then both sides' misses; the side that goes first alternates from round to
# round, and every run starts after a `sync`.
#
# Needs: wrk, nginx (nginx-light is enough), jq, curl, python3; the release binaries
# (build/release/bin/offerscope, offerscope-emulator). Takes about 2.5 minutes on 2 cores.
# Knobs (environment): WRK_THREADS=2 WRK_CONNECTIONS=64 WRK_DURATION=10s RUNS=3 AGG_RUNS=5
# DELAY_MS=50 PROXY_THREADS (the proxy's --threads; unset: its default).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

out=${1:-build/bench/proxy.json}
wrk_threads=${WRK_THREADS:-2}
wrk_conns=${WRK_CONNECTIONS:-64}
wrk_duration=${WRK_DURATION:-10s}
runs=${RUNS:-3}
agg_runs=${AGG_RUNS:-5}
delay_ms=${DELAY_MS:-50}
cache_ttl=60
origin=http://app.example
bin=build/release/bin

for tool in wrk jq curl python3; do
  command -v "$tool" >/dev/null || { echo "proxy_bench: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done
nginx_bin=${NGINX:-/usr/sbin/nginx}
[[ -x $nginx_bin ]] || { echo "proxy_bench: $nginx_bin is missing (apt-get install nginx-light)" >&2; exit 1; }
for b in offerscope offerscope-emulator; do
  [[ -x $bin/$b ]] || { echo "proxy_bench: $bin/$b is missing (scripts/build.sh release)" >&2; exit 1; }
done

tmp=$(mktemp -d /tmp/proxy_bench.XXXXXX)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

forget_pid() {  # drops $1 from the cleanup list once it was stopped
  local keep=() p
  for p in "${pids[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
  pids=("${keep[@]}")
}

stop() {  # stop PID: TERM, wait for it, forget it
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  forget_pid "$1"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_for FILE PATTERN: until FILE holds a line matching PATTERN (5 s at most).
wait_for() {
  for _ in $(seq 100); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "proxy_bench: timed out waiting for '$2' in $1:" >&2
  cat "$1" >&2 || true
  return 1
}

# ---- provider emulators: one answering at once (wrk), one with a delay (aggregate) --------
start_emulator() {  # start_emulator NAME [args]: sets emu_url (its "listening" URL)
  local name=$1; shift
  "$bin/offerscope-emulator" --port 0 "$@" > "$tmp/$name.out" 2> "$tmp/$name.err" &
  pids+=($!)
  wait_for "$tmp/$name.out" listening
  emu_url=$(head -1 "$tmp/$name.out" | jq -r .listening)
}
start_emulator emu_fast
fast_url=$emu_url
start_emulator emu_slow --delay-ms "$delay_ms"
slow_url=$emu_url

# Provider keys held by the proxy (the emulator accepts any key; Prime needs one).
export VAST_API_KEY=bench-vast-key PRIME_API_KEY=bench-prime-key DISPERSED_API_KEY=bench-dispersed-key
unset OFFERSCOPE_ACCESS_TOKEN OFFERSCOPE_ALLOW_ORIGIN

# start_serve NAME UPSTREAM [flags]: sets serve_pid and serve_url.
start_serve() {
  local name=$1 up=$2; shift 2
  local extra=()
  [[ -n ${PROXY_THREADS:-} ]] && extra+=(--threads "$PROXY_THREADS")
  "$bin/offerscope" serve --no-demo --port 0 --shutdown-grace 1 --allow-origin "$origin" \
    --base-url "vast=$up/vast" --base-url "primeintellect=$up/primeintellect" --base-url "dispersed=$up/dispersed" \
    "${extra[@]}" "$@" > "$tmp/$name.out" 2> "$tmp/$name.log" &
  serve_pid=$!
  pids+=("$serve_pid")
  wait_for "$tmp/$name.log" '"msg":"listening"'
  serve_url=$(grep -m1 '"msg":"listening"' "$tmp/$name.log" | jq -r .url)
  serve_url=${serve_url%/}
}

# ---- nginx: caching reverse proxy, auth header + CORS header added ------------------------
ngx=$tmp/nginx
mkdir -p "$ngx/cache"
chmod 755 "$tmp" "$ngx"
nginx_port=$(free_port)
emu_hostport=${fast_url#http://}
user_line=""
[[ $(id -u) == 0 ]] && user_line="user nobody nogroup;"  # workers drop root, as in a real install
cat > "$ngx/nginx.conf" <<EOF
$user_line
worker_processes 2;
daemon off;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 1024; }
http {
  access_log $ngx/access.log;
  client_body_temp_path $ngx/client_body;
  proxy_temp_path $ngx/proxy_temp;
  fastcgi_temp_path $ngx/fastcgi_temp;
  uwsgi_temp_path $ngx/uwsgi_temp;
  scgi_temp_path $ngx/scgi_temp;
  # sendfile as in Debian's stock nginx.conf, but not its tcp_nopush: on loopback, TCP_CORK
  # with sendfile stalls every answer for ~40 ms (1,700 req/s instead of ~16,000).
  sendfile on;
  tcp_nopush off;
  keepalive_timeout 65;
  proxy_cache_path $ngx/cache levels=1:2 keys_zone=offers:10m max_size=256m inactive=10m use_temp_path=off;
  upstream emulator {
    server $emu_hostport;
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    proxy_http_version 1.1;
    proxy_cache offers;
    proxy_cache_valid 200 ${cache_ttl}s;
    proxy_cache_lock on;
    add_header Access-Control-Allow-Origin "$origin" always;
    add_header Vary Origin always;
    add_header X-Cache \$upstream_cache_status always;
    location /api/v1/providers/primeintellect/api/v1/availability/ {
      proxy_pass http://emulator/primeintellect/api/v1/availability/;
      proxy_set_header Authorization "Bearer $PRIME_API_KEY";
      proxy_set_header Connection "";  # upstream keep-alive
    }
    location = /api/v1/providers/dispersed/v1/compute/offers {
      proxy_pass http://emulator/dispersed/v1/compute/offers;
      proxy_set_header Authorization "Bearer $DISPERSED_API_KEY";
      proxy_set_header Connection "";  # upstream keep-alive
    }
    location = /api/v1/providers/vast/api/v0/bundles/ {
      limit_except POST { deny all; }
      client_body_buffer_size 1m;
      proxy_cache_methods GET HEAD POST;
      proxy_cache_key "\$request_method \$uri\$is_args\$args \$request_body";
      proxy_pass http://emulator/vast/api/v0/bundles/;
      proxy_set_header Authorization "Bearer $VAST_API_KEY";
      proxy_set_header Connection "";  # upstream keep-alive
    }
    location / { return 404; }
  }
}
EOF
"$nginx_bin" -t -q -e "$ngx/error.log" -p "$ngx" -c "$ngx/nginx.conf"
"$nginx_bin" -e "$ngx/error.log" -p "$ngx" -c "$ngx/nginx.conf" &
pids+=($!)
nginx_url=http://127.0.0.1:$nginx_port
for _ in $(seq 100); do curl -s -o /dev/null "$nginx_url/" && break; sleep 0.05; done

start_serve serve_wrk "$fast_url"
proxy_url=$serve_url

# ---- the measured route: both must answer the same bytes ----------------------------------
route="/api/v1/providers/primeintellect/api/v1/availability/gpus?page=1&page_size=100"
curl -sf -H "Origin: $origin" -o "$tmp/proxy.body" "$proxy_url$route"
curl -sf -H "Origin: $origin" -o "$tmp/nginx.body" "$nginx_url$route"
curl -sf -H "Authorization: Bearer $PRIME_API_KEY" -o "$tmp/direct.body" "$fast_url/primeintellect/api/v1/availability/gpus?page=1&page_size=100"
cmp -s "$tmp/proxy.body" "$tmp/direct.body" || { echo "proxy_bench: the proxy's answer differs from the emulator's" >&2; exit 1; }
cmp -s "$tmp/nginx.body" "$tmp/direct.body" || { echo "proxy_bench: nginx's answer differs from the emulator's" >&2; exit 1; }
body_bytes=$(stat -c %s "$tmp/direct.body")
for u in "$proxy_url" "$nginx_url"; do
  h=$(curl -s -D - -o /dev/null -H "Origin: $origin" "$u$route" | tr -d '\r')
  grep -qi "^access-control-allow-origin: $origin" <<<"$h" || { echo "proxy_bench: no CORS header from $u" >&2; exit 1; }
  grep -qiE '^(x-offerscope-cache|x-cache): hit' <<<"$h" || { echo "proxy_bench: $u did not answer from its cache" >&2; exit 1; }
done

# ---- wrk ----------------------------------------------------------------------------------
cat > "$tmp/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nWRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"non2xx":%d,' ..
    '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
EOF
cat > "$tmp/miss.lua" <<'EOF'
-- A new query parameter value for every request: a cache miss on any cache.
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
local n = 0
local tag = "x"
function init(args)
  tag = args[1] or "x"
end
function request()
  n = n + 1
  return wrk.format(nil, wrk.path .. "&bench_nocache=" .. tag .. "-" .. tid .. "-" .. n)
end
EOF
cat "$tmp/report.lua" >> "$tmp/miss.lua"

# Listen-queue overflows on this machine during a run (SYNs dropped, retried after 1 s): the
# emulator listens with cpp-httplib's backlog of 5, so connection churn towards it shows up
# here and in the p99.
listen_drops() {
  awk '/^TcpExt:/ { if (!h) { for (i = 2; i <= NF; i++) n[i] = $i; h = 1 }
                    else { for (i = 2; i <= NF; i++) if (n[i] == "ListenDrops") v = $i } }
       END { print v + 0 }' /proc/net/netstat 2>/dev/null || echo 0
}

# run_wrk LABEL URL [lua-args]: one wrk run; appends {label, rps, p99_ms, ...} to wrk.jsonl.
run_wrk() {
  local label=$1 url=$2; shift 2
  local script=$tmp/report.lua drops0 drops1 j
  [[ $label == *miss ]] && script=$tmp/miss.lua
  # nginx's miss runs write its cache files (~1-1.5 GB dirty after 10 s here); without this
  # the kernel flushes them during whichever run comes next, and that run measured ~5-8%
  # fewer answers per second (session 12). Each run starts with nothing left to write.
  sync
  drops0=$(listen_drops)
  wrk -t"$wrk_threads" -c"$wrk_conns" -d"$wrk_duration" --latency -H "Origin: $origin" -s "$script" "$url" -- "$@" \
    > "$tmp/wrk.txt" 2>&1 || { cat "$tmp/wrk.txt" >&2; return 1; }
  drops1=$(listen_drops)
  j=$(grep '^WRKJSON ' "$tmp/wrk.txt" | cut -d' ' -f2-)
  jq -c --arg lbl "$label" --argjson drops "$((drops1 - drops0))" '{"label": $lbl, rps: (.requests / (.duration_us / 1e6)),
      p99_ms: (.p99_us / 1000), p50_ms: (.p50_us / 1000), max_ms: (.max_us / 1000), requests, non2xx, socket_errors,
      listen_drops: $drops, mb_s: (.bytes / (.duration_us / 1e6) / 1e6)}' <<<"$j" | tee -a "$tmp/wrk.jsonl" >&2
}

load_start=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load_start" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  echo "proxy_bench: warning: load average $load_start on $(nproc) cores before starting; figures will be noisy" >&2
fi
echo "proxy_bench: wrk -t$wrk_threads -c$wrk_conns -d$wrk_duration, $runs runs; route $route ($body_bytes bytes)" >&2
# The two sides take turns going first, in case anything else carries over from one run to
# the next.
declare -A url_of=([proxy]=$proxy_url [nginx]=$nginx_url)
for r in $(seq "$runs"); do
  sides=(proxy nginx)
  (( r % 2 == 0 )) && sides=(nginx proxy)
  for side in "${sides[@]}"; do
    curl -sf -o /dev/null -H "Origin: $origin" "${url_of[$side]}$route"  # warm (or keep warm)
    run_wrk "${side}_hit" "${url_of[$side]}$route"
  done
  for side in "${sides[@]}"; do
    run_wrk "${side}_miss" "${url_of[$side]}$route" "${side:0:1}$r"
  done
done
stop "$serve_pid"

# ---- aggregate vs sequential vs each provider alone --------------------------------------
# The pages /api/v1/offers fetches with an empty query: each provider's plan (`offerscope
# plan`), then the pages its first answer announces (counted here from the same data).
vast_body=$("$bin/offerscope" plan --provider vast | jq -c .body)
prime_total=$(curl -sf -H "Authorization: Bearer $PRIME_API_KEY" "$fast_url/primeintellect/api/v1/availability/gpus?page=1&page_size=100" | jq .totalCount)
read -r disp_total disp_limit < <(curl -sf "$fast_url/dispersed/v1/compute/offers?limit=50&page=1" | jq -r '"\(.total) \(.limit)"')
prime_pages=$(( (prime_total + 99) / 100 ))
disp_pages=$(( (disp_total + disp_limit - 1) / disp_limit ))
printf '%s' "$vast_body" > "$tmp/vast_body.json"

# seq_curl_args BASE: one curl process fetching every page in turn over one connection.
seq_curl_args() {
  local base=$1 p
  seq_args=(-s -w '%{http_code} %{time_total}\n')
  for p in $(seq "$prime_pages"); do
    seq_args+=(-o /dev/null "$base/api/v1/providers/primeintellect/api/v1/availability/gpus?page=$p&page_size=100")
  done
  for p in $(seq "$disp_pages"); do
    seq_args+=(-o /dev/null "$base/api/v1/providers/dispersed/v1/compute/offers?limit=$disp_limit&page=$p")
  done
  seq_args+=(--next -s -w '%{http_code} %{time_total}\n' -o /dev/null -H 'Content-Type: application/json'
             --data-binary "@$tmp/vast_body.json" "$base/api/v1/providers/vast/api/v0/bundles/")
}

# time_cold NAME CURL-ARGS...: fresh server (cold cache), run curl (@BASE@ = its URL), set
# cold_ms to the sum of curl's time_total. (Not in a $(...) subshell: the cleanup trap must
# see every server started.)
time_cold() {
  local name=$1; shift
  start_serve "$name" "$slow_url"
  local args=() a lines
  for a in "$@"; do args+=("${a//@BASE@/$serve_url}"); done
  lines=$(curl "${args[@]}")
  stop "$serve_pid"
  if grep -qv '^200 ' <<<"$lines"; then
    echo "proxy_bench: $name: a request failed: $lines" >&2
    exit 1
  fi
  cold_ms=$(awk '{ s += $2 } END { printf "%.1f", s * 1000 }' <<<"$lines")
}

echo "proxy_bench: aggregate, emulator --delay-ms $delay_ms, $agg_runs runs; sequential = $prime_pages Prime + $disp_pages Dispersed pages + 1 Vast search" >&2
for r in $(seq "$agg_runs"); do
  time_cold agg -s -o "$tmp/agg.json" -w '%{http_code} %{time_total}\n' "@BASE@/api/v1/offers"
  agg=$cold_ms
  jq -e '[.providers[] | select(.status != "ok")] | length == 0' "$tmp/agg.json" >/dev/null ||
    { echo "proxy_bench: the aggregate answer has a provider that is not ok: $(jq -c .providers "$tmp/agg.json")" >&2; exit 1; }
  jq -e --argjson pp "$prime_pages" --argjson dp "$disp_pages" \
    '.providers.vast.pages == 1 and .providers.primeintellect.pages == $pp and .providers.dispersed.pages == $dp' \
    "$tmp/agg.json" >/dev/null ||
    { echo "proxy_bench: the aggregate fetched other pages than the sequential run: $(jq -c .providers "$tmp/agg.json")" >&2; exit 1; }
  seq_curl_args @BASE@
  time_cold seq "${seq_args[@]}"
  sequential=$cold_ms
  singles=()
  for p in vast primeintellect dispersed; do
    time_cold "single_$p" -s -o /dev/null -w '%{http_code} %{time_total}\n' "@BASE@/api/v1/offers?providers=$p"
    singles+=("$cold_ms")
  done
  jq -cn --argjson a "$agg" --argjson s "$sequential" --argjson v "${singles[0]}" --argjson pi "${singles[1]}" \
    --argjson d "${singles[2]}" \
    '{aggregate_ms: $a, sequential_ms: $s, vast_ms: $v, primeintellect_ms: $pi, dispersed_ms: $d,
      slowest_provider_ms: ([$v, $pi, $d] | max)}' | tee -a "$tmp/agg.jsonl" >&2
done

# ---- results ------------------------------------------------------------------------------
mkdir -p "$(dirname "$out")"
load_end=$(cut -d' ' -f1 /proc/loadavg)
nginx_version=$("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //')
jq -n --slurpfile w "$tmp/wrk.jsonl" --slurpfile a "$tmp/agg.jsonl" \
  --arg route "$route" --argjson bytes "$body_bytes" --argjson t "$wrk_threads" --argjson c "$wrk_conns" \
  --arg d "$wrk_duration" --argjson runs "$runs" --argjson agg_runs "$agg_runs" --argjson delay "$delay_ms" \
  --argjson ttl "$cache_ttl" --arg nginx "$nginx_version" --arg threads "${PROXY_THREADS:-default (16)}" \
  --argjson pp "$prime_pages" --argjson dp "$disp_pages" --arg cores "$(nproc)" \
  --arg load0 "$load_start" --arg load1 "$load_end" '
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def r2: . * 100 | round / 100;
  def wm($lbl; $field): [$w[] | select(.label == $lbl) | .[$field]] | median | r2;
  def am($field): [$a[] | .[$field]] | median | r2;
  {
    proxy_hit_rps: wm("proxy_hit"; "rps"), nginx_hit_rps: wm("nginx_hit"; "rps"),
    proxy_hit_p99_ms: wm("proxy_hit"; "p99_ms"), nginx_hit_p99_ms: wm("nginx_hit"; "p99_ms"),
    proxy_miss_rps: wm("proxy_miss"; "rps"), nginx_miss_rps: wm("nginx_miss"; "rps"),
    proxy_miss_p99_ms: wm("proxy_miss"; "p99_ms"), nginx_miss_p99_ms: wm("nginx_miss"; "p99_ms"),
    aggregate_ms: am("aggregate_ms"), sequential_ms: am("sequential_ms"),
    slowest_provider_ms: am("slowest_provider_ms"),
    aggregate_vs_slowest: (am("aggregate_ms") / am("slowest_provider_ms") | . * 1000 | round / 1000),
    setup: {
      route: $route, answer_bytes: $bytes,
      wrk: {threads: $t, connections: $c, duration: $d, runs: $runs, latency: "wrk --latency, p99 from its histogram"},
      headers_sent: "Origin: http://app.example (both add Access-Control-Allow-Origin for it); no Accept-Encoding",
      cache_ttl_s: $ttl,
      upstream: "build/release/bin/offerscope-emulator --port 0 (cpp-httplib: 64 worker threads, keep-alive max 5 requests, listen backlog 5); one instance for wrk, one with --delay-ms for the aggregate",
      hit: "cache warmed by one request before each run",
      miss: "wrk Lua script appends bench_nocache=<run>-<thread>-<n> (new on every request) to the query: every request is forwarded, stored and answered by both",
      proxy: ("offerscope serve --no-demo, keys from the environment, --allow-origin http://app.example, threads " + $threads),
      nginx: ($nginx + ": worker_processes 2, proxy_cache (disk, temp dir), proxy_cache_valid 200 \($ttl)s, proxy_cache_lock on, upstream keepalive 16, sendfile on (tcp_nopush off), Authorization + Access-Control-Allow-Origin added, access_log on"),
      aggregate: {
        endpoint: "GET /api/v1/offers (empty query: all 3 providers, every page)",
        emulator_delay_ms: $delay, runs: $agg_runs, cache: "cold: a freshly started offerscope serve for every measurement",
        sequential: "the same upstream pages through the pass-through, one after another in one curl process (\($pp) Prime pages, \($dp) Dispersed pages, 1 Vast search): sum of curl time_total",
        slowest_provider: "max over P of GET /api/v1/offers?providers=P (cold), median over runs",
        per_provider_median_ms: {vast: am("vast_ms"), primeintellect: am("primeintellect_ms"), dispersed: am("dispersed_ms")}
      },
      machine_cores: ($cores | tonumber),
      load_average_1min: {at_start: ($load0 | tonumber), at_end: ($load1 | tonumber)},
      raw: {wrk: $w, aggregate: $a}
    }
  }' > "$out"
cat "$out"
