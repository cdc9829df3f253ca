// Guest memory: one flat address space in a shared WebAssembly.Memory.
//
// Guest address A lives at host byte offset A - GUEST_BASE. Keeping the first
// 64 KiB of guest addresses (Linux's default mmap_min_addr) below offset 0 makes
// NULL-pointer accesses from translated code fall outside the buffer, where
// DataView throws a RangeError that the CPU loop turns into SIGSEGV. The same
// happens for any address at or above GUEST_LIMIT (including 64-bit addresses
// with high bits set), so translated code needs no bounds check of its own.
//
// The memory is 4 GiB, reserved up front and committed lazily by the OS.
//
// Emulator state area: the top 64 KiB of the memory (host offsets
// STATE_BASE..0xFFFFFFFF, i.e. guest addresses 4 GiB .. 4 GiB + 64 KiB) is
// never part of the guest address space (GUEST_LIMIT stops below it; the
// kernel maps nothing at or above 4 GiB). It holds state that WebAssembly code
// must reach: each CPU's register file (allocRegs). The wasm backend checks
// every guest access against STATE_BASE, so translated code cannot reach it;
// the JS backend and the interpreter rely on DataView bounds only, so there a
// wild 64-bit guest store just above 4 GiB could corrupt emulator state (it
// would have been a SIGSEGV on real hardware).

import { PageMap, PROT_READ, PROT_WRITE } from './page-map';

export const GUEST_BASE = 0x10000;
export const MEMORY_BYTES = 0x1_0000_0000; // 4 GiB, the wasm32 maximum
/** Size and host offset of the emulator state area at the top of the memory (see above). */
export const STATE_BYTES = 0x10000;
export const STATE_BASE = MEMORY_BYTES - STATE_BYTES;
/** One past the highest guest address (= host offset STATE_BASE: the state area is not guest memory). */
export const GUEST_LIMIT = GUEST_BASE + STATE_BASE;
/**
 * Every register file from allocRegs is preceded by this header (host offset
 * regs.byteOffset - REGS_HEADER) through which WebAssembly code returns values
 * to JavaScript: +0 next pc (i64), +8 exit argument (i32), +12 high half of an
 * i64 helper result (i32), +16 set to 1 when a helper faulted (i32), +20 the
 * CPU's exit request word (CpuState.exitReq, i32).
 */
export const REGS_HEADER = 32;
export const HDR_EXIT_REQ = 20;
export const PAGE_SIZE = 4096;

/** Thrown by checked accessors when the guest passes a bad pointer (→ EFAULT). */
export class GuestFault extends Error {
  constructor(readonly addr: number, readonly write: boolean) {
    super(`guest fault at 0x${addr.toString(16)}`);
  }
}

export class GuestMemory {
  readonly wasm: WebAssembly.Memory;
  readonly buffer: SharedArrayBuffer;
  /** Raw view by host offset. Translated code uses this with `addr - GUEST_BASE`. */
  readonly dv: DataView;
  readonly u8: Uint8Array;
  readonly pages: PageMap;

  /** Free blocks of the state area: [host offset, bytes], and the bump pointer. */
  private stateFree: [number, number][] = [];
  private stateTop = STATE_BASE;

  constructor(wasm?: WebAssembly.Memory) {
    this.wasm = wasm ?? new WebAssembly.Memory({ initial: MEMORY_BYTES / 65536, maximum: MEMORY_BYTES / 65536, shared: true });
    this.buffer = this.wasm.buffer as unknown as SharedArrayBuffer;
    this.dv = new DataView(this.buffer);
    this.u8 = new Uint8Array(this.buffer);
    this.pages = new PageMap(GUEST_BASE, GUEST_LIMIT);
  }

  /**
   * Allocates `bytes` (rounded up to 16) of emulator state in the state area and
   * returns its host offset, or -1 when the area is full.
   */
  allocState(bytes: number): number {
    bytes = (bytes + 15) & ~15;
    const i = this.stateFree.findIndex(([, n]) => n === bytes);
    if (i >= 0) return this.stateFree.splice(i, 1)[0][0];
    if (this.stateTop + bytes > MEMORY_BYTES) return -1;
    const off = this.stateTop;
    this.stateTop += bytes;
    this.u8.fill(0, off, off + bytes);
    return off;
  }

  freeState(off: number, bytes: number): void {
    bytes = (bytes + 15) & ~15;
    this.u8.fill(0, off, off + bytes);
    this.stateFree.push([off, bytes]);
  }

  /**
   * A register file of `slots` int32s in the state area (after a REGS_HEADER
   * header), so WebAssembly code can use it; a plain Int32Array if the area is
   * full (translated code then falls back to the JS backend for that CPU).
   */
  allocRegs(slots: number): Int32Array {
    const off = this.allocState(REGS_HEADER + slots * 4);
    if (off < 0) return new Int32Array(slots);
    return new Int32Array(this.buffer, off + REGS_HEADER, slots);
  }

  /** Host offset of the header of a register file from allocRegs, or -1 if `regs` is not one. */
  regsHeader(regs: Int32Array): number {
    return regs.buffer === this.buffer && regs.byteOffset >= STATE_BASE + REGS_HEADER ? regs.byteOffset - REGS_HEADER : -1;
  }

  /** Throws GuestFault unless [addr, addr+len) is mapped with `prot`. */
  check(addr: number, len: number, prot: number): void {
    if (!Number.isSafeInteger(addr) || len < 0 || addr < GUEST_BASE || addr + len > GUEST_LIMIT ||
        (len > 0 && !this.pages.isAccessible(addr, len, prot))) {
      throw new GuestFault(addr, (prot & PROT_WRITE) !== 0);
    }
  }

  /** A live view (no copy) of guest bytes, checked for access. */
  view(addr: number, len: number, prot = PROT_READ): Uint8Array {
    this.check(addr, len, prot);
    const off = addr - GUEST_BASE;
    return this.u8.subarray(off, off + len);
  }

  /** A copy of guest bytes (read access checked). */
  read(addr: number, len: number): Buffer {
    return Buffer.from(this.view(addr, len, PROT_READ));
  }

  write(addr: number, data: Uint8Array): void {
    this.check(addr, data.length, PROT_WRITE);
    this.u8.set(data, addr - GUEST_BASE);
  }

  /** Writes without protection checks: for the loader and the kernel's own setup. */
  poke(addr: number, data: Uint8Array): void {
    if (addr < GUEST_BASE || addr + data.length > GUEST_LIMIT) throw new GuestFault(addr, true);
    this.u8.set(data, addr - GUEST_BASE);
  }

  fill(addr: number, len: number, value = 0): void {
    if (addr < GUEST_BASE || addr + len > GUEST_LIMIT) throw new GuestFault(addr, true);
    const off = addr - GUEST_BASE;
    this.u8.fill(value, off, off + len);
  }

  /** Reads a NUL-terminated string of at most `max` bytes (EFAULT if unterminated in mapped memory). */
  readCString(addr: number, max = 4096): string {
    const bytes = this.readCStringBytes(addr, max);
    return bytes.toString('utf8');
  }

  readCStringBytes(addr: number, max = 4096): Buffer {
    this.check(addr, 1, PROT_READ);
    let end = addr;
    const limit = addr + max;
    while (end < limit) {
      if ((end & (PAGE_SIZE - 1)) === 0 || end === addr) this.check(end, 1, PROT_READ);
      if (this.u8[end - GUEST_BASE] === 0) return Buffer.from(this.u8.subarray(addr - GUEST_BASE, end - GUEST_BASE));
      end++;
    }
    throw new GuestFault(addr, false);
  }

  // Checked scalar accessors (little-endian guests; big-endian ABIs pass `le=false`).
  u8At(addr: number): number { this.check(addr, 1, PROT_READ); return this.u8[addr - GUEST_BASE]; }
  u16(addr: number, le = true): number { this.check(addr, 2, PROT_READ); return this.dv.getUint16(addr - GUEST_BASE, le); }
  u32(addr: number, le = true): number { this.check(addr, 4, PROT_READ); return this.dv.getUint32(addr - GUEST_BASE, le); }
  i32(addr: number, le = true): number { this.check(addr, 4, PROT_READ); return this.dv.getInt32(addr - GUEST_BASE, le); }
  /** 64-bit read as a JS number (exact below 2^53; guest pointers and sizes fit). */
  u64(addr: number, le = true): number {
    this.check(addr, 8, PROT_READ);
    const lo = this.dv.getUint32(addr - GUEST_BASE + (le ? 0 : 4), le);
    const hi = this.dv.getUint32(addr - GUEST_BASE + (le ? 4 : 0), le);
    return hi * 0x1_0000_0000 + lo;
  }
  i64(addr: number, le = true): number {
    this.check(addr, 8, PROT_READ);
    const lo = this.dv.getUint32(addr - GUEST_BASE + (le ? 0 : 4), le);
    const hi = this.dv.getInt32(addr - GUEST_BASE + (le ? 4 : 0), le);
    return hi * 0x1_0000_0000 + lo;
  }
  u64n(addr: number, le = true): bigint { this.check(addr, 8, PROT_READ); return this.dv.getBigUint64(addr - GUEST_BASE, le); }

  setU8(addr: number, v: number): void { this.check(addr, 1, PROT_WRITE); this.u8[addr - GUEST_BASE] = v; }
  setU16(addr: number, v: number, le = true): void { this.check(addr, 2, PROT_WRITE); this.dv.setUint16(addr - GUEST_BASE, v, le); }
  setU32(addr: number, v: number, le = true): void { this.check(addr, 4, PROT_WRITE); this.dv.setUint32(addr - GUEST_BASE, v >>> 0, le); }
  /** 64-bit write of a JS number (two's complement for negatives, exact below 2^53). */
  setU64(addr: number, v: number, le = true): void {
    this.check(addr, 8, PROT_WRITE);
    const lo = v >>> 0;
    const hi = Math.floor(v / 0x1_0000_0000) >>> 0;
    this.dv.setUint32(addr - GUEST_BASE + (le ? 0 : 4), lo, le);
    this.dv.setUint32(addr - GUEST_BASE + (le ? 4 : 0), hi, le);
  }
  setU64n(addr: number, v: bigint, le = true): void { this.check(addr, 8, PROT_WRITE); this.dv.setBigUint64(addr - GUEST_BASE, BigInt.asUintN(64, v), le); }
}
