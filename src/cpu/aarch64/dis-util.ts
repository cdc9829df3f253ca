// Operand formatting shared by the disassembly formatters (objdump -d style).

export const xn = (r: number): string => (r === 31 ? 'xzr' : `x${r}`);
export const wn = (r: number): string => (r === 31 ? 'wzr' : `w${r}`);
export const xsp = (r: number): string => (r === 31 ? 'sp' : `x${r}`);
export const wsp = (r: number): string => (r === 31 ? 'wsp' : `w${r}`);
/** General register of width sf (1 = X). */
export const gr = (sf: number, r: number): string => (sf ? xn(r) : wn(r));
export const grsp = (sf: number, r: number): string => (sf ? xsp(r) : wsp(r));
export const hex = (v: number | bigint): string => {
  const n = BigInt(v);
  return n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
};
export const imm = (v: number | bigint): string => `#${hex(v)}`;
export const dec = (v: number): string => `#${v}`;
/** Branch target as objdump prints it: bare hex address. */
export const target = (pc: number, off: number): string => BigInt.asUintN(64, BigInt(pc) + BigInt(off)).toString(16);

export const COND_NAMES = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv'];
export const SHIFT_NAMES = ['lsl', 'lsr', 'asr', 'ror'];
export const EXTEND_NAMES = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'];
