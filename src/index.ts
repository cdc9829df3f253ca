// nodemu's JavaScript API.
//
//   import { run } from 'nodemu';            // or: const { run } = require('nodemu')
//   const r = await run({ path: './hello-aarch64', args: ['x'] });
//   r.code, r.signal, r.stdout.toString()
//
// Each run() is a separate nodemu process (the bin/nodemu CLI started with
// node's own executable): a guest can exit, crash, or block without affecting
// the caller, and any number of runs can proceed at once without sharing
// emulator state. The in-process runner the CLI uses is exported too
// (runProgram: synchronous, one guest at a time, exits via the process).

import { spawn } from 'child_process';
import * as os from 'os';
import * as nodePath from 'path';
import type { Readable, Writable } from 'stream';
import type { Arch } from './cpu/types';

export { runProgram } from './linux-user/run';
export type { RunOptions, RunResult } from './linux-user/run';
export type { Arch } from './cpu/types';
export type { PluginApi, PluginBlock, PluginInsn, PluginModule, ExecCallback, MemCallback } from './plugins/api';

/** Where a guest stream goes: collected into the result ('pipe', the default), the caller's own ('inherit'), discarded ('ignore'), or a stream. */
export type OutputSpec = 'pipe' | 'inherit' | 'ignore' | Writable;
/** The guest's stdin: data (then EOF), the caller's own stdin, nothing (immediate EOF: 'ignore', the default), or a stream. */
export type InputSpec = string | Buffer | Uint8Array | 'inherit' | 'ignore' | Readable;

export interface NodemuRunOptions {
  /** The foreign ELF program (host path). */
  path: string;
  /** Arguments after argv[0]. */
  args?: readonly string[];
  /** argv[0] for the guest (default: `path`), like -0. */
  argv0?: string;
  /** The guest's environment (default: this process's). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Working directory (default: this process's). */
  cwd?: string;
  /** Insist on this architecture (like nodemu-<arch>); default: from the ELF header. */
  arch?: Arch;
  /** Guest library prefix for dynamically linked programs (-L), e.g. '/usr/aarch64-linux-gnu'. */
  ldPrefix?: string;
  /** CPU model (-cpu). */
  cpu?: string;
  /** Guest stack size in bytes (-s). */
  stackSize?: number;
  /** Log system calls (-strace) to the guest's stderr stream. */
  strace?: boolean;
  /** Instrumentation plugins (-plugin), each 'FILE.js[,name=value...]' (docs/PLUGINS.md); their output goes to the stderr stream. */
  plugins?: string[];
  stdin?: InputSpec;
  stdout?: OutputSpec;
  stderr?: OutputSpec;
  /** Aborts the run (the nodemu process is killed with SIGKILL). */
  signal?: AbortSignal;
}

export interface NodemuRunResult {
  /** Exit status when the guest exited (undefined when a signal killed it). */
  code?: number;
  /** Number of the signal that killed the guest, if one did. */
  signal?: number;
  /** What the guest wrote, when stdout / stderr were 'pipe'. */
  stdout?: Buffer;
  stderr?: Buffer;
}

const BIN = nodePath.join(__dirname, '..', 'bin');

/** nodemu's command line for `o` (without node and the script). */
export function commandLine(o: NodemuRunOptions): string[] {
  const a: string[] = [];
  if (o.ldPrefix !== undefined) a.push('-L', o.ldPrefix);
  if (o.cpu !== undefined) a.push('-cpu', o.cpu);
  if (o.stackSize !== undefined) a.push('-s', String(o.stackSize));
  if (o.argv0 !== undefined) a.push('-0', o.argv0);
  if (o.strace) a.push('-strace');
  for (const p of o.plugins ?? []) a.push('-plugin', p);
  a.push('--', o.path, ...(o.args ?? []));
  return a;
}

/** Runs a foreign program under nodemu; resolves when it has exited (never rejects for guest failures). */
export function run(o: NodemuRunOptions): Promise<NodemuRunResult> {
  const script = nodePath.join(BIN, o.arch ? `nodemu-${o.arch}` : 'nodemu');
  const input = o.stdin ?? 'ignore';
  const dataIn = typeof input === 'string' || input instanceof Uint8Array;
  const stdinMode = dataIn || (typeof input === 'object') ? 'pipe' : input;
  const outMode = (s: OutputSpec | undefined): 'pipe' | 'inherit' | 'ignore' => (s === undefined || typeof s === 'object' ? 'pipe' : s);
  // The variables behind nodemu's options (NODEMU_STRACE, NODEMU_LD_PREFIX...) configure nodemu itself:
  // the caller's must not leak into a run; the options above say what a run gets.
  const { OPTIONS } = require('./cli/args') as typeof import('./cli/args');
  const own = new Set(OPTIONS.map((d) => d.env).filter((e) => e));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.env ?? process.env)) if (v !== undefined && !own.has(k)) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...commandLine(o)], {
      cwd: o.cwd, env, stdio: [stdinMode, outMode(o.stdout), outMode(o.stderr)], signal: o.signal,
    });
    const chunks: { stdout: Buffer[]; stderr: Buffer[] } = { stdout: [], stderr: [] };
    for (const name of ['stdout', 'stderr'] as const) {
      const spec = o[name];
      const s = child[name];
      if (!s) continue;
      if (typeof spec === 'object') s.pipe(spec, { end: false });
      else s.on('data', (b: Buffer) => chunks[name].push(b));
    }
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // the guest may exit without reading
      if (dataIn) child.stdin.end(Buffer.from(input as string | Uint8Array));
      else (input as Readable).pipe(child.stdin);
    }
    child.on('error', reject);
    child.on('close', (code, sig) => {
      const r: NodemuRunResult = sig ? { signal: os.constants.signals[sig] } : { code: code ?? 0 };
      if (outMode(o.stdout) === 'pipe' && typeof o.stdout !== 'object') r.stdout = Buffer.concat(chunks.stdout);
      if (outMode(o.stderr) === 'pipe' && typeof o.stderr !== 'object') r.stderr = Buffer.concat(chunks.stderr);
      resolve(r);
    });
  });
}
