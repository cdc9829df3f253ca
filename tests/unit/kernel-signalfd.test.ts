// struct signalfd_siginfo records (sys-signalfd.ts) for each siginfo layout,
// on 64-bit and 32-bit targets (the record is the same; the siginfo_t it is
// read back from is not). Field offsets per include/uapi/linux/signalfd.h.

import { signalfdSiginfo, SIGNALFD_SIGINFO_SIZE } from '../../src/linux-user/sys-signalfd';
import { SI_QUEUE, SI_TIMER, SI_TKILL } from '../../src/linux-user/signals/siginfo';

function fields(b: Uint8Array) {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return {
    signo: dv.getUint32(0, true), errno: dv.getInt32(4, true), code: dv.getInt32(8, true), pid: dv.getUint32(12, true),
    uid: dv.getUint32(16, true), tid: dv.getUint32(24, true), overrun: dv.getUint32(32, true), status: dv.getInt32(40, true),
    int: dv.getInt32(44, true), ptr: dv.getBigUint64(48, true), utime: dv.getBigUint64(56, true), stime: dv.getBigUint64(64, true),
    addr: dv.getBigUint64(72, true),
  };
}

describe.each([8, 4] as const)('long size %d', (longSize) => {
  test('records are 128 bytes', () => {
    expect(signalfdSiginfo({ signo: 10, code: 0 }, longSize).length).toBe(SIGNALFD_SIGINFO_SIZE);
  });

  test('kill: pid and uid, no value', () => {
    const f = fields(signalfdSiginfo({ signo: 10, code: 0, pid: 1234, uid: 1000 }, longSize));
    expect(f).toMatchObject({ signo: 10, code: 0, pid: 1234, uid: 1000, int: 0, ptr: 0n });
  });

  test('sigqueue and tkill: pid, uid and the value', () => {
    expect(fields(signalfdSiginfo({ signo: 34, code: SI_QUEUE, pid: 7, uid: 8, value: 42 }, longSize)))
      .toMatchObject({ signo: 34, code: SI_QUEUE, pid: 7, uid: 8, int: 42, ptr: 42n });
    expect(fields(signalfdSiginfo({ signo: 12, code: SI_TKILL, pid: 7, uid: 8 }, longSize)))
      .toMatchObject({ code: SI_TKILL, pid: 7, int: 0 });
  });

  test('SIGCHLD: pid, uid, status, user and system time', () => {
    const f = fields(signalfdSiginfo({ signo: 17, code: 1, pid: 99, uid: 5, status: 7, utime: 3, stime: 4 }, longSize));
    expect(f).toMatchObject({ signo: 17, code: 1, pid: 99, uid: 5, status: 7, utime: 3n, stime: 4n });
  });

  test('POSIX timer: timer id, overrun, value', () => {
    const f = fields(signalfdSiginfo({ signo: 34, code: SI_TIMER, timerid: 2, overrun: 5, value: 77 }, longSize));
    expect(f).toMatchObject({ code: SI_TIMER, tid: 2, overrun: 5, int: 77, ptr: 77n, pid: 0 });
  });

  test('fault: the address', () => {
    const f = fields(signalfdSiginfo({ signo: 11, code: 1, addr: 0x1234_5678 }, longSize));
    expect(f).toMatchObject({ signo: 11, code: 1, addr: 0x1234_5678n, pid: 0 });
  });
});
