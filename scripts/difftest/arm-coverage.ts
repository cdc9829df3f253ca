// Which A32/T16/T32 patterns the arm and thumb generators produce (seed 20240601, 20,000 instructions):
// ts-node --transpile-only scripts/difftest/arm-coverage.ts — lists the patterns never generated (only the excluded ones should be).
import { A32_TABLE, T16_TABLE, T32_TABLE } from '../../src/cpu/arm';
import { ARCHS } from './archs';
import { Rng } from './rng';
for (const name of ['arm', 'thumb']) {
  const a = ARCHS[name], rng = new Rng(20240601), cnt = new Map<string, number>();
  let n = 0, it = 0;
  while (n < 20000) {
    const u = a.genUnit(rng);
    if (u.length > 1) it++;
    for (const i of u) {
      n++;
      const d = name === 'arm' ? A32_TABLE.decode(i.enc) : i.len === 2 ? T16_TABLE.decode(i.enc) : T32_TABLE.decode(i.enc);
      const k = d ? (name === 'thumb' ? (i.len === 2 ? 't16.' : 't32.') : '') + d.p.name : 'IT';
      cnt.set(k, (cnt.get(k) ?? 0) + 1);
    }
  }
  const t = name === 'arm' ? [A32_TABLE] : [T16_TABLE, T32_TABLE];
  const all = t.flatMap((x, j) => x.patterns.map((p) => (name === 'thumb' ? (x === T16_TABLE ? 't16.' : 't32.') : '') + p.name));
  console.log(name, 'distinct', cnt.size, 'it blocks', it, 'fp/neon', [...cnt].filter(([k]) => /\.?(v|neon)/.test(k.replace(/^t\d\d\./, '')) && /^(t\d\d\.)?(v|neon)/.test(k)).reduce((s, [, c]) => s + c, 0));
  console.log('  never:', [...new Set(all)].filter((k) => !cnt.has(k)).join(' '));
}
