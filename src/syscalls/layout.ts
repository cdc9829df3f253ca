// Guest struct layouts as data: a struct is declared once as a list of C-typed
// fields and laid out for a target data model (LP64 or ILP32, byte order,
// alignment of 64-bit types), the way the C compiler for that target would.
// Encoders fill a zeroed byte buffer through a DataView; nothing about the
// host's own struct layouts is ever involved.

/** What differs between target C ABIs for the purposes of struct layout. */
export interface DataModel {
  readonly name: string;
  /** sizeof(long) == sizeof(void *). */
  readonly longSize: 4 | 8;
  readonly littleEndian: boolean;
  /** alignof(long long) (8 on all supported ABIs, 4 on i386). */
  readonly i64Align: 4 | 8;
}

export const LP64_LE: DataModel = { name: 'LP64-le', longSize: 8, littleEndian: true, i64Align: 8 };
export const ILP32_LE: DataModel = { name: 'ILP32-le', longSize: 4, littleEndian: true, i64Align: 8 };

export type Scalar = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'u64' | 'i64' | 'long' | 'ulong' | 'ptr';

export type CType =
  | Scalar
  | { readonly array: Scalar; readonly n: number }
  | { readonly bytes: number; readonly align?: number }
  | { readonly struct: StructDecl };

export interface StructDecl {
  readonly name: string;
  readonly fields: ReadonlyArray<readonly [string, CType]>;
}

export interface Field {
  readonly name: string;
  readonly off: number;
  readonly size: number;
  /** Scalar kind for scalar fields and arrays (element kind). */
  readonly scalar?: Scalar;
  /** Element count for arrays. */
  readonly n?: number;
  /** Layout of a nested struct. */
  readonly struct?: StructLayout;
}

export class StructLayout {
  private readonly byName = new Map<string, Field>();
  constructor(
    readonly name: string,
    readonly model: DataModel,
    readonly size: number,
    readonly align: number,
    readonly fields: readonly Field[],
  ) {
    for (const f of fields) this.byName.set(f.name, f);
  }

  field(name: string): Field {
    const f = this.byName.get(name);
    if (!f) throw new Error(`${this.name} has no field ${name}`);
    return f;
  }

  has(name: string): boolean { return this.byName.has(name); }

  /** Offset of a field; dotted names reach into nested structs ('st_atim.tv_nsec'). */
  off(path: string): number {
    const dot = path.indexOf('.');
    if (dot < 0) return this.field(path).off;
    const f = this.field(path.slice(0, dot));
    if (!f.struct) throw new Error(`${this.name}.${f.name} is not a struct`);
    return f.off + f.struct.off(path.slice(dot + 1));
  }

  /** A zeroed buffer of this struct's size with a writer over it. */
  writer(): StructWriter { return new StructWriter(this, new Uint8Array(this.size)); }
  reader(bytes: Uint8Array): StructReader { return new StructReader(this, bytes); }
}

export function scalarSize(s: Scalar, m: DataModel): number {
  switch (s) {
    case 'u8': case 'i8': return 1;
    case 'u16': case 'i16': return 2;
    case 'u32': case 'i32': return 4;
    case 'u64': case 'i64': return 8;
    case 'long': case 'ulong': case 'ptr': return m.longSize;
  }
}

function scalarAlign(s: Scalar, m: DataModel): number {
  const size = scalarSize(s, m);
  return size === 8 && (s === 'u64' || s === 'i64') ? m.i64Align : size;
}

const layoutCache = new Map<StructDecl, Map<DataModel, StructLayout>>();

/** Lays out `decl` for `model` with C's natural alignment rules. */
export function layout(decl: StructDecl, model: DataModel): StructLayout {
  let perModel = layoutCache.get(decl);
  if (!perModel) { perModel = new Map(); layoutCache.set(decl, perModel); }
  const cached = perModel.get(model);
  if (cached) return cached;

  let off = 0;
  let maxAlign = 1;
  const fields: Field[] = [];
  for (const [name, t] of decl.fields) {
    let size: number, align: number;
    let f: Omit<Field, 'off' | 'size'> = { name };
    if (typeof t === 'string') {
      size = scalarSize(t, model); align = scalarAlign(t, model); f = { name, scalar: t };
    } else if ('array' in t) {
      size = scalarSize(t.array, model) * t.n; align = scalarAlign(t.array, model); f = { name, scalar: t.array, n: t.n };
    } else if ('bytes' in t) {
      size = t.bytes; align = t.align ?? 1;
    } else {
      const inner = layout(t.struct, model);
      size = inner.size; align = inner.align; f = { name, struct: inner };
    }
    off = alignUp(off, align);
    maxAlign = Math.max(maxAlign, align);
    fields.push({ ...f, off, size });
    off += size;
  }
  const l = new StructLayout(decl.name, model, alignUp(off, maxAlign), maxAlign, fields);
  perModel.set(model, l);
  return l;
}

function alignUp(v: number, a: number): number { return Math.ceil(v / a) * a; }

function isSigned(s: Scalar): boolean { return s === 'i8' || s === 'i16' || s === 'i32' || s === 'i64' || s === 'long'; }

/** Writes values into a struct image. Numbers beyond 2^53 should be passed as bigint. */
export class StructWriter {
  readonly dv: DataView;
  constructor(readonly layout: StructLayout, readonly bytes: Uint8Array, private readonly base = 0) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Sets a scalar field (or element `index` of an array field); dotted paths reach nested structs. */
  set(path: string, v: number | bigint, index = 0): this {
    const { f, off } = this.resolve(path);
    if (!f.scalar) throw new Error(`${this.layout.name}.${path} is not scalar`);
    const size = scalarSize(f.scalar, this.layout.model);
    writeScalar(this.dv, off + index * size, size, v, this.layout.model.littleEndian);
    return this;
  }

  /** Copies raw bytes into a field (truncated to the field size; the rest stays zero). */
  setBytes(path: string, data: Uint8Array): this {
    const { f, off } = this.resolve(path);
    this.bytes.set(data.subarray(0, f.size), off);
    return this;
  }

  /** A writer for a nested struct field. */
  sub(path: string): StructWriter {
    const { f, off } = this.resolve(path);
    if (!f.struct) throw new Error(`${this.layout.name}.${path} is not a struct`);
    return new StructWriter(f.struct, this.bytes, off);
  }

  private resolve(path: string): { f: Field; off: number } {
    let l = this.layout;
    let off = this.base;
    const parts = path.split('.');
    for (let i = 0; ; i++) {
      const f = l.field(parts[i]);
      off += f.off;
      if (i === parts.length - 1) return { f, off };
      if (!f.struct) throw new Error(`${l.name}.${f.name} is not a struct`);
      l = f.struct;
    }
  }
}

export class StructReader {
  readonly dv: DataView;
  constructor(readonly layout: StructLayout, readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** A scalar as a JS number (64-bit values exact below 2^53). */
  get(path: string, index = 0): number {
    const { scalar, off } = this.resolve(path, index);
    const le = this.layout.model.littleEndian;
    const size = scalarSize(scalar, this.layout.model);
    switch (size) {
      case 1: return isSigned(scalar) ? this.dv.getInt8(off) : this.dv.getUint8(off);
      case 2: return isSigned(scalar) ? this.dv.getInt16(off, le) : this.dv.getUint16(off, le);
      case 4: return isSigned(scalar) ? this.dv.getInt32(off, le) : this.dv.getUint32(off, le);
      default: {
        const lo = this.dv.getUint32(off + (le ? 0 : 4), le);
        const hi = isSigned(scalar) ? this.dv.getInt32(off + (le ? 4 : 0), le) : this.dv.getUint32(off + (le ? 4 : 0), le);
        return hi * 0x1_0000_0000 + lo;
      }
    }
  }

  getBig(path: string, index = 0): bigint {
    const { scalar, off } = this.resolve(path, index);
    const le = this.layout.model.littleEndian;
    const size = scalarSize(scalar, this.layout.model);
    if (size === 8) return isSigned(scalar) ? this.dv.getBigInt64(off, le) : this.dv.getBigUint64(off, le);
    return BigInt(this.get(path, index));
  }

  getBytes(path: string): Uint8Array {
    let l = this.layout; let off = 0; let f: Field | undefined;
    for (const p of path.split('.')) { f = l.field(p); off += f.off; if (f.struct) l = f.struct; }
    return this.bytes.subarray(off, off + f!.size);
  }

  private resolve(path: string, index: number): { scalar: Scalar; off: number } {
    let l = this.layout; let off = 0;
    const parts = path.split('.');
    for (let i = 0; ; i++) {
      const f = l.field(parts[i]);
      off += f.off;
      if (i === parts.length - 1) {
        if (!f.scalar) throw new Error(`${l.name}.${f.name} is not scalar`);
        return { scalar: f.scalar, off: off + index * scalarSize(f.scalar, l.model) };
      }
      if (!f.struct) throw new Error(`${l.name}.${f.name} is not a struct`);
      l = f.struct;
    }
  }
}

function writeScalar(dv: DataView, off: number, size: number, v: number | bigint, le: boolean): void {
  switch (size) {
    case 1: dv.setUint8(off, Number(BigInt.asUintN(8, BigInt(v)))); return;
    case 2: dv.setUint16(off, Number(BigInt.asUintN(16, BigInt(v))), le); return;
    case 4:
      if (typeof v === 'number' && Number.isInteger(v) && v >= -0x8000_0000 && v <= 0xffff_ffff) dv.setUint32(off, v >>> 0, le);
      else dv.setUint32(off, Number(BigInt.asUintN(32, BigInt(v))), le);
      return;
    default:
      dv.setBigUint64(off, BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(v))), le);
  }
}
