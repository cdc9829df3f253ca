// The instrumentation plugin API (`-plugin FILE.js[,name=value...]`), in the
// spirit of QEMU's TCG plugins: a plugin is a CommonJS module exporting
// `install(api, args)`. At translation time it sees each new block and picks
// which of its instructions and memory accesses call back when executed;
// those calls are compiled into the block, so nothing is paid for what was not
// asked for. Documented in docs/PLUGINS.md (keep both in sync).

export type PluginArch = 'riscv64' | 'aarch64' | 'arm';

/** Bumped on incompatible changes; a plugin may export `apiVersion` to insist on one. */
export const PLUGIN_API_VERSION = 1;

/** Called with the vCPU (guest thread) index: 0 is the process's first thread, then in order of creation. */
export type ExecCallback = (vcpu: number) => void;
/** After a load or store succeeded: its guest address and size in bytes. */
export type MemCallback = (vcpu: number, vaddr: number, size: number, isStore: boolean) => void;
export type MemFilter = 'r' | 'w' | 'rw';

/** One guest instruction of a block being translated. */
export interface PluginInsn {
  /** Guest address (on arm, Thumb instructions have bit 0 clear here; see `thumb`). */
  readonly vaddr: number;
  /** Length in bytes (2 or 4). */
  readonly size: number;
  /** The instruction's bytes as fetched. */
  readonly bytes: Uint8Array;
  /** arm only: a Thumb instruction. */
  readonly thumb: boolean;
  /** Disassembly (the text of `-d in_asm`), computed on first use: read it during the translation callback. */
  readonly disas: string;
  /** Calls `cb` each time the instruction is about to execute. */
  onExec(cb: ExecCallback): void;
  /** Calls `cb` after each of the instruction's memory accesses ('rw' by default). Accesses made by helper code (some aarch64 SIMD structure loads) are not seen. */
  onMem(cb: MemCallback, filter?: MemFilter): void;
}

/** A translation block: straight-line guest code entered at its first instruction. */
export interface PluginBlock {
  readonly vaddr: number;
  readonly insns: readonly PluginInsn[];
  /** Number of instructions (insns.length). */
  readonly nInsns: number;
  /** Bytes of guest code covered. */
  readonly size: number;
  /** Calls `cb` each time the block is entered (before its first instruction). */
  onExec(cb: ExecCallback): void;
}

export interface PluginApi {
  readonly version: number;
  readonly arch: PluginArch;
  /** Guest pid of the process this instance instruments (each guest process loads its own instance). */
  readonly pid: number;
  /** The guest program's path. */
  readonly program: string;
  /** The `name=value` items after the file name on the command line. */
  readonly args: Readonly<Record<string, string>>;
  /** Every newly translated block (blocks are translated again after code is invalidated). */
  onTranslate(cb: (tb: PluginBlock) => void): void;
  /** Before each system call: its number and the six argument registers (as numbers, exact below 2^53). */
  onSyscall(cb: (vcpu: number, num: number, args: readonly number[]) => void): void;
  /** After each system call that returns (not exit, exit_group, a successful execve or sigreturn). */
  onSyscallReturn(cb: (vcpu: number, num: number, ret: number) => void): void;
  /** When the process ends (exit, exit_group, death by a signal): print results here. */
  onExit(cb: () => void): void;
  /** The architecture's name of system call `num`, if known. */
  syscallName(num: number): string | undefined;
  /** Copies guest memory; undefined if any byte is unmapped. */
  readMemory(vaddr: number, len: number): Uint8Array | undefined;
  /** Writes plugin output: to the -D log file if there is one, else stderr (qemu_plugin_outs). */
  outs(text: string): void;
}

/** What a plugin module exports (module.exports = { install } or module.exports = install). */
export interface PluginModule {
  install(api: PluginApi, args: Readonly<Record<string, string>>): void;
  apiVersion?: number;
}
