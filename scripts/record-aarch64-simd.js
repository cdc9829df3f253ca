#!/usr/bin/env node
// Records AdvSIMD reference results from qemu-aarch64 for the unit tests (the
// SimdCase format of tests/unit/aarch64-simd-data.ts): each instruction runs once
// with pseudo-random v0..v3, a 64-byte buffer at x1, x2 = 16, x5, x0 = 0 and FPSR
// cleared; the outputs are v0..v3, x0, x1 relative to the buffer, FPSR and the
// buffer. The asm text stored is objdump's disassembly of the instruction.
// Usage: node scripts/record-aarch64-simd.js FILE_WITH_ONE_INSN_PER_LINE [SEED] > data.ts-fragment
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const [file, seedArg = '1'] = process.argv.slice(2);
const insns = fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

let seed = Number(seedArg) >>> 0 || 1;
const rnd = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed; };
// Lanes worth testing: floats (f32/f64 patterns), small and extreme integers, random bytes.
const F32 = [0x3f800000, 0x40000000, 0xbf800000, 0x3dcccccd, 0x7f800000, 0xff800000, 0x7fc00000, 0x00000000, 0x80000000, 0x42f60000, 0x00000001, 0x7f7fffff];
const F64 = ['3ff0000000000000', '4000000000000000', 'bff8000000000000', '3fb999999999999a', '7ff0000000000000', '0000000000000000', '8000000000000000', '7ff8000000000000', '4059000000000000', '0000000000000001'];
function chunk() {
  const out = Buffer.alloc(16);
  const kind = rnd() % 5;
  for (let i = 0; i < 16;) {
    if (kind === 0) { out.writeUInt32LE(F32[rnd() % F32.length], i); i += 4; }
    else if (kind === 1) { Buffer.from(F64[rnd() % F64.length], 'hex').reverse().copy(out, i); i += 8; }
    else if (kind === 2) { out[i++] = [0, 1, 0x7f, 0x80, 0xff][rnd() % 5]; }
    else { out[i++] = rnd() & 0xff; }
  }
  return out;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'simdrec-'));
const IN = 144, OUT = 160;
let asm = '.text\n.global _start\n_start:\n';
const inputs = [];
insns.forEach((insn, i) => {
  const v = Buffer.concat([chunk(), chunk(), chunk(), chunk()]);
  const mem = Buffer.concat([chunk(), chunk(), chunk(), chunk()]);
  const x5 = Buffer.alloc(8); x5.writeUInt32LE(rnd(), 0); x5.writeUInt32LE(rnd(), 4);
  inputs.push({ v, mem, x5 });
  asm += `  adr x9, in${i}\n  ldp q0, q1, [x9]\n  ldp q2, q3, [x9, #32]\n  adr x1, buf\n`;
  asm += '  ldp q4, q5, [x9, #64]\n  stp q4, q5, [x1]\n  ldp q4, q5, [x9, #96]\n  stp q4, q5, [x1, #32]\n';
  asm += '  ldr x5, [x9, #128]\n  mov x2, #16\n  mov x0, #0\n  msr fpsr, xzr\n';
  asm += `insn${i}:\n  ${insn}\n`;
  asm += `  adr x9, out${i}\n  stp q0, q1, [x9]\n  stp q2, q3, [x9, #32]\n  str x0, [x9, #64]\n  adr x10, buf\n  sub x11, x1, x10\n  str x11, [x9, #72]\n`;
  asm += '  mrs x12, fpsr\n  str x12, [x9, #80]\n  ldp q4, q5, [x10]\n  stp q4, q5, [x9, #96]\n  ldp q4, q5, [x10, #32]\n  stp q4, q5, [x9, #128]\n';
});
asm += `  mov x0, #1\n  adr x1, out0\n  ldr x2, =${insns.length * OUT}\n  mov x8, #64\n  svc #0\n  mov x0, #0\n  mov x8, #93\n  svc #0\n  .ltorg\n`;
asm += '.data\n.balign 16\nbuf: .skip 64\n';
inputs.forEach(({ v, mem, x5 }, i) => {
  asm += `.balign 16\nin${i}: .byte ${[...Buffer.concat([v, mem, x5])].join(',')}\n.skip ${IN - 136}\n`;
});
asm += '.balign 16\n';
insns.forEach((_, i) => { asm += `out${i}: .skip ${OUT}\n`; });
fs.writeFileSync(path.join(tmp, 'r.S'), asm);
execFileSync('aarch64-linux-gnu-gcc', ['-nostdlib', '-static', '-march=armv8-a', '-o', path.join(tmp, 'r'), path.join(tmp, 'r.S')]);
const out = execFileSync('qemu-aarch64', [path.join(tmp, 'r')]);
const dump = execFileSync('aarch64-linux-gnu-objdump', ['-d', path.join(tmp, 'r')], { encoding: 'utf8' });
const syms = execFileSync('aarch64-linux-gnu-nm', [path.join(tmp, 'r')], { encoding: 'utf8' });
const addr = new Map(syms.split('\n').map((l) => l.split(' ')).filter((p) => p.length === 3).map((p) => [p[2], parseInt(p[0], 16)]));
const lines = new Map();
for (const l of dump.split('\n')) {
  const m = /^\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*)$/.exec(l);
  if (m) lines.set(parseInt(m[1], 16), { word: parseInt(m[2], 16), text: m[3].replace(/\s*\/\/.*$/, '').replace(/\t/g, ' ').trim() });
}
const hex = (b) => b.toString('hex');
insns.forEach((_, i) => {
  const { word, text } = lines.get(addr.get(`insn${i}`));
  const o = out.subarray(i * OUT, (i + 1) * OUT);
  const x0 = Buffer.from(o.subarray(64, 72)).reverse();
  const x1off = Number(o.readBigInt64LE(72));
  const fpsr = o.readUInt32LE(80);
  const { v, mem, x5 } = inputs[i];
  const x5s = BigInt('0x' + hex(Buffer.from(x5).reverse())).toString(16);
  console.log(`  {asm: ${JSON.stringify(text)}, word: ${word}, v: "${hex(v)}", mem: "${hex(mem)}", x5: "${x5s}", outV: "${hex(o.subarray(0, 64))}", x0: "${hex(x0)}", x1off: ${x1off}, fpsr: ${fpsr}, outMem: "${hex(o.subarray(96, 160))}"},`);
});
fs.rmSync(tmp, { recursive: true });
