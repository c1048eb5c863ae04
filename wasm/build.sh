#!/usr/bin/env bash
# Builds the zeromq-wasm module from source: libzmq (Debian's zeromq3 source
# package, fetched with `apt-get source`), our patches (wasm/patches), and our
# transport shim (wasm/shim), with emscripten.
#
#   npm run build:wasm               build into wasm/out/ (committed, so the
#                                    package runs without emscripten)
#   bash wasm/build.sh DIR           build into DIR instead
#   ZWS_CLEAN=1 npm run build:wasm   rebuild libzmq from a fresh source tree
#   ZWS_WORK=DIR                     where sources and objects go (wasm/.build)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
here="$root/wasm"
work="${ZWS_WORK:-$here/.build}"
out="${1:-$here/out}"
libzmq_version=4.3.4
debian_version=4.3.4-6
# shellcheck source=../emsdk.env
. "$root/emsdk.env"

missing=()
command -v emcc >/dev/null || missing+=("emcc (apt-get install emscripten)")
command -v emcmake >/dev/null || missing+=("emcmake (apt-get install emscripten)")
command -v cmake >/dev/null || missing+=("cmake (apt-get install cmake)")
command -v patch >/dev/null || missing+=("patch (apt-get install patch)")
command -v dpkg-source >/dev/null || missing+=("dpkg-source (apt-get install dpkg-dev)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "build:wasm: missing prerequisites:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  echo "  (bash .ci/system-deps installs all of them)" >&2
  exit 1
fi

# The C/TypeScript boundary (wasm/abi.json) first: the shim includes the
# header it generates, and emcc exports what it lists.
node "$here/abi/generate.mjs"
exported_functions=$(node "$here/abi/generate.mjs" --exported-functions)
exported_runtime_methods=$(node "$here/abi/generate.mjs" --exported-runtime-methods)

src="$work/libzmq-$debian_version"
# Source paths end up in assertion messages (__FILE__): keep them relative so
# the output does not depend on where it was built.
reproducible="-fmacro-prefix-map=$src/=libzmq/ -fmacro-prefix-map=$here/=wasm/"
stamp="$work/libzmq.stamp"
# The libzmq build depends on the source version, our patches, the redirect
# header (and zws.h, which it includes; not zws_abi.h: only the shim's own
# files include that), zws_inbound.h (which patched libzmq includes) and
# this script's flags; the stamp records a hash of all of them.
want=$(cat "$here"/patches/*.patch "$here/shim/zws_redirect.h" "$here/shim/zws.h" "$here/shim/zws_inbound.h" "$0" | sha256sum | cut -c1-16)

if [ "${ZWS_CLEAN:-0}" = 1 ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  rm -rf "$work"
  mkdir -p "$work"
  echo "build:wasm: fetching libzmq $debian_version (apt-get source zeromq3)"
  if ! (cd "$work" && apt-get source -qq "zeromq3=$debian_version" >"$work/apt-source.log" 2>&1); then
    cat "$work/apt-source.log" >&2
    echo "build:wasm: 'apt-get source zeromq3' failed: it needs a deb-src entry in the apt sources and 'apt-get update' (bash .ci/system-deps sets both up)" >&2
    exit 1
  fi
  mv "$work/zeromq3-$libzmq_version" "$src"
  for p in "$here"/patches/*.patch; do
    echo "build:wasm: applying $(basename "$p")"
    patch -s -d "$src" -p1 <"$p"
  done

  # Two builds of libzmq: with pthreads (its I/O threads and reaper are
  # threads), and without (ZWS_COOPERATIVE: they are turns the host runs on
  # its one thread; patches/0003-cooperative-pollers.patch).
  for variant in threads nothreads; do
    if [ $variant = threads ]; then dir=libzmq flags="-pthread"; else dir=libzmq-nothreads flags="-DZWS_COOPERATIVE"; fi
    echo "build:wasm: configuring and compiling libzmq (static, CURVE via tweetnacl, $variant)"
    mkdir -p "$work/$dir"
    (
      cd "$work/$dir"
      # POLLER=poll: libzmq's poll() goes to zws_poll, which sleeps on a futex
      # (with threads) or only looks (without). No eventfd: signalers use
      # socketpair(), served by the shim.
      emcmake cmake "$src" -DCMAKE_BUILD_TYPE=Release \
        -DBUILD_SHARED=OFF -DBUILD_STATIC=ON -DBUILD_TESTS=OFF -DWITH_PERF_TOOL=OFF \
        -DENABLE_CURVE=ON -DWITH_LIBSODIUM=OFF -DENABLE_DRAFTS=ON -DENABLE_WS=OFF \
        -DPOLLER=poll -DAPI_POLLER=poll -DZMQ_HAVE_EVENTFD=OFF -DZMQ_HAVE_TIPC=OFF \
        -DWITH_DOCS=OFF -DWITH_LIBBSD=OFF -DENABLE_CPACK=OFF -DENABLE_PRECOMPILED=OFF \
        -DENABLE_INTRINSICS=OFF \
        -DCMAKE_C_FLAGS="$flags $reproducible" \
        -DCMAKE_CXX_FLAGS="$flags $reproducible -include $here/shim/zws_redirect.h -I$here/shim" \
        >cmake.log 2>&1 || { tail -40 cmake.log >&2; exit 1; }
      emmake make -j"$(nproc)" libzmq-static >make.log 2>&1 || { grep -B2 -A8 -m5 'error' make.log >&2; exit 1; }
    )
  done
  echo "$want" >"$stamp"
fi

mkdir -p "$out"
# FILESYSTEM=0: the shim serves every socket call, so emscripten's FS and
# SOCKFS (half of the JS glue, which each pthread worker loads again) are
# left out; stdout/stderr still print.
common=(-O3 $reproducible -DZMQ_BUILD_DRAFT_API -I"$src/include" -I"$here/shim"
  -sMODULARIZE=1 -sEXPORT_NAME=createZmqModule
  -sENVIRONMENT=web,worker,node
  -sFILESYSTEM=0
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=33554432 -sMAXIMUM_MEMORY=2147483648
  -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0
  -sEXPORTED_FUNCTIONS="$exported_functions"
  -sEXPORTED_RUNTIME_METHODS="$exported_runtime_methods"
  --post-js "$here/shim/post.js")
for variant in threads nothreads; do
  if [ $variant = threads ]; then dir=libzmq name=zmq; else dir=libzmq-nothreads name=zmq-nothreads; fi
  libzmq_a=$(find "$work/$dir" -name 'libzmq.a' | head -1)
  [ -f "$libzmq_a" ] || { echo "build:wasm: libzmq.a not found under $work/$dir" >&2; exit 1; }
  echo "build:wasm: linking $out/$name.js + $name.wasm ($variant)"
  if [ $variant = threads ]; then
    emcc "${common[@]}" -pthread -sPTHREAD_POOL_SIZE=4 -Wno-pthreads-mem-growth \
      "$here"/shim/*.c "$libzmq_a" -o "$out/$name.js"
  else
    emcc "${common[@]}" -DZWS_COOPERATIVE "$here"/shim/*.c "$libzmq_a" -o "$out/$name.js"
  fi
done
# Node reads these *.js as CommonJS (emscripten's output and its pthread
# worker are classic scripts), whatever the enclosing package's "type" is.
# "browser": the glue's Node-only requires, which it never reaches outside
# Node, are empty modules to a bundler building for Workers or browsers.
echo '{ "type": "commonjs", "browser": { "fs": false, "path": false, "crypto": false } }' >"$out/package.json"
ls -l "$out"/zmq*.wasm "$out"/zmq*.js | awk '{print "build:wasm: " $5 " bytes " $9}'
