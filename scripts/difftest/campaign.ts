// One differential campaign: `count` random instructions for one architecture,
// in ELFs of `perElf` blocks, each compared against qemu in every nodemu mode.

import type { ArchSpec } from './arch';
import { type Block, type BlockResult, checkBlocks, genBlock, regressionTest, shrink, type RunOut } from './harness';
import { Rng } from './rng';

export interface Mismatch { mode: string; block: number; result: BlockResult; test?: string }
export interface CampaignResult { arch: string; insns: number; blocks: number; mismatches: Mismatch[]; agreedStops: number; seconds: number }

export interface CampaignOptions {
  seed: number;
  count: number;
  blockInsns?: number;
  perElf?: number;
  modes?: string[];
  shrink?: boolean;
  /** Stop collecting after this many mismatches. */
  maxMismatches?: number;
  log?: (s: string) => void;
}

export function runCampaign(arch: ArchSpec, o: CampaignOptions): CampaignResult {
  const t0 = Date.now();
  const log = o.log ?? (() => {});
  const rng = new Rng(o.seed);
  const blockInsns = o.blockInsns ?? 100, perElf = o.perElf ?? 100;
  const modes = o.modes ?? ['interp', 'jit'];
  const blocks: Block[] = [];
  let insns = 0;
  while (insns < o.count) { const b = genBlock(arch, rng, Math.min(blockInsns, o.count - insns)); blocks.push(b); insns += b.units.flat().length; }
  const mismatches: Mismatch[] = [];
  let agreedStops = 0;
  const qemuCache = new Map<string, RunOut>();
  for (const mode of modes) {
    let i = 0;
    while (i < blocks.length && mismatches.length < (o.maxMismatches ?? 10)) {
      const chunk = blocks.slice(i, i + perElf);
      const r = checkBlocks(arch, chunk, o.seed, mode, qemuCache);
      if (r.bothStopped !== undefined) { agreedStops++; i += r.bothStopped + 1; continue; }
      if (r.first < 0) { i += chunk.length; continue; }
      const at = i + r.first;
      const m: Mismatch = { mode, block: at, result: r.result! };
      log(`${arch.name} [${mode}] block ${at}: MISMATCH ${r.result!.why ?? r.result!.diffs!.map((d) => `${d.field} qemu ${d.qemu} nodemu ${d.nodemu}`).join(', ')}`);
      if (o.shrink !== false && at < blocks.length) {
        try {
          const s = shrink(arch, blocks[at], o.seed, mode, () => {});
          m.test = regressionTest(arch, s.block, s.result, o.seed, `seed ${o.seed} block ${at} (${mode})`);
          log(m.test);
        } catch (e) { log(`  (shrink failed: ${(e as Error).message})`); }
      }
      mismatches.push(m);
      i = at + 1;
    }
  }
  const seconds = (Date.now() - t0) / 1000;
  log(`${arch.name}: ${insns} instructions in ${blocks.length} blocks, modes ${modes.join('+')}: ${mismatches.length} mismatches, ${agreedStops} blocks stopped alike in both, ${seconds.toFixed(1)} s`);
  return { arch: arch.name, insns, blocks: blocks.length, mismatches, agreedStops, seconds };
}
