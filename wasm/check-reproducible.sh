#!/usr/bin/env bash
# Rebuilds the wasm module from source in a scratch directory and checks it is
# byte-for-byte what wasm/out/ holds (the committed build the package ships).
#   ZWS_CHECK_WORK=DIR   build libzmq in DIR (kept) instead of a scratch dir:
#                        CI points it at an empty wasm/.build, so libzmq's
#                        test suites reuse these objects instead of rebuilding.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# The build regenerates the ABI files; a stale committed one is an error
# here, not something to fix silently.
node "$root/wasm/abi/generate.mjs" --check
ZWS_WORK="${ZWS_CHECK_WORK:-$scratch/work}" bash "$root/wasm/build.sh" "$scratch/out"
status=0
for f in zmq.js zmq.wasm zmq.worker.js zmq-nothreads.js zmq-nothreads.wasm package.json; do
  if cmp -s "$root/wasm/out/$f" "$scratch/out/$f"; then
    echo "check:wasm: wasm/out/$f is reproduced from source"
  else
    echo "check:wasm: wasm/out/$f differs from a fresh build: run 'npm run build:wasm' and commit wasm/out" >&2
    status=1
  fi
done
exit $status
