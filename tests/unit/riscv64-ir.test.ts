// The IR the handlers emit for representative instructions: x0 handling,
// ordering for precise faults (rd written after the last faulting op), block
// ends, and the exits the CPU loop relies on.

import { irOf } from './riscv64-harness';

const ir = (w: number) => irOf(w).text.split('\n').map((l) => l.trim());

test('immediate ALU op on globals, li and mv fold to moves', () => {
  expect(ir(0x01010513)).toEqual(['add_i64 a0, sp, $0x10']); // addi a0,sp,16
  expect(ir(0x4515)).toEqual(['mov_i64 a0, $0x5']); // c.li a0,5
  expect(ir(0x852e)).toEqual(['mov_i64 a0, a1']); // c.mv a0,a1
  expect(ir(0x00000013)).toEqual(['']); // nop emits nothing
});

test('*W ops compute in 32 bits and sign-extend', () => {
  expect(ir(0x40b5053b)).toEqual(['trunc_i32 w0, a0', 'trunc_i32 w1, a1', 'sub_i32 w2, w0, w1', 'exts_i64 a0, w2']);
});

test('a load into x0 still loads (into a dead temp)', () => {
  expect(ir(0x00052003)).toEqual(['ld32s_i64 q0, [a0]']);
});

test('jalr computes the target before writing rd (rd == rs1 here)', () => {
  const r = irOf(0x00550567); // jalr a0,5(a0)
  expect(r.end).toBe(true);
  expect(r.text.split('\n').map((l) => l.trim())).toEqual([
    'add_i64 q0, a0, $0x5', 'and_i64 q0, q0, $0xfffffffffffffffe', 'mov_i64 a0, $0x400004', 'goto_ptr q0']);
});

test('conditional branch: brcond, fall-through exit, label, taken exit', () => {
  expect(ir(0x00b50863)).toEqual(['brcond_i64 a0, a1, eq, L0', 'goto_tb 0x400004', 'L0:', 'goto_tb 0x400010']);
});

test('AMO: alignment check, load, op, store, then rd', () => {
  expect(ir(0x00c5a52f)).toEqual([ // amoadd.w a0,a2,(a1)
    'and_i64 q0, a1, $0x3', 'brcond_i64 q0, $0x0, eq, L0', 'exit reason=2 pc=0x400000 arg=7', 'L0:',
    'ld32s_i64 q1, [a1]', 'add_i64 q2, q1, a2', 'st32_i64 q2, [a1]', 'mov_i64 a0, q1']);
});

test('SC: store only when the reservation matches; reservation and rd written after the store', () => {
  expect(ir(0x18c5b6af)).toEqual([ // sc.d a3,a2,(a1)
    'and_i64 q0, a1, $0x7', 'brcond_i64 q0, $0x0, eq, L0', 'exit reason=2 pc=0x400000 arg=7', 'L0:',
    'setcond_i64 q1, reservation, a1, ne', 'brcond_i64 q1, $0x0, ne, L1',
    // Like QEMU, SC also fails if the word no longer holds the value LR loaded.
    'ld64s_i64 q2, [a1]', 'setcond_i64 q1, q2, reservation_val, ne', 'setcond_i64 q3, q2, reservation_val, ne',
    'brcond_i64 q3, $0x0, ne, L1', 'st64_i64 a2, [a1]', 'L1:',
    'mov_i64 reservation, $0xffffffffffffffff', 'mov_i64 a3, q1']);
});

test('system exits', () => {
  expect(irOf(0x00000073)).toEqual({ // ecall (Linux drops the LR reservation on return from the kernel)
    text: 'mov_i64 reservation, $0xffffffffffffffff\n exit reason=1 pc=0x400004 arg=0', len: 4, end: true });
  expect(irOf(0x0000100f)).toEqual({ text: 'exit reason=4 pc=0x400004 arg=0', len: 4, end: true }); // fence.i
  expect(irOf(0x9002)).toEqual({ text: 'exit reason=2 pc=0x400000 arg=5', len: 2, end: true }); // c.ebreak
  expect(irOf(0x0000)).toEqual({ text: 'exit reason=2 pc=0x400000 arg=4', len: 2, end: true }); // c.unimp
  expect(irOf(0x0ff0000f)).toEqual({ text: '', len: 4, end: false }); // fence
});

test('FP op with rm=DYN checks frm first, then calls its helper into rd', () => {
  expect(ir(0x02c5f553)).toEqual([ // fadd.d fa0,fa1,fa2
    'call frm_valid w0 = ()', 'brcond_i32 w0, $0x0, ne, L0', 'exit reason=2 pc=0x400000 arg=4', 'L0:',
    'call fadd.d fa0 = (fa1, fa2, $0x7)']);
  expect(ir(0x02c59553)).toEqual(['call fadd.d fa0 = (fa1, fa2, $0x1)']); // static rtz: no check
});

test('CSR read-modify-write: read, write, then rd', () => {
  expect(ir(0x003615f3)).toEqual(['call csr_read q0 = ($0x3)', 'call csr_write ($0x3, a2)', 'mov_i64 a1, q0']); // fscsr a1,a2
});
