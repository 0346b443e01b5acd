#!/usr/bin/env bash
# Builds the web app (WebAssembly) and the native binary. Usage: scripts/build.sh [native-preset]
# The native preset defaults to "release"; the web app always builds with the "wasm" preset.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
preset=${1:-release}
jobs=${OFFERSCOPE_JOBS:-$(nproc)}
# Debian's emcc runs its JS tools with the machine's Node, which needs Debian's node-acorn.
export NODE_PATH=/usr/share/nodejs

[ -f build/wasm/build.ninja ] || emcmake cmake --preset wasm >/dev/null
cmake --build build/wasm -j "$jobs"
[ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
cmake --build "build/$preset" -j "$jobs"
