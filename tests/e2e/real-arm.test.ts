// Real-world 32-bit ARM programs from Debian (armhf busybox-static,
// dynamically linked coreutils with -L on the unpacked root) under nodemu and
// qemu-arm side by side; the scenarios are in ./real-suite.ts.

import { defineRealSuite } from './real-suite';

defineRealSuite('arm', 'armhf');
