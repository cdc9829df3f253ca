// npm run difftest -- [--arch riscv64,aarch64,arm,thumb] [--seed N] [--count INSNS] [--block INSNS] [--mode interp,jit] [--no-shrink]
// Differential test of nodemu against qemu-<arch>; see docs/ROBUSTNESS.md.

import { ARCHS } from './archs';
import { runCampaign } from './campaign';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const archs = (arg('arch') ?? Object.keys(ARCHS).join(',')).split(',');
const seed = Number(arg('seed') ?? 1);
const count = Number(arg('count') ?? 20000);
const blockInsns = Number(arg('block') ?? 100);
const modes = (arg('mode') ?? 'interp,jit').split(',');
let failed = 0;
for (const a of archs) {
  const spec = ARCHS[a];
  if (!spec) { console.error(`difftest: unknown arch ${a} (have ${Object.keys(ARCHS).join(', ')})`); process.exit(2); }
  const r = runCampaign(spec, { seed, count, blockInsns, modes, shrink: !process.argv.includes('--no-shrink'), log: (s) => console.log(s) });
  failed += r.mismatches.length;
}
process.exit(failed ? 1 : 0);
