// A minimal WebAssembly binary encoder: just what lower-wasm.ts needs to build
// one module per region (types, imports of a shared memory and of functions,
// a few defined functions, one export, code). Written from the binary format
// specification (https://webassembly.github.io/spec/core/binary/).

/** Value types. */
export const enum T { I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c }
/** Empty block type. */
export const VOID = 0x40;

/** The opcodes the backend emits. */
export const enum Op {
  unreachable = 0x00, block = 0x02, loop = 0x03, if_ = 0x04, else_ = 0x05, end = 0x0b,
  br = 0x0c, br_if = 0x0d, br_table = 0x0e, return_ = 0x0f, call = 0x10, call_indirect = 0x11,
  drop = 0x1a, select = 0x1b,
  local_get = 0x20, local_set = 0x21, local_tee = 0x22,
  i32_load = 0x28, i64_load = 0x29,
  i32_load8_s = 0x2c, i32_load8_u = 0x2d, i32_load16_s = 0x2e, i32_load16_u = 0x2f,
  i64_load8_s = 0x30, i64_load8_u = 0x31, i64_load16_s = 0x32, i64_load16_u = 0x33, i64_load32_s = 0x34, i64_load32_u = 0x35,
  i32_store = 0x36, i64_store = 0x37, i32_store8 = 0x3a, i32_store16 = 0x3b, i64_store8 = 0x3c, i64_store16 = 0x3d, i64_store32 = 0x3e,
  i32_const = 0x41, i64_const = 0x42,
  i32_eqz = 0x45, i32_eq = 0x46, i32_ne = 0x47, i32_lt_s = 0x48, i32_lt_u = 0x49, i32_gt_s = 0x4a, i32_gt_u = 0x4b,
  i32_le_s = 0x4c, i32_le_u = 0x4d, i32_ge_s = 0x4e, i32_ge_u = 0x4f,
  i64_eqz = 0x50, i64_eq = 0x51, i64_ne = 0x52, i64_lt_s = 0x53, i64_lt_u = 0x54, i64_gt_s = 0x55, i64_gt_u = 0x56,
  i64_le_s = 0x57, i64_le_u = 0x58, i64_ge_s = 0x59, i64_ge_u = 0x5a,
  i32_clz = 0x67, i32_ctz = 0x68, i32_popcnt = 0x69, i32_add = 0x6a, i32_sub = 0x6b, i32_mul = 0x6c,
  i32_div_s = 0x6d, i32_div_u = 0x6e, i32_rem_s = 0x6f, i32_rem_u = 0x70, i32_and = 0x71, i32_or = 0x72, i32_xor = 0x73,
  i32_shl = 0x74, i32_shr_s = 0x75, i32_shr_u = 0x76, i32_rotl = 0x77, i32_rotr = 0x78,
  i64_clz = 0x79, i64_ctz = 0x7a, i64_popcnt = 0x7b, i64_add = 0x7c, i64_sub = 0x7d, i64_mul = 0x7e,
  i64_div_s = 0x7f, i64_div_u = 0x80, i64_rem_s = 0x81, i64_rem_u = 0x82, i64_and = 0x83, i64_or = 0x84, i64_xor = 0x85,
  i64_shl = 0x86, i64_shr_s = 0x87, i64_shr_u = 0x88, i64_rotl = 0x89, i64_rotr = 0x8a,
  i32_wrap_i64 = 0xa7, i64_extend_i32_s = 0xac, i64_extend_i32_u = 0xad,
  f32_eq = 0x5b, f32_lt = 0x5d, f32_gt = 0x5e, f32_le = 0x5f, f32_ge = 0x60,
  f64_eq = 0x61, f64_lt = 0x63, f64_gt = 0x64, f64_le = 0x65, f64_ge = 0x66,
  f32_abs = 0x8b, f32_sqrt = 0x91, f32_add = 0x92, f32_sub = 0x93, f32_mul = 0x94, f32_div = 0x95,
  f64_abs = 0x99, f64_sqrt = 0x9f, f64_add = 0xa0, f64_sub = 0xa1, f64_mul = 0xa2, f64_div = 0xa3,
  i32_reinterpret_f32 = 0xbc, i64_reinterpret_f64 = 0xbd, f32_reinterpret_i32 = 0xbe, f64_reinterpret_i64 = 0xbf,
  i32_extend8_s = 0xc0, i32_extend16_s = 0xc1, i64_extend8_s = 0xc2, i64_extend16_s = 0xc3, i64_extend32_s = 0xc4,
}

/** A growable byte buffer with the LEB128 encodings the format uses. */
export class Bytes {
  buf = new Uint8Array(1024);
  len = 0;

  private grow(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  u8(b: number): this { this.grow(1); this.buf[this.len++] = b; return this; }

  /** Unsigned LEB128 of a non-negative integer below 2^53. */
  uleb(v: number): this {
    this.grow(8);
    do {
      let b = v % 128;
      v = Math.floor(v / 128);
      if (v > 0) b |= 0x80;
      this.buf[this.len++] = b;
    } while (v > 0);
    return this;
  }

  /** Signed LEB128 of an int32. */
  sleb32(v: number): this {
    v |= 0;
    this.grow(5);
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) { this.buf[this.len++] = b; return this; }
      this.buf[this.len++] = b | 0x80;
    }
  }

  /** Signed LEB128 of the 64-bit integer hi:lo (int32 halves). */
  sleb64(lo: number, hi: number): this {
    if (hi === (lo >> 31)) return this.sleb32(lo);
    let v = (BigInt(hi | 0) << 32n) | BigInt(lo >>> 0);
    this.grow(10);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) { this.buf[this.len++] = b; return this; }
      this.buf[this.len++] = b | 0x80;
    }
  }

  bytes(b: Uint8Array | readonly number[]): this {
    this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  append(o: Bytes): this { return this.bytes(o.buf.subarray(0, o.len)); }

  name(s: string): this {
    const b = Buffer.from(s, 'utf8');
    return this.uleb(b.length).bytes(b);
  }

  result(): Uint8Array { return this.buf.slice(0, this.len); }
}

export interface FuncType { readonly params: readonly T[]; readonly results: readonly T[] }

/** A function body under construction: locals plus the instruction stream. */
export class FuncBody {
  readonly code = new Bytes();
  private readonly locals: T[] = [];

  constructor(readonly type: FuncType) {}

  /** Declares a local; returns its index (after the parameters). */
  local(t: T): number {
    this.locals.push(t);
    return this.type.params.length + this.locals.length - 1;
  }

  op(o: Op): this { this.code.u8(o); return this; }
  get(i: number): this { this.code.u8(Op.local_get).uleb(i); return this; }
  set(i: number): this { this.code.u8(Op.local_set).uleb(i); return this; }
  tee(i: number): this { this.code.u8(Op.local_tee).uleb(i); return this; }
  i32(v: number): this { this.code.u8(Op.i32_const).sleb32(v); return this; }
  i64(lo: number, hi: number): this { this.code.u8(Op.i64_const).sleb64(lo, hi); return this; }
  /** f32.const / f64.const: IEEE bits, little-endian. */
  f32(v: number): this { const b = new Uint8Array(new Float32Array([v]).buffer); this.code.u8(0x43).bytes(b); return this; }
  f64(v: number): this { const b = new Uint8Array(new Float64Array([v]).buffer); this.code.u8(0x44).bytes(b); return this; }
  /** A load or store with alignment hint 2^align and a constant offset. */
  mem(o: Op, offset = 0, align = 0): this { this.code.u8(o).uleb(align).uleb(offset); return this; }
  block(o: Op.block | Op.loop | Op.if_, bt: number = VOID): this { this.code.u8(o).u8(bt); return this; }
  br(o: Op.br | Op.br_if, depth: number): this { this.code.u8(o).uleb(depth); return this; }
  brTable(depths: readonly number[], dflt: number): this {
    this.code.u8(Op.br_table).uleb(depths.length);
    for (const d of depths) this.code.uleb(d);
    this.code.uleb(dflt);
    return this;
  }
  call(f: number): this { this.code.u8(Op.call).uleb(f); return this; }
  /** call_indirect through table 0 with the given type index. */
  callIndirect(typeIndex: number): this { this.code.u8(Op.call_indirect).uleb(typeIndex).u8(0); return this; }

  /** The body as it appears in the code section (size-prefixed, locals run-length encoded). */
  encode(out: Bytes): void {
    const b = new Bytes();
    const runs: [number, T][] = [];
    for (const t of this.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    b.uleb(runs.length);
    for (const [n, t] of runs) b.uleb(n).u8(t);
    b.append(this.code);
    b.u8(Op.end);
    out.uleb(b.len).append(b);
  }
}

/** A module: function imports, one imported shared memory, defined functions, exports. */
export class ModuleBuilder {
  private readonly types: FuncType[] = [];
  private readonly typeKeys = new Map<string, number>();
  private readonly funcImports: { module: string; name: string; type: number }[] = [];
  private memImport: { module: string; name: string; min: number; max: number; shared: boolean } | undefined;
  private tableImport: { module: string; name: string; min: number } | undefined;
  private readonly funcs: { type: number; body: FuncBody }[] = [];
  private readonly exports: { name: string; func: number }[] = [];

  typeIndex(t: FuncType): number {
    const key = `${t.params.join(',')}>${t.results.join(',')}`;
    let i = this.typeKeys.get(key);
    if (i === undefined) { i = this.types.length; this.types.push(t); this.typeKeys.set(key, i); }
    return i;
  }

  /** Imports a function; must be called before any function is defined. Returns its function index. */
  importFunc(module: string, name: string, t: FuncType): number {
    if (this.funcs.length) throw new Error('wasm encoder: imports must precede definitions');
    this.funcImports.push({ module, name, type: this.typeIndex(t) });
    return this.funcImports.length - 1;
  }

  importMemory(module: string, name: string, minPages: number, maxPages: number, shared: boolean): void {
    this.memImport = { module, name, min: minPages, max: maxPages, shared };
  }

  /** Imports a funcref table (table 0). */
  importTable(module: string, name: string, min: number): void {
    this.tableImport = { module, name, min };
  }

  /** Adds a function definition; returns its function index. */
  addFunc(body: FuncBody): number {
    this.funcs.push({ type: this.typeIndex(body.type), body });
    return this.funcImports.length + this.funcs.length - 1;
  }

  /** Index the next defined function will get (for forward calls). */
  get nextFuncIndex(): number { return this.funcImports.length + this.funcs.length; }

  exportFunc(name: string, func: number): void { this.exports.push({ name, func }); }

  encode(): Uint8Array {
    const out = new Bytes();
    out.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const section = (id: number, fill: (b: Bytes) => void) => {
      const b = new Bytes();
      fill(b);
      out.u8(id).uleb(b.len).append(b);
    };
    section(1, (b) => {
      b.uleb(this.types.length);
      for (const t of this.types) {
        b.u8(0x60).uleb(t.params.length);
        for (const p of t.params) b.u8(p);
        b.uleb(t.results.length);
        for (const r of t.results) b.u8(r);
      }
    });
    const nImports = this.funcImports.length + (this.memImport ? 1 : 0) + (this.tableImport ? 1 : 0);
    if (nImports) {
      section(2, (b) => {
        b.uleb(nImports);
        for (const f of this.funcImports) b.name(f.module).name(f.name).u8(0x00).uleb(f.type);
        const t = this.tableImport;
        if (t) b.name(t.module).name(t.name).u8(0x01).u8(0x70).u8(0x00).uleb(t.min);
        const m = this.memImport;
        if (m) b.name(m.module).name(m.name).u8(0x02).u8(m.shared ? 0x03 : 0x01).uleb(m.min).uleb(m.max);
      });
    }
    section(3, (b) => { b.uleb(this.funcs.length); for (const f of this.funcs) b.uleb(f.type); });
    if (this.exports.length) {
      section(7, (b) => { b.uleb(this.exports.length); for (const e of this.exports) b.name(e.name).u8(0x00).uleb(e.func); });
    }
    section(10, (b) => { b.uleb(this.funcs.length); for (const f of this.funcs) f.body.encode(b); });
    return out.result();
  }
}
