// qemu-style `-d` log items and the `-D` log file. Everything that logs asks
// `log.on(item)` first, so disabled items cost one Set lookup at translation
// time and nothing in generated code.
//
// Items: in_asm (guest code of each new block), op (IR), op_opt (IR after the
// optimiser), out_js (generated JavaScript), exec (each block executed),
// unimp (unimplemented instructions and syscalls), strace (syscalls),
// page (mappings), cpu (registers at each block entry with exec).

import * as fs from 'fs';
import type createDebugType from 'debug';

type DebugModule = typeof createDebugType;
let debugModule: DebugModule | null | undefined;
/**
 * The `debug` package, only when DEBUG is set: loading it (and the tty and
 * supports-color modules it loads) cost ~5 ms of every start.
 */
function debugPackage(): DebugModule | null {
  if (debugModule === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    debugModule = process.env.DEBUG ? require('debug') as DebugModule : null;
  }
  return debugModule;
}

/** A `debug` logger for `namespace` (e.g. 'nodemu:run'), made when DEBUG is set and it is first called. */
export function debugLogger(namespace: string): (fmt: string, ...args: unknown[]) => void {
  let d: ReturnType<DebugModule> | undefined;
  return (fmt, ...args) => {
    const m = debugPackage();
    if (!m) return;
    d ??= m(namespace);
    if (d.enabled) d(fmt, ...args);
  };
}

export const LOG_ITEMS: Record<string, string> = {
  in_asm: 'show target assembly code for each compiled TB',
  op: 'show IR ops for each compiled TB',
  op_opt: 'show IR ops after optimisation',
  out_js: 'show the generated JavaScript for each compiled TB',
  exec: 'show trace before each executed TB',
  cpu: 'show CPU registers before entering a TB (with exec)',
  unimp: 'log unimplemented functionality',
  strace: 'log every syscall (same as -strace)',
  page: 'dump guest mappings at start-up',
};

export class Log {
  private items = new Set<string>();
  private fd = 2;

  /** Parses a qemu-style comma list; throws on an unknown item. */
  enable(list: string): void {
    for (const raw of list.split(',')) {
      const item = raw.trim();
      if (!item) continue;
      if (item === 'all') { for (const k of Object.keys(LOG_ITEMS)) this.items.add(k); continue; }
      if (!(item in LOG_ITEMS)) throw new Error(`unknown log item '${item}'`);
      this.items.add(item);
    }
  }
  setFile(path: string): void { this.fd = fs.openSync(path, 'w'); }
  on(item: string): boolean {
    if (this.items.has(item)) return true;
    const d = item !== 'exec' && item !== 'cpu' ? debugPackage() : null;
    return d !== null && d.enabled(`nodemu:${item}`);
  }
  /** Writes text (a newline is added if missing) to the log file or stderr, and to DEBUG=nodemu:* . */
  write(item: string, text: string): void {
    const line = text.endsWith('\n') ? text : text + '\n';
    if (this.items.has(item)) fs.writeSync(this.fd, line);
    else debugPackage()?.(`nodemu:log:${item}`)(text);
  }
  /** The configuration, for worker threads (the log fd is process-wide). */
  config(): { items: string[]; fd: number } { return { items: [...this.items], fd: this.fd }; }
  adopt(c: { items: string[]; fd: number }): void { this.items = new Set(c.items); this.fd = c.fd; }
  reset(): void { this.items.clear(); if (this.fd !== 2) { fs.closeSync(this.fd); this.fd = 2; } }
}

/** The process-wide log, configured by the CLI (or the embedding API). */
export const log = new Log();
