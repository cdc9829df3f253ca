// The nodemu command: `nodemu [options] PROGRAM [ARGS...]`, qemu-user style.
//
// Every failure ends as one line on stderr and a shell-like exit status:
//   nodemu: PATH: reason        program cannot be loaded (126, or 127 if missing)
//   nodemu: message             bad usage (1)
//   nodemu: internal error: m   a bug (1; the stack trace only with DEBUG=nodemu:*)
// When the guest dies of a signal the process kills itself with that signal.
//
// Start-up cost matters (every guest process pays it): only the loader's
// header checks and the option parser load eagerly; the emulator proper
// (run.ts: CPU, translator, kernel) is required when the program is run.

import * as fs from 'fs';
import * as nodePath from 'path';
import type { Arch } from '../cpu/types';
import type { RunOptions, RunResult } from '../linux-user/run';
import { ARCHS, ARCH_NAMES, isArch } from '../loader/arch';
import { identifyElf } from '../loader';
import { errnoText, isLoadError } from '../loader/errors';
import { CliOptions, guestEnvironment, parseArgs, usage, UsageError } from './args';

export interface CliDeps {
  /** Defaults to run.ts's runProgram (required lazily). */
  runProgram?: (opts: RunOptions) => RunResult;
  /** Host environment (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Output sinks (default: fds 1 and 2). */
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

/** Writes all of `text` to a file descriptor, retrying on EAGAIN (non-blocking pipes). */
export function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      return; // EPIPE and friends: nowhere left to report to
    }
  }
}

/** `nodemu-riscv64` → 'riscv64'; plain `nodemu` (or anything else) → undefined. */
export function forcedArch(invokedAs: string): Arch | undefined {
  const m = /^nodemu-(.+?)(\.js)?$/.exec(nodePath.basename(invokedAs));
  return m && isArch(m[1]) ? m[1] : undefined;
}

function debugEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  const d = env.DEBUG ?? '';
  return d.split(/[\s,]+/).some((p) => p === '*' || p.startsWith('nodemu'));
}

function versionText(name: string): string {
  let version = 'unknown';
  try {
    version = JSON.parse(fs.readFileSync(nodePath.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch { /* keep 'unknown' */ }
  return `${name} version ${version}\n` +
    `User-mode emulator for Linux ${ARCH_NAMES.join('/')} programs, running on Node.js ${process.version}\n`;
}

/**
 * Runs the command line and returns the guest's result ({code} or {signal});
 * every error is reported on stderr and turned into a {code}.
 */
export function execute(argv: readonly string[], invokedAs: string, deps: CliDeps = {}): RunResult {
  const env = deps.env ?? process.env;
  const out = deps.stdout ?? ((t: string) => writeAll(1, t));
  const err = deps.stderr ?? ((t: string) => writeAll(2, t));
  const name = nodePath.basename(invokedAs).replace(/\.js$/, '') || 'nodemu';
  const forced = forcedArch(invokedAs);
  const archs = forced ? [forced] : ARCH_NAMES;
  const fail = (msg: string, code = 1): RunResult => { err(`${name}: ${msg}\n`); return { code }; };

  try {
    let o: CliOptions;
    try {
      o = parseArgs(argv, env);
    } catch (e) {
      if (e instanceof UsageError) return fail(e.message);
      throw e;
    }

    switch (o.action) {
      case 'help':
        out(usage(name, archs));
        return { code: 0 };
      case 'version':
        out(versionText(name));
        return { code: 0 };
      case 'log-help': {
        const { LOG_ITEMS } = require('../log') as typeof import('../log');
        const w = Math.max(...Object.keys(LOG_ITEMS).map((k) => k.length));
        out('Log items (comma separated):\n' +
          Object.entries(LOG_ITEMS).map(([k, v]) => `${k.padEnd(w)}  ${v}\n`).join('') +
          `${'all'.padEnd(w)}  all of the above\n`);
        return { code: 0 };
      }
      case 'cpu-help':
        out('Available CPUs (the first of each architecture is the default):\n' + archs.map((a) => `${a}:\n` +
          ARCHS[a].cpuModels.map((m) => `  ${m.padEnd(12)} ${ARCHS[a].cpus[m].description}\n`).join('')).join(''));
        return { code: 0 };
      case 'run':
        break;
    }

    if (o.gdb !== undefined && !/^(?:.*:)?\d+$/.test(o.gdb)) return fail(`-g ${o.gdb}: expected a port number (or HOST:PORT)`);
    if (o.program === undefined) return fail(`no program given\nusage: ${name} [options] program [arguments...] (try '${name} -h')`);

    if (o.log !== undefined || o.logFile !== undefined) {
      const { log } = require('../log') as typeof import('../log');
      // Like qemu, -strace goes to the -D file when there is one.
      if (o.strace && o.logFile !== undefined) log.enable('strace');
      if (o.log !== undefined) {
        try {
          log.enable(o.log);
        } catch (e) {
          return fail(`-d ${o.log}: ${(e as Error).message} (try '-d help')`);
        }
      }
      if (o.logFile !== undefined) {
        try {
          log.setFile(o.logFile);
        } catch (e) {
          return fail(`-D ${o.logFile}: ${errnoText(e)}`);
        }
      }
    }

    // Identify (and validate) the program before starting the emulator.
    const info = identifyElf(o.program, forced);
    const arch = info.arch;
    if (o.cpu !== undefined && !ARCHS[arch].cpuModels.includes(o.cpu)) {
      return fail(`unknown CPU model '${o.cpu}' for ${arch} (try '-cpu help')`);
    }

    let plugins: RunOptions['plugins'];
    if (o.plugins.length) {
      const { parsePluginSpec } = require('../plugins/host') as typeof import('../plugins/host');
      plugins = [];
      for (const text of o.plugins) {
        let spec;
        try { spec = parsePluginSpec(text); } catch (e) { return fail(`-plugin ${text}: ${(e as Error).message}`); }
        if (!fs.existsSync(spec.path)) return fail(`-plugin ${text}: ${spec.path}: No such file or directory`);
        plugins.push(spec);
      }
    }

    const guestEnv = guestEnvironment(env, o.envOps);
    const guestArgv = [o.argv0 ?? o.program, ...o.args];
    const opts: RunOptions = {
      path: o.program, argv: guestArgv, env: guestEnv, arch,
      ldPrefix: o.ldPrefix, stackSize: o.stackSize, strace: o.strace, cpu: o.cpu ?? ARCHS[arch].cpuModels[0], gdb: o.gdb, plugins,
    };
    const run = deps.runProgram ?? (require('../linux-user/run') as typeof import('../linux-user/run')).runProgram;
    return run(opts);
  } catch (e) {
    if (isLoadError(e)) return fail(e.message, e.exitCode);
    const msg = e instanceof Error ? e.message : String(e);
    err(`${name}: internal error: ${msg.split('\n')[0]}\n`);
    if (debugEnabled(env) && e instanceof Error && e.stack) err(e.stack + '\n');
    return { code: 1 };
  }
}

/** Runs the command line; returns the exit status a shell would see (128+N for a guest killed by signal N). */
export function main(argv: string[], invokedAs: string, deps: CliDeps = {}): number {
  const r = execute(argv, invokedAs, deps);
  return r.signal !== undefined ? 128 + r.signal : r.code;
}

/** The bin scripts' entry point: runs process.argv and exits (or dies of the guest's signal). */
export function cliEntry(invokedAs: string): never {
  const name = nodePath.basename(invokedAs) || 'nodemu';
  const onFatal = (e: unknown): void => {
    const msg = e instanceof Error ? e.message : String(e);
    writeAll(2, `${name}: internal error: ${msg.split('\n')[0]}\n`);
    if (debugEnabled(process.env) && e instanceof Error && e.stack) writeAll(2, e.stack + '\n');
    process.exit(1);
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  // Started by binfmt_misc with the P flag? Then argv[0] arrives after the program path.
  const { binfmtArgv } = require('./binfmt') as typeof import('./binfmt');
  const done = (r: RunResult): never => {
    if (r.signal !== undefined) {
      const { dieOfSignal } = require('./signals') as typeof import('./signals');
      dieOfSignal(r.signal);
    }
    process.exit(r.code);
  };
  // Guest processes run on worker threads under a process host (fork, exec, wait, pipes:
  // docs/PROCESSES.md); NODEMU_SINGLE_PROCESS=1 runs the guest on this thread instead.
  let deferred: RunOptions | undefined;
  const single = /^(1|true|yes)$/i.test(process.env.NODEMU_SINGLE_PROCESS ?? '');
  const r = execute(binfmtArgv(process.argv.slice(2)), invokedAs, single ? {} : {
    runProgram: (opts) => { deferred = opts; return { code: 0 }; },
  });
  if (!deferred) return done(r);
  // The first process starts here and moves into a worker when it needs the host (process/first.ts).
  // The process host is loaded only then (or now, when this mode does not apply).
  const first = require('../linux-user/process/first') as typeof import('../linux-user/process/first');
  if (first.runFirstHere(deferred, done, onFatal)) return undefined as never;
  const host = require('../linux-user/process/host') as typeof import('../linux-user/process/host');
  host.runInWorkers(deferred).then(done, onFatal);
  return undefined as never;
}
