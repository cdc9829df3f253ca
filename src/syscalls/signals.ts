// Guest signal numbers and constants (asm-generic/signal.h numbering, which
// riscv64, aarch64 and arm share).

export const NSIG = 64;

export const SIGNAL_NAMES: Readonly<Record<number, string>> = {
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE',
  9: 'SIGKILL', 10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM',
  16: 'SIGSTKFLT', 17: 'SIGCHLD', 18: 'SIGCONT', 19: 'SIGSTOP', 20: 'SIGTSTP', 21: 'SIGTTIN', 22: 'SIGTTOU',
  23: 'SIGURG', 24: 'SIGXCPU', 25: 'SIGXFSZ', 26: 'SIGVTALRM', 27: 'SIGPROF', 28: 'SIGWINCH', 29: 'SIGIO',
  30: 'SIGPWR', 31: 'SIGSYS',
};

export function signalName(sig: number): string {
  return SIGNAL_NAMES[sig] ?? (sig >= 32 && sig <= NSIG ? `SIGRT${sig - 32}` : `SIG${sig}`);
}

export const SIGABRT = 6;
export const SIGKILL = 9;
export const SIGSEGV = 11;
export const SIGPIPE = 13;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGURG = 23;
export const SIGWINCH = 28;

/** What SIG_DFL does for a signal. */
export type DefaultAction = 'term' | 'core' | 'ignore' | 'stop' | 'cont';

export function defaultAction(sig: number): DefaultAction {
  switch (sig) {
    case SIGCHLD: case SIGURG: case SIGWINCH: return 'ignore';
    case SIGCONT: return 'cont';
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU: return 'stop';
    case 3: case 4: case 5: case 6: case 7: case 8: case 11: case 24: case 25: case 31: return 'core';
    default: return 'term';
  }
}

export const SIG_DFL = 0;
export const SIG_IGN = 1;

export const SIG_BLOCK = 0;
export const SIG_UNBLOCK = 1;
export const SIG_SETMASK = 2;

export const SA_NOCLDSTOP = 0x00000001;
export const SA_NOCLDWAIT = 0x00000002;
export const SA_SIGINFO = 0x00000004;
export const SA_RESTORER = 0x04000000;
export const SA_ONSTACK = 0x08000000;
export const SA_RESTART = 0x10000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;

export const SS_ONSTACK = 1;
export const SS_DISABLE = 2;
export const MINSIGSTKSZ = 2048;

/** Bit of `sig` in a 64-bit sigset. */
export function sigBit(sig: number): bigint { return 1n << BigInt(sig - 1); }

/** Signals that can never be caught, ignored or blocked. */
export const UNBLOCKABLE = sigBit(SIGKILL) | sigBit(SIGSTOP);
