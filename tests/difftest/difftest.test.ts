// CI-sized differential run against qemu-user (fixed seed, bounded count): every
// block's registers, flags, FP status and scratch memory must match qemu, in the
// interpreter and with all code compiled. Longer campaigns: `npm run difftest -- --seed N --count M`.
// Skipped for an architecture whose qemu-<arch> is not installed.

import { spawnSync } from 'child_process';
import { ARCHS } from '../../scripts/difftest/archs';
import { runCampaign } from '../../scripts/difftest/campaign';

const COUNT = Number(process.env.DIFFTEST_COUNT ?? 20000);
const SEED = Number(process.env.DIFFTEST_SEED ?? 20240601);

for (const [name, arch] of Object.entries(ARCHS)) {
  const have = spawnSync(arch.qemu, ['--version']).status === 0;
  (have ? test : test.skip)(`difftest ${name}: ${COUNT} random instructions agree with ${arch.qemu}`, () => {
    const r = runCampaign(arch, { seed: SEED, count: COUNT, shrink: false, maxMismatches: 3 });
    const report = r.mismatches.map((m) => `block ${m.block} [${m.mode}]: ${m.result.why ?? m.result.diffs!.map((d) => `${d.field} qemu ${d.qemu} nodemu ${d.nodemu}`).join(', ')}`);
    expect(r.insns).toBeGreaterThanOrEqual(COUNT);
    // Reproduce and shrink with: npm run difftest -- --arch NAME --seed SEED --count COUNT
    expect(report).toEqual([]);
    // Blocks that stopped alike (e.g. both SIGSEGV) test nothing after them in their ELF; keep them rare.
    expect(r.agreedStops).toBeLessThan(r.blocks / 20);
  }, 600_000);
}
