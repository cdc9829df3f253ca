// -plugin (src/plugins, docs/PLUGINS.md): the example plugins (plugins/insn-count.js,
// plugins/hotblocks.js) and hooks written here, on all three architectures.
//  - instruction counts are identical whatever tier runs the code (interpreter,
//    regions compiled to JS or wasm, single blocks), and equal to qemu's count of
//    executed one-instruction TBs (-singlestep -d exec,nochain) for libc-free programs;
//  - hotblocks finds the known hot loop (spin() of hotloop.c) with its trip count;
//  - every guest process loads its own instance (fork);
//  - memory and system call hooks see the same accesses in every tier;
//  - a plugin that asks for no execution hooks leaves the generated code unchanged.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NODEMU, ROOT } from './harness';

const BUILD = path.join(ROOT, 'test-binaries', 'build');
const ARCHS = ['riscv64', 'aarch64', 'arm'] as const;
const NM: Record<string, string> = { riscv64: 'riscv64-linux-gnu-nm', aarch64: 'aarch64-linux-gnu-nm', arm: 'arm-linux-gnueabihf-nm' };
const INSN = path.join(ROOT, 'plugins', 'insn-count.js');
const HOT = path.join(ROOT, 'plugins', 'hotblocks.js');
/**
 * Ways to run the same code: default tiers (interpreter, then regions in wasm), regions
 * compiled to wasm at the first run, regions compiled to JS at the first run.
 * (NODEMU_NO_REGIONS=1 and NODEMU_JIT_THRESHOLD=0 give the same counts too; left out for time.)
 */
const MODES: Record<string, Record<string, string>> = {
  default: {},
  jit1: { NODEMU_JIT_THRESHOLD: '1' },
  js: { NODEMU_BACKEND: 'js', NODEMU_JIT_THRESHOLD: '1' },
};
const MODE_VARS = 'NODEMU_JIT_THRESHOLD,NODEMU_BACKEND,NODEMU_NO_REGIONS';

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodemu-plugins-')); });
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

/** Runs nodemu with a fixed environment; the mode's variables are hidden from the guest (-U) so that start-up code sees the same environment in every mode. */
function nodemu(args: string[], mode: Record<string, string> = {}) {
  const r = spawnSync(NODEMU, ['-U', MODE_VARS, ...args], {
    encoding: 'utf8', env: { PATH: process.env.PATH!, LANG: 'C', ...mode }, timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const count = (stderr: string): number => {
  const m = /^insns: (\d+)$/m.exec(stderr);
  if (!m) throw new Error(`no count in: ${stderr}`);
  return Number(m[1]);
};

function writePlugin(name: string, source: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, source);
  return p;
}

describe.each(ARCHS)('plugins on %s', (arch) => {
  const hotloop = path.join(BUILD, arch, 'hotloop');

  test('insn-count: the same count in every execution tier, plausible for the loop', () => {
    const counts: Record<string, number> = {};
    for (const [name, env] of Object.entries(MODES)) {
      const r = nodemu(['-plugin', INSN, hotloop, '20000'], env);
      expect(r.status).toBe(0);
      counts[name] = count(r.stderr);
    }
    // mode=tb counts whole blocks: the same here (no block of hotloop is left early).
    expect(count(nodemu(['-plugin', `${INSN},mode=tb`, hotloop, '20000'], MODES.jit1).stderr)).toBe(counts.default);
    expect(new Set(Object.values(counts)).size).toBe(1);
    // spin()'s loop is 4 instructions per iteration on all three; glibc start-up and printf add a few thousand.
    expect(counts.default).toBeGreaterThan(4 * 20000);
    expect(counts.default).toBeLessThan(4 * 20000 + 30000);
    // Exactly 2 × 4 more instructions per 2 more iterations... (the loop, nothing else, scales).
    const more = count(nodemu(['-plugin', INSN, hotloop, '20002']).stderr);
    expect(more - counts.default).toBe(8);
  });

  test('hotblocks: the hottest block is spin()\'s loop, run N-1 times', () => {
    const r = nodemu(['-plugin', `${HOT},limit=3`, hotloop, '30000'], MODES.jit1);
    expect(r.status).toBe(0);
    const lines = r.stderr.split('\n');
    const head = lines.indexOf(' pc, tcount, icount, ecount');
    expect(head).toBeGreaterThan(0);
    expect(lines[head - 1]).toMatch(/^collected \d+ entries in the hash table$/);
    const rows = lines.slice(head + 1).filter((l) => l).map((l) => l.split(', '));
    expect(rows).toHaveLength(3);
    const [pc, , icount, ecount] = rows[0];
    expect(Number(icount)).toBe(4);
    expect(Number(ecount)).toBe(29999); // the first iteration is part of the block entering the loop
    const nm = spawnSync(NM[arch], ['-S', hotloop], { encoding: 'utf8' }).stdout;
    const m = /^([0-9a-f]+) ([0-9a-f]+) T spin$/m.exec(nm);
    expect(m).not.toBeNull();
    const start = parseInt(m![1], 16) & ~1, end = start + parseInt(m![2], 16);
    expect(Number(pc)).toBeGreaterThanOrEqual(start);
    expect(Number(pc)).toBeLessThan(end);
  });

  test('each guest process has its own instance (fork), NODEMU_PLUGIN and -plugin together', () => {
    const r = spawnSync(NODEMU, ['-plugin', INSN, hotloop, '40000', 'fork'], {
      encoding: 'utf8', env: { PATH: process.env.PATH!, NODEMU_PLUGIN: `${HOT},limit=1` }, timeout: 60_000,
    });
    expect(r.status).toBe(0);
    const counts = [...r.stderr.matchAll(/^insns: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(counts).toHaveLength(2);
    // The child (spin(20000), then _exit) ends first; the parent also ran spin(40000) and printf.
    const [child, parent] = counts;
    expect(child).toBeGreaterThan(4 * 20000);
    expect(parent - child).toBeGreaterThan(4 * 20000);
    expect(r.stderr.match(/^collected \d+ entries/gm)).toHaveLength(2);
  });

  test('memory and system call hooks: the same in every tier; syscalls match -strace', () => {
    const plugin = writePlugin('memsys.js', `
      exports.install = (api, args) => {
        let loads = 0, stores = 0, bytes = 0, rets = 0;
        const calls = [];
        api.onTranslate((tb) => { for (const i of tb.insns) i.onMem((vcpu, addr, size, st) => { if (st) stores++; else loads++; bytes += size; }, args.rw); });
        api.onSyscall((vcpu, num, a) => calls.push(api.syscallName(num)));
        api.onSyscallReturn((vcpu, num, ret) => { rets++; });
        api.onExit(() => api.outs('mem ' + loads + ' ' + stores + ' ' + bytes + ' rets ' + rets + '\\ncalls ' + calls.join(' ') + '\\n'));
      };`);
    const results = Object.values(MODES).map((env) => nodemu(['-plugin', plugin, hotloop, '1000'], env).stderr);
    expect(new Set(results).size).toBe(1);
    const [, loads, stores, bytes] = /^mem (\d+) (\d+) (\d+)/m.exec(results[0])!.map(Number);
    expect(loads).toBeGreaterThan(100);
    expect(stores).toBeGreaterThan(100);
    expect(bytes).toBeGreaterThanOrEqual(loads + stores);
    // Filters: loads only.
    const r = nodemu(['-plugin', `${plugin},rw=r`, hotloop, '1000']).stderr;
    expect(/^mem (\d+) (\d+)/m.exec(r)!.slice(1).map(Number)).toEqual([loads, 0]);
    // The system calls are the ones -strace shows, in order; every one but exit_group returns.
    const calls = /^calls (.*)$/m.exec(results[0])![1].split(' ');
    const strace = nodemu(['-strace', hotloop, '1000']).stderr.split('\n')
      .map((l) => /^\d+ (\w+)\(/.exec(l)?.[1]).filter((x): x is string => !!x);
    expect(calls).toEqual(strace);
    expect(Number(/rets (\d+)/.exec(results[0])![1])).toBe(calls.length - 1);
  });

  test('no execution hooks asked for: generated code identical to a run without -plugin', () => {
    const quiet = writePlugin('quiet.js', `
      exports.install = (api) => {
        let n = 0, blocks = 0;
        api.onTranslate((tb) => { blocks++; void tb.insns.map((i) => i.disas); });
        api.onSyscall(() => { n++; });
        api.onExit(() => api.outs('quiet: ' + n + ' syscalls, ' + blocks + ' blocks\\n'));
      };`);
    const code = (extra: string[]) => {
      const log = path.join(dir, `out-${arch}-${extra.length}.log`);
      const r = nodemu([...extra, '-d', 'op_opt,out_js', '-D', log, hotloop, '100'], MODES.js);
      expect(r.status).toBe(0);
      return { text: fs.readFileSync(log, 'utf8'), stderr: r.stderr };
    };
    const plain = code([]);
    const withPlugin = code(['-plugin', quiet]);
    expect(plain.text.length).toBeGreaterThan(10000);
    // The plugin's own output goes to the -D file too (like qemu_plugin_outs); the code around it is unchanged.
    expect(withPlugin.text).toMatch(/^quiet: \d+ syscalls, \d+ blocks$/m);
    expect(withPlugin.text.replace(/^quiet: .*\n/m, '')).toBe(plain.text);
    // Sanity: the check can fail — execution hooks do change the code.
    const counting = code(['-plugin', INSN]);
    expect(counting.text.replace(/^insns: .*\n/m, '')).not.toBe(plain.text);
    expect(counting.text).toContain('plugin_exec');
  });
});

test('qemu reference: instruction counts of libc-free programs equal qemu -singlestep -d exec,nochain', () => {
  // aarch64 "mem" differs by design (DC ZVA block size); arm "thumb" and "vfp" have IT blocks (translated as one step, counted per instruction).
  const cases: Array<[string, string]> = [['riscv64', 'alu'], ['riscv64', 'branch'], ['riscv64', 'compressed'], ['aarch64', 'alu'], ['aarch64', 'simd'],
    ['arm', 'alu'], ['arm', 'mem'], ['arm', 'thumb'], ['arm', 'vfp']];
  for (const [arch, name] of cases) {
    const prog = path.join(BUILD, arch, name);
    const qlog = path.join(dir, `q-${arch}-${name}.log`);
    const q = spawnSync(`qemu-${arch}`, ['-singlestep', '-d', 'exec,nochain', '-D', qlog, prog], { env: {}, encoding: 'utf8' });
    if (q.error) { console.warn(`qemu-${arch} not available: ${q.error.message}`); continue; }
    const qemuCount = fs.readFileSync(qlog, 'utf8').split('\n').filter((l) => l.startsWith('Trace ')).length;
    const ours = count(nodemu(['-plugin', INSN, prog]).stderr);
    expect(`${arch}/${name}: ${ours}`).toBe(`${arch}/${name}: ${qemuCount}`);
  }
});

test('bad -plugin: missing file, bad argument, module without install', () => {
  const hello = path.join(BUILD, 'riscv64', 'hello');
  let r = nodemu(['-plugin', path.join(dir, 'nope.js'), hello]);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^nodemu: -plugin .*nope\.js: .*No such file or directory$/m);
  r = nodemu(['-plugin', `${INSN},oops`, hello]);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/'oops' is not of the form name=value/);
  const bad = writePlugin('bad.js', 'exports.x = 1;\n');
  r = nodemu(['-plugin', bad, hello]);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/exports no install\(api, args\) function/);
  expect(r.stdout).toBe('');
});
