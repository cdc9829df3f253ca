// qemu-user style command line: single-dash options (a second dash is
// tolerated), options end at the first argument that does not start with '-'
// (the program) or at '--'; everything after the program belongs to the guest
// untouched. Every option with an argument also has a NODEMU_* environment
// variable; the environment is applied first and the command line overrides it.
//
// Parsed by hand rather than with yargs: yargs' GNU-style parsing does not fit
// single-dash long options or "stop at the program", and keeping it out of the
// start-up path saves tens of milliseconds per run.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Action = 'run' | 'help' | 'version' | 'log-help' | 'cpu-help';

export interface CliOptions {
  action: Action;
  /** -L */
  ldPrefix?: string;
  /** -E / -U in order: set (NAME=value) or unset (NAME). */
  envOps: Array<{ op: 'set'; name: string; value: string } | { op: 'unset'; name: string }>;
  /** -0 */
  argv0?: string;
  /** -s, in bytes (not yet page-rounded). */
  stackSize?: number;
  /** -d item list. */
  log?: string;
  /** -D */
  logFile?: string;
  /** -strace */
  strace: boolean;
  /** -cpu */
  cpu?: string;
  /** -g */
  gdb?: string;
  /** -plugin, in order (NODEMU_PLUGIN first): FILE[,name=value...] as typed. */
  plugins: string[];
  /** The program as typed. */
  program?: string;
  /** Guest arguments after the program. */
  args: string[];
}

interface OptionDef {
  names: string[];
  /** Name of the argument in help, if the option takes one. */
  arg?: string;
  env?: string;
  help: string;
  apply(o: CliOptions, value: string, source: string): void;
}

/** Largest -s accepted (1 GiB; the loader enforces the same). */
const MAX_STACK = 1024 * 1024 * 1024;

/** Parses "8M", "512k", "0x100000", "1G"... as bytes. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(0x[0-9a-f]+|\d+)\s*([kmg]?)(i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const mul = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  const v = n * mul;
  return Number.isSafeInteger(v) ? v : undefined;
}

function parseEnvSet(o: CliOptions, value: string, source: string): void {
  for (const item of value.split(',')) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${source}: '${item}' is not of the form VAR=VALUE`);
    o.envOps.push({ op: 'set', name: item.slice(0, eq), value: item.slice(eq + 1) });
  }
}

function parseEnvUnset(o: CliOptions, value: string, source: string): void {
  for (const item of value.split(',')) {
    if (item === '') continue;
    if (item.includes('=')) throw new UsageError(`${source}: '${item}' is not a variable name`);
    o.envOps.push({ op: 'unset', name: item });
  }
}

export const OPTIONS: readonly OptionDef[] = [
  { names: ['h', 'help'], help: 'print this help and exit', apply: (o) => { o.action = 'help'; } },
  { names: ['L'], arg: 'path', env: 'NODEMU_LD_PREFIX', help: "look for the ELF interpreter (and guest libraries) under 'path'",
    apply: (o, v) => { o.ldPrefix = v; } },
  { names: ['s'], arg: 'size', env: 'NODEMU_STACK_SIZE', help: "guest stack size in bytes, with k/M/G suffixes (default 8M)",
    apply: (o, v, src) => {
      const n = parseSize(v);
      if (n === undefined || n <= 0) throw new UsageError(`${src}: invalid stack size '${v}'`);
      if (n > MAX_STACK) throw new UsageError(`${src}: stack size '${v}' is too large (at most 1G)`);
      o.stackSize = n;
    } },
  { names: ['cpu'], arg: 'model', env: 'NODEMU_CPU', help: "CPU model ('-cpu help' lists them)",
    apply: (o, v) => { if (v === 'help' || v === '?') o.action = 'cpu-help'; else o.cpu = v; } },
  { names: ['E'], arg: 'var=value', env: 'NODEMU_SET_ENV', help: 'set guest environment variables (comma-separated list allowed)',
    apply: parseEnvSet },
  { names: ['U'], arg: 'var', env: 'NODEMU_UNSET_ENV', help: 'remove guest environment variables (comma-separated list allowed)',
    apply: parseEnvUnset },
  { names: ['0'], arg: 'argv0', env: 'NODEMU_ARGV0', help: "pass 'argv0' to the guest as argv[0] instead of the program name",
    apply: (o, v) => { o.argv0 = v; } },
  { names: ['g'], arg: 'port', env: 'NODEMU_GDB', help: "wait for gdb on 'port' ([host:]port) before the first instruction",
    apply: (o, v) => { o.gdb = v; } },
  { names: ['plugin'], arg: 'file[,arg=value...]', env: 'NODEMU_PLUGIN', help: "load an instrumentation plugin (JavaScript module; repeatable, see docs/PLUGINS.md)",
    apply: (o, v) => { o.plugins.push(v); } },
  { names: ['d'], arg: 'item[,...]', env: 'NODEMU_LOG', help: "enable log items ('-d help' lists them)",
    apply: (o, v) => {
      if (v.split(',').some((s) => s.trim() === 'help' || s.trim() === '?')) o.action = 'log-help';
      else o.log = o.log ? `${o.log},${v}` : v;
    } },
  { names: ['D'], arg: 'logfile', env: 'NODEMU_LOG_FILENAME', help: "write the log to 'logfile' instead of stderr",
    apply: (o, v) => { o.logFile = v; } },
  { names: ['strace'], env: 'NODEMU_STRACE', help: 'log system calls (like strace) to stderr',
    apply: (o) => { o.strace = true; } },
  { names: ['version'], help: 'print the version and exit', apply: (o) => { o.action = 'version'; } },
];

const BY_NAME = new Map<string, OptionDef>();
for (const d of OPTIONS) for (const n of d.names) BY_NAME.set(n, d);

/**
 * Parses the command line (without node and the script) and the NODEMU_*
 * variables of `env`. Throws UsageError on bad options.
 */
export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): CliOptions {
  const o: CliOptions = { action: 'run', envOps: [], strace: false, plugins: [], args: [] };

  for (const d of OPTIONS) {
    if (!d.env) continue;
    const v = env[d.env];
    if (v === undefined || v === '') continue;
    if (d.arg) d.apply(o, v, d.env);
    else if (v !== '0') d.apply(o, v, d.env);
  }

  let i = 0;
  while (i < argv.length) {
    const a = argv[i];
    if (!a.startsWith('-') || a === '-') break;
    i++;
    if (a === '--') break;
    const name = a.startsWith('--') ? a.slice(2) : a.slice(1);
    const d = BY_NAME.get(name);
    if (!d) throw new UsageError(`unknown option '${a}' (try '-h')`);
    let value = '';
    if (d.arg) {
      if (i >= argv.length) throw new UsageError(`option '${a}' needs an argument (${d.arg})`);
      value = argv[i++];
    }
    d.apply(o, value, a);
    // -h, -version and the help forms act at once, like qemu.
    if (o.action !== 'run') return o;
  }
  if (i < argv.length) {
    o.program = argv[i];
    o.args = argv.slice(i + 1);
  }
  return o;
}

/** The guest environment: the host's, edited by -E / -U in command-line order. */
export function guestEnvironment(host: Readonly<Record<string, string | undefined>>, ops: CliOptions['envOps']): string[] {
  const vars = new Map<string, string>();
  for (const [k, v] of Object.entries(host)) if (v !== undefined) vars.set(k, v);
  for (const op of ops) {
    if (op.op === 'set') vars.set(op.name, op.value);
    else vars.delete(op.name);
  }
  return [...vars].map(([k, v]) => `${k}=${v}`);
}

/** The usage text. */
export function usage(name: string, archs: readonly string[]): string {
  const rows = OPTIONS.map((d) => [
    d.names.map((n) => '-' + n).join(', ') + (d.arg ? ' ' + d.arg : ''),
    d.env ?? '',
    d.help,
  ]);
  const w0 = Math.max(...rows.map((r) => r[0].length)), w1 = Math.max(...rows.map((r) => r[1].length));
  const lines = rows.map(([a, e, h]) => `  ${a.padEnd(w0)}  ${e.padEnd(w1)}  ${h}`.trimEnd());
  return [
    `usage: ${name} [options] program [arguments...]`,
    `Runs a Linux ${archs.join('/')} program on this machine (the architecture comes from its ELF header).`,
    '',
    `  ${'option'.padEnd(w0)}  ${'environment'.padEnd(w1)}  meaning`,
    ...lines,
    '',
    'Options stop at the program; arguments after it go to the program unchanged.',
    'The environment variables set the same things; command-line options override them.',
    "The guest's environment is nodemu's own, changed by -E and -U.",
    'DEBUG=nodemu:* prints internal debugging output.',
    '',
  ].join('\n');
}
