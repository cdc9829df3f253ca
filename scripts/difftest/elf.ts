// Writes a tiny static ELF (no sections, only program headers): what both
// nodemu and qemu-user need to run a test program, with no toolchain round trip.

export interface Segment {
  vaddr: number;
  data: Uint8Array;
  /** Bytes in memory (>= data.length; the rest is zero, like .bss). */
  memsz: number;
  /** PF_R = 4, PF_W = 2, PF_X = 1 */
  flags: number;
}

export interface ElfImage {
  cls: 32 | 64;
  machine: number;
  entry: number;
  /** ELF header e_flags (EABI version for arm). */
  flags?: number;
  segments: Segment[];
}

const PAGE = 0x1000;

export function writeElf(img: ElfImage): Buffer {
  const is64 = img.cls === 64;
  const ehsize = is64 ? 64 : 52, phentsize = is64 ? 56 : 32;
  const phoff = ehsize;
  let off = phoff + phentsize * img.segments.length;
  // File offsets must be congruent to vaddr modulo the page size.
  const offsets = img.segments.map((s) => {
    off += ((s.vaddr - off) % PAGE + PAGE) % PAGE;
    const o = off;
    off += s.data.length;
    return o;
  });
  const buf = Buffer.alloc(off);
  buf.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, 1, 1, 0], 0);
  buf.writeUInt16LE(2, 16); // ET_EXEC
  buf.writeUInt16LE(img.machine, 18);
  buf.writeUInt32LE(1, 20);
  if (is64) {
    buf.writeBigUInt64LE(BigInt(img.entry), 24);
    buf.writeBigUInt64LE(BigInt(phoff), 32);
    buf.writeUInt32LE(img.flags ?? 0, 48);
    buf.writeUInt16LE(ehsize, 52); buf.writeUInt16LE(phentsize, 54); buf.writeUInt16LE(img.segments.length, 56);
    buf.writeUInt16LE(64, 58);
  } else {
    buf.writeUInt32LE(img.entry >>> 0, 24);
    buf.writeUInt32LE(phoff, 28);
    buf.writeUInt32LE(img.flags ?? 0, 36);
    buf.writeUInt16LE(ehsize, 40); buf.writeUInt16LE(phentsize, 42); buf.writeUInt16LE(img.segments.length, 44);
    buf.writeUInt16LE(40, 46);
  }
  img.segments.forEach((s, i) => {
    const p = phoff + i * phentsize;
    buf.set(s.data, offsets[i]);
    if (is64) {
      buf.writeUInt32LE(1, p); buf.writeUInt32LE(s.flags, p + 4);
      buf.writeBigUInt64LE(BigInt(offsets[i]), p + 8);
      buf.writeBigUInt64LE(BigInt(s.vaddr), p + 16); buf.writeBigUInt64LE(BigInt(s.vaddr), p + 24);
      buf.writeBigUInt64LE(BigInt(s.data.length), p + 32); buf.writeBigUInt64LE(BigInt(s.memsz), p + 40);
      buf.writeBigUInt64LE(BigInt(PAGE), p + 48);
    } else {
      buf.writeUInt32LE(1, p); buf.writeUInt32LE(offsets[i], p + 4);
      buf.writeUInt32LE(s.vaddr, p + 8); buf.writeUInt32LE(s.vaddr, p + 12);
      buf.writeUInt32LE(s.data.length, p + 16); buf.writeUInt32LE(s.memsz, p + 20);
      buf.writeUInt32LE(s.flags, p + 24); buf.writeUInt32LE(PAGE, p + 28);
    }
  });
  return buf;
}

/** Little-endian code buffer with labels resolved by the caller (offsets are known on emit). */
export class Code {
  private bytes: number[] = [];
  constructor(readonly base: number) {}
  get pc(): number { return this.base + this.bytes.length; }
  u32(w: number): void { w >>>= 0; this.bytes.push(w & 255, (w >>> 8) & 255, (w >>> 16) & 255, w >>> 24); }
  u16(h: number): void { this.bytes.push(h & 255, (h >>> 8) & 255); }
  /** Emits an instruction of `len` bytes (Thumb-2 32-bit instructions are two halfwords, high first). */
  insn(enc: number, len: 2 | 4, thumb = false): void {
    if (len === 2) this.u16(enc);
    else if (thumb) { this.u16(enc >>> 16); this.u16(enc & 0xffff); } else this.u32(enc);
  }
  patch32(at: number, w: number): void {
    const o = at - this.base;
    w >>>= 0;
    this.bytes[o] = w & 255; this.bytes[o + 1] = (w >>> 8) & 255; this.bytes[o + 2] = (w >>> 16) & 255; this.bytes[o + 3] = w >>> 24;
  }
  finish(): Uint8Array { return Uint8Array.from(this.bytes); }
}
