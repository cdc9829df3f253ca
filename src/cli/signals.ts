// Dying of a guest's fatal signal, so the parent (a shell, a test harness)
// sees the same wait status it would for the native program: killed by
// signal N, which a shell reports as exit status 128+N.
//
// What Node 20 does when the process signals itself (measured on Linux x64,
// `process.kill(process.pid, SIG)` and the shell's $?):
//
//   SIGSEGV, SIGBUS, SIGILL, SIGFPE: V8's WebAssembly trap handler owns the
//     SIGSEGV (and SIGBUS) disposition, but it only claims faults raised by the
//     kernel inside wasm code; for a kill()-sent signal it restores the previous
//     disposition and re-raises, so the process dies of the signal (139 for
//     SIGSEGV, 135 SIGBUS, 132 SIGILL, 136 SIGFPE, 133 SIGTRAP), also with a
//     4 GiB shared WebAssembly.Memory allocated.
//   SIGABRT, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGALRM, SIGUSR2, SIGSYS, SIGXCPU:
//     default disposition, the process dies of them.
//   SIGPIPE: Node ignores it (SIG_IGN), so the process survives.
//   SIGUSR1: Node's handler starts the inspector ("Debugger listening on ..."),
//     and the process survives.
//
// The fix used here: adding and then removing a process.on(SIG) listener makes
// libuv install its handler and, when the last listener goes, reset the
// disposition to SIG_DFL. After that, kill() kills for every signal above (all
// tested: SIGPIPE → 141, SIGUSR1 → 138, SIGSEGV → 139, ...). If the process is
// still alive after kill() (the signal is blocked by an inherited mask, or its
// default action is to ignore, like SIGCHLD/SIGWINCH/SIGURG, or Node refuses
// the listener), we fall back to exit(128+N), which the shell cannot tell apart
// except for the "Segmentation fault" message it prints.
//
// Core dumps: like qemu, the host core dump is suppressed for core-dumping
// signals (a core of Node with a 4 GiB guest memory reservation is useless and
// huge) — best effort: if /proc/self/limits shows a non-zero RLIMIT_CORE soft
// limit, `prlimit` (util-linux) lowers it to 0 first.

import * as fs from 'fs';
import * as os from 'os';

const CORE_SIGNALS = new Set([3, 4, 5, 6, 7, 8, 11, 24, 25, 31]);

/** Host signal name for a number (guest numbers of riscv64/aarch64/arm match the host's generic Linux numbering). */
export function signalName(sig: number): NodeJS.Signals | undefined {
  for (const [name, n] of Object.entries(os.constants.signals)) if (n === sig) return name as NodeJS.Signals;
  return undefined;
}

function suppressCoreDump(): void {
  try {
    const limits = fs.readFileSync('/proc/self/limits', 'utf8');
    const m = /^Max core file size\s+(\S+)/m.exec(limits);
    if (!m || m[1] === '0') return;
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { spawnSync } = require('child_process') as typeof import('child_process');
    spawnSync('prlimit', [`--pid=${process.pid}`, '--core=0:'], { stdio: 'ignore', timeout: 2000 });
  } catch {
    // best effort
  }
}

/** Resets `sig` to its default disposition (see the notes above). */
export function resetToDefault(name: NodeJS.Signals): void {
  const noop = (): void => {};
  try {
    process.on(name, noop);
  } catch {
    return; // SIGKILL/SIGSTOP and anything libuv refuses
  }
  process.removeListener(name, noop);
}

/** Kills this process with `sig` (after resetting it to SIG_DFL); exits with 128+sig if that does not work. */
export function dieOfSignal(sig: number): never {
  const name = signalName(sig);
  if (CORE_SIGNALS.has(sig)) suppressCoreDump();
  try {
    if (name) {
      resetToDefault(name);
      process.kill(process.pid, name);
    } else if (sig > 0 && sig < 65) {
      process.kill(process.pid, sig); // real-time signals: Node leaves them at SIG_DFL
    }
  } catch {
    // fall through
  }
  process.exit(128 + (sig & 0x7f));
}
