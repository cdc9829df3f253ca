// Random bytes for AT_RANDOM and getrandom(2), read from the host's /dev/urandom:
// Node's crypto module costs every guest process ~25 internal modules at start-up.
// Falls back to crypto where there is no /dev/urandom.

import * as fs from 'fs';

/** Fills `buf` with cryptographically strong random bytes. */
export function hostRandomFill(buf: Uint8Array): Uint8Array {
  // Opened per call: fds are process-wide, and a guest process's worker never closes what it kept.
  let fd = -1;
  try {
    fd = fs.openSync('/dev/urandom', 'r');
    for (let off = 0; off < buf.length;) {
      const n = fs.readSync(fd, buf, off, buf.length - off, null);
      if (n <= 0) throw new Error('short read');
      off += n;
    }
    return buf;
  } catch {
    return (require('crypto') as typeof import('crypto')).randomFillSync(buf);
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}
