// Runs one shrunk difftest case (as printed by scripts/difftest) under nodemu, in
// the interpreter and with every block compiled, and returns the dumped registers
// and scratch memory by name. Regression tests compare them with what qemu gave.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readField, SCR, writeField } from '../../scripts/difftest/arch';
import { ARCHS } from '../../scripts/difftest/archs';
import { buildElf, runNodemu } from '../../scripts/difftest/harness';

export interface Case { scratchSeed: number; code: number[]; init: Record<string, string> }

export function runCase(archName: string, c: Case): Record<string, string> {
  const arch = ARCHS[archName];
  const init = arch.baseInit();
  for (const [name, v] of Object.entries(c.init)) {
    const f = arch.fields.find((x) => x.name === name);
    if (!f) throw new Error(`runCase: no register ${name}`);
    writeField(init, f, BigInt(v));
  }
  const elf = buildElf(arch, [{ units: c.code.map((e) => [arch.insnOf(e)]), init }], c.scratchSeed);
  const file = path.join(os.tmpdir(), `difftest-case-${process.pid}-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, elf, { mode: 0o755 });
  try {
    const outs = ['interp', 'jit'].map((m) => runNodemu(file, m));
    const rec = SCR + arch.regBytes;
    for (const o of outs) if (o.out.length !== rec) throw new Error(`runCase: nodemu stopped (${o.signal ?? o.status}) ${o.stderr}`);
    if (!outs[0].out.equals(outs[1].out)) throw new Error('runCase: interpreter and compiled code disagree');
    const out = outs[0].out;
    const r: Record<string, string> = {};
    for (let o = 0; o < SCR; o += 8) r[`mem[${o}]`] = '0x' + out.readBigUInt64LE(o).toString(16).padStart(16, '0');
    const regs = out.subarray(SCR);
    for (const f of arch.fields) {
      const m = f.mask ?? ((1n << BigInt(8 * f.size)) - 1n);
      r[f.name] = '0x' + (readField(regs, f) & m).toString(16).padStart(2 * f.size, '0');
    }
    return r;
  } finally { fs.unlinkSync(file); }
}
