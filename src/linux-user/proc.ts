// The parts of /proc that must describe the guest rather than the emulator:
// /proc/self/{exe,cwd,fd/N} links and /proc/self/{maps,cmdline,environ}.
// Everything else under /proc goes to the host's procfs (same pid).

import * as path from 'path';
import type { Mapping } from '../memory/page-map';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../memory/page-map';

export type ProcNode =
  | { kind: 'exe' }
  | { kind: 'cwd' }
  | { kind: 'fd'; fd: number }
  | { kind: 'file'; name: 'maps' | 'cmdline' | 'environ' | 'comm' };

/**
 * Classifies an absolute guest path that refers to the guest's own /proc
 * entries (/proc/self, /proc/thread-self, /proc/<pid>, /proc/<pid>/task/<tid>).
 */
export function procNode(abs: Buffer, pid: number): ProcNode | undefined {
  if (abs.length < 6 || abs.subarray(0, 6).toString('latin1') !== '/proc/') return undefined;
  const p = path.posix.normalize(abs.toString('latin1'));
  const m = /^\/proc\/(?:self|thread-self|(\d+))(?:\/task\/(\d+))?\/(.*)$/.exec(p);
  if (!m) return undefined;
  if (m[1] !== undefined && Number(m[1]) !== pid) return undefined;
  if (m[2] !== undefined && Number(m[2]) !== pid) return undefined;
  const rest = m[3];
  if (rest === 'exe') return { kind: 'exe' };
  if (rest === 'cwd') return { kind: 'cwd' };
  if (rest === 'maps' || rest === 'cmdline' || rest === 'environ' || rest === 'comm') return { kind: 'file', name: rest };
  const fd = /^fd\/(\d+)$/.exec(rest);
  if (fd) return { kind: 'fd', fd: Number(fd[1]) };
  return undefined;
}

/** /proc/self/maps text for the given mappings (adjacent compatible pieces merged). */
export function formatMaps(mappings: readonly Mapping[], fileId?: (name: string) => { dev: string; ino: bigint }): string {
  const merged: Mapping[] = [];
  for (const m of mappings) {
    const p = merged[merged.length - 1];
    if (p && p.end === m.start && p.prot === m.prot && p.name === m.name &&
        (!m.name.startsWith('/') || p.offset + (p.end - p.start) === m.offset)) {
      merged[merged.length - 1] = { ...p, end: m.end };
    } else merged.push({ ...m });
  }
  let out = '';
  for (const m of merged) {
    const perms = (m.prot & PROT_READ ? 'r' : '-') + (m.prot & PROT_WRITE ? 'w' : '-') + (m.prot & PROT_EXEC ? 'x' : '-') + 'p';
    const file = m.name.startsWith('/');
    const id = file && fileId ? fileId(m.name) : { dev: '00:00', ino: 0n };
    const head = `${hex8(m.start)}-${hex8(m.end)} ${perms} ${hex8(file ? m.offset : 0)} ${id.dev} ${id.ino}`;
    // As Linux: the name starts in column 74 (or after one space), unnamed lines end in a space.
    out += m.name ? head.padEnd(72, ' ') + ' ' + m.name + '\n' : head + ' \n';
  }
  return out;
}

function hex8(v: number): string { return v.toString(16).padStart(8, '0'); }
