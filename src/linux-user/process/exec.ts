// execve: deciding what a path runs, the way the kernel's binfmt handlers do.
//  - an ELF for a guest architecture we emulate → a new guest image (any of
//    our architectures, not only the caller's);
//  - an ELF for the host's own machine → the host program, run natively;
//  - "#!interpreter [arg]" → the interpreter (looked up through -L, then on
//    the host), with the script path inserted, recursively (depth 4 like Linux);
//  - anything else → ENOEXEC (shells then run the file as a script themselves).
// Every error is found here, before the old image is thrown away.

import * as fs from 'fs';
import type { Arch } from '../../cpu/types';
import { E } from '../../syscalls/errno';
import { AT_FDCWD } from '../../syscalls/flags';
import { fail } from '../errors';
import type { Kernel } from '../kernel';

export type ExecTarget =
  | { kind: 'guest'; hostPath: string; arch: Arch; argv: string[]; env: string[]; execfn: string }
  | { kind: 'host'; hostPath: string; argv: string[]; env: string[] };

/** Thrown out of the syscall (past the kernel's error handling) to replace the process image. */
export class ExecRequest {
  constructor(readonly target: ExecTarget) {}
}

const EM_BY_ARCH: Record<Arch, number> = { riscv64: 243, aarch64: 183, arm: 40 };
const HOST_EM: Partial<Record<string, number>> = { x64: 62, ia32: 3, arm64: 183, arm: 40, riscv64: 243, ppc64: 21, s390x: 22 };
const MAX_SCRIPT_DEPTH = 4;
const BINPRM_BUF = 256;

/** Reads a NULL-terminated array of string pointers (argv/envp) from guest memory. */
export function readStringArray(k: Kernel, addr: number): string[] {
  const out: string[] = [];
  if (addr === 0) return out;
  const wide = k.T.model.longSize === 8;
  const le = k.T.model.littleEndian;
  for (let p = addr; ; p += wide ? 8 : 4) {
    const s = wide ? k.mem.u64(p, le) : k.mem.u32(p, le);
    if (s === 0) break;
    if (out.length >= 0x20000) fail(E.E2BIG);
    out.push(k.mem.readCStringBytes(s, 0x20000).toString('latin1'));
  }
  return out;
}

/** Resolves what execve(path, argv, env) would run, or throws the errno. */
export function resolveExec(k: Kernel, guestPath: Buffer, argv: string[], env: string[], depth = 0): ExecTarget {
  if (guestPath.length === 0) fail(E.ENOENT);
  // /proc/self/exe is the guest program (busybox re-executes itself through it), not node.
  const { procNode } = require('../proc') as typeof import('../proc');
  const host = procNode(k.resolveAt(AT_FDCWD, guestPath), k.pid)?.kind === 'exe'
    ? k.execPath : k.lookupAt(AT_FDCWD, guestPath).toString('latin1');
  const st = fs.statSync(host); // ENOENT, ENOTDIR, ELOOP, EACCES...
  if (!st.isFile()) fail(E.EACCES);
  fs.accessSync(host, fs.constants.X_OK);
  const head = Buffer.alloc(BINPRM_BUF);
  const fd = fs.openSync(host, 'r');
  let n: number;
  try { n = fs.readSync(fd, head, 0, BINPRM_BUF, 0); } finally { fs.closeSync(fd); }
  const buf = head.subarray(0, n);
  const guestText = guestPath.toString('latin1');

  if (n >= 2 && buf[0] === 0x23 && buf[1] === 0x21) {
    if (depth >= MAX_SCRIPT_DEPTH) fail(E.ELOOP);
    let line = buf.subarray(2);
    const nl = line.indexOf(0x0a);
    if (nl >= 0) line = line.subarray(0, nl);
    const text = line.toString('latin1').replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');
    if (!text) fail(E.ENOEXEC);
    const m = /^(\S+)(?:[ \t]+(.*))?$/.exec(text)!;
    const interp = m[1];
    const args = [interp, ...(m[2] !== undefined ? [m[2]] : []), guestText, ...argv.slice(1)];
    return resolveExec(k, Buffer.from(interp, 'latin1'), args, env, depth + 1);
  }

  if (n >= 20 && buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46) {
    const le = buf[5] !== 2;
    const machine = le ? buf.readUInt16LE(18) : buf.readUInt16BE(18);
    const arch = (Object.keys(EM_BY_ARCH) as Arch[]).find((a) => EM_BY_ARCH[a] === machine);
    // Same machine as the host: prefer running it natively, as a host kernel would.
    if (machine === HOST_EM[process.arch] || !arch) {
      if (machine !== HOST_EM[process.arch]) fail(E.ENOEXEC);
      return { kind: 'host', hostPath: host, argv, env };
    }
    const { identifyElf } = require('../../loader') as typeof import('../../loader');
    try {
      identifyElf(host, arch);
    } catch {
      fail(E.ENOEXEC);
    }
    return { kind: 'guest', hostPath: host, arch, argv, env, execfn: guestText };
  }
  return fail(E.ENOEXEC);
}
