// -L path lookup (qemu-user style), /proc/self/auxv, /proc/cpuinfo, and the
// aarch64 syscall register convention.

import * as fs from 'fs';
import * as path from 'path';
import { CpuState } from '../../src/cpu/types';
import { GuestMemory } from '../../src/memory/guest-memory';
import { aarch64Abi } from '../../src/linux-user/aarch64/abi';
import { aarch64Features, formatAuxv, formatCpuinfo } from '../../src/linux-user/proc';
import { ARCHS } from '../../src/loader/arch';
import { E } from '../../src/syscalls/errno';
import { SCRATCH, makeHarness, peek } from './kernel-harness';

const O_RDONLY = 0, AT_FDCWD = -100;

describe('-L prefix lookup', () => {
  const h0 = makeHarness();
  const prefix = fs.mkdtempSync(path.join(h0.tmp, 'root-'));
  fs.mkdirSync(path.join(prefix, 'etc'));
  fs.writeFileSync(path.join(prefix, 'etc', 'only-in-prefix'), 'prefix file\n');
  fs.symlinkSync('only-in-prefix', path.join(prefix, 'etc', 'link'));
  const hostOnly = path.join(h0.tmp, 'host-only.txt');
  fs.writeFileSync(hostOnly, 'host file\n');
  const h = makeHarness({ ldPrefix: prefix + '/' });

  const readAll = (p: string): string | number => {
    const fd = h.sys('openat', AT_FDCWD, h.str(p), O_RDONLY, 0);
    if (fd < 0) return fd;
    const n = h.sys('read', fd, SCRATCH, 100);
    h.sys('close', fd);
    return peek(h.mem, SCRATCH, n).toString();
  };

  test('absolute paths are looked up under the prefix first', () => {
    expect(readAll('/etc/only-in-prefix')).toBe('prefix file\n');
    expect(readAll('/etc/../etc/only-in-prefix')).toBe('prefix file\n');
  });

  test('then on the host', () => {
    expect(readAll(hostOnly)).toBe('host file\n');
    expect(readAll('/nonexistent/file')).toBe(-E.ENOENT);
  });

  test('relative paths are not redirected', () => {
    h.kernel.cwd = Buffer.from('/');
    expect(readAll('etc/only-in-prefix')).toBe(-E.ENOENT);
  });

  test('/proc, /dev and /sys are always the host\'s', () => {
    fs.mkdirSync(path.join(prefix, 'dev'));
    fs.writeFileSync(path.join(prefix, 'dev', 'null'), 'not the device');
    expect(readAll('/dev/null')).toBe('');
    expect(h.kernel.lookupAt(AT_FDCWD, Buffer.from('/proc/self/maps')).toString()).toBe('/proc/self/maps');
  });

  test('stat, access and readlink use the lookup too', () => {
    const st = SCRATCH + 0x1000;
    expect(h.sys('newfstatat', AT_FDCWD, h.str('/etc/only-in-prefix'), st, 0)).toBe(0);
    expect(h.sys('faccessat', AT_FDCWD, h.str('/etc/only-in-prefix'), 4, 0)).toBe(0);
    const n = h.sys('readlinkat', AT_FDCWD, h.str('/etc/link'), SCRATCH, 100);
    expect(peek(h.mem, SCRATCH, n).toString()).toBe('only-in-prefix');
  });

  test('creating and removing entries is not redirected', () => {
    const created = path.join(h.tmp, 'made-here');
    expect(h.sys('mkdirat', AT_FDCWD, h.str(created), 0o755)).toBe(0);
    expect(fs.existsSync(created)).toBe(true);
    expect(fs.existsSync(path.join(prefix, created))).toBe(false);
  });
});

describe('/proc files describing the guest', () => {
  test('/proc/self/auxv holds the loader\'s vector', () => {
    const auxv: Array<[number, number]> = [[6, 4096], [25, 0xfffeffe0], [0, 0]];
    const h = makeHarness({ auxv });
    const fd = h.sys('openat', AT_FDCWD, h.str('/proc/self/auxv'), O_RDONLY, 0);
    expect(fd).toBeGreaterThanOrEqual(0);
    const n = h.sys('read', fd, SCRATCH, 4096);
    expect(n).toBe(48);
    expect(peek(h.mem, SCRATCH, n)).toEqual(formatAuxv(auxv, 8, true));
    expect(peek(h.mem, SCRATCH + 16, 8).readBigUInt64LE()).toBe(25n);
    expect(peek(h.mem, SCRATCH + 24, 8).readBigUInt64LE()).toBe(0xfffeffe0n);
  });

  test('/proc/cpuinfo shows the emulated CPU', () => {
    expect(aarch64Features(ARCHS.aarch64.hwcap)).toBe('fp asimd atomics cpuid');
    const a64 = formatCpuinfo('aarch64', ARCHS.aarch64.hwcap, 2);
    expect(a64.match(/^processor\t: \d+$/gm)).toEqual(['processor\t: 0', 'processor\t: 1']);
    expect(a64).toContain('CPU part\t: 0xd08\n');
    expect(formatCpuinfo('riscv64', ARCHS.riscv64.hwcap, 1)).toContain('isa\t\t: rv64imafdc\n');
    const h = makeHarness();
    const fd = h.sys('openat', AT_FDCWD, h.str('/proc/cpuinfo'), O_RDONLY, 0);
    const n = h.sys('read', fd, SCRATCH, 4096);
    expect(peek(h.mem, SCRATCH, n).toString()).toMatch(/^processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdc\n/);
  });
});

describe('aarch64 syscall ABI', () => {
  const cpu = new CpuState(new GuestMemory(), new Int32Array(64));
  test('number in w8, arguments in x0..x5, result in x0', () => {
    cpu.regs[16] = 63; cpu.regs[17] = 0x1234; // upper half of x8 ignored
    expect(aarch64Abi.nr(cpu)).toBe(63);
    cpu.regs[2 * 5] = -2; cpu.regs[2 * 5 + 1] = -1;
    expect(aarch64Abi.arg(cpu, 5)).toBe(-2);
    expect(aarch64Abi.argLo(cpu, 5)).toBe(-2);
    aarch64Abi.setResult(cpu, -22);
    expect([cpu.regs[0], cpu.regs[1]]).toEqual([-22, -1]);
    aarch64Abi.setResult(cpu, 0x1_2345_6789);
    expect([cpu.regs[0] >>> 0, cpu.regs[1]]).toEqual([0x2345_6789, 1]);
  });
});

describe('extended attributes (none, as on a file system without them)', () => {
  const h = makeHarness();
  const f = path.join(h.tmp, 'x.txt');
  fs.writeFileSync(f, 'x');
  const name = () => h.str('user.test', 0x9000);
  test('get and remove: ENODATA for an existing file, ENOENT for a missing one', () => {
    expect(h.sys('getxattr', h.str(f), name(), SCRATCH, 100)).toBe(-E.ENODATA);
    expect(h.sys('lgetxattr', h.str(f), name(), SCRATCH, 100)).toBe(-E.ENODATA);
    expect(h.sys('removexattr', h.str(f), name())).toBe(-E.ENODATA);
    expect(h.sys('getxattr', h.str(f + '.missing'), name(), SCRATCH, 100)).toBe(-E.ENOENT);
    expect(h.sys('fgetxattr', 99, name(), SCRATCH, 100)).toBe(-E.EBADF);
  });
  test('lists are empty, sets are refused', () => {
    expect(h.sys('listxattr', h.str(f), SCRATCH, 100)).toBe(0);
    expect(h.sys('llistxattr', h.str(f), 0, 0)).toBe(0);
    expect(h.sys('setxattr', h.str(f), name(), SCRATCH, 1, 0)).toBe(-E.ENOTSUP);
  });
});
