// nodemu-binfmt: registers nodemu with the kernel's binfmt_misc as the
// interpreter of foreign ELF executables, like qemu-binfmt-conf.sh does for qemu.
//
//   nodemu-binfmt install|uninstall|status [--arch LIST] [--flags POCF]
//                 [--prefix DIR] [--replace] [--dir /proc/sys/fs/binfmt_misc]
//
// The registered interpreter is a generated launcher, DIR/nodemu-<arch> (DIR is
// --prefix, default <package>/dist/binfmt), whose `#!` line names node's
// absolute path. It must not go through /usr/bin/env: the kernel reports the P
// flag (AT_FLAGS) and the O flag's file (AT_EXECFD) in the auxiliary vector of
// the program it starts for the registration, and a binfmt_misc interpreter
// that is a #! script gets its #! interpreter started within the same execve —
// but `env` would exec node a second time and the auxv would be node's own.
//
// Flags (kernel meaning → what nodemu does):
//   P preserve-argv0: argv is `interp filename argv0 args...`; the kernel sets
//     AT_FLAGS_PRESERVE_ARGV0 in AT_FLAGS, which nodemu reads from
//     /proc/self/auxv (binfmtArgv below) and then uses argv0 as the guest's argv[0].
//   O open-binary and C credentials (implies O): refused. The kernel then allows
//     no second interpreter rewrite (fs/exec.c: with have_execfd, a #! interpreter
//     after binfmt_misc fails with ENOEXEC), so they need a native ELF interpreter,
//     and nodemu's launcher is a #! script for node.
//   F fix-binary: the kernel opens the interpreter at registration time (works in
//     other mount namespaces and chroots). The launcher is a #! script: the kernel
//     keeps the open script, but still resolves the node path on its #! line at
//     exec time, so node must exist at that path where the program runs.

import * as fs from 'fs';
import * as nodePath from 'path';
import type { Arch } from '../cpu/types';
import { writeAll } from './main';

/** Magic and mask per architecture, exactly as qemu-binfmt-conf.sh (ELF class, data, version, e_type EXEC|DYN, e_machine). */
export const BINFMT_ARCHS: Readonly<Record<Arch, { magic: string; mask: string }>> = {
  riscv64: {
    magic: '\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xf3\\x00',
    mask: '\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff',
  },
  aarch64: {
    magic: '\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00',
    mask: '\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff',
  },
  arm: {
    magic: '\\x7fELF\\x01\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x28\\x00',
    mask: '\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff',
  },
};
const ALL_ARCHS = Object.keys(BINFMT_ARCHS) as Arch[];

export const DEFAULT_DIR = '/proc/sys/fs/binfmt_misc';
const PKG_ROOT = nodePath.resolve(__dirname, '..', '..');
export const DEFAULT_PREFIX = nodePath.join(PKG_ROOT, 'dist', 'binfmt');

export class BinfmtError extends Error {}

export interface BinfmtOptions {
  command: 'install' | 'uninstall' | 'status';
  archs: Arch[];
  flags: string;
  prefix: string;
  replace: boolean;
  dir: string;
}

const USAGE = `usage: nodemu-binfmt install|uninstall|status [--arch LIST] [--flags POCF] [--prefix DIR] [--replace] [--dir DIR]
  --arch LIST   comma-separated architectures (default: ${ALL_ARCHS.join(',')})
  --flags F     binfmt_misc flags: P (keep argv[0]) and/or F (open the interpreter now); O and C are not supported
  --prefix DIR  where the interpreter launchers nodemu-<arch> are written (default ${DEFAULT_PREFIX})
  --replace     replace existing registrations of the same architecture (e.g. qemu's)
  --dir DIR     binfmt_misc mount point (default ${DEFAULT_DIR})
`;

function bytesOf(escaped: string): Buffer {
  return Buffer.from(escaped.replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
}

/** Magic AND mask, as hex: what two registrations must share to claim the same files. */
function maskedHex(magic: Buffer, mask: Buffer): string {
  const out = Buffer.alloc(magic.length);
  for (let i = 0; i < magic.length; i++) out[i] = magic[i] & (i < mask.length ? mask[i] : 0xff);
  return out.toString('hex') + '/' + mask.toString('hex');
}

export function parseBinfmtArgs(argv: readonly string[]): BinfmtOptions | 'help' {
  const o: BinfmtOptions = { command: 'status', archs: ALL_ARCHS, flags: '', prefix: DEFAULT_PREFIX, replace: false, dir: DEFAULT_DIR };
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      if (i + 1 >= argv.length) throw new BinfmtError(`${a} needs an argument`);
      return argv[++i];
    };
    switch (a) {
      case '-h': case '--help': return 'help';
      case '--arch': {
        const list = value().split(',').filter((s) => s);
        for (const x of list) {
          if (!(ALL_ARCHS as string[]).includes(x)) throw new BinfmtError(`unsupported architecture '${x}' (supported: ${ALL_ARCHS.join(', ')})`);
        }
        o.archs = list as Arch[];
        break;
      }
      case '--flags': {
        const f = value().toUpperCase();
        if (!/^[POCF]*$/.test(f)) throw new BinfmtError(`--flags: '${f}' is not a combination of P, O, C and F`);
        if (/[OC]/.test(f)) {
          throw new BinfmtError('--flags: O and C are not supported: with them the kernel needs an ELF interpreter, and nodemu\'s is a #! script (exec fails with ENOEXEC)');
        }
        o.flags = [...new Set(f)].join('');
        break;
      }
      case '--prefix': o.prefix = nodePath.resolve(value()); break;
      case '--dir': o.dir = value(); break;
      case '--replace': o.replace = true; break;
      default:
        if (a.startsWith('-') || command !== undefined) throw new BinfmtError(`unexpected argument '${a}' (try --help)`);
        command = a;
    }
  }
  if (command === undefined) throw new BinfmtError('no command given (install, uninstall or status; try --help)');
  if (command !== 'install' && command !== 'uninstall' && command !== 'status') throw new BinfmtError(`unknown command '${command}' (install, uninstall or status)`);
  o.command = command;
  return o;
}

export interface Entry {
  name: string;
  enabled: boolean;
  interpreter: string;
  flags: string;
  /** Masked magic + mask in hex (see maskedHex), undefined for extension entries. */
  key?: string;
}

/** Parses one /proc/sys/fs/binfmt_misc/<name> file. */
export function parseEntry(name: string, text: string): Entry {
  const field = (k: string): string | undefined => new RegExp(`^${k}[: ](.*)$`, 'm').exec(text)?.[1].trim();
  const magic = field('magic');
  const mask = field('mask');
  return {
    name, enabled: /^enabled$/m.test(text), interpreter: field('interpreter') ?? '', flags: field('flags') ?? '',
    key: magic ? maskedHex(Buffer.from(magic, 'hex'), mask ? Buffer.from(mask, 'hex') : Buffer.alloc(0)) : undefined,
  };
}

function listEntries(dir: string): Entry[] {
  const out: Entry[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (name === 'register' || name === 'status') continue;
    try { out.push(parseEntry(name, fs.readFileSync(nodePath.join(dir, name), 'utf8'))); } catch { /* removed meanwhile */ }
  }
  return out;
}

function keyOf(arch: Arch): string {
  return maskedHex(bytesOf(BINFMT_ARCHS[arch].magic), bytesOf(BINFMT_ARCHS[arch].mask));
}

/** The launcher script registered as interpreter (see the top of this file for why node is named directly). */
export function launcherText(arch: Arch): string {
  const bin = nodePath.join(PKG_ROOT, 'bin', `nodemu-${arch}`);
  return `#!${process.execPath}\n` +
    `// Generated by nodemu-binfmt: the binfmt_misc interpreter for ${arch} programs. It names node directly\n` +
    `// (no /usr/bin/env) so node's auxv carries the kernel's AT_FLAGS (P flag) and AT_EXECFD (O flag).\n` +
    `require(${JSON.stringify(bin)});\n`;
}

function checkMounted(dir: string): void {
  if (!fs.existsSync(nodePath.join(dir, 'register'))) {
    throw new BinfmtError(`binfmt_misc is not mounted at ${dir} (mount -t binfmt_misc binfmt_misc ${dir})`);
  }
}

function checkRoot(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new BinfmtError('must be run as root');
}

function describe(e: Entry): string {
  return `${e.name}: ${e.enabled ? 'enabled' : 'disabled'}, interpreter ${e.interpreter}, flags ${e.flags || '-'}`;
}

export function runBinfmt(o: BinfmtOptions, out: (s: string) => void): void {
  checkMounted(o.dir);
  if (o.command === 'status') {
    const entries = listEntries(o.dir);
    for (const arch of o.archs) {
      const ours = entries.find((e) => e.name === `nodemu-${arch}`);
      const others = entries.filter((e) => e !== ours && e.key === keyOf(arch));
      if (ours) out(describe(ours) + '\n');
      else out(`nodemu-${arch}: not registered\n`);
      for (const e of others) out(`  also claimed by ${describe(e)}\n`);
    }
    return;
  }
  checkRoot();
  const write = (file: string, text: string): void => {
    try {
      fs.writeFileSync(nodePath.join(o.dir, file), text);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new BinfmtError(`writing ${nodePath.join(o.dir, file)}: ${err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.message}`);
    }
  };
  if (o.command === 'uninstall') {
    for (const arch of o.archs) {
      const name = `nodemu-${arch}`;
      if (!fs.existsSync(nodePath.join(o.dir, name))) { out(`${name}: not registered\n`); continue; }
      write(name, '-1');
      out(`${name}: removed\n`);
    }
    return;
  }
  // install: check every architecture first so that a conflict registers nothing.
  const entries = listEntries(o.dir);
  const toRemove: string[] = [];
  for (const arch of o.archs) {
    const clash = entries.filter((e) => e.name === `nodemu-${arch}` || e.key === keyOf(arch));
    if (clash.length && !o.replace) {
      throw new BinfmtError(`${arch} programs are already handled by ${clash.map(describe).join('; ')} (use --replace to replace)`);
    }
    toRemove.push(...clash.map((e) => e.name));
  }
  if (/[\s:]/.test(o.prefix) || /\s/.test(process.execPath)) throw new BinfmtError(`${o.prefix}: the interpreter path may not contain ':' or spaces`);
  fs.mkdirSync(o.prefix, { recursive: true });
  for (const name of toRemove) write(name, '-1');
  for (const arch of o.archs) {
    const interp = nodePath.join(o.prefix, `nodemu-${arch}`);
    fs.writeFileSync(interp, launcherText(arch), { mode: 0o755 });
    fs.chmodSync(interp, 0o755);
    const { magic, mask } = BINFMT_ARCHS[arch];
    write('register', `:nodemu-${arch}:M:0:${magic}:${mask}:${interp}:${o.flags}`);
    out(`nodemu-${arch}: registered, interpreter ${interp}, flags ${o.flags || '-'}\n`);
  }
}

export function binfmtMain(argv: readonly string[]): number {
  try {
    const o = parseBinfmtArgs(argv);
    if (o === 'help') { writeAll(1, USAGE); return 0; }
    runBinfmt(o, (s) => writeAll(1, s));
    return 0;
  } catch (e) {
    if (!(e instanceof BinfmtError)) throw e;
    writeAll(2, `nodemu-binfmt: ${e.message}\n`);
    return 1;
  }
}

// ---- the interpreter side: what nodemu does when binfmt_misc started it

const AT_FLAGS = 8, AT_FLAGS_PRESERVE_ARGV0 = 1;

/** AT_FLAGS from our own (node's) auxiliary vector (64-bit little-endian host); 0 when unreadable. */
export function ownAtFlags(file = '/proc/self/auxv'): number {
  let b: Buffer;
  try { b = fs.readFileSync(file); } catch { return 0; }
  for (let off = 0; off + 16 <= b.length; off += 16) {
    const type = Number(b.readBigUInt64LE(off));
    if (type === 0) break;
    if (type === AT_FLAGS) return Number(b.readBigUInt64LE(off + 8));
  }
  return 0;
}

/**
 * Rewrites nodemu's command line when binfmt_misc started it with the P flag:
 * `filename argv0 args...` → `-0 argv0 -- filename args...`. Like qemu's
 * linux-user/main.c it trusts AT_FLAGS_PRESERVE_ARGV0 (Linux ≥ 5.12), not the shape of argv.
 */
export function binfmtArgv(argv: readonly string[], atFlags = ownAtFlags()): string[] {
  if (atFlags & AT_FLAGS_PRESERVE_ARGV0 && argv.length >= 2) return ['-0', argv[1], '--', argv[0], ...argv.slice(2)];
  return [...argv];
}
