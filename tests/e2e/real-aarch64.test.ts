// Real-world aarch64 programs from Debian (arm64 busybox-static, dynamically
// linked coreutils with -L on the unpacked root) under nodemu and
// qemu-aarch64 side by side; the scenarios are in ./real-suite.ts.

import { defineRealSuite } from './real-suite';

defineRealSuite('aarch64', 'arm64');
