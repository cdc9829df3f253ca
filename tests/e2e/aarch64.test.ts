// End-to-end: every aarch64 guest test program must behave under nodemu
// exactly as under qemu-aarch64. The programs: test-binaries/aarch64/asm/*.S
// and the portable C/C++ tests of test-binaries/common/c, the latter both
// statically linked and dynamically linked (the `-dyn` cases, run with
// `-L /usr/aarch64-linux-gnu` under both emulators, so they exercise PT_INTERP,
// file-backed mmap of shared libraries and -L path lookup). Built by
// scripts/build-test-binaries.sh; the case table is in ./harness.ts, the
// suite in ./suite.ts.

import { defineE2ESuite } from './suite';

defineE2ESuite('aarch64');
