// Cross-toolchain helpers for the arm tests: assemble with arm-linux-gnueabihf-as and
// read back objdump's words and disassembly.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const AS = 'arm-linux-gnueabihf-as', OBJDUMP = 'arm-linux-gnueabihf-objdump';
export const have = spawnSync(AS, ['--version']).status === 0;

interface Line { addr: number; word: number; thumb: boolean; text: string }

export function assemble(src: string, thumb: boolean): Line[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm-objdump-'));
  const s = path.join(dir, 'a.s'), o = path.join(dir, 'a.o');
  fs.writeFileSync(s, `.syntax unified\n.fpu neon-vfpv4\n${thumb ? '.thumb' : '.arm'}\n${src}\n`);
  const a = spawnSync(AS, ['-march=armv8-a', s, '-o', o], { encoding: 'utf8' });
  if (a.status !== 0) throw new Error(a.stderr);
  const d = spawnSync(OBJDUMP, ['-d', o], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true });
  const out: Line[] = [];
  for (const l of d.stdout.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t([0-9a-f]{4,8})(?: ([0-9a-f]{4}))?\s*\t(.*)$/.exec(l);
    if (!m) continue;
    const word = m[3] ? ((parseInt(m[2], 16) << 16) | parseInt(m[3], 16)) >>> 0 : parseInt(m[2], 16);
    out.push({ addr: parseInt(m[1], 16), word, thumb, text: m[4] });
  }
  return out;
}

export function normalize(s: string): string {
  return s.replace(/\s*[;@].*$/, '').replace(/\s*<[^>]*>/g, '').replace(/\.[wn](?=\s|$)/g, '')
    .replace(/\s+/g, ' ').replace(/, /g, ',').trim();
}

