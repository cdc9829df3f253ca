// The few WebAssembly globals nodemu uses (lib.dom is not loaded on purpose).
declare namespace WebAssembly {
  interface MemoryDescriptor { initial: number; maximum?: number; shared?: boolean }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(delta: number): number;
  }
  class Table {
    constructor(descriptor: { element: 'anyfunc' | 'funcref'; initial: number; maximum?: number });
    readonly length: number;
    get(i: number): unknown;
    set(i: number, f: unknown): void;
    grow(delta: number): number;
  }
  class Module { constructor(bytes: Uint8Array); }
  class Instance { constructor(module: Module, imports?: Record<string, Record<string, unknown>>); readonly exports: Record<string, unknown>; }
}
