#!/usr/bin/env bash
# Records the reference behaviour (stdout, stderr, exit status) of every e2e
# test case from qemu-<arch> into tests/e2e/expected/<arch>/<case>.json.
# These recordings are used by the e2e tests when qemu is not installed, and
# the tests check that live qemu still agrees with them — re-run this after
# changing a test program or the case table in tests/e2e/harness.ts.
#
#   scripts/record-expected.sh [arch] [case...]     (arch defaults to riscv64)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ARCH="${1:-riscv64}"
shift || true
command -v "qemu-$ARCH" >/dev/null 2>&1 || {
  echo "record-expected: qemu-$ARCH not found (apt-get install -y qemu-user)" >&2
  exit 1
}
ARCHES="$ARCH" bash scripts/build-test-binaries.sh
TS_NODE_PROJECT=tsconfig.test.json TS_NODE_TRANSPILE_ONLY=1 \
  node -r ts-node/register tests/e2e/harness.ts record "$ARCH" "$@"
