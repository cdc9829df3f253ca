// Host-FPU fast paths for the common IEEE operations (QEMU's "hardfloat" idea).
//
// The host's double and single arithmetic is IEEE 754 with round-to-nearest-even,
// so for RNE its result is bit-exact. What the host does not give us is the
// guest's exception flags, NaN rules and flush-to-zero. So the fast path is taken
// only when none of that can matter:
//   - the rounding mode is RNE and the inexact flag is already raised (flags are
//     sticky: an inexact result then changes nothing), which the front end
//     promises by keeping cpu.regs[okSlot] != 0 (set after each slow operation
//     from the architectural state, cleared by every write of the FP control or
//     status register);
//   - the operands are zero or normal (no NaN, infinity or subnormal: no invalid
//     operation, no input-denormal flushing);
//   - the result is zero or normal and not at the underflow boundary (no
//     overflow, underflow or output flushing), see FastFp in translate/ir.ts.
// Everything else runs the bit-exact library (the slow helper).

import type { FastFp, Helper } from '../../translate/ir';
import { RET } from '../../translate/runtime';

export const F64_MIN = 2.2250738585072014e-308;
export const F64_MAX = 1.7976931348623157e308;
export const F32_MIN = 1.1754943508222875e-38;
export const F32_MAX = 3.4028234663852886e38;

const F = new Float64Array(2);
const I = new Int32Array(F.buffer);
const S = new Float32Array(2);
const SI = new Int32Array(S.buffer);

type Op = FastFp['op'];

/**
 * Builds a fast-path function from source, so that every helper and kernel gets
 * its own code and type feedback (closures from one function literal share
 * V8's feedback, which made the host operation and the slow call megamorphic).
 * `params`: the function's parameters; `a`/`b`: expressions of the operands' raw
 * bits (for f64 [lo, hi]); `guard`: extra precondition; `cpu`: the cpu
 * parameter; `slow`: the call of the bit-exact version.
 */
function build(op: Op, size: 4 | 8, okSlot: number, params: string[], a: string[], b: string[] | undefined,
  guard: string, cpu: string, slowCall: string, ret: (r: string) => string,
  slow: Function, ok: (cpu: any) => boolean): (...a: any[]) => number {
  const MIN = size === 8 ? F64_MIN : F32_MIN, MAX = size === 8 ? F64_MAX : F32_MAX;
  const rnd = (e: string) => (size === 8 ? e : `Math.fround(${e})`);
  const load = size === 8
    ? `I[0] = ${a[0]}; I[1] = ${a[1]};${b ? ` I[2] = ${b[0]}; I[3] = ${b[1]};` : ''} const a = F[0]${b ? ', b = F[1]' : ''};`
    : `SI[0] = ${a[0]};${b ? ` SI[1] = ${b[0]};` : ''} const a = S[0]${b ? ', b = S[1]' : ''};`;
  const zon = (x: string) => `((Math.abs(${x}) >= ${MIN} && Math.abs(${x}) <= ${MAX}) || ${x} === 0)`;
  const pre = [zon('a'), ...(b ? [zon('b')] : []), ...(op === 'div' ? ['b !== 0'] : []), ...(op === 'sqrt' ? ['a >= 0'] : [])];
  const expr = op === 'sqrt' ? rnd('Math.sqrt(a)') : rnd(`a ${({ add: '+', sub: '-', mul: '*', div: '/' } as const)[op]} b`);
  const exact = ({ add: 'r === 0', sub: 'r === 0', mul: 'a === 0 || b === 0', div: 'a === 0', sqrt: 'true' } as const)[op];
  const src = `return function fast_${op}${size * 8}(${params.join(', ')}) {
  if (${cpu}.regs[${okSlot}] !== 0${guard ? ' && ' + guard : ''}) {
    ${load}
    if (${pre.join(' && ')}) {
      const r = ${expr}, ar = Math.abs(r);
      if ((ar > ${MIN} && ar <= ${MAX}) || ${exact}) { ${ret('r')} }
    }
  }
  const v = ${slowCall};
  ${cpu}.regs[${okSlot}] = ok(${cpu}) ? 1 : 0;
  return v;
};`;
  return new Function('F', 'I', 'S', 'SI', 'RET', 'slow', 'ok', src)(F, I, S, SI, RET, slow, ok);
}
const RET64 = (r: string) => `F[0] = ${r}; RET[0] = I[1]; return I[0];`;
const RET32 = (r: string) => `S[0] = ${r}; return SI[0];`;
const RETBOXED = (r: string) => `S[0] = ${r}; RET[0] = -1; return SI[0];`;

/**
 * Wraps `slow` (the bit-exact helper, same arguments) with the fast path.
 * `ok(cpu)` says whether the architectural state allows fast paths (RNE and inexact
 * raised); it is evaluated after every slow call and cached in cpu.regs[okSlot].
 * Operands: the first one (sqrt) or two arguments, i64 (lo, hi) for doubles and
 * boxed singles, i32 for plain singles; up to two extra arguments go to `slow`.
 */
export function fastFpHelper(slow: Helper, desc: FastFp, ok: (cpu: any) => boolean): Helper {
  const { op, size, okSlot, boxed } = desc;
  const unary = op === 'sqrt';
  let fn: (...a: any[]) => number;
  if (size === 8 || boxed) {
    const ps = unary ? ['cpu', 'al', 'ah', 'x0', 'x1'] : ['cpu', 'al', 'ah', 'bl', 'bh', 'x0', 'x1'];
    const guard = boxed ? (unary ? 'ah === -1' : 'ah === -1 && bh === -1') : '';
    fn = build(op, size, okSlot, ps, ['al', 'ah'], unary ? undefined : ['bl', 'bh'], guard, 'cpu',
      `slow(${ps.join(', ')})`, boxed ? RETBOXED : RET64, slow.fn, ok);
  } else {
    const ps = unary ? ['cpu', 'a0', 'x0', 'x1'] : ['cpu', 'a0', 'b0', 'x0', 'x1'];
    fn = build(op, size, okSlot, ps, ['a0'], unary ? undefined : ['b0'], '', 'cpu', `slow(${ps.join(', ')})`, RET32, slow.fn, ok);
  }
  return { ...slow, fn, fastFp: desc };
}
