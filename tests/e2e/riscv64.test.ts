// End-to-end: every riscv64 guest test program (test-binaries/riscv64/asm and
// the portable C/C++ tests of test-binaries/common/c, built by
// scripts/build-test-binaries.sh) must behave under nodemu exactly as under
// qemu-riscv64: same stdout, stderr and exit status (a signal death compared as
// the shell's 128+N). The case table is in ./harness.ts, the suite in ./suite.ts.
//
// Reference: live qemu-riscv64 when installed, else the recordings in
// tests/e2e/expected/riscv64/ (scripts/record-expected.sh).

import { defineE2ESuite } from './suite';

defineE2ESuite('riscv64');
