// Debug aid: runs one case under qemu and prints chosen registers: ts-node qcheck.ts ARCH SEED ENC,ENC JSON-INIT - REG,REG
import * as fs from 'fs';
import { writeField, SCR } from './arch';
import { ARCHS } from './archs';
import { buildElf, runQemu } from './harness';
const [archName, seed, codeS, initS] = process.argv.slice(2);
const arch = ARCHS[archName];
const init = arch.baseInit();
for (const [k, v] of Object.entries(JSON.parse(initS || '{}'))) writeField(init, arch.fields.find((f) => f.name === k)!, BigInt(v as string));
const elf = buildElf(arch, [{ units: codeS.split(',').map((e) => [arch.insnOf(Number(e))]), init }], Number(seed));
fs.writeFileSync('/tmp/qcheck.elf', elf, { mode: 0o755 });
const q = runQemu(arch, '/tmp/qcheck.elf');
console.log('mem[1024]', q.out.readBigUInt64LE(1024).toString(16));
const regs = q.out.subarray(SCR);
for (const f of arch.fields) { let v = 0n; for (let i = f.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(regs[f.off + i]); if (process.argv[7]?.split(',').includes(f.name)) console.log(f.name, v.toString(16)); }
