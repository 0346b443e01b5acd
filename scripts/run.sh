#!/usr/bin/env bash
# Installs what is missing, builds everything and starts `offerscope serve` on
# http://127.0.0.1:8080 serving the app. With no provider keys set it serves the bundled
# demo snapshot. Extra arguments go to `offerscope serve` (see `--help`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/bootstrap.sh
scripts/build.sh release
echo "OfferScope: open http://127.0.0.1:${OFFERSCOPE_PORT:-8080}/"
exec build/release/bin/offerscope serve --static-dir build/wasm/site --port "${OFFERSCOPE_PORT:-8080}" "$@"
