// Loader robustness: 10,000 seeded structured mutants of our test binaries (header
// and program header fields, PT_INTERP, segment sizes/offsets, notes, truncation,
// byte noise) load in-process or fail with a one-line LoadError — never another
// exception, a hang or runaway memory (scripts/difftest/loader-fuzz.ts). A sample also
// goes through the real CLI: one `nodemu: PATH: reason` line and 126/127, or it runs.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GuestMemory } from '../../src/memory/guest-memory';
import { CLASSES, fuzzLoader, mutate, seedFiles } from '../../scripts/difftest/loader-fuzz';
import { Rng } from '../../scripts/difftest/rng';

const COUNT = Number(process.env.LOADER_FUZZ_COUNT ?? 10000);
const haveSeeds = seedFiles().length > 0;
const maybe = haveSeeds ? test : test.skip;

maybe(`${COUNT} loader mutants: loaded or a clean LoadError`, () => {
  const s = fuzzLoader(424242, COUNT, new GuestMemory());
  expect(s.failures).toEqual([]);
  expect(s.mutants).toBe(COUNT);
  for (const c of CLASSES) expect(s.byClass[c]?.tried ?? 0).toBeGreaterThan(COUNT / CLASSES.length / 2);
  // The mutations reach both outcomes: rejected (validation) and loaded (mapping).
  const tot = Object.values(s.byClass).reduce((a, c) => ({ loaded: a.loaded + c.loaded, rejected: a.rejected + c.rejected }), { loaded: 0, rejected: 0 });
  expect(tot.loaded).toBeGreaterThan(COUNT / 10);
  expect(tot.rejected).toBeGreaterThan(COUNT / 10);
}, 300_000);

maybe('CLI on loader mutants: one error line and 126/127, or the program runs', () => {
  const rng = new Rng(99);
  const seeds = seedFiles();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodemu-cli-fuzz-'));
  const nodemu = path.join(__dirname, '..', '..', 'bin', 'nodemu');
  try {
    const bad: string[] = [];
    for (let i = 0; i < 24; i++) {
      const { cls, data } = mutate(rng.pick(seeds).data, rng);
      const p = path.join(dir, `m${i}`);
      fs.writeFileSync(p, data, { mode: 0o755 });
      // Running mutants get a short time budget (an infinite loop is a valid guest).
      const r = spawnSync(process.execPath, [nodemu, p], { timeout: 5000, encoding: 'utf8' });
      const err = r.stderr.trim();
      if (/internal error|\n\s+at /.test(err)) bad.push(`${cls}: ${err.split('\n').slice(0, 2).join(' | ')}`);
      else if ((r.status === 126 || r.status === 127) && !(err.split('\n').length === 1 && err.startsWith(`nodemu: ${p}: `))) bad.push(`${cls}: status ${r.status}: ${err}`);
    }
    expect(bad).toEqual([]);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}, 300_000);
