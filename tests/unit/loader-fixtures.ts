// Hand-built ELF files for the loader, CLI and bad-input tests.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const EM_RISCV = 243, EM_AARCH64 = 183, EM_ARM = 40, EM_X86_64 = 62;
export const PT_LOAD = 1, PT_INTERP = 3, PT_PHDR = 6, PT_GNU_STACK = 0x6474e551;
export const PF_X = 1, PF_W = 2, PF_R = 4;

export interface Phdr {
  type: number;
  flags?: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  align?: number;
}

export interface ElfSpec {
  cls?: 32 | 64;
  data?: 1 | 2;
  identVersion?: number;
  version?: number;
  machine?: number;
  type?: number;
  entry?: number;
  phoff?: number;
  phentsize?: number;
  /** Defaults to phdrs.length. */
  phnum?: number;
  phdrs: Phdr[];
  /** Total file size (default: just big enough). */
  size?: number;
  /** Extra bytes to place in the file. */
  fill?: Array<[number, Buffer | string]>;
}

/** Builds an ELF image (little-endian unless data = 2). */
export function buildElf(spec: ElfSpec): Buffer {
  const cls = spec.cls ?? 64;
  const le = (spec.data ?? 1) === 1;
  const ehsize = cls === 64 ? 64 : 52;
  const phentsize = spec.phentsize ?? (cls === 64 ? 56 : 32);
  const phoff = spec.phoff ?? ehsize;
  let size = Math.max(phoff + spec.phdrs.length * phentsize, ehsize);
  for (const p of spec.phdrs) if (p.filesz > 0 && p.offset + p.filesz < 1 << 24) size = Math.max(size, p.offset + p.filesz);
  for (const [o, b] of spec.fill ?? []) size = Math.max(size, o + b.length);
  const buf = Buffer.alloc(size);

  const w16 = (o: number, v: number): void => { le ? buf.writeUInt16LE(v, o) : buf.writeUInt16BE(v, o); };
  const w32 = (o: number, v: number): void => { le ? buf.writeUInt32LE(v >>> 0, o) : buf.writeUInt32BE(v >>> 0, o); };
  const w64 = (o: number, v: number): void => {
    const lo = v % 0x1_0000_0000, hi = Math.floor(v / 0x1_0000_0000);
    if (le) { w32(o, lo); w32(o + 4, hi); } else { w32(o, hi); w32(o + 4, lo); }
  };
  const wword = (o: number, v: number): void => (cls === 64 ? w64(o, v) : w32(o, v));

  buf.write('\x7fELF', 0, 'latin1');
  buf[4] = cls === 64 ? 2 : 1;
  buf[5] = le ? 1 : 2;
  buf[6] = spec.identVersion ?? 1;
  w16(16, spec.type ?? 2);
  w16(18, spec.machine ?? (cls === 64 ? EM_RISCV : EM_ARM));
  w32(20, spec.version ?? 1);
  const W = cls === 64 ? 8 : 4;
  wword(24, spec.entry ?? (spec.phdrs[0]?.vaddr ?? 0) + 0x100);
  wword(24 + W, phoff);
  // e_shoff = 0, e_flags = 0
  const base = 24 + 3 * W + 4;
  w16(base, ehsize);
  w16(base + 2, phentsize);
  w16(base + 4, spec.phnum ?? spec.phdrs.length);
  w16(base + 6, cls === 64 ? 64 : 40);
  w16(base + 8, 0);
  w16(base + 10, 0);

  spec.phdrs.forEach((p, i) => {
    const o = phoff + i * phentsize;
    if (o + phentsize > buf.length) return;
    w32(o, p.type);
    if (cls === 64) {
      w32(o + 4, p.flags ?? PF_R);
      w64(o + 8, p.offset); w64(o + 16, p.vaddr); w64(o + 24, p.vaddr);
      w64(o + 32, p.filesz); w64(o + 40, p.memsz); w64(o + 48, p.align ?? 0x1000);
    } else {
      w32(o + 4, p.offset); w32(o + 8, p.vaddr); w32(o + 12, p.vaddr);
      w32(o + 16, p.filesz); w32(o + 20, p.memsz); w32(o + 24, p.flags ?? PF_R); w32(o + 28, p.align ?? 0x1000);
    }
  });
  for (const [o, b] of spec.fill ?? []) {
    const bytes = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    bytes.copy(buf, o);
  }
  if (spec.size === undefined) return buf;
  return spec.size <= buf.length ? Buffer.from(buf.subarray(0, spec.size)) : Buffer.concat([buf, Buffer.alloc(spec.size - buf.length)]);
}

/**
 * A small valid static riscv64 executable: text (R+X) at 0x10000 from file
 * offset 0 (0x200 bytes), data (R+W) at 0x11000 from offset 0x1000: 0x100 file
 * bytes of 0xaa and 0x2f00 bytes of bss.
 */
export function validSpec(overrides: Partial<ElfSpec> = {}): ElfSpec {
  return {
    entry: 0x10100,
    phdrs: [
      { type: PT_LOAD, flags: PF_R | PF_X, offset: 0, vaddr: 0x10000, filesz: 0x200, memsz: 0x200 },
      { type: PT_LOAD, flags: PF_R | PF_W, offset: 0x1000, vaddr: 0x11000, filesz: 0x100, memsz: 0x3000 },
      { type: PT_GNU_STACK, flags: PF_R | PF_W, offset: 0, vaddr: 0, filesz: 0, memsz: 0, align: 16 },
    ],
    fill: [[0x100, Buffer.from([0x13, 0, 0, 0])], [0x1000, Buffer.alloc(0x100, 0xaa)]],
    ...overrides,
  };
}

/** A temporary directory removed by the returned cleanup function. */
export function tmpDir(): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodemu-test-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Writes an executable file. */
export function writeExe(dir: string, name: string, data: Buffer | string, mode = 0o755): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data, { mode });
  fs.chmodSync(p, mode);
  return p;
}
