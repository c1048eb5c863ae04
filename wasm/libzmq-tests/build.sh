#!/usr/bin/env bash
# Builds libzmq's own test suite (tests/ and unittests/ of the Debian source
# package wasm/build.sh fetches) with emscripten, against our wasm libzmq.a
# and our transport shim: one Node module per test in
# wasm/.build/libzmq-tests/ (scratch; the sources stay in the fetched tree).
#
#   bash wasm/libzmq-tests/build.sh          build what is missing or stale
#   bash wasm/libzmq-tests/build.sh NAME...  build only these tests
#
# Tests listed in not-applicable.txt are not built. make does the caching
# (timestamps, header dependencies, a stamp of the flags) and runs 2 jobs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work="${ZWS_WORK:-$root/wasm/.build}"
# ZWS_TEST_VARIANT=nothreads: against libzmq without threads (see Makefile).
variant="${ZWS_TEST_VARIANT:-threads}"
if [ "$variant" = nothreads ]; then out="$work/libzmq-tests-nothreads" lib_dir="$work/libzmq-nothreads"
else out="$work/libzmq-tests" lib_dir="$work/libzmq"; fi
src="$work/libzmq-4.3.4-6"
# shellcheck source=../../emsdk.env
. "$root/emsdk.env"

# libzmq.a first (cached by wasm/build.sh's own stamp). Its link into
# wasm/out is cheap and must stay byte-identical anyway.
if [ ! -f "$work/libzmq.stamp" ] || [ ! -d "$src/tests" ]; then
  bash "$root/wasm/build.sh"
fi
libzmq_a=$(find "$lib_dir" -name libzmq.a | head -1)

mkdir -p "$out/obj"
# emscripten's output is CommonJS, whatever the repository's "type" is.
echo '{ "type": "commonjs" }' >"$out/package.json"


# The exports come from the ABI table (wasm/abi.json), plus main() and the
# ENV the runner sets. The header the table generates must be current
# (wasm/build.sh writes it); the shim objects depend on it through make's
# header dependencies.
node "$root/wasm/abi/generate.mjs" --check
exported_functions=$(node "$root/wasm/abi/generate.mjs" --exported-functions | sed 's/\]$/,"_main"]/')
exported_runtime_methods=$(node "$root/wasm/abi/generate.mjs" --exported-runtime-methods | sed 's/\]$/,"ENV"]/')

# Rebuild everything when the flags (this script, the Makefile, the
# redirect header, the exports, emcc) change.
flags=$( (cat "$here/Makefile" "$0" "$root/wasm/shim/zws_redirect.h" "$root/wasm/shim/zws.h"; \
  echo "$exported_functions $exported_runtime_methods"; emcc --version | sed -n 1p) | sha256sum | cut -c1-16)
[ "$(cat "$out/flags.stamp" 2>/dev/null)" = "$flags" ] || echo "$flags" >"$out/flags.stamp"

if [ $# -gt 0 ]; then
  tests=("$@")
else
  mapfile -t tests < <(node "$here/list.mjs" "$src")
fi

# Tests we patch (patches/NAME.patch, on tests/NAME.cpp) compile from a
# patched copy; the copy is only rewritten when it changes.
mkdir -p "$out/patched"
for p in "$here"/patches/*.patch; do
  [ -e "$p" ] || continue
  name=$(basename "$p" .patch)
  cp "$src/tests/$name.cpp" "$out/patched/$name.cpp.new"
  patch -s "$out/patched/$name.cpp.new" <"$p"
  if cmp -s "$out/patched/$name.cpp.new" "$out/patched/$name.cpp"; then
    rm "$out/patched/$name.cpp.new"
  else
    mv "$out/patched/$name.cpp.new" "$out/patched/$name.cpp"
  fi
done

start=$(date +%s)
# -k: one test that does not build does not stop the others (run.mjs
# reports it as failed).
make -k -s -r -f "$here/Makefile" -j"${ZWS_JOBS:-2}" \
  SRC="$src" BUILD="$lib_dir" LIBZMQ_A="$libzmq_a" VARIANT="$variant" \
  SHIM="$root/wasm/shim" HERE="$here" OUT="$out" TESTS="${tests[*]}" \
  EXPORTED_FUNCTIONS="$exported_functions" EXPORTED_RUNTIME_METHODS="$exported_runtime_methods"
echo "libzmq-tests ($variant): ${#tests[@]} test modules up to date in $out ($(($(date +%s) - start)) s)"
