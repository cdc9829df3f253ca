// Opening and validating an ELF executable. Nothing in here trusts the file:
// the ELF identification and header are checked with our own reads first,
// elfy (which assumes well-formed input) then parses the header and program
// headers from a buffer we have already bounds-checked, and its results are
// validated again before anything is used. Every failure is a LoadError with a
// one-line reason; no input should be able to raise anything else.

import * as fs from 'fs';
import * as nodePath from 'path';
import type { Arch } from '../cpu/types';
import { GUEST_BASE, PAGE_SIZE } from '../memory/guest-memory';
import { ArchInfo, ARCH_NAMES, archForMachine, machineName } from './arch';
import { formatError, fromFsError, LoadError } from './errors';

export const ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
export const PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_PHDR = 6, PT_TLS = 7;
export const PT_GNU_STACK = 0x6474e551;
export const PF_X = 1, PF_W = 2, PF_R = 4;

/** Everything above this cannot be a guest address (all guests live below 4 GiB). */
export const ADDRESS_SPACE_END = 0x1_0000_0000;
/** Longest PT_INTERP path accepted (PATH_MAX). */
const MAX_INTERP = 4096;
/** Largest program header table accepted (Linux refuses more than 64 KiB). */
const MAX_PHDR_TABLE = 65536;

export interface ElfSegment {
  /** Index in the program header table. */
  index: number;
  type: number;
  /** PF_R | PF_W | PF_X bits. */
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  align: number;
}

export interface ElfFile {
  /** Path as given (used in messages). */
  path: string;
  /** Absolute host path. */
  hostPath: string;
  size: number;
  arch: ArchInfo;
  elfClass: 32 | 64;
  type: typeof ET_EXEC | typeof ET_DYN;
  /** Unbiased entry point. */
  entry: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  /** All program headers. */
  phdrs: ElfSegment[];
  /** PT_LOAD headers with memsz > 0, in file order. */
  loads: ElfSegment[];
  /** PT_INTERP path, if any. */
  interp?: string;
  /** PT_GNU_STACK executable flag; undefined without a PT_GNU_STACK header. */
  execStack?: boolean;
  /** Unbiased address of the program headers in memory (AT_PHDR before bias). */
  phdrVaddr: number;
  /** Page-aligned lowest address and end of the PT_LOAD segments (unbiased). */
  lo: number;
  hi: number;
  /** Largest power-of-two p_align of the PT_LOAD segments (at least PAGE_SIZE). */
  maxAlign: number;
}

export interface OpenOptions {
  /**
   * Insist on this architecture: a mismatching machine, class or byte order is
   * reported as qemu does ("Invalid ELF image for this architecture").
   */
  expectArch?: Arch;
  /** Label for messages about this file (default: the path). */
  label?: string;
}

const hex = (n: number): string => '0x' + n.toString(16);
export const pageDown = (a: number): number => a - (a % PAGE_SIZE);
export const pageUp = (a: number): number => pageDown(a + PAGE_SIZE - 1);

/** Reads exactly `len` bytes at `pos` unless the file ends first. */
export function readAt(fd: number, len: number, pos: number): Buffer {
  const buf = Buffer.alloc(len);
  let done = 0;
  while (done < len) {
    const n = fs.readSync(fd, buf, done, len - done, pos + done);
    if (n <= 0) break;
    done += n;
  }
  return done === len ? buf : buf.subarray(0, done);
}

/**
 * Opens `path` for loading: checks it exists, is a regular file with execute
 * permission and is readable, like execve() would. Returns an fd the caller
 * closes.
 */
export function openExecutable(path: string, label = path): { fd: number; size: number } {
  let st: fs.Stats;
  try {
    st = fs.statSync(path);
  } catch (e) {
    throw fromFsError(label, e);
  }
  if (st.isDirectory()) throw new LoadError(label, 'Is a directory', 126, 'EISDIR');
  // execve() refuses anything but regular files with EACCES (and opening a FIFO would block).
  if (!st.isFile()) throw new LoadError(label, 'Permission denied', 126, 'EACCES');
  try {
    fs.accessSync(path, fs.constants.X_OK);
  } catch (e) {
    throw fromFsError(label, e);
  }
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    throw fromFsError(label, e);
  }
  return { fd, size: st.size };
}

/** Reads an unsigned 64-bit field as a number (inexact above 2^53, which is far outside anything valid). */
function u64(b: Buffer, off: number, le: boolean): number {
  const lo = le ? b.readUInt32LE(off) : b.readUInt32BE(off + 4);
  const hi = le ? b.readUInt32LE(off + 4) : b.readUInt32BE(off);
  return hi * 0x1_0000_0000 + lo;
}

interface RawHeader {
  elfClass: 32 | 64;
  le: boolean;
  type: number;
  machine: number;
  entry: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  ehsize: number;
}

/** Checks e_ident and the fixed header fields with our own reads. */
function checkHeader(label: string, head: Buffer, size: number, expect?: Arch): { raw: RawHeader; arch: ArchInfo } {
  const wrongArch = (detail: string): LoadError =>
    expect ? new LoadError(label, 'Invalid ELF image for this architecture', 126, 'ENOEXEC') : formatError(label, detail);

  if (size === 0) throw formatError(label, 'empty file');
  if (head.length < 4 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) {
    if (head.length >= 2 && head[0] === 0x23 && head[1] === 0x21) {
      throw formatError(label, "not an ELF file (a '#!' script: run its interpreter under nodemu instead)");
    }
    throw formatError(label, 'not an ELF file');
  }
  if (head.length < 16) throw formatError(label, `truncated ELF identification (${head.length} of 16 bytes)`);
  const cls = head[4], data = head[5], identVersion = head[6];
  if (cls !== 1 && cls !== 2) throw formatError(label, `invalid ELF class ${cls}`);
  if (data !== 1 && data !== 2) throw formatError(label, `invalid ELF data encoding ${data}`);
  if (identVersion !== 1) throw formatError(label, `invalid ELF version ${identVersion}`);
  const elfClass: 32 | 64 = cls === 1 ? 32 : 64;
  const le = data === 1;
  const ehsize = elfClass === 64 ? 64 : 52;
  if (head.length < ehsize) throw formatError(label, `truncated ELF header (${head.length} of ${ehsize} bytes)`);

  const u16 = (o: number): number => (le ? head.readUInt16LE(o) : head.readUInt16BE(o));
  const u32 = (o: number): number => (le ? head.readUInt32LE(o) : head.readUInt32BE(o));
  const machine = u16(18);
  const raw: RawHeader = elfClass === 64
    ? { elfClass, le, type: u16(16), machine, entry: u64(head, 24, le), phoff: u64(head, 32, le),
        phentsize: u16(54), phnum: u16(56), ehsize }
    : { elfClass, le, type: u16(16), machine, entry: u32(24), phoff: u32(28), phentsize: u16(42), phnum: u16(44), ehsize };

  // Machine, class and byte order.
  const arch = archForMachine(machine);
  const mname = `${machineName(machine)} (e_machine ${machine})`;
  if (!arch) {
    throw wrongArch(`${mname} binary; nodemu runs ${ARCH_NAMES.join(', ')}`);
  }
  if (arch.elfClass !== elfClass) {
    const which = machine === 243 && elfClass === 32 ? ' (riscv32 is not supported)'
      : machine === 183 && elfClass === 32 ? ' (ILP32 is not supported)' : '';
    throw wrongArch(`${elfClass}-bit ELF for the ${arch.elfClass}-bit machine ${machineName(machine)}${which}`);
  }
  if (arch.littleEndian !== le) {
    throw wrongArch(`${le ? 'little' : 'big'}-endian ${machineName(machine)} binaries are not supported`);
  }
  if (expect && arch.arch !== expect) {
    throw new LoadError(label, 'Invalid ELF image for this architecture', 126, 'ENOEXEC');
  }

  switch (raw.type) {
    case ET_EXEC: case ET_DYN: break;
    case ET_REL: throw formatError(label, 'relocatable object file (ET_REL), not an executable');
    case ET_CORE: throw formatError(label, 'core dump (ET_CORE), not an executable');
    default: throw formatError(label, `unsupported ELF type ${raw.type}`);
  }
  const version = u32(20);
  if (version !== 1) throw formatError(label, `invalid ELF version ${version}`);

  // Program header table.
  const wantPhent = elfClass === 64 ? 56 : 32;
  if (raw.phentsize !== wantPhent) {
    throw formatError(label, `bad program header size ${raw.phentsize} (expected ${wantPhent})`);
  }
  if (raw.phnum === 0) throw formatError(label, 'no program headers');
  if (raw.phnum * raw.phentsize > MAX_PHDR_TABLE) {
    throw formatError(label, `absurd number of program headers (${raw.phnum})`);
  }
  if (raw.phoff < ehsize) throw formatError(label, `program headers at ${hex(raw.phoff)} overlap the ELF header`);
  if (raw.phoff + raw.phnum * raw.phentsize > size) {
    throw formatError(label, `truncated file: program headers (${raw.phnum} at offset ${hex(raw.phoff)}) extend past its end (${size} bytes)`);
  }
  return { raw, arch };
}

interface ElfyProgram {
  type?: string;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  flags: Record<string, boolean>;
  align: number;
}
interface ElfyHeader { class: string; phnum: number; phentsize: number; entry: number }
interface ElfyParser {
  parseHeader(buf: Buffer): ElfyHeader;
  parsePrograms(buf: Buffer, header: ElfyHeader): ElfyProgram[];
}

const ELFY_TYPES: Record<string, number> = {
  null: PT_NULL, load: PT_LOAD, dynamic: PT_DYNAMIC, interp: PT_INTERP, note: PT_NOTE, phdr: PT_PHDR, tls: PT_TLS,
  gnu_stack: PT_GNU_STACK,
};

/**
 * Parses the header and program headers with elfy. It gets a compact copy:
 * the ELF header followed directly by the (already bounds-checked) program
 * header table, with e_phoff pointing there and the section header fields
 * cleared, so it never touches anything we have not validated. Section
 * headers are not needed to load a program and are never parsed (elfy
 * asserts on them).
 */
function parseWithElfy(label: string, head: Buffer, table: Buffer, raw: RawHeader): ElfSegment[] {
  const buf = Buffer.alloc(raw.ehsize + table.length);
  head.copy(buf, 0, 0, raw.ehsize);
  table.copy(buf, raw.ehsize);
  if (raw.elfClass === 64) {
    buf.fill(0, 32, 48); // e_phoff, e_shoff
    buf[raw.le ? 32 : 39] = raw.ehsize;
    buf.fill(0, 58, 64); // e_shentsize, e_shnum, e_shstrndx
  } else {
    buf.fill(0, 28, 36);
    buf[raw.le ? 28 : 31] = raw.ehsize;
    buf.fill(0, 46, 52);
  }
  let header: ElfyHeader;
  let programs: ElfyProgram[];
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { Parser } = require('elfy') as { Parser: new () => ElfyParser };
    const parser = new Parser();
    header = parser.parseHeader(buf);
    programs = parser.parsePrograms(buf, header);
  } catch (e) {
    throw formatError(label, `malformed ELF headers (${(e as Error)?.message ?? e})`);
  }
  // Cross-check elfy against our own reading of the header.
  if (header.class !== String(raw.elfClass) || header.phnum !== raw.phnum || header.entry !== raw.entry ||
      !Array.isArray(programs) || programs.length !== raw.phnum) {
    throw formatError(label, 'malformed ELF headers');
  }
  const rawType = (i: number): number => {
    const o = i * raw.phentsize;
    return raw.le ? table.readUInt32LE(o) : table.readUInt32BE(o);
  };
  return programs.map((p, index) => {
    const type = p.type !== undefined && p.type in ELFY_TYPES ? ELFY_TYPES[p.type] : rawType(index);
    const flags = (p.flags?.r ? PF_R : 0) | (p.flags?.w ? PF_W : 0) | (p.flags?.x ? PF_X : 0);
    const seg: ElfSegment = { index, type, flags, offset: p.offset, vaddr: p.vaddr, filesz: p.filesz, memsz: p.memsz, align: p.align };
    for (const k of ['offset', 'vaddr', 'filesz', 'memsz', 'align'] as const) {
      if (typeof seg[k] !== 'number' || !Number.isFinite(seg[k]) || seg[k] < 0) {
        throw formatError(label, `malformed program header ${index}`);
      }
    }
    return seg;
  });
}

const isPow2 = (n: number): boolean => n > 0 && n <= 2 ** 52 && Math.log2(n) % 1 === 0;

/** Validates what elfy returned against the file and the guest address space. */
function checkSegments(label: string, fd: number, size: number, raw: RawHeader, arch: ArchInfo, phdrs: ElfSegment[]): ElfFile {
  const loads: ElfSegment[] = [];
  let interp: string | undefined;
  let execStack: boolean | undefined;
  let phdrVaddr: number | undefined;
  let maxAlign = PAGE_SIZE;
  const seg = (p: ElfSegment): string => `segment ${p.index}`;

  for (const p of phdrs) {
    if (p.type === PT_LOAD) {
      if (p.filesz > p.memsz) {
        throw formatError(label, `${seg(p)}: file size ${hex(p.filesz)} exceeds memory size ${hex(p.memsz)}`);
      }
      if (p.memsz >= ADDRESS_SPACE_END) throw formatError(label, `${seg(p)}: absurd size ${hex(p.memsz)}`);
      if (p.offset > size || p.offset + p.filesz > size) {
        throw formatError(label, `${seg(p)}: file data (offset ${hex(p.offset)}, ${hex(p.filesz)} bytes) lies outside the file (${size} bytes)`);
      }
      if (p.vaddr >= ADDRESS_SPACE_END || p.vaddr + p.memsz > ADDRESS_SPACE_END) {
        throw formatError(label, `${seg(p)}: address range ${hex(p.vaddr)}+${hex(p.memsz)} does not fit in the 4 GiB guest address space`);
      }
      if (p.align > 1 && !isPow2(p.align)) throw formatError(label, `${seg(p)}: bad alignment ${hex(p.align)}`);
      if (p.filesz > 0 && (p.vaddr - p.offset) % PAGE_SIZE !== 0) {
        throw formatError(label, `${seg(p)}: address ${hex(p.vaddr)} and file offset ${hex(p.offset)} differ modulo the page size`);
      }
      if (p.align > maxAlign) maxAlign = p.align;
      if (p.memsz > 0) loads.push(p);
    } else if (p.type === PT_INTERP) {
      if (interp !== undefined) continue; // like Linux, the first one wins
      if (p.offset > size || p.offset + p.filesz > size) {
        throw formatError(label, `PT_INTERP (offset ${hex(p.offset)}, ${hex(p.filesz)} bytes) lies outside the file`);
      }
      if (p.filesz < 2 || p.filesz > MAX_INTERP) throw formatError(label, `bad PT_INTERP size ${p.filesz}`);
      const s = readAt(fd, p.filesz, p.offset);
      if (s.length !== p.filesz || s[p.filesz - 1] !== 0 || s.indexOf(0) !== p.filesz - 1) {
        throw formatError(label, 'PT_INTERP is not a NUL-terminated path');
      }
      interp = s.toString('utf8', 0, p.filesz - 1);
    } else if (p.type === PT_GNU_STACK) {
      execStack = (p.flags & PF_X) !== 0;
    } else if (p.type === PT_PHDR) {
      if (phdrVaddr === undefined) phdrVaddr = p.vaddr;
    }
  }
  if (loads.length === 0) throw formatError(label, 'no loadable segments');

  // Overlap check on the byte ranges (sharing a page is legal and common).
  const sorted = [...loads].sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1], b = sorted[i];
    if (b.vaddr < a.vaddr + a.memsz) {
      throw formatError(label, `segments ${a.index} and ${b.index} overlap (${hex(a.vaddr)}+${hex(a.memsz)} and ${hex(b.vaddr)})`);
    }
  }
  const lo = pageDown(sorted[0].vaddr);
  const hi = pageUp(Math.max(...loads.map((p) => p.vaddr + p.memsz)));

  if (raw.type === ET_EXEC) {
    if (lo < GUEST_BASE) {
      throw formatError(label, `segment at ${hex(sorted[0].vaddr)} lies below the lowest guest address ${hex(GUEST_BASE)}`);
    }
    if (hi > arch.stackTop) {
      throw formatError(label, `segments end at ${hex(hi)}, above the guest stack at ${hex(arch.stackTop)}`);
    }
  } else if (hi - lo > arch.stackTop - GUEST_BASE) {
    throw formatError(label, `absurd image size ${hex(hi - lo)}`);
  }
  if (raw.entry >= ADDRESS_SPACE_END) throw formatError(label, `entry point ${hex(raw.entry)} outside the guest address space`);

  // AT_PHDR: PT_PHDR if present, else wherever a PT_LOAD maps e_phoff (else Linux's guess).
  if (phdrVaddr === undefined) {
    const phEnd = raw.phoff + raw.phnum * raw.phentsize;
    const holder = loads.find((p) => p.offset <= raw.phoff && phEnd <= p.offset + p.filesz);
    phdrVaddr = holder ? holder.vaddr + (raw.phoff - holder.offset) : sorted[0].vaddr - sorted[0].offset + raw.phoff;
  }

  return {
    path: label, hostPath: '', size, arch, elfClass: raw.elfClass, type: raw.type as 2 | 3,
    entry: raw.entry, phoff: raw.phoff, phentsize: raw.phentsize, phnum: raw.phnum, phdrs, loads,
    interp, execStack, phdrVaddr, lo, hi, maxAlign,
  };
}

/** Validates an already opened ELF file; returns its description. */
export function parseElf(fd: number, size: number, label: string, expect?: Arch): ElfFile {
  const head = readAt(fd, 64, 0);
  const { raw, arch } = checkHeader(label, head, size, expect);
  const table = readAt(fd, raw.phnum * raw.phentsize, raw.phoff);
  if (table.length !== raw.phnum * raw.phentsize) throw formatError(label, 'truncated program headers');
  const phdrs = parseWithElfy(label, head, table, raw);
  return checkSegments(label, fd, size, raw, arch, phdrs);
}

/** Opens, validates and closes an ELF file. */
export function readElf(path: string, opts: OpenOptions = {}): ElfFile {
  const label = opts.label ?? path;
  const { fd, size } = openExecutable(path, label);
  try {
    const elf = parseElf(fd, size, label, opts.expectArch);
    elf.hostPath = absolutePath(path);
    return elf;
  } catch (e) {
    // Host I/O errors (EIO, ...) become LoadErrors; anything else is a bug and propagates.
    if (!(e instanceof LoadError) && typeof (e as NodeJS.ErrnoException)?.code === 'string') throw fromFsError(label, e);
    throw e;
  } finally {
    try { fs.closeSync(fd); } catch { /* ignore */ }
  }
}

/** Absolute, symlink-resolved host path (what /proc/self/exe shows). */
export function absolutePath(path: string): string {
  try {
    return fs.realpathSync(path);
  } catch {
    return nodePath.resolve(path);
  }
}

