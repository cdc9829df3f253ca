// Process, signal-state, time and misc syscalls; dispatch, errors and -strace.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GuestExit } from '../../src/linux-user/exit';
import { log } from '../../src/log';
import { E } from '../../src/syscalls/errno';
import { Harness, SCRATCH, makeHarness, peek, poke } from './kernel-harness';

const BUF = SCRATCH;
const BUF2 = SCRATCH + 0x1000;

let h: Harness;
beforeEach(() => { h = makeHarness(); });
afterEach(() => { fs.rmSync(h.tmp, { recursive: true, force: true }); log.reset(); });

function u64(addr: number): bigint { return peek(h.mem, addr, 8).readBigUInt64LE(0); }
function i64(addr: number): bigint { return peek(h.mem, addr, 8).readBigInt64LE(0); }

describe('exit', () => {
  test('exit and exit_group throw GuestExit with the low 8 bits', () => {
    expect(() => h.sys('exit_group', 3)).toThrow(GuestExit);
    try { h.sys('exit', 0x1ff); } catch (e) { expect((e as GuestExit).code).toBe(0xff); }
  });

  test('a signal the guest sends itself with SIG_DFL kills it', () => {
    let caught: unknown;
    try { h.sys('tgkill', process.pid, process.pid, 6); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(GuestExit);
    expect((caught as GuestExit).signal).toBe(6);
    // Default-ignored and blocked signals do not.
    expect(h.sys('kill', process.pid, 28 /* SIGWINCH */)).toBe(0);
    poke(h.mem, BUF, Buffer.from([0x20, 0, 0, 0, 0, 0, 0, 0])); // SIGABRT bit
    expect(h.sys('rt_sigprocmask', 0, BUF, 0, 8)).toBe(0);
    expect(h.sys('tgkill', process.pid, process.pid, 6)).toBe(0);
    expect(h.kernel.signals.pending).toBe(0x20n);
    expect(h.sys('tgkill', process.pid, process.pid + 1, 6)).toBe(-E.ESRCH);
    expect(h.sys('kill', process.pid, 99)).toBe(-E.EINVAL);
  });
});

describe('signal state', () => {
  test('rt_sigaction stores and returns the kernel layout (riscv64: no restorer)', () => {
    const act = Buffer.alloc(24);
    act.writeBigUInt64LE(0x12345n, 0);            // handler
    act.writeBigUInt64LE(0x10000004n, 8);         // SA_RESTART|SA_SIGINFO
    act.writeBigUInt64LE((1n << 8n) | 2n, 16);    // mask: SIGKILL (dropped) | SIGINT
    poke(h.mem, BUF, act);
    expect(h.sys('rt_sigaction', 10, BUF, 0, 8)).toBe(0);
    expect(h.sys('rt_sigaction', 10, 0, BUF2, 8)).toBe(0);
    expect(u64(BUF2)).toBe(0x12345n);
    expect(u64(BUF2 + 8)).toBe(0x10000004n);
    expect(u64(BUF2 + 16)).toBe(2n);
    expect(h.kernel.signals.actions[10].handler).toBe(0x12345);
    expect(h.sys('rt_sigaction', 9, BUF, 0, 8)).toBe(-E.EINVAL);
    expect(h.sys('rt_sigaction', 65, BUF, 0, 8)).toBe(-E.EINVAL);
    expect(h.sys('rt_sigaction', 10, BUF, 0, 4)).toBe(-E.EINVAL);
    expect(h.sys('rt_sigaction', 10, 0x7000_0000, 0, 8)).toBe(-E.EFAULT);
  });

  test('rt_sigprocmask block / unblock / setmask', () => {
    const set = (v: bigint) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(v); poke(h.mem, BUF, b); };
    set(0b1010n);
    expect(h.sys('rt_sigprocmask', 0, BUF, BUF2, 8)).toBe(0);
    expect(u64(BUF2)).toBe(0n);
    set(0b0010n);
    expect(h.sys('rt_sigprocmask', 1, BUF, BUF2, 8)).toBe(0);
    expect(u64(BUF2)).toBe(0b1010n);
    set((1n << 8n) | (1n << 18n) | 1n); // SIGKILL and SIGSTOP cannot be blocked
    expect(h.sys('rt_sigprocmask', 2, BUF, 0, 8)).toBe(0);
    expect(h.sys('rt_sigprocmask', 0, 0, BUF2, 8)).toBe(0);
    expect(u64(BUF2)).toBe(1n);
    expect(h.sys('rt_sigprocmask', 7, BUF, 0, 8)).toBe(-E.EINVAL);
  });

  test('sigaltstack', () => {
    expect(h.sys('sigaltstack', 0, BUF2)).toBe(0);
    expect(peek(h.mem, BUF2 + 8, 4).readInt32LE(0)).toBe(2); // SS_DISABLE
    const ss = Buffer.alloc(24);
    ss.writeBigUInt64LE(0x40000n, 0); ss.writeInt32LE(0, 8); ss.writeBigUInt64LE(0x4000n, 16);
    poke(h.mem, BUF, ss);
    expect(h.sys('sigaltstack', BUF, 0)).toBe(0);
    expect(h.sys('sigaltstack', 0, BUF2)).toBe(0);
    expect(u64(BUF2)).toBe(0x40000n);
    expect(u64(BUF2 + 16)).toBe(0x4000n);
    ss.writeBigUInt64LE(100n, 16);
    poke(h.mem, BUF, ss);
    expect(h.sys('sigaltstack', BUF, 0)).toBe(-E.ENOMEM);
  });
});

describe('identity and system info', () => {
  test('ids', () => {
    expect(h.sys('getpid')).toBe(process.pid);
    expect(h.sys('gettid')).toBe(process.pid);
    expect(h.sys('getppid')).toBe(process.ppid);
    expect(h.sys('getuid')).toBe(process.getuid!());
    expect(h.sys('getegid')).toBe(process.getegid!());
    expect(h.sys('set_tid_address', BUF)).toBe(process.pid);
    expect(h.sys('set_robust_list', BUF, 24)).toBe(0);
    expect(h.sys('set_robust_list', BUF, 16)).toBe(-E.EINVAL);
    expect(h.sys('rseq', 0, 0, 0, 0)).toBe(-E.ENOSYS);
    expect(h.sys('getresuid', BUF, BUF + 4, BUF + 8)).toBe(0);
    expect(h.mem.u32(BUF + 8)).toBe(process.geteuid!());
  });

  test('uname', () => {
    expect(h.sys('uname', BUF)).toBe(0);
    const field = (i: number) => { const b = peek(h.mem, BUF + 65 * i, 65); return b.subarray(0, b.indexOf(0)).toString(); };
    expect(field(0)).toBe('Linux');
    expect(field(1)).toBe(os.hostname());
    expect(field(2)).toMatch(/^\d+\.\d+/);
    expect(field(4)).toBe('riscv64');
    expect(h.sys('uname', 0)).toBe(-E.EFAULT);
  });

  test('prlimit64 / getrlimit / setrlimit', () => {
    expect(h.sys('prlimit64', 0, 3 /* STACK */, 0, BUF)).toBe(0);
    expect(u64(BUF)).toBeGreaterThan(0n);
    expect(h.sys('getrlimit', 7 /* NOFILE */, BUF)).toBe(0);
    expect(u64(BUF)).toBe(h.kernel.rlimits[7].cur);
    const lim = Buffer.alloc(16); lim.writeBigUInt64LE(100n, 0); lim.writeBigUInt64LE(50n, 8);
    poke(h.mem, BUF, lim);
    expect(h.sys('setrlimit', 4, BUF)).toBe(-E.EINVAL); // cur > max
    expect(h.sys('prlimit64', 0, 99, 0, BUF)).toBe(-E.EINVAL);
    expect(h.sys('prlimit64', 1, 3, 0, BUF)).toBe(-E.ESRCH);
  });

  test('sysinfo, sched_getaffinity, getrandom', () => {
    expect(h.sys('sysinfo', BUF)).toBe(0);
    expect(Number(u64(BUF + 32)) * h.mem.u32(BUF + 104)).toBe(os.totalmem());
    const n = h.sys('sched_getaffinity', 0, 128, BUF);
    expect(n).toBe(8);
    const mask = u64(BUF);
    expect(mask.toString(2).split('').filter((c) => c === '1').length).toBe(os.availableParallelism());
    expect(h.sys('sched_getaffinity', 0, 3, BUF)).toBe(-E.EINVAL);
    poke(h.mem, BUF, Buffer.alloc(64));
    expect(h.sys('getrandom', BUF, 64, 0)).toBe(64);
    expect(peek(h.mem, BUF, 64).equals(Buffer.alloc(64))).toBe(false);
    expect(h.sys('getrandom', BUF, 8, 0x100)).toBe(-E.EINVAL);
    expect(h.sys('getrandom', 0x7000_0000, 8, 0)).toBe(-E.EFAULT);
  });

  test('umask', () => {
    const old = h.sys('umask', 0o027);
    expect(h.sys('umask', old)).toBe(0o027);
  });
});

describe('time', () => {
  test('clock_gettime realtime / monotonic / cpu, clock_getres, gettimeofday', () => {
    expect(h.sys('clock_gettime', 0, BUF)).toBe(0);
    const sec = Number(i64(BUF));
    expect(Math.abs(sec - Date.now() / 1000)).toBeLessThan(5);
    expect(Number(i64(BUF + 8))).toBeLessThan(1e9);
    expect(h.sys('clock_gettime', 1, BUF)).toBe(0);
    const m1 = i64(BUF) * 1_000_000_000n + i64(BUF + 8);
    expect(h.sys('clock_gettime', 1, BUF)).toBe(0);
    const m2 = i64(BUF) * 1_000_000_000n + i64(BUF + 8);
    expect(m2 >= m1).toBe(true);
    for (const c of [2, 3, 5, 6, 7]) expect(h.sys('clock_gettime', c, BUF)).toBe(0);
    expect(h.sys('clock_gettime', 100, BUF)).toBe(-E.EINVAL);
    expect(h.sys('clock_gettime', 0, 0x7000_0000)).toBe(-E.EFAULT);
    expect(h.sys('clock_getres', 1, BUF)).toBe(0);
    expect(i64(BUF + 8)).toBe(1n);
    expect(h.sys('gettimeofday', BUF, 0)).toBe(0);
    expect(Number(i64(BUF + 8))).toBeLessThan(1_000_000);
  });

  test('nanosleep / clock_nanosleep sleep for real', () => {
    const ts = Buffer.alloc(16); ts.writeBigInt64LE(0n, 0); ts.writeBigInt64LE(30_000_000n, 8);
    poke(h.mem, BUF, ts);
    let t0 = process.hrtime.bigint();
    expect(h.sys('nanosleep', BUF, 0)).toBe(0);
    expect(process.hrtime.bigint() - t0).toBeGreaterThanOrEqual(29_000_000n);
    t0 = process.hrtime.bigint();
    expect(h.sys('clock_nanosleep', 1, 0, BUF, 0)).toBe(0);
    expect(process.hrtime.bigint() - t0).toBeGreaterThanOrEqual(29_000_000n);
    // Absolute deadline in the past: returns at once.
    expect(h.sys('clock_nanosleep', 1, 1, BUF, 0)).toBe(0);
    ts.writeBigInt64LE(1_000_000_000n, 8);
    poke(h.mem, BUF, ts);
    expect(h.sys('nanosleep', BUF, 0)).toBe(-E.EINVAL);
  });
});

describe('dispatch', () => {
  test('unknown syscalls return ENOSYS and are logged under unimp', () => {
    const file = path.join(h.tmp, 'log');
    log.enable('unimp');
    log.setFile(file);
    // io_setup (0) has no handler.
    expect(h.sys('io_setup', 1, BUF)).toBe(-E.ENOSYS);
    h.cpu.regs[34] = 4000; h.cpu.regs[35] = 0; // a7 = 4000: not a syscall at all
    h.kernel.syscall(h.cpu);
    expect(h.cpu.regs[20]).toBe(-E.ENOSYS);
    expect(h.cpu.regs[21]).toBe(-1);
    log.reset();
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('Unsupported syscall: 0 (io_setup)');
    expect(text).toContain('Unsupported syscall: 4000');
  });

  test('-strace lines in qemu style', () => {
    const file = path.join(h.tmp, 'strace');
    log.enable('strace');
    log.setFile(file);
    const p = path.join(h.tmp, 'nothing-here');
    h.sys('openat', -100, h.str(p), 0o2000000, 0);
    h.sys('brk', 0);
    h.sys('mmap', 0, 0x1000, 3, 0x22, -1, 0);
    h.sys('getpid');
    expect(() => h.sys('exit_group', 0)).toThrow(GuestExit);
    log.reset();
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(`${process.pid} openat(AT_FDCWD,"${p}",O_RDONLY|O_CLOEXEC) = -1 errno=2 (No such file or directory)`);
    expect(lines[1]).toBe(`${process.pid} brk(NULL) = 0x0000000000100000`);
    expect(lines[2]).toMatch(/mmap\(NULL,4096,PROT_READ\|PROT_WRITE,MAP_PRIVATE\|MAP_ANONYMOUS,-1,0\) = 0x000000001fff/);
    expect(lines[3]).toBe(`${process.pid} getpid() = ${process.pid}`);
    expect(lines[4]).toBe(`${process.pid} exit_group(0)`);
  });

  test('a result is sign-extended into a0', () => {
    h.sys('close', 1234);
    expect(h.cpu.regs[20]).toBe(-E.EBADF);
    expect(h.cpu.regs[21]).toBe(-1);
    const fdLo = h.sys('openat', -100, h.str('/dev/null'), 0, 0);
    expect(h.cpu.regs[21]).toBe(0);
    expect(fdLo).toBeGreaterThan(2);
  });
});
