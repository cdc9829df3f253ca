// The e2e suite body shared by the per-architecture test files: every case of
// the architecture's table (./harness.ts) must behave under nodemu exactly as
// under qemu-<arch>: same stdout, stderr and exit status (a signal death
// compared as the shell's 128+N).
//
// Reference: live qemu-<arch> when installed, else the recordings in
// tests/e2e/expected/<arch>/ (scripts/record-expected.sh <arch>). With qemu
// present, the "reference" tests also check that qemu still produces the
// recordings, i.e. that the test programs and the harness are sound.

import * as fs from 'fs';
import * as path from 'path';
import {
  Arch,
  Case,
  DEFAULT_TIMEOUT_MS,
  NODEMU,
  Outcome,
  ROOT,
  casesFor,
  describeRun,
  expectedPath,
  missingBinaries,
  normalizeOutcome,
  qemuCommand,
  qemuVersion,
  readExpectation,
  referenceOutcome,
  runCase,
} from './harness';

export function defineE2ESuite(arch: Arch): void {
  const QEMU = qemuVersion(arch);
  const table = casesFor(arch);
  const cases = table.map((c) => [c.name, c] as [string, Case]);

  /** Reference outcomes computed in this run (the qemu checks fill it). */
  const reference = new Map<string, Outcome>();

  async function referenceFor(c: Case): Promise<Outcome> {
    let r = reference.get(c.name);
    if (!r) {
      const { status, stdout, stderr } = await referenceOutcome(arch, c);
      r = { status, stdout, stderr };
      reference.set(c.name, r);
    }
    return r;
  }

  // Enough for the slowest case's reference and nodemu runs (they run in parallel).
  const JEST_TIMEOUT = Math.max(...table.map((c) => c.timeoutMs ?? DEFAULT_TIMEOUT_MS)) + 15_000;

  beforeAll(() => {
    const missing = missingBinaries(arch);
    if (missing.length) {
      throw new Error(`test binaries missing (run \`npm run build:tests\`): ${missing.join(', ')}`);
    }
  });

  describe(`reference (${QEMU ?? 'recorded expectations'})`, () => {
    test('the case table is well formed', () => {
      const names = table.map((c) => c.name);
      expect(new Set(names).size).toBe(names.length);
      for (const c of table) expect(c.expectStatus).toBeDefined();
    });

    test('every case has a recorded expectation', () => {
      const missing = table.filter((c) => !fs.existsSync(expectedPath(arch, c))).map((c) =>
        path.relative(ROOT, expectedPath(arch, c)),
      );
      expect(missing).toEqual([]);
    });

    if (QEMU) {
      test.each(cases)(`%s: ${qemuCommand(arch)} reproduces the recording`, async (_name, c) => {
        const r = await runCase('qemu', arch, c);
        expect(r.timedOut).toBe(false);
        const got = normalizeOutcome(r, c);
        reference.set(c.name, got);
        expect(got.status).toBe(c.expectStatus);
        const rec = readExpectation(arch, c);
        expect(rec).not.toBeNull();
        // If this fails after editing a test program: scripts/record-expected.sh
        expect(got).toEqual({ status: rec!.status, stdout: rec!.stdout, stderr: rec!.stderr });
      }, JEST_TIMEOUT);
    } else {
      test.each(cases)('%s: recorded expectation has the promised status', (_name, c) => {
        const rec = readExpectation(arch, c);
        expect(rec).not.toBeNull();
        expect(rec!.status).toBe(c.expectStatus);
      });
    }
  });

  describe('nodemu matches the reference', () => {
    beforeAll(() => {
      if (!fs.existsSync(NODEMU)) throw new Error(`${NODEMU} is missing`);
    });

    const compare = async (c: Case) => {
      const [ref, run] = await Promise.all([referenceFor(c), runCase('nodemu', arch, c)]);
      const got = describeRun(run);
      const norm = { ...normalizeOutcome(got, c), ...(got.timedOut ? { timedOut: true } : {}) };
      expect(norm).toEqual(ref);
    };
    const ready = cases.filter(([, c]) => !c.pending);
    const pending = cases.filter(([, c]) => c.pending);
    test.each(ready)('%s', (_name, c) => compare(c), JEST_TIMEOUT);
    // Known gaps: these must still fail; when one starts passing, drop its `pending`.
    if (pending.length) test.failing.each(pending)('%s (pending)', (_name, c) => compare(c), JEST_TIMEOUT);
  });
}
