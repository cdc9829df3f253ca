// `-d in_asm` for Thumb code: the translator prints the address without the
// Thumb bit and T32 instructions as two halfwords (translator.ts handles pcs
// with bit 0 set); A32 words print as one word.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { log } from '../../src/log';
import { runA32, runT, thumb, SVC_A32, SVC_T16 } from './arm-harness';

function capture(fn: () => void): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'arm-in-asm-')), 'log');
  log.enable('in_asm');
  log.setFile(file);
  try { fn(); } finally { log.reset(); }
  return fs.readFileSync(file, 'utf8');
}

test('Thumb blocks', () => {
  const text = capture(() => runT(thumb(0x1888, 0xf8510f04, SVC_T16)));
  expect(text).toContain('0x00400000:  1888      adds\tr0, r1, r2');
  expect(text).toContain('0x00400002:  f851 0f04  ldr\tr0, [r1, #4]!');
  expect(text).toContain('0x00400006:  df00      svc\t0');
});

test('A32 blocks', () => {
  const text = capture(() => runA32([0xe0910002, SVC_A32]));
  expect(text).toContain('0x00400000:  e0910002  adds\tr0, r1, r2');
});
