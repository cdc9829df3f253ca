// The ELF loader: builds the initial guest process image the way Linux's
// binfmt_elf does — PT_LOAD segments mapped with their protections, bss
// zeroed, the interpreter (PT_INTERP) loaded below the mmap top, and the
// initial stack holding argc, argv, envp and the auxiliary vector.
//
// Loading is split in two: prepareLoad() opens and validates everything
// (program, interpreter, sizes, layout) and reads the file data without
// touching guest memory, so it may fail with a LoadError at any point;
// commitLoad() then writes the image and cannot fail on bad input. execve()
// can use the split to keep the old image when the new one is bad.

import type { Arch } from '../cpu/types';
import type { GuestMemory } from '../memory/guest-memory';
import { GUEST_BASE, PAGE_SIZE } from '../memory/guest-memory';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../memory/page-map';
import { ArchInfo, ARCHS } from './arch';
import {
  ADDRESS_SPACE_END, ElfFile, ElfSegment, ET_DYN, ET_EXEC, PF_R, PF_W, PF_X, pageDown, pageUp, readAt, readElf, absolutePath, openExecutable,
} from './elf';
import { LoadError } from './errors';
import * as fs from 'fs';
import { hostRandomFill } from '../host-random';

export { LoadError, isLoadError } from './errors';
export { ARCHS, ARCH_NAMES, isArch, machineName } from './arch';
export type { ArchInfo } from './arch';

export const DEFAULT_STACK_SIZE = 8 * 1024 * 1024;
/** Largest -s accepted. */
export const MAX_STACK_SIZE = 1024 * 1024 * 1024;
/** Unmapped gap between the bottom of the stack and the mmap area. */
const STACK_GAP = 1024 * 1024;
/** Cap on the alignment used to place ET_DYN images (p_align can be huge). */
const MAX_PLACEMENT_ALIGN = 2 * 1024 * 1024;
/** Linux's MAX_ARG_STRLEN: longest single argument or environment string. */
const MAX_ARG_STRLEN = 32 * PAGE_SIZE;

// Auxiliary vector keys (include/uapi/linux/auxvec.h).
export const AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8,
  AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
  AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31;

export interface ElfInfo {
  arch: Arch;
  class: 32 | 64;
  machine: number;
  /** 'exec' for ET_EXEC, 'dyn' for ET_DYN (PIE, static-pie, shared objects run directly). */
  type: 'exec' | 'dyn';
  /** Unbiased entry point. */
  entry: number;
  /** PT_INTERP path, if the program is dynamically linked. */
  interp?: string;
  /** Absolute host path. */
  exePath: string;
}

/**
 * Identifies and fully validates the ELF executable at `path` (everything
 * but its interpreter). Throws LoadError. With `expectArch`, an ELF for
 * another architecture is "Invalid ELF image for this architecture".
 */
export function identifyElf(path: string, expectArch?: Arch): ElfInfo {
  const elf = readElf(path, { expectArch });
  return {
    arch: elf.arch.arch, class: elf.elfClass, machine: elf.arch.machine, type: elf.type === ET_EXEC ? 'exec' : 'dyn',
    entry: elf.entry, interp: elf.interp, exePath: elf.hostPath,
  };
}

export interface LoadOptions {
  /** Host path of the program. */
  path: string;
  /** Guest argv (argv[0] included). */
  argv: string[];
  /** Guest environment ("NAME=value"). */
  env: string[];
  mem: GuestMemory;
  arch: Arch;
  /** -L: directory prefixed to the PT_INTERP path (falls back to the plain path). */
  ldPrefix?: string;
  /** Stack size in bytes (rounded up to pages); default 8 MiB. */
  stackSize?: number;
  /** AT_EXECFN string; default `path`. */
  execfn?: string;
  /** -cpu model (ARCHS[arch].cpus): sets AT_HWCAP/AT_HWCAP2; default the architecture's first model. */
  cpu?: string;
  /** The 16 AT_RANDOM bytes (default: from crypto). */
  random?: Uint8Array;
  /**
   * Whether guest memory outside the new mappings is known to be all zero, so
   * bss and stack pages need not be cleared explicitly (clearing commits host
   * memory: ~30 ms for the default 8 MiB stack). Default: true for a
   * GuestMemory with no mappings that has never been loaded into, false
   * otherwise (execve into a reused memory).
   */
  assumeZeroed?: boolean;
}

export interface LoadedImage {
  /** Where the CPU starts: the interpreter's entry if PT_INTERP, else the program's. */
  entry: number;
  /** Initial stack pointer (points at argc). */
  sp: number;
  /** Page-aligned end of the program's highest segment: the initial program break. */
  brk: number;
  /** Added to the program's p_vaddr (0 for ET_EXEC). */
  loadBias: number;
  /** AT_PHDR, AT_PHNUM. */
  phdr: number;
  phnum: number;
  /** AT_BASE: the interpreter's load bias, 0 without one. */
  interpBase: number;
  /** The program's own entry (AT_ENTRY). */
  progEntry: number;
  stackTop: number;
  stackLow: number;
  /** Search window for mmap without a hint: top-down from mmapTop, never below mmapBottom. */
  mmapTop: number;
  mmapBottom: number;
  /** Absolute host path of the program. */
  exePath: string;
  /** Host path of the interpreter actually loaded. */
  interpPath?: string;
  /** Whether the stack was mapped executable (PT_GNU_STACK). */
  execStack: boolean;
  /** The auxiliary vector as written (for /proc/self/auxv), AT_NULL included. */
  auxv: Array<[number, number]>;
  /** Guest addresses of argv[0] string start and the end of the env strings (for /proc/self/cmdline, environ). */
  argStart: number;
  envEnd: number;
}

/** One mapping the commit phase creates. */
interface SegmentPlan {
  start: number;
  /** End of the file-backed pages. */
  fileEnd: number;
  /** End of the whole mapping (bss pages included). */
  end: number;
  prot: number;
  name: string;
  fileOffset: number;
  /** Contents of [start, start + data.length); the rest up to fileEnd is zero. */
  data: Buffer;
}

export interface LoadPlan {
  arch: ArchInfo;
  segments: SegmentPlan[];
  stackLow: number;
  stackTop: number;
  stackProt: number;
  /** The initial stack contents, for [sp, stackTop). */
  stackData: Buffer;
  image: LoadedImage;
  /** undefined: decided at commit time (see LoadOptions.assumeZeroed). */
  assumeZeroed?: boolean;
}

const hex = (n: number): string => '0x' + n.toString(16);
const alignDown = (a: number, al: number): number => a - (a % al);
const alignUp = (a: number, al: number): number => alignDown(a + al - 1, al);

function protOf(flags: number): number {
  return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) | (flags & PF_X ? PROT_EXEC : 0);
}

/** Reads the file data of every PT_LOAD segment, page-extended like mmap of the file would be. */
function planSegments(elf: ElfFile, bias: number, label: string): SegmentPlan[] {
  const { fd } = openExecutable(elf.hostPath, label);
  try {
    return elf.loads.map((p: ElfSegment): SegmentPlan => {
      const start = pageDown(p.vaddr) + bias;
      const end = pageUp(p.vaddr + p.memsz) + bias;
      if (p.filesz === 0) {
        return { start, fileEnd: start, end, prot: protOf(p.flags), name: '', fileOffset: 0, data: Buffer.alloc(0) };
      }
      const head = p.vaddr - pageDown(p.vaddr);
      const fileOffset = p.offset - head;
      const fileEnd = pageUp(p.vaddr + p.filesz) + bias;
      // With bss, bytes past p_filesz are zero (Linux's padzero); without, the
      // rest of the last page shows the file, as with a plain file mapping.
      const want = p.memsz > p.filesz ? head + p.filesz : fileEnd - start;
      const data = readAt(fd, want, fileOffset);
      if (data.length < head + p.filesz) throw new LoadError(label, `Exec format error: segment ${p.index} is truncated`);
      return { start, fileEnd, end, prot: protOf(p.flags), name: elf.hostPath, fileOffset, data };
    });
  } catch (e) {
    if (!(e instanceof LoadError) && typeof (e as NodeJS.ErrnoException)?.code === 'string') {
      throw new LoadError(label, `read error: ${(e as Error).message}`);
    }
    throw e;
  } finally {
    try { fs.closeSync(fd); } catch { /* ignore */ }
  }
}

/** Alignment used to place an ET_DYN image (its largest p_align, within reason). */
function placementAlign(elf: ElfFile): number {
  return Math.min(Math.max(elf.maxAlign, PAGE_SIZE), MAX_PLACEMENT_ALIGN);
}

function resolveInterp(interp: string, ldPrefix: string | undefined): string {
  if (ldPrefix) {
    const prefixed = ldPrefix.replace(/\/+$/, '') + (interp.startsWith('/') ? '' : '/') + interp;
    try {
      fs.statSync(prefixed);
      return prefixed;
    } catch { /* fall back to the host path, like qemu */ }
  }
  return interp;
}

/** A file-supplied string made safe for a one-line message (control characters escaped). */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

function stringBytes(s: string): Buffer {
  return Buffer.from(s + '\0', 'utf8');
}

/** Opens and validates everything, computes the layout and the initial stack; touches no guest memory. */
export function prepareLoad(opts: Omit<LoadOptions, 'mem'>): LoadPlan {
  const arch = ARCHS[opts.arch];
  if (!arch) throw new Error(`unknown architecture ${opts.arch}`);
  const path = opts.path;
  const elf = readElf(path, { expectArch: opts.arch });

  // Stack.
  const stackSize = pageUp(opts.stackSize ?? DEFAULT_STACK_SIZE);
  if (!Number.isSafeInteger(stackSize) || stackSize < PAGE_SIZE || stackSize > MAX_STACK_SIZE) {
    throw new LoadError(path, `invalid stack size ${opts.stackSize}`, 126, 'EINVAL');
  }
  const stackTop = arch.stackTop;
  const stackLow = stackTop - stackSize;

  // The program.
  let bias = 0;
  if (elf.type === ET_DYN) bias = alignUp(arch.etDynBase - elf.lo, placementAlign(elf));
  const imgLo = elf.lo + bias, imgHi = elf.hi + bias;
  if (imgHi + PAGE_SIZE > stackLow) {
    throw new LoadError(path, `Exec format error: program (${hex(imgLo)}-${hex(imgHi)}) overlaps the stack at ${hex(stackLow)} (try a smaller -s)`);
  }
  const brk = imgHi;
  let mmapTop = pageDown(stackLow - STACK_GAP);
  let mmapBottom = brk;
  if (imgHi > mmapTop) { mmapTop = imgLo; mmapBottom = GUEST_BASE; }

  const segments = planSegments(elf, bias, path);
  const progEntry = elf.entry + bias;
  if (progEntry >= ADDRESS_SPACE_END) throw new LoadError(path, `Exec format error: entry point ${hex(progEntry)} outside the guest address space`);
  let entry = progEntry;
  let interpBase = 0;
  let interpPath: string | undefined;

  // The interpreter.
  if (elf.interp !== undefined) {
    const shownInterp = printable(elf.interp);
    interpPath = resolveInterp(elf.interp, opts.ldPrefix);
    let ie: ElfFile;
    try {
      ie = readElf(interpPath, { expectArch: opts.arch });
    } catch (e) {
      if (!(e instanceof LoadError)) throw e;
      const hint = e.code === 'ENOENT' && !opts.ldPrefix ? ' (set -L or NODEMU_LD_PREFIX to the guest root directory)' : '';
      throw new LoadError(path, `interpreter ${shownInterp}: ${e.reason}${hint}`, e.exitCode, e.code);
    }
    let ibias = 0;
    if (ie.type === ET_DYN) {
      const al = placementAlign(ie);
      const span = ie.hi - ie.lo;
      let base = alignDown(mmapTop - span, al);
      if (base < imgHi && base + span > imgLo) base = alignDown(imgLo - span, al);
      if (base < GUEST_BASE) throw new LoadError(path, `interpreter ${shownInterp}: no room to load it (${hex(span)} bytes)`);
      ibias = base - ie.lo;
    } else if (ie.lo < imgHi && ie.hi > imgLo) {
      throw new LoadError(path, `interpreter ${shownInterp}: Exec format error: it overlaps the program`);
    }
    if (ie.hi + ibias + PAGE_SIZE > stackLow) {
      throw new LoadError(path, `interpreter ${shownInterp}: Exec format error: it overlaps the stack`);
    }
    interpBase = ibias;
    entry = ie.entry + ibias;
    if (entry >= ADDRESS_SPACE_END) {
      throw new LoadError(path, `interpreter ${shownInterp}: Exec format error: entry point ${hex(entry)} outside the guest address space`);
    }
    segments.push(...planSegments(ie, ibias, `${path}: interpreter ${shownInterp}`));
    interpPath = ie.hostPath;
  }

  for (const fp of arch.fixedPages?.() ?? []) {
    segments.push({ start: fp.start, fileEnd: fp.start + fp.data.length, end: fp.start + fp.data.length, prot: fp.prot, name: fp.name, fileOffset: 0, data: fp.data });
  }

  const execStack = elf.execStack ?? arch.execStackDefault;
  const image: LoadedImage = {
    entry, sp: 0, brk, loadBias: bias, phdr: elf.phdrVaddr + bias, phnum: elf.phnum, interpBase, progEntry,
    stackTop, stackLow, mmapTop, mmapBottom, exePath: elf.hostPath, interpPath, execStack, auxv: [],
    argStart: 0, envEnd: 0,
  };
  const stackData = buildStack(arch, image, elf, opts, path);
  return {
    arch, segments, stackLow, stackTop, stackProt: PROT_READ | PROT_WRITE | (execStack ? PROT_EXEC : 0),
    stackData, image, assumeZeroed: opts.assumeZeroed,
  };
}

/**
 * Lays out the initial stack like Linux (fs/exec.c, create_elf_tables()):
 *
 *   stackTop - word     NULL word
 *                       AT_EXECFN string
 *                       env strings, argv strings (argv[0] lowest)
 *   (16-byte aligned)   AT_PLATFORM string (if any)
 *                       16 AT_RANDOM bytes
 *   (gap)
 *   sp (16-aligned) ->  argc, argv[0..argc-1], NULL, envp[...], NULL, auxv pairs, AT_NULL pair
 *
 * Fills image.sp, image.auxv, image.argStart, image.envEnd; returns the bytes of [sp, stackTop).
 */
function buildStack(arch: ArchInfo, image: LoadedImage, elf: ElfFile, opts: Omit<LoadOptions, 'mem'>, path: string): Buffer {
  const w = arch.wordSize;
  const stackSize = image.stackTop - image.stackLow;
  const argv = opts.argv.map(stringBytes);
  const env = opts.env.map(stringBytes);
  const execfn = stringBytes(opts.execfn ?? opts.path);
  let strBytes = execfn.length;
  for (const s of [...argv, ...env]) {
    if (s.length > MAX_ARG_STRLEN) throw new LoadError(path, 'Argument list too long', 126, 'E2BIG');
    strBytes += s.length;
  }
  // Linux allows strings and pointers up to a quarter of the stack limit.
  if (strBytes + (argv.length + env.length + 2) * w > stackSize / 4) {
    throw new LoadError(path, 'Argument list too long', 126, 'E2BIG');
  }

  const top = image.stackTop;
  const chunks: Array<[number, Uint8Array]> = [];
  let p = top - w; // the NULL word at the very top stays zero
  p -= execfn.length; chunks.push([p, execfn]); const execfnAddr = p;
  const envAddrs: number[] = new Array(env.length);
  for (let i = env.length - 1; i >= 0; i--) { p -= env[i].length; chunks.push([p, env[i]]); envAddrs[i] = p; }
  const argAddrs: number[] = new Array(argv.length);
  for (let i = argv.length - 1; i >= 0; i--) { p -= argv[i].length; chunks.push([p, argv[i]]); argAddrs[i] = p; }
  image.argStart = p;
  image.envEnd = execfnAddr;
  p = alignDown(p, 16);
  let platformAddr = 0;
  if (arch.platform) {
    const s = stringBytes(arch.platform);
    p -= s.length; chunks.push([p, s]); platformAddr = p;
  }
  const random = opts.random ?? hostRandomFill(new Uint8Array(16));
  if (random.length !== 16) throw new Error('AT_RANDOM needs 16 bytes');
  p -= 16; chunks.push([p, random]); const randomAddr = p;

  const model = arch.cpus[opts.cpu ?? arch.cpuModels[0]];
  if (!model) throw new Error(`unknown CPU model '${opts.cpu}' for ${arch.arch}`);
  const uid = process.getuid?.() ?? 0, euid = process.geteuid?.() ?? uid;
  const gid = process.getgid?.() ?? 0, egid = process.getegid?.() ?? gid;
  const auxv: Array<[number, number]> = [
    [AT_HWCAP, model.hwcap],
    [AT_PAGESZ, PAGE_SIZE],
    [AT_CLKTCK, 100],
    [AT_PHDR, image.phdr],
    [AT_PHENT, elf.phentsize],
    [AT_PHNUM, elf.phnum],
    [AT_BASE, image.interpBase],
    [AT_FLAGS, 0],
    [AT_ENTRY, image.progEntry],
    [AT_UID, uid],
    [AT_EUID, euid],
    [AT_GID, gid],
    [AT_EGID, egid],
    [AT_SECURE, 0],
    [AT_RANDOM, randomAddr],
  ];
  if (model.hwcap2 !== undefined) auxv.push([AT_HWCAP2, model.hwcap2]);
  auxv.push([AT_EXECFN, execfnAddr]);
  if (platformAddr) auxv.push([AT_PLATFORM, platformAddr]);
  auxv.push([AT_NULL, 0]);

  const words: number[] = [argv.length, ...argAddrs, 0, ...envAddrs, 0];
  for (const [k, v] of auxv) words.push(k, v);
  const sp = alignDown(p - words.length * w, 16);
  if (sp - PAGE_SIZE < image.stackLow) throw new LoadError(path, 'Argument list too long', 126, 'E2BIG');

  const buf = Buffer.alloc(top - sp);
  for (const [addr, bytes] of chunks) buf.set(bytes, addr - sp);
  words.forEach((v, i) => {
    const off = i * w;
    if (w === 8) {
      buf.writeUInt32LE(v >>> 0, off);
      buf.writeUInt32LE(Math.floor(v / 0x1_0000_0000) >>> 0, off + 4);
    } else {
      buf.writeUInt32LE(v >>> 0, off);
    }
  });
  if (!arch.littleEndian) throw new Error('big-endian stacks are not implemented');
  image.sp = sp;
  image.auxv = auxv;
  return buf;
}

/** Guest memories an image has been committed to (their unmapped pages may hold stale data). */
const usedMemories = new WeakSet<GuestMemory>();

/** Writes a prepared image into guest memory. */
export function commitLoad(plan: LoadPlan, mem: GuestMemory): LoadedImage {
  const zeroed = plan.assumeZeroed ?? (!usedMemories.has(mem) && mem.pages.list().length === 0);
  usedMemories.add(mem);
  for (const s of plan.segments) {
    if (s.fileEnd > s.start) {
      mem.pages.map(s.start, s.fileEnd - s.start, s.prot, s.name, s.fileOffset);
      mem.fill(s.start, s.fileEnd - s.start, 0);
      mem.poke(s.start, s.data);
    }
    if (s.end > s.fileEnd) {
      mem.pages.map(s.fileEnd, s.end - s.fileEnd, s.prot, '', 0);
      if (!zeroed) mem.fill(s.fileEnd, s.end - s.fileEnd, 0);
    }
  }
  const img = plan.image;
  mem.pages.map(plan.stackLow, plan.stackTop - plan.stackLow, plan.stackProt, '[stack]', 0);
  if (!zeroed) mem.fill(plan.stackLow, plan.stackTop - plan.stackLow, 0);
  mem.poke(img.sp, plan.stackData);
  return img;
}

/** Loads the program (and its interpreter) into `mem` and builds the initial stack. Throws LoadError. */
export function loadProgram(opts: LoadOptions): LoadedImage {
  return commitLoad(prepareLoad(opts), opts.mem);
}

export { absolutePath };
