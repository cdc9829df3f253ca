// qemu-style option parsing.

import { guestEnvironment, parseArgs, parseSize, usage, UsageError } from '../../src/cli/args';
import { forcedArch } from '../../src/cli/main';

describe('parseArgs', () => {
  test('options stop at the program; guest arguments are untouched', () => {
    const o = parseArgs(['-L', '/sysroot', './prog', '-L', 'x', '--', '-h', '-strace']);
    expect(o.action).toBe('run');
    expect(o.ldPrefix).toBe('/sysroot');
    expect(o.program).toBe('./prog');
    expect(o.args).toEqual(['-L', 'x', '--', '-h', '-strace']);
    expect(o.strace).toBe(false);
  });

  test('-- ends the options, so a program may start with a dash', () => {
    const o = parseArgs(['-strace', '--', '-weird-name', 'a']);
    expect(o.strace).toBe(true);
    expect(o.program).toBe('-weird-name');
    expect(o.args).toEqual(['a']);
  });

  test('double-dash spellings are accepted like qemu', () => {
    expect(parseArgs(['--strace', 'p']).strace).toBe(true);
    expect(parseArgs(['--L', '/r', 'p']).ldPrefix).toBe('/r');
  });

  test('every option', () => {
    const o = parseArgs(['-L', '/r', '-E', 'A=1,B=x=y', '-U', 'C', '-E', 'D=', '-0', 'argv0', '-s', '2M', '-d', 'in_asm',
      '-d', 'op', '-D', '/tmp/log', '-strace', '-cpu', 'rv64', '-g', '1234', '-plugin', 'a.js', '-plugin', 'b.js,n=1', 'prog', 'a']);
    expect(o).toEqual({
      action: 'run', ldPrefix: '/r', argv0: 'argv0', stackSize: 2 * 1024 * 1024, log: 'in_asm,op', logFile: '/tmp/log',
      strace: true, cpu: 'rv64', gdb: '1234', program: 'prog', args: ['a'], plugins: ['a.js', 'b.js,n=1'],
      envOps: [
        { op: 'set', name: 'A', value: '1' }, { op: 'set', name: 'B', value: 'x=y' },
        { op: 'unset', name: 'C' }, { op: 'set', name: 'D', value: '' },
      ],
    });
  });

  test('-plugin: repeatable, NODEMU_PLUGIN first; FILE[,name=value...] specs', () => {
    expect(parseArgs(['-plugin', 'x.js', 'p'], { NODEMU_PLUGIN: 'e.js,a=1' }).plugins).toEqual(['e.js,a=1', 'x.js']);
    const { parsePluginSpec } = require('../../src/plugins/host') as typeof import('../../src/plugins/host');
    expect(parsePluginSpec('p.js,limit=5,mode=tb', '/w')).toEqual({ path: '/w/p.js', args: [['limit', '5'], ['mode', 'tb']] });
    expect(parsePluginSpec('file=/abs/p.js,x=a=b', '/w')).toEqual({ path: '/abs/p.js', args: [['x', 'a=b']] });
    expect(() => parsePluginSpec('p.js,oops')).toThrow("'oops' is not of the form name=value");
    expect(() => parsePluginSpec('a=1')).toThrow('no plugin file given');
  });

  test('actions that end parsing', () => {
    expect(parseArgs(['-h']).action).toBe('help');
    expect(parseArgs(['-help', '-bogus']).action).toBe('help');
    expect(parseArgs(['-version']).action).toBe('version');
    expect(parseArgs(['-d', 'help']).action).toBe('log-help');
    expect(parseArgs(['-cpu', 'help']).action).toBe('cpu-help');
    expect(parseArgs(['-cpu', '?']).action).toBe('cpu-help');
  });

  test('no program', () => {
    const o = parseArgs(['-strace']);
    expect(o.program).toBeUndefined();
    expect(o.args).toEqual([]);
  });

  test('usage errors', () => {
    expect(() => parseArgs(['-x', 'prog'])).toThrow(new UsageError("unknown option '-x' (try '-h')"));
    expect(parseArgs(['-']).program).toBe('-'); // a lone dash is not an option
    expect(() => parseArgs(['-L'])).toThrow("option '-L' needs an argument (path)");
    expect(() => parseArgs(['-s', 'lots', 'p'])).toThrow("-s: invalid stack size 'lots'");
    expect(() => parseArgs(['-s', '0', 'p'])).toThrow(/invalid stack size/);
    expect(() => parseArgs(['-s', '2G', 'p'])).toThrow(/too large/);
    expect(() => parseArgs(['-E', 'NOEQUALS', 'p'])).toThrow("-E: 'NOEQUALS' is not of the form VAR=VALUE");
    expect(() => parseArgs(['-E', '=v', 'p'])).toThrow(/not of the form/);
    expect(() => parseArgs(['-U', 'A=1', 'p'])).toThrow(/not a variable name/);
  });

  test('NODEMU_* variables, overridden by the command line', () => {
    const env = {
      NODEMU_LD_PREFIX: '/env-root', NODEMU_STACK_SIZE: '64k', NODEMU_LOG: 'exec', NODEMU_LOG_FILENAME: 'f',
      NODEMU_STRACE: '1', NODEMU_SET_ENV: 'X=1', NODEMU_UNSET_ENV: 'Y', NODEMU_ARGV0: 'zero', NODEMU_CPU: 'rv64',
    };
    const o = parseArgs(['-L', '/cli-root', 'p'], env);
    expect(o).toMatchObject({
      ldPrefix: '/cli-root', stackSize: 65536, log: 'exec', logFile: 'f', strace: true, argv0: 'zero', cpu: 'rv64',
      envOps: [{ op: 'set', name: 'X', value: '1' }, { op: 'unset', name: 'Y' }],
    });
    expect(parseArgs(['p'], { NODEMU_STRACE: '' }).strace).toBe(false);
    expect(parseArgs(['p'], { NODEMU_STRACE: '0' }).strace).toBe(false);
    expect(() => parseArgs(['p'], { NODEMU_STACK_SIZE: 'x' })).toThrow("NODEMU_STACK_SIZE: invalid stack size 'x'");
  });
});

test('parseSize', () => {
  expect(parseSize('4096')).toBe(4096);
  expect(parseSize('8M')).toBe(8 << 20);
  expect(parseSize('8m')).toBe(8 << 20);
  expect(parseSize('512k')).toBe(512 << 10);
  expect(parseSize('1G')).toBe(1 << 30);
  expect(parseSize('16MiB')).toBe(16 << 20);
  expect(parseSize('0x10000')).toBe(65536);
  expect(parseSize('')).toBeUndefined();
  expect(parseSize('-1')).toBeUndefined();
  expect(parseSize('1.5M')).toBeUndefined();
  expect(parseSize('99999999999999999999G')).toBeUndefined();
});

test('guestEnvironment: host environment edited in order', () => {
  const host = { PATH: '/bin', HOME: '/root', TERM: 'x' };
  expect(guestEnvironment(host, [])).toEqual(['PATH=/bin', 'HOME=/root', 'TERM=x']);
  expect(guestEnvironment(host, [
    { op: 'set', name: 'HOME', value: '/guest' }, { op: 'unset', name: 'TERM' }, { op: 'set', name: 'NEW', value: 'a,b' },
    { op: 'unset', name: 'MISSING' }, { op: 'set', name: 'TERM', value: 'y' },
  ])).toEqual(['PATH=/bin', 'HOME=/guest', 'NEW=a,b', 'TERM=y']);
});

test('forcedArch from the invocation name', () => {
  expect(forcedArch('nodemu')).toBeUndefined();
  expect(forcedArch('/usr/bin/nodemu-riscv64')).toBe('riscv64');
  expect(forcedArch('nodemu-arm')).toBe('arm');
  expect(forcedArch('nodemu-aarch64')).toBe('aarch64');
  expect(forcedArch('nodemu-x86_64')).toBeUndefined();
});

test('usage lists every option and its variable', () => {
  const u = usage('nodemu', ['riscv64']);
  for (const s of ['-L path', 'NODEMU_LD_PREFIX', '-E var=value', 'NODEMU_SET_ENV', '-U var', '-0 argv0', '-s size',
    'NODEMU_STACK_SIZE', '-d item[,...]', 'NODEMU_LOG', '-D logfile', 'NODEMU_LOG_FILENAME', '-strace', 'NODEMU_STRACE',
    '-cpu model', '-g port', '-version', '-h, -help']) {
    expect(u).toContain(s);
  }
  expect(u.startsWith('usage: nodemu [options] program [arguments...]\n')).toBe(true);
});
