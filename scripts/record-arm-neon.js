#!/usr/bin/env node
// Records NEON reference results from qemu-arm for tests/unit/arm-neon-qemu.test.ts:
// each instruction runs once in ARM state and once in Thumb state with the same
// pseudo-random d0..d7, a 64-byte buffer at r1, r2 = 16, r3 random, r0 = 0 and
// FPSCR cleared; the outputs are d0..d7, r0, r1 relative to the buffer, FPSCR and
// the buffer. Both runs must agree (the script fails otherwise). The A32 word and
// T32 halfwords come from objdump.
// Usage: node scripts/record-arm-neon.js [SEED] > tests/unit/arm-neon-data.ts
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const [seedArg = '7'] = process.argv.slice(2);
let seed = Number(seedArg) >>> 0 || 1;
const rnd = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed; };

// ---- the instruction list (d0..d7 / q0..q3 only) ----
const I = [];
const each = (ops, types, fmt) => { for (const o of ops) for (const t of types) for (const f of fmt) I.push(f.replace('OP', o).replace('T', t)); };
each(['vhadd', 'vqadd', 'vrhadd', 'vhsub', 'vqsub', 'vcgt', 'vcge', 'vmax', 'vmin', 'vabd', 'vaba'], ['s8', 'u8', 's16', 'u16', 's32', 'u32'], ['OP.T q0, q1, q2', 'OP.T d0, d3, d6']);
each(['vqadd', 'vqsub'], ['s64', 'u64'], ['OP.T q0, q1, q2']);
each(['vshl', 'vqshl', 'vrshl', 'vqrshl'], ['s8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64'], ['OP.T q0, q1, q2']);
each(['vadd', 'vsub'], ['i8', 'i16', 'i32', 'i64'], ['OP.T q0, q1, q2', 'OP.T d1, d1, d6']);
each(['vtst'], ['8', '16', '32'], ['OP.T q0, q1, q2']); each(['vceq'], ['i8', 'i16', 'i32'], ['OP.T q0, q1, q2']);
each(['vmla', 'vmls', 'vmul'], ['i8', 'i16', 'i32'], ['OP.T q0, q1, q2', 'OP.T d0, d1, d2']);
I.push('vmul.p8 q0, q1, q2', 'vmul.p8 d0, d1, d2');
each(['vpmax', 'vpmin'], ['s8', 'u16', 's32', 'u32'], ['OP.T d0, d2, d3']);
each(['vpadd'], ['i8', 'i16', 'i32'], ['OP.T d0, d2, d3']);
each(['vqdmulh', 'vqrdmulh'], ['s16', 's32'], ['OP.T q0, q1, q2', 'OP.T d0, d2, d2']);
each(['vbsl', 'vbit', 'vbif'], [''], ['OP q0, q1, q2']);
each(['vadd', 'vsub', 'vmul', 'vmla', 'vmls', 'vfma', 'vfms', 'vabd', 'vmax', 'vmin', 'vceq', 'vcge', 'vcgt', 'vacge', 'vacgt', 'vrecps', 'vrsqrts'], ['f32'], ['OP.T q0, q1, q2']);
each(['vpadd', 'vpmax', 'vpmin'], ['f32'], ['OP.T d0, d2, d3']);
// three registers, different lengths
each(['vaddl', 'vsubl', 'vabal', 'vabdl', 'vmlal', 'vmlsl', 'vmull'], ['s8', 'u8', 's16', 'u16', 's32', 'u32'], ['OP.T q0, d2, d3']);
each(['vaddw', 'vsubw'], ['s8', 'u16', 's32'], ['OP.T q0, q1, d4']);
each(['vaddhn', 'vraddhn', 'vsubhn', 'vrsubhn'], ['i16', 'i32', 'i64'], ['OP.T d0, q1, q2']);
each(['vqdmlal', 'vqdmlsl', 'vqdmull'], ['s16', 's32'], ['OP.T q0, d2, d3']);
I.push('vmull.p8 q0, d2, d3');
// by scalar
each(['vmla', 'vmls', 'vmul'], ['i16'], ['OP.T q0, q1, d4[1]', 'OP.T d0, d1, d5[3]']);
each(['vmla', 'vmls', 'vmul'], ['i32', 'f32'], ['OP.T q0, q1, d5[1]', 'OP.T d0, d1, d4[0]']);
each(['vmlal', 'vmlsl', 'vmull'], ['s16', 'u32'], ['OP.T q0, d2, d5[1]']);
each(['vqdmlal', 'vqdmlsl', 'vqdmull'], ['s16', 's32'], ['OP.T q0, d2, d5[1]']);
each(['vqdmulh', 'vqrdmulh'], ['s16'], ['OP.T q0, q1, d5[2]']);
each(['vqdmulh', 'vqrdmulh'], ['s32'], ['OP.T d0, d1, d5[0]']);
// shifts by immediate
for (const [t, sh] of [['s8', 3], ['u8', 8], ['s16', 16], ['u16', 1], ['s32', 32], ['u32', 7], ['s64', 64], ['u64', 13]]) {
  for (const o of ['vshr', 'vsra', 'vrshr', 'vrsra']) I.push(`${o}.${t} q0, q1, #${sh}`);
  I.push(`vsri.${t.slice(1)} q0, q1, #${sh}`);
}
for (const [t, sh] of [['8', 7], ['16', 3], ['32', 31], ['64', 5]]) {
  I.push(`vshl.i${t} q0, q1, #${sh}`, `vsli.${t} q0, q1, #${sh}`, `vqshl.s${t} q0, q1, #${sh}`, `vqshl.u${t} q0, q1, #${sh}`, `vqshlu.s${t} q0, q1, #${sh}`);
}
I.push('vshl.i32 d0, d1, #0', 'vsli.8 d0, d1, #0');
for (const [t, sh] of [['16', 5], ['32', 16], ['64', 32], ['16', 1], ['64', 1]]) {
  I.push(`vshrn.i${t} d0, q1, #${sh}`, `vrshrn.i${t} d0, q1, #${sh}`, `vqshrn.s${t} d0, q1, #${sh}`, `vqshrn.u${t} d0, q1, #${sh}`,
    `vqrshrn.s${t} d0, q1, #${sh}`, `vqrshrn.u${t} d0, q1, #${sh}`, `vqshrun.s${t} d0, q1, #${sh}`, `vqrshrun.s${t} d0, q1, #${sh}`);
}
I.push('vshll.s8 q0, d2, #3', 'vshll.u16 q0, d2, #7', 'vshll.s32 q0, d2, #31', 'vmovl.s8 q0, d2', 'vmovl.u8 q0, d2', 'vmovl.s16 q0, d2', 'vmovl.u16 q0, d3', 'vmovl.s32 q0, d2', 'vmovl.u32 q0, d0');
I.push('vcvt.f32.s32 q0, q1, #16', 'vcvt.f32.u32 q0, q1, #1', 'vcvt.s32.f32 q0, q1, #32', 'vcvt.u32.f32 q0, q1, #3', 'vcvt.s32.f32 d0, d2, #8');
// two registers, miscellaneous
I.push('vrev64.8 q0, q1', 'vrev64.16 d0, d2', 'vrev64.32 q0, q1', 'vrev32.8 q0, q1', 'vrev32.16 d0, d2', 'vrev16.8 q0, q1');
each(['vpaddl', 'vpadal'], ['s8', 'u8', 's16', 'u16', 's32', 'u32'], ['OP.T q0, q1', 'OP.T d0, d2']);
I.push('vcls.s8 q0, q1', 'vcls.s16 q0, q1', 'vcls.s32 q0, q1', 'vclz.i8 q0, q1', 'vclz.i16 d0, d2', 'vclz.i32 q0, q1', 'vcnt.8 q0, q1', 'vmvn q0, q1');
each(['vqabs', 'vqneg', 'vabs', 'vneg'], ['s8', 's16', 's32'], ['OP.T q0, q1']);
I.push('vabs.f32 q0, q1', 'vneg.f32 q0, q1');
each(['vcgt', 'vcge', 'vceq', 'vcle', 'vclt'], ['s8', 's16', 's32', 'f32'], ['OP.T q0, q1, #0']);
I.push('vswp d0, d1', 'vswp q0, q1');
each(['vtrn', 'vuzp', 'vzip'], ['8', '16'], ['OP.T q0, q1', 'OP.T d0, d2']);
I.push('vtrn.32 q0, q1', 'vtrn.32 d0, d2', 'vuzp.32 q0, q1', 'vzip.32 q0, q1');
each(['vmovn'], ['i16', 'i32', 'i64'], ['OP.T d0, q1']);
each(['vqmovn'], ['s16', 'u16', 's32', 'u32', 's64', 'u64'], ['OP.T d0, q1']);
each(['vqmovun'], ['s16', 's32', 's64'], ['OP.T d0, q1']);
I.push('vshll.i8 q0, d2, #8', 'vshll.i16 q0, d2, #16', 'vshll.i32 q0, d2, #32');
I.push('vcvt.f16.f32 d0, q1', 'vcvt.f32.f16 q0, d2', 'vrecpe.f32 q0, q1', 'vrsqrte.f32 q0, q1', 'vrecpe.u32 q0, q1', 'vrsqrte.u32 q0, q1');
I.push('vcvt.f32.s32 q0, q1', 'vcvt.f32.u32 q0, q1', 'vcvt.s32.f32 q0, q1', 'vcvt.u32.f32 q0, q1');
// modified immediate, vext, vtbl, vdup, vmov scalar
I.push('vmov.i32 q0, #0xff000000', 'vmov.i16 d0, #0x5500', 'vmov.i8 q0, #0xab', 'vmov.i64 d0, #0xff00ff0000ff00ff', 'vmov.f32 q0, #1.5',
  'vmvn.i32 d0, #0x12', 'vmvn.i32 q0, #0x45ff', 'vorr.i32 q0, #0x00ab0000', 'vbic.i16 d0, #0xcd00', 'vmov.i32 d0, #0x12ffff', 'vorr.i16 q1, #0x7f', 'vbic.i32 q0, #0x3e00');
I.push('vext.8 d0, d1, d2, #3', 'vext.8 q0, q1, q2, #11', 'vext.16 q0, q1, q2, #3', 'vext.32 d0, d1, d2, #1', 'vext.64 q0, q1, q2, #1', 'vext.8 q0, q0, q0, #15');
I.push('vtbl.8 d0, {d1}, d4', 'vtbl.8 d0, {d1-d3}, d6', 'vtbx.8 d0, {d2-d3}, d6', 'vtbl.8 d0, {d4-d7}, d1', 'vtbx.8 d7, {d1}, d2');
I.push('vdup.8 q0, d3[5]', 'vdup.16 d0, d3[3]', 'vdup.32 q0, d5[1]', 'vdup.32 q0, r3', 'vdup.8 d0, r3', 'vdup.16 q1, r3');
I.push('vmov.8 d0[5], r3', 'vmov.16 d1[2], r3', 'vmov.32 d2[1], r3', 'vmov.s8 r0, d3[7]', 'vmov.u8 r0, d3[6]', 'vmov.s16 r0, d3[1]', 'vmov.u16 r0, d3[3]', 'vmov.32 r0, d3[1]');
// element and structure loads/stores
I.push('vld1.8 {d0}, [r1]', 'vld1.16 {d0-d1}, [r1]!', 'vld1.32 {d0-d2}, [r1], r2', 'vld1.64 {d0-d3}, [r1:128]',
  'vld2.8 {d0-d1}, [r1]!', 'vld2.16 {d0,d2}, [r1]', 'vld2.32 {d0-d3}, [r1]', 'vld3.8 {d0-d2}, [r1]!', 'vld3.16 {d0,d2,d4}, [r1]', 'vld3.32 {d1-d3}, [r1], r2',
  'vld4.8 {d0-d3}, [r1]!', 'vld4.32 {d0,d2,d4,d6}, [r1]', 'vld4.16 {d4-d7}, [r1]',
  'vld1.8 {d0[3]}, [r1]!', 'vld1.16 {d1[2]}, [r1]', 'vld1.32 {d2[1]}, [r1], r2', 'vld2.8 {d0[1],d1[1]}, [r1]', 'vld2.16 {d0[1],d2[1]}, [r1]!',
  'vld2.32 {d0[1],d1[1]}, [r1]', 'vld3.32 {d0[1],d1[1],d2[1]}, [r1]', 'vld3.8 {d1[6],d2[6],d3[6]}, [r1]!', 'vld4.8 {d0[7],d1[7],d2[7],d3[7]}, [r1]!', 'vld4.16 {d0[3],d2[3],d4[3],d6[3]}, [r1]',
  'vld1.8 {d0[]}, [r1]', 'vld1.16 {d0[],d1[]}, [r1]!', 'vld1.32 {d0[]}, [r1]', 'vld2.8 {d0[],d1[]}, [r1]', 'vld2.16 {d0[],d2[]}, [r1]!',
  'vld3.8 {d0[],d1[],d2[]}, [r1]', 'vld3.32 {d0[],d2[],d4[]}, [r1], r2', 'vld4.16 {d0[],d1[],d2[],d3[]}, [r1]', 'vld4.32 {d0[],d2[],d4[],d6[]}, [r1]!', 'vld4.8 {d4[],d5[],d6[],d7[]}, [r1]');
I.push('vst1.8 {d0-d3}, [r1]!', 'vst1.64 {d0}, [r1], r2', 'vst1.16 {d1-d3}, [r1]', 'vst2.8 {d0-d1}, [r1]', 'vst2.32 {d0-d3}, [r1]!', 'vst2.16 {d1,d3}, [r1]',
  'vst3.16 {d0,d2,d4}, [r1]', 'vst3.8 {d0-d2}, [r1]!', 'vst4.8 {d0-d3}, [r1]!', 'vst4.16 {d0,d2,d4,d6}, [r1]',
  'vst1.8 {d0[3]}, [r1]!', 'vst1.32 {d1[1]}, [r1]', 'vst1.16 {d2[2]}, [r1], r2', 'vst2.16 {d0[2],d1[2]}, [r1]', 'vst2.32 {d0[1],d2[1]}, [r1]!',
  'vst3.8 {d0[5],d1[5],d2[5]}, [r1]!', 'vst3.16 {d0[1],d2[1],d4[1]}, [r1]', 'vst4.32 {d0[1],d2[1],d4[1],d6[1]}, [r1], r2', 'vst4.8 {d1[2],d2[2],d3[2],d4[2]}, [r1]');

// ---- inputs ----
const F32 = [0x3f800000, 0x40000000, 0xbf800000, 0x3dcccccd, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0x00000000, 0x80000000, 0x42f60000, 0x00000001, 0x807fffff, 0x7f7fffff, 0x4f000000, 0xcf000001, 0x3effffff, 0x5f800000];
function chunk() {
  const out = Buffer.alloc(16);
  const kind = rnd() % 5;
  for (let i = 0; i < 16;) {
    if (kind === 0) { out.writeUInt32LE(F32[rnd() % F32.length], i); i += 4; }
    else if (kind === 1) { out.writeUInt32LE(rnd() % 3 ? (rnd() & 0x3fffffff) | 0x3f000000 : rnd(), i); i += 4; }
    else if (kind === 2) { out[i++] = [0, 1, 0x7f, 0x80, 0xff, 0xfe, 2][rnd() % 7]; }
    else { out[i++] = rnd() & 0xff; }
  }
  return out;
}
const IN = 132, OUT = 152;
const inputs = I.map(() => ({ v: Buffer.concat([chunk(), chunk(), chunk(), chunk()]), mem: Buffer.concat([chunk(), chunk(), chunk(), chunk()]), r3: rnd() }));

function program(thumb) {
  let asm = `.syntax unified\n.fpu neon-vfpv4\n${thumb ? '.thumb' : '.arm'}\n.text\n.global _start\n${thumb ? '.thumb_func\n' : ''}_start:\n`;
  I.forEach((insn, i) => {
    asm += `  ldr r9, =in${i}\n  vld1.8 {d0-d3}, [r9]!\n  vld1.8 {d4-d7}, [r9]!\n  ldr r1, =buf\n  vld1.8 {d16-d19}, [r9]!\n  vld1.8 {d20-d23}, [r9]!\n`;
    asm += '  vst1.8 {d16-d19}, [r1]!\n  vst1.8 {d20-d23}, [r1]\n  ldr r3, [r9]\n  ldr r1, =buf\n  mov r2, #16\n  mov r0, #0\n  vmsr fpscr, r0\n';
    asm += `insn${i}:\n  ${insn}\n`;
    asm += `  ldr r9, =out${i}\n  vst1.8 {d0-d3}, [r9]!\n  vst1.8 {d4-d7}, [r9]!\n  ldr r10, =buf\n  sub r11, r1, r10\n  str r11, [r9], #4\n`;
    asm += '  vmrs r12, fpscr\n  str r12, [r9], #4\n  str r0, [r9], #4\n  add r9, r9, #12\n  vld1.8 {d16-d19}, [r10]!\n  vld1.8 {d20-d23}, [r10]\n  vst1.8 {d16-d19}, [r9]!\n  vst1.8 {d20-d23}, [r9]\n';
    asm += '  b 1f\n  .ltorg\n1:\n';
  });
  asm += `  mov r0, #1\n  ldr r1, =out0\n  ldr r2, =${I.length * OUT}\n  mov r7, #4\n  svc #0\n  mov r0, #0\n  mov r7, #1\n  svc #0\n  .ltorg\n`;
  asm += '.data\n.balign 16\nbuf: .skip 64\n';
  inputs.forEach(({ v, mem, r3 }, i) => {
    const r = Buffer.alloc(4); r.writeUInt32LE(r3);
    asm += `.balign 16\nin${i}: .byte ${[...Buffer.concat([v, mem, r])].join(',')}\n`;
  });
  asm += '.balign 16\n';
  I.forEach((_, i) => { asm += `out${i}: .skip ${OUT}\n`; });
  return asm;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'neonrec-'));
function run(thumb) {
  const src = path.join(tmp, thumb ? 't.S' : 'a.S'), exe = src.replace('.S', '');
  fs.writeFileSync(src, program(thumb));
  execFileSync('arm-linux-gnueabihf-gcc', ['-nostdlib', '-static', '-march=armv7-a', '-mfpu=neon-vfpv4', '-o', exe, src]);
  const out = execFileSync('qemu-arm', [exe], { maxBuffer: 1 << 26 });
  const dump = execFileSync('arm-linux-gnueabihf-objdump', ['-d', exe], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const syms = execFileSync('arm-linux-gnueabihf-nm', [exe], { encoding: 'utf8' });
  const addr = new Map(syms.split('\n').map((l) => l.split(' ')).filter((p) => p.length === 3).map((p) => [p[2], parseInt(p[0], 16) & ~1]));
  const lines = new Map();
  for (const l of dump.split('\n')) {
    const m = /^\s*([0-9a-f]+):\s+([0-9a-f]{4,8})(?: ([0-9a-f]{4}))?\s+(.*)$/.exec(l);
    if (m) lines.set(parseInt(m[1], 16), { word: m[3] ? [parseInt(m[2], 16), parseInt(m[3], 16)] : [parseInt(m[2], 16)], text: m[4].replace(/\s*[@;].*$/, '').replace(/\t/g, ' ').trim() });
  }
  return { out, words: I.map((_, i) => lines.get(addr.get(`insn${i}`))) };
}
const a = run(false), t = run(true);
const hex = (b) => b.toString('hex');
console.log('// Generated by scripts/record-arm-neon.js from qemu-arm; do not edit.');
console.log('// v: d0..d7 in, mem: buffer at r1 in, r3: r3 in; outV/r0/r1off/fpscr/outMem: qemu-arm results.');
console.log('export interface NeonCase { asm: string; a32: number; t32: number[]; v: string; mem: string; r3: number; outV: string; r0: number; r1off: number; fpscr: number; outMem: string }');
console.log('export const NEON_CASES: NeonCase[] = [');
let bad = 0;
I.forEach((insn, i) => {
  const o = a.out.subarray(i * OUT, (i + 1) * OUT), ot = t.out.subarray(i * OUT, (i + 1) * OUT);
  if (!o.equals(ot)) { bad++; process.stderr.write(`A32 and T32 differ: ${insn}\n`); }
  const { v, mem, r3 } = inputs[i];
  console.log(`  {asm: ${JSON.stringify(insn)}, a32: ${a.words[i].word[0]}, t32: [${t.words[i].word.join(', ')}], v: "${hex(v)}", mem: "${hex(mem)}", r3: ${r3}, outV: "${hex(o.subarray(0, 64))}", r1off: ${o.readInt32LE(64)}, fpscr: ${o.readUInt32LE(68)}, r0: ${o.readUInt32LE(72)}, outMem: "${hex(o.subarray(88, 152))}"},`);
});
console.log('];');
fs.rmSync(tmp, { recursive: true });
if (bad) process.exit(1);
