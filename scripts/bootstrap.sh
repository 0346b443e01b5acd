#!/usr/bin/env bash
# Installs everything OfferScope needs, from Debian's packages and the npm registry only.
# Idempotent: when everything is present it only checks and returns within a second or two.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# Debian packages: toolchains, libraries, the browser for tests, tools for benchmarks.
pkgs=(emscripten libcpp-httplib-dev nlohmann-json3-dev libsimdjson-dev libssl-dev zlib1g-dev
      libbrotli-dev brotli libgtest-dev libgmock-dev googletest libbenchmark-dev
      clang lld libclang-rt-14-dev chromium fonts-dejavu-core jq wrk nginx-light
      xz-utils dpkg-dev cmake ninja-build pkg-config)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq || true
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Third-party sources for the web build (Debian ships ImGui only as a native library):
# `apt-get source` with a project-local apt state, so the system's apt config stays untouched.
deps="$root/build/_deps"
fetch_source() {  # $1 package, $2 directory it unpacks to
  local pkg=$1 dir=$2
  [ -d "$deps/$dir" ] && return 0
  local d=$deps/apt
  mkdir -p "$d/lists/partial" "$d/parts"
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$d/parts/src.sources"
  local o=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$d/parts" -o "Dir::State::Lists=$d/lists")
  [ -n "$(ls "$d/lists" 2>/dev/null | grep -v partial)" ] || apt-get "${o[@]}" update -qq
  (cd "$deps" && apt-get "${o[@]}" source --download-only "$pkg" >/dev/null 2>&1 || apt-get "${o[@]}" source --download-only "$pkg")
  local tarball
  tarball=$(ls "$deps/${pkg}_"*.orig.tar.* | head -n1)
  tar xf "$tarball" -C "$deps"
  [ -d "$deps/$dir" ] || { echo "bootstrap: expected $deps/$dir after unpacking $tarball" >&2; exit 1; }
}
mkdir -p "$deps"
fetch_source imgui imgui-1.86
fetch_source simdjson simdjson-3.0.1

# nlohmann/json for emcc, through a folder that holds only the nlohmann headers
# (putting /usr/include on emcc's path would pull in glibc headers).
mkdir -p "$deps/include"
[ -e "$deps/include/nlohmann" ] || ln -s /usr/include/nlohmann "$deps/include/nlohmann"

# playwright-core from npm, pinned by package-lock.json; it drives Debian's /usr/bin/chromium.
command -v node >/dev/null && command -v npm >/dev/null || { echo "bootstrap: node and npm are needed (they come with the machine)" >&2; exit 1; }
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --silent
fi
echo "bootstrap: ok"
