// End-to-end: every 32-bit ARM (armhf) guest test program must behave under
// nodemu exactly as under qemu-arm. The programs: test-binaries/arm/asm/*.S
// (A32, Thumb-2, loads/stores, VFP), the portable C/C++ tests of
// test-binaries/common/c and the arm-specific ones of test-binaries/arm/c
// (kuser helpers, cacheflush, 64-bit offsets in register pairs), each
// compiled as A32 and as Thumb-2 (`-thumb`) and linked statically and
// dynamically (`-dyn`, run with `-L /usr/arm-linux-gnueabihf` under both
// emulators). Built by scripts/build-test-binaries.sh; the case table is in
// ./harness.ts, the suite in ./suite.ts.

import { defineE2ESuite } from './suite';

defineE2ESuite('arm');
