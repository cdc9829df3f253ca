// Host clocks as the guest sees them (nanoseconds as bigint), and blocking sleep.

import * as os from 'os';
import {
  CLOCK_BOOTTIME, CLOCK_BOOTTIME_ALARM, CLOCK_MONOTONIC, CLOCK_MONOTONIC_COARSE, CLOCK_MONOTONIC_RAW,
  CLOCK_PROCESS_CPUTIME_ID, CLOCK_REALTIME, CLOCK_REALTIME_ALARM, CLOCK_REALTIME_COARSE, CLOCK_TAI,
  CLOCK_THREAD_CPUTIME_ID,
} from '../syscalls/flags';

// process.hrtime is CLOCK_MONOTONIC on Linux; realtime is anchored to it once
// so it has nanosecond resolution and never goes backwards within a run.
const monoAtStart = process.hrtime.bigint();
const realAtStart = BigInt(Date.now()) * 1_000_000n;
// Boot time offset for CLOCK_BOOTTIME: os.uptime() has second resolution, so
// only the offset is taken from it.
const bootOffset = BigInt(Math.round(os.uptime() * 1e9)) - monoAtStart;

export function monotonicNs(): bigint { return process.hrtime.bigint(); }
export function realtimeNs(): bigint { return realAtStart + (process.hrtime.bigint() - monoAtStart); }
export function boottimeNs(): bigint {
  const t = process.hrtime.bigint() + bootOffset;
  return t > 0n ? t : process.hrtime.bigint();
}
/** CPU time of the whole emulator process (user + system). */
export function cpuTimeNs(): bigint {
  const u = process.cpuUsage();
  return BigInt(u.user + u.system) * 1000n;
}

/** Current value of a guest clock, or undefined for an invalid clock id. */
export function clockNow(id: number): bigint | undefined {
  switch (id) {
    case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE: case CLOCK_REALTIME_ALARM: return realtimeNs();
    case CLOCK_TAI: return realtimeNs() + 37_000_000_000n;
    case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_COARSE: case CLOCK_MONOTONIC_RAW: return monotonicNs();
    case CLOCK_BOOTTIME: case CLOCK_BOOTTIME_ALARM: return boottimeNs();
    case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID: return cpuTimeNs();
    default:
      // Dynamic CPU clocks (clock_getcpuclockid/pthread_getcpuclockid): negative ids
      // encoding a pid/tid; only our own process exists.
      if (id < 0 && (id & 3) !== 3) return cpuTimeNs();
      return undefined;
  }
}

/** Resolution of a guest clock in ns, or undefined for an invalid id. */
export function clockRes(id: number): bigint | undefined {
  if (clockNow(id) === undefined) return undefined;
  if (id === CLOCK_REALTIME_COARSE || id === CLOCK_MONOTONIC_COARSE) return 4_000_000n;
  return 1n;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ns` nanoseconds (Atomics.wait: no busy loop). */
export function sleepNs(ns: bigint): void {
  if (ns <= 0n) return;
  const deadline = process.hrtime.bigint() + ns;
  for (;;) {
    const left = deadline - process.hrtime.bigint();
    if (left <= 0n) return;
    const ms = Number(left) / 1e6;
    Atomics.wait(sleeper, 0, 0, Math.min(ms, 0x7fff_ffff));
  }
}
