// A byte ring in a SharedArrayBuffer: one direction of a socket. Either end
// may be a guest process (any worker) or the net host (main thread), so all
// state is in the buffer and every change bumps the emulator-wide I/O
// sequence (io-wait.ts). Stream rings move bytes; record rings (datagram
// sockets) keep message boundaries: each record is
// [u32 payload length][u32 address length][address bytes][payload], never split.
//
// KICK is how the host learns of work without polling: the host sets it when
// it waits (for data to send, or for room to receive into), and whoever then
// changes the ring takes the flag and posts the host a message.

import { ioChanged } from '../io-wait';

const LOCK = 0, HEAD = 1, SIZE = 2, WCLOSED = 3, RCLOSED = 4, KICK = 5, RECORDS = 6, SEQ = 7, WORDS = 8;
const REC_HDR = 8;

export class Ring {
  readonly sab: SharedArrayBuffer;
  private readonly h: Int32Array;
  private readonly data: Uint8Array;
  readonly capacity: number;

  constructor(sabOrCapacity: SharedArrayBuffer | number) {
    this.sab = typeof sabOrCapacity === 'number' ? new SharedArrayBuffer(WORDS * 4 + sabOrCapacity) : sabOrCapacity;
    this.h = new Int32Array(this.sab, 0, WORDS);
    this.capacity = this.sab.byteLength - WORDS * 4;
    this.data = new Uint8Array(this.sab, WORDS * 4, this.capacity);
  }

  get size(): number { return Atomics.load(this.h, SIZE); }
  get free(): number { return this.capacity - this.size; }
  get records(): number { return Atomics.load(this.h, RECORDS); }
  /** The writing side is gone (EOF once drained). */
  get writerClosed(): boolean { return Atomics.load(this.h, WCLOSED) !== 0; }
  /** The reading side is gone (writes fail with EPIPE). */
  get readerClosed(): boolean { return Atomics.load(this.h, RCLOSED) !== 0; }
  closeWriter(): void { Atomics.store(this.h, WCLOSED, 1); this.bump(); }
  closeReader(): void { Atomics.store(this.h, RCLOSED, 1); this.bump(); }
  /** Changes on every transfer and close (edge-triggered epoll reports new events by it). */
  get seq(): number { return Atomics.load(this.h, SEQ); }
  private bump(): void { Atomics.add(this.h, SEQ, 1); ioChanged(); }

  /** The host waits for this ring to change (set by the host). */
  armKick(): void { Atomics.store(this.h, KICK, 1); }
  /** True once per armKick: the caller must tell the host. */
  takeKick(): boolean { return Atomics.load(this.h, KICK) !== 0 && Atomics.exchange(this.h, KICK, 0) !== 0; }

  private lock(): void {
    while (Atomics.compareExchange(this.h, LOCK, 0, 1) !== 0) Atomics.wait(this.h, LOCK, 1, 1);
  }
  private unlock(): void {
    Atomics.store(this.h, LOCK, 0);
    Atomics.notify(this.h, LOCK, 1);
  }

  private copyOut(dst: Uint8Array, at: number, from: number, n: number): void {
    const first = Math.min(n, this.capacity - from);
    dst.set(this.data.subarray(from, from + first), at);
    if (n > first) dst.set(this.data.subarray(0, n - first), at + first);
  }
  private copyIn(src: Uint8Array, to: number): void {
    const first = Math.min(src.length, this.capacity - to);
    this.data.set(src.subarray(0, first), to);
    if (src.length > first) this.data.set(src.subarray(first), 0);
  }

  /** Stream write: as many bytes as fit (0 if full). */
  write(src: Uint8Array): number {
    if (src.length === 0) return 0;
    this.lock();
    const size = this.h[SIZE];
    const n = Math.min(src.length, this.capacity - size);
    if (n > 0) {
      this.copyIn(src.subarray(0, n), (this.h[HEAD] + size) % this.capacity);
      Atomics.store(this.h, SIZE, size + n);
    }
    this.unlock();
    if (n > 0) this.bump();
    return n;
  }

  /** Stream read of up to dst.length bytes; `peek` leaves them in the ring. */
  read(dst: Uint8Array, peek = false): number {
    this.lock();
    const size = this.h[SIZE];
    const n = Math.min(size, dst.length);
    if (n > 0) {
      const head = this.h[HEAD];
      this.copyOut(dst, 0, head, n);
      if (!peek) {
        this.h[HEAD] = (head + n) % this.capacity;
        Atomics.store(this.h, SIZE, size - n);
      }
    }
    this.unlock();
    if (n > 0 && !peek) this.bump();
    return n;
  }

  /** Record write: all or nothing (false: no room now). */
  writeRecord(payload: Uint8Array, addr: Uint8Array = EMPTY): boolean {
    const need = REC_HDR + addr.length + payload.length;
    if (need > this.capacity) return false;
    this.lock();
    const size = this.h[SIZE];
    if (this.capacity - size < need) { this.unlock(); return false; }
    const hdr = new Uint8Array(REC_HDR);
    const dv = new DataView(hdr.buffer);
    dv.setUint32(0, payload.length, true);
    dv.setUint32(4, addr.length, true);
    let at = (this.h[HEAD] + size) % this.capacity;
    for (const part of [hdr, addr, payload]) { this.copyIn(part, at); at = (at + part.length) % this.capacity; }
    Atomics.store(this.h, SIZE, size + need);
    Atomics.add(this.h, RECORDS, 1);
    this.unlock();
    this.bump();
    return true;
  }

  /** Largest record payload that can ever fit. */
  get maxRecord(): number { return this.capacity - REC_HDR - 128; }

  /**
   * Record read: copies up to dst.length bytes of the next record's payload.
   * Returns undefined if empty, else the record's full length and its address.
   */
  readRecord(dst: Uint8Array, peek = false): { len: number; addr: Uint8Array } | undefined {
    this.lock();
    if (this.h[RECORDS] === 0) { this.unlock(); return undefined; }
    const head = this.h[HEAD];
    const hdr = new Uint8Array(REC_HDR);
    this.copyOut(hdr, 0, head, REC_HDR);
    const dv = new DataView(hdr.buffer);
    const len = dv.getUint32(0, true), alen = dv.getUint32(4, true);
    const addr = new Uint8Array(alen);
    this.copyOut(addr, 0, (head + REC_HDR) % this.capacity, alen);
    const n = Math.min(len, dst.length);
    this.copyOut(dst, 0, (head + REC_HDR + alen) % this.capacity, n);
    if (!peek) {
      const total = REC_HDR + alen + len;
      this.h[HEAD] = (head + total) % this.capacity;
      Atomics.store(this.h, SIZE, this.h[SIZE] - total);
      Atomics.sub(this.h, RECORDS, 1);
    }
    this.unlock();
    if (!peek) this.bump();
    return { len, addr };
  }

  /** Payload length of the next record (FIONREAD on datagram sockets), 0 if none. */
  nextRecordLength(): number {
    this.lock();
    let len = 0;
    if (this.h[RECORDS] > 0) {
      const hdr = new Uint8Array(4);
      this.copyOut(hdr, 0, this.h[HEAD], 4);
      len = new DataView(hdr.buffer).getUint32(0, true);
    }
    this.unlock();
    return len;
  }
}

const EMPTY = new Uint8Array(0);
