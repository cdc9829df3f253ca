// Zicsr: fcsr/frm/fflags with every access form, counters, read-only and
// unknown CSRs, and the rounding-mode checks FP instructions depend on.

import { CODE, ECALL, Exit, irOf, run } from './riscv64-harness';
import { IRBuilder } from '../../src/translate/ir';
import { riscv64Frontend } from '../../src/cpu/riscv64';

test('fcsr, frm and fflags through every instruction form', () => {
  const words = [
    0x0021d073, // fsrmi 3
    0x00202573, // frrm a0
    0x003615f3, // fscsr a1,a2
    0x003026f3, // frcsr a3
    0x0012e773, // csrrsi a4,fflags,5
    0x0010f7f3, // csrrci a5,fflags,1
    0x00102873, // frflags a6
    0x003028f3, // frcsr a7
    ECALL,
  ];
  const { cpu, exit } = run(words, (c) => c.setX(12, 0x1234n));
  expect(exit).toBe(Exit.Syscall);
  expect([10, 11, 13, 14, 15, 16, 17].map((r) => cpu.getX(r))).toEqual([3n, 0x60n, 0x34n, 0x14n, 0x15n, 0x14n, 0x34n]);
  expect([cpu.frm, cpu.fflags]).toEqual([1, 0x14]);
});

test('csrrs / csrrc with a register source', () => {
  // csrrs t0,fcsr,t1 ; csrrc t2,fcsr,t1 ; frcsr t3
  const { cpu } = run([0x003322f3, 0x003333f3, 0x00302e73, ECALL], (c) => c.setX(6, 0xe1n));
  expect([cpu.getX(5), cpu.getX(7), cpu.getX(28)]).toEqual([0n, 0xe1n, 0n]);
});

test('fflags accrue from FP state and read back', () => {
  const { cpu } = run([0x00102573 /* frflags a0 */, ECALL], (c) => { c.fp.flags = 0x11; c.frm = 4; });
  expect(cpu.getX(10)).toBe(0x11n);
  expect(cpu.fcsr).toBe(0x91);
});

test('time, cycle and instret are readable and do not go backwards', () => {
  // rdtime a0 ; rdtime a1 ; rdcycle a2 ; rdinstret a3 ; rdinstret a4
  const { cpu, exit } = run([0xc0102573, 0xc01025f3, 0xc0002673, 0xc02026f3, 0xc0202773, ECALL]);
  expect(exit).toBe(Exit.Syscall);
  expect(cpu.getX(11)).toBeGreaterThanOrEqual(cpu.getX(10));
  expect(cpu.getX(12)).toBeGreaterThan(0n);
  expect(cpu.getX(14)).toBeGreaterThan(cpu.getX(13));
});

test('time advances at 10 MHz', () => {
  const a = run([0xc0102573, ECALL]).cpu.getX(10);
  const until = Date.now() + 20;
  while (Date.now() < until) { /* spin */ }
  const b = run([0xc0102573, ECALL]).cpu.getX(10);
  expect(Number(b - a)).toBeGreaterThan(150_000);
  expect(Number(b - a)).toBeLessThan(10_000_000);
});

test('reading counters with a zero source does not count as a write', () => {
  // rdtime a0 ; csrrsi a0,time,0 ; csrrc a0,cycle,zero
  expect(run([0xc0102573, 0xc0106573, 0xc0003573, ECALL]).exit).toBe(Exit.Syscall);
});

test('writing a read-only counter or touching an unknown CSR is SIGILL', () => {
  for (const w of [0xc0051073 /* csrw cycle,a0 */, 0xc015a573 /* csrrs a0,time,a1 */, 0x7c002573 /* csrr a0,0x7c0 */,
    0x30002573 /* csrr a0,mstatus */, 0xc8002573 /* rdcycleh (RV32 only) */]) {
    const { cpu, exit } = run([0x0001, w, ECALL], (c) => c.setX(11, 1n));
    expect([w, exit, cpu.pc, cpu.exitArg]).toEqual([w, Exit.Signal, CODE + 2, 4]);
  }
});

describe('rounding-mode validity', () => {
  test('reserved static rm (5, 6) is SIGILL at translation', () => {
    const ir = irOf(0x00c5d553); // fadd.s fa0,fa1,fa2 with rm=5
    expect(ir.end).toBe(true);
    expect(ir.text).toBe('exit reason=2 pc=0x400000 arg=4');
  });

  test('rm=DYN with an invalid frm is SIGILL before anything is written', () => {
    // fsrmi 7 ; fadd.d fa0,fa1,fa2 (dyn)
    const { cpu, exit } = run([0x0023d073, 0x02c5f553, ECALL], (c) => c.setF(10, 0x1234n));
    expect([exit, cpu.pc, cpu.exitArg]).toEqual([Exit.Signal, CODE + 4, 4]);
    expect(cpu.getF(10)).toBe(0x1234n);
  });

  test('the frm check is emitted once per block and again after frm is written', () => {
    // fadd.d ×2 (dyn) ; fsrmi 2 ; fadd.d (dyn) ; fadd.d rtz — checked by looking at the IR
    const words = [0x02c5f553, 0x02c5f553, 0x00215073, 0x02c57553, 0x02c59553];
    const b = new IRBuilder();
    let pc = CODE;
    for (const w of words) {
      const fetch16 = (a: number) => (a === pc ? w & 0xffff : w >>> 16);
      pc += riscv64Frontend.translate({ b, pc, fetch16, fetch32: () => w | 0, end: false });
    }
    const checks = b.ops.filter((o) => o.op === 'call' && o.helper.name === 'frm_valid');
    expect(checks.length).toBe(2);
  });
});
