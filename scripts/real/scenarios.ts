// The scenarios of the real-program compatibility suite (scripts/real/run.ts).
// Each runs one or more command lines of a real third-party program in a fresh
// work directory holding the fixture files, under nodemu and under qemu-<arch>;
// stdout, stderr, exit status and the files named in `outputs` must match, and
// `check` (run on nodemu's result) verifies the work itself (checksums, round trips).
import * as crypto from 'crypto';
import * as zlib from 'zlib';

export type Arch = 'aarch64' | 'arm' | 'riscv64';

export interface Step {
  /** Program: a path inside the architecture's Debian root, or `npm:<spec>` for an npm package's binary. */
  prog: string;
  args: string[];
  stdin?: string | Buffer;
  /** Redirect stdout into this work-directory file (like `> file`) instead of comparing it as output. */
  out?: string;
}

export interface StepResult { status: number; stdout: Buffer; stderr: string; timedOut: boolean }

export interface Scenario {
  /** Program name for the table (one row per program). */
  program: string;
  name: string;
  arch: Arch;
  steps: Step[];
  /** -L for both emulators (default: the architecture's Debian root, when there is one). */
  prefix?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Files created in the work directory before the run. */
  files?: Record<string, string | Buffer>;
  /** Files (written by the program) compared between both runs, byte for byte. */
  outputs?: string[];
  /** Seconds per step and emulator (default 180). */
  timeout?: number;
  /** Extra check of nodemu's run: throws (or returns a message) when the work is wrong. */
  check?: (r: StepResult[], readOut: (name: string) => Buffer) => string | void;
  /** Applied to both sides' stdout/stderr before comparing (text outputs only). */
  normalize?: (text: string) => string;
  /** Known to fail under nodemu, and why; the report flags it if it passes. */
  xfail?: string;
}

// ---------------------------------------------------------------- fixtures

/** Deterministic text: lines of pseudo-random words. */
export function words(n: number, seed: number): string {
  const vocab = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'needle', 'haystack', 'Zeta', 'alpha', 'beta', 'gamma',
    'delta', 'epsilon', 'x', 'qemu', 'nodemu', 'aarch64', 'busybox', '42', '-7', '3.14', 'foo@example.com', 'v1.2.3'];
  let s = seed >>> 0;
  const next = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s >>> 8; };
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = 1 + (next() % 8);
    const ws: string[] = [];
    for (let j = 0; j < k; j++) ws.push(vocab[next() % vocab.length]);
    lines.push(ws.join(' '));
  }
  return lines.join('\n') + '\n';
}

const TEXT = words(400, 1);
const BIG = words(6000, 2); // ~190 KB
const sha256 = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');
const NUMS = Array.from({ length: 60 }, (_, i) => `item${i} ${((i * 7919) % 1000) - 300} ${(i * 31) % 17}`).join('\n') + '\n';
const SALES = ['region,product,units,price', ...Array.from({ length: 200 }, (_, i) =>
  `${['north', 'south', 'east', 'west'][i % 4]},${['apple', 'pear', 'plum', 'fig', 'kiwi'][(i * 7) % 5]},${(i * 37) % 50 + 1},${((i * 13) % 90 + 10) / 10}`)].join('\n') + '\n';
const JSON_DOC = JSON.stringify({
  name: 'nodemu', version: '0.1.0',
  users: Array.from({ length: 30 }, (_, i) => ({ id: i, name: `user${i}`, age: 18 + ((i * 17) % 50), tags: ['a', 'b', 'c', 'd'].slice(0, i % 4), active: i % 3 !== 0 })),
}, null, 2) + '\n';

const LUA_SCRIPT = `
-- primes, string building, table sort, closures, integer/float math
local function sieve(n)
  local is, out = {}, {}
  for i = 2, n do is[i] = true end
  for i = 2, n do if is[i] then out[#out + 1] = i; for j = i * i, n, i do is[j] = false end end end
  return out
end
local p = sieve(20000)
print("primes", #p, p[#p])
local words = {}
for w in io.read("a"):gmatch("%a+") do words[w] = (words[w] or 0) + 1 end
local keys = {}
for k in pairs(words) do keys[#keys + 1] = k end
table.sort(keys, function(a, b) if words[a] ~= words[b] then return words[a] > words[b] end return a < b end)
for i = 1, 5 do print(keys[i], words[keys[i]]) end
local fib = {}
local function f(n) if n < 2 then return n end if fib[n] then return fib[n] end local v = f(n - 1) + f(n - 2); fib[n] = v; return v end
print("fib90", f(90), string.format("%.6f", math.sqrt(2) * math.pi), 7 // 2, 7 % -3, 2^53)
print(string.rep("ab", 3, "-"), ("nodemu"):upper(), utf8.char(955, 8364))
`;

const PERL_SCRIPT = `
use strict; use warnings;
my %count; my $lines = 0;
while (my $l = <STDIN>) { $lines++; $count{lc $_}++ for $l =~ /(\\w+)/g; }
my @top = (sort { $count{$b} <=> $count{$a} || $a cmp $b } keys %count)[0..4];
printf "%d lines, %d distinct\\n", $lines, scalar keys %count;
printf "%-10s %d\\n", $_, $count{$_} for @top;
my @fib = (0, 1); push @fib, $fib[-1] + $fib[-2] while @fib < 80;
print "fib79 $fib[-1]\\n";
my $s = join ',', map { $_ * $_ } grep { $_ % 3 == 0 } 1..30; print "$s\\n";
(my $t = "Hello, World") =~ tr/a-zA-Z//cd; print scalar reverse($t), "\\n";
printf "%.5f %e %x %o %b\\n", atan2(1, 1) * 4, 6.02214076e23, 255, 8, 10;
my @sorted = sort { $a <=> $b } map { ($_ * 7919) % 1000 } 1..20; print "@sorted\\n";
print "sprintf: ", sprintf("%05.1f|%-5s|%+d", 3.14159, "ab", 42), "\\n";
`;

const PY_SCRIPT = `
import sys, re, collections, math, itertools, functools, struct, hashlib, binascii
text = sys.stdin.read()
c = collections.Counter(w.lower() for w in re.findall(r"[A-Za-z]+", text))
print(len(text.splitlines()), "lines", len(c), "distinct")
for w, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:5]:
    print(f"{w:10} {n}")
print(sum(p for p in range(2, 1500) if all(p % d for d in range(2, int(math.isqrt(p)) + 1))))
print(functools.reduce(lambda a, b: a * b, range(1, 30)))
print([''.join(p) for p in itertools.permutations('abc')])
print(struct.pack('<IhQ', 1, -2, 3).hex(), hex(binascii.crc32(b'nodemu')))
print(hashlib.sha256(text.encode()).hexdigest())
print(f"{math.pi:.10f} {math.exp(1):.10f} {2**100} {10/3!r} {float('inf')} {round(2.675, 2)}")
d = {i: i * i for i in range(10)}; print(sorted(d.items())[-3:], divmod(-7, 2), -7 // 2, 7 % -3)
class P:
    def __init__(s, x, y): s.x, s.y = x, y
    def __repr__(s): return f"P({s.x}, {s.y})"
print(sorted([P(3, 1), P(1, 2), P(2, 0)], key=lambda p: p.x))
`;

const SQL = `
CREATE TABLE sales(region TEXT, product TEXT, units INTEGER, price REAL);
.mode csv
.import --skip 1 sales.csv sales
.mode list
SELECT count(*), sum(units), round(sum(units * price), 2) FROM sales;
SELECT region, count(*), sum(units) FROM sales GROUP BY region ORDER BY region;
SELECT product, max(price), min(price) FROM sales GROUP BY product ORDER BY 2 DESC;
CREATE INDEX ix ON sales(product);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) SELECT sum(x), group_concat(x % 7, '') FROM c;
SELECT upper('nodemu'), length(hex(randomblob(8))), typeof(1.5), 7 / 2, 7.0 / 2, printf('%08.3f', 3.14159);
`;

const GAWK_REPORT = `BEGIN { FS = "," }
NR > 1 { units[$1] += $3; revenue[$1] += $3 * $4; n[$2]++; total += $3 * $4 }
END {
  PROCINFO["sorted_in"] = "@ind_str_asc"
  for (r in units) printf "%-6s %5d units %10.2f\\n", r, units[r], revenue[r]
  k = asorti(n, prods); for (i = 1; i <= k; i++) printf "%s=%d ", prods[i], n[prods[i]]
  printf "\\ntotal %.2f, %s, %s\\n", total, toupper(substr("nodemu", 1, 4)), strftime("%Y-%m-%d", 0, 1)
  s = "a1b22c333"; gsub(/[0-9]+/, "<&>", s); print s, length(s), index(s, "c"), sprintf("%x", 48879)
}`;

const ESBUILD_INPUT = `
import { greet } from './lib';
export const answer: number = [1, 2, 3].map((x) => x * 2).reduce((a, b) => a + b, 0);
interface Opts { loud?: boolean }
export function main(o: Opts = {}) { const s = greet('nodemu'); return o.loud ? s.toUpperCase() : s; }
console.log(main({ loud: true }), answer);
`;
const ESBUILD_LIB = 'export const greet = (n: string): string => `hello, ${n}!`;\n';

// ---------------------------------------------------------------- helpers

/** A one-file POSIX ustar archive (for the tar -z input, made without running a guest). */
function ustar(name: string, body: string): Buffer {
  const h = Buffer.alloc(512);
  const put = (off: number, len: number, v: string) => h.write(v.slice(0, len), off, 'latin1');
  const data = Buffer.from(body);
  put(0, 100, name); put(100, 8, '0000644\0'); put(108, 8, '0000000\0'); put(116, 8, '0000000\0');
  put(124, 12, data.length.toString(8).padStart(11, '0') + '\0'); put(136, 12, '14000000000\0');
  h.fill(0x20, 148, 156); put(156, 1, '0'); put(257, 8, 'ustar\x0000');
  let sum = 0; for (const b of h) sum += b;
  put(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([h, data, pad, Buffer.alloc(1024)]);
}

const ok = (cond: boolean, msg: string) => (cond ? undefined : msg);

/** The scenarios of one Debian architecture (aarch64 = arm64, arm = armhf). */
function debianScenarios(arch: 'aarch64' | 'arm'): Scenario[] {
  const S: Scenario[] = [];
  const add = (program: string, name: string, steps: Step[], o: Partial<Scenario> = {}) =>
    S.push({ program, name, arch, steps, ...o });
  const one = (prog: string, args: string[], stdin?: string | Buffer): Step[] => [{ prog, args, stdin }];

  // busybox (static)
  const BB = '/bin/busybox';
  add('busybox', 'sh script: loops, arithmetic, string ops', one(BB, ['sh', '-c',
    'i=0; s=0; while [ $i -lt 200 ]; do s=$((s + i * i)); i=$((i + 1)); done; echo $s; x=nodemu-arm; echo ${x#*-} ${#x} ${x%-*}; set -- a b c; echo $# "$@"; case $x in *arm) echo matched;; esac']));
  add('busybox', 'sort | uniq -c style: sort -k2 -n, md5sum', [
    { prog: BB, args: ['sort', '-n', '-r', '-k2', 'nums.txt'] }, { prog: BB, args: ['md5sum', 'text.txt', 'nums.txt'] }], { files: { 'nums.txt': NUMS, 'text.txt': TEXT } });
  add('busybox', 'tar create, list, extract; gzip', [
    { prog: BB, args: ['tar', '-cf', 'a.tar', 'text.txt', 'nums.txt'] }, { prog: BB, args: ['tar', '-tvf', 'a.tar'] },
    { prog: BB, args: ['tar', '-xOf', 'a.tar', 'nums.txt'] }, { prog: BB, args: ['gzip', '-9', 'a.tar'] }, { prog: BB, args: ['gunzip', '-c', 'a.tar.gz'] }],
  { files: { 'nums.txt': NUMS, 'text.txt': TEXT }, normalize: (t) => t.replace(/^(\S+ \S+\s+\d+) \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/gm, '$1 DATE'),
    check: (r) => ok(r[2].stdout.toString() === NUMS, 'tar extraction wrong') });
  if (arch === 'aarch64') {
    add('busybox', 'tar -xzf (gunzip in a child process)', [{ prog: BB, args: ['tar', '-xzOf', 'a.tgz', 'nums.txt'] }],
      { files: { 'a.tgz': zlib.gzipSync(ustar('nums.txt', NUMS)) }, check: (r) => ok(r[0].stdout.toString() === NUMS, 'tar -z extraction wrong') });
  }
  add('busybox', 'cut, tr, uniq -c', [
    { prog: BB, args: ['cut', '-d', ' ', '-f', '1,3', 'nums.txt'] }, { prog: BB, args: ['tr', 'a-z', 'A-Z'], stdin: TEXT.slice(0, 1500) },
    { prog: BB, args: ['uniq', '-c'], stdin: TEXT.split('\n').sort().join('\n') }], { files: { 'nums.txt': NUMS } });
  const bb1 = (name: string, args: string[], o: Partial<Scenario> = {}) => add('busybox', name, one(BB, args, o.steps?.[0]?.stdin), o);
  bb1('awk: fields and printf', ['awk', '{ s += $2; n++; if ($3 > m) m = $3 } END { printf "%d %d %.3f max=%d\\n", n, s, s / n, m }', 'nums.txt'], { files: { 'nums.txt': NUMS } });
  bb1('sed -n with regex', ['sed', '-n', '-E', '/needle|Zeta/{s/[aeiou]/_/g;p}', 'text.txt'], { files: { 'text.txt': TEXT } });
  bb1('find -type f -name, sorted by ls', ['find', '.', '-name', '*.txt', '-type', 'f'], { files: { 'a.txt': 'a', 'd/b.txt': 'b', 'd/c.dat': 'c' }, normalize: (t) => t.split('\n').sort().join('\n') });
  bb1('od -A x -t x1z', ['od', '-A', 'x', '-t', 'x1z', 'nums.txt'], { files: { 'nums.txt': NUMS.slice(0, 300) } });
  const bbs = (name: string, cmds: string[][], o: Partial<Scenario> = {}) => add('busybox', name, cmds.map((args) => ({ prog: BB, args })), o);
  bbs('wc, head, tail', [['wc', 'text.txt'], ['head', '-n', '3', 'text.txt'], ['tail', '-n', '2', 'text.txt'], ['tail', '-c', '20', 'text.txt']], { files: { 'text.txt': TEXT } });
  bb1('date -d @N -u +format', ['date', '-u', '-d', '@1234567890', '+%Y-%m-%d %H:%M:%S %j %a']);
  bbs('expr, printf, seq', [['expr', '6', '*', '7'], ['printf', '%05d|%-4s|%x|%o\\n', '42', 'ab', '255', '8'], ['seq', '-s', ' ', '1', '3', '20']]);
  bbs('sha1sum, sha512sum, cksum', [['sha1sum', 'text.txt'], ['sha512sum', 'text.txt'], ['cksum', 'text.txt']], { files: { 'text.txt': TEXT } });
  bb1('hexdump -C', ['hexdump', '-C', 'nums.txt'], { files: { 'nums.txt': NUMS.slice(0, 200) } });
  bbs('bzip2 applets round trip', [['bzip2', '-k', 'text.txt'], ['bunzip2', '-c', 'text.txt.bz2']],
    { files: { 'text.txt': TEXT }, outputs: ['text.txt.bz2'], check: (r) => ok(r[1].stdout.toString() === TEXT, 'bunzip2 round trip wrong') });
  add('busybox', 'sh pipeline', one(BB, ['sh', '-c', 'cat text.txt | wc -l']), { files: { 'text.txt': TEXT } });

  // coreutils (dynamic)
  add('coreutils', 'sort, uniq, wc, tr, cut', [
    { prog: '/usr/bin/sort', args: ['-k2,2n', '-k1,1', 'nums.txt'] }, { prog: '/usr/bin/uniq', args: ['-c'], stdin: TEXT.split('\n').sort().join('\n') },
    { prog: '/usr/bin/wc', args: ['text.txt', 'big.txt'] }, { prog: '/usr/bin/tr', args: ['a-z', 'A-Z'], stdin: TEXT.slice(0, 2000) },
    { prog: '/usr/bin/cut', args: ['-d', ' ', '-f', '2,3', 'nums.txt'] }], { files: { 'nums.txt': NUMS, 'text.txt': TEXT, 'big.txt': BIG } });
  add('coreutils', 'sha256sum, base64 round trip, seq, factor', [
    { prog: '/usr/bin/sha256sum', args: ['big.txt'] }, { prog: '/usr/bin/base64', args: ['text.txt'] },
    { prog: '/usr/bin/base64', args: ['-d'], stdin: Buffer.from(TEXT).toString('base64') },
    { prog: '/usr/bin/seq', args: ['-s', ',', '1', '3', '100'] }, { prog: '/usr/bin/factor', args: ['1234567890123', '600851475143'] }],
  { files: { 'text.txt': TEXT, 'big.txt': BIG }, check: (r) => ok(r[0].stdout.toString().startsWith(sha256(BIG)) && r[2].stdout.toString() === TEXT, 'checksum / base64 round trip wrong') });
  add('coreutils', 'mkdir, cp, mv, ls -R, stat, rm', [
    { prog: '/bin/mkdir', args: ['-p', 'd/e'] }, { prog: '/bin/cp', args: ['text.txt', 'd/e/copy.txt'] },
    { prog: '/bin/mv', args: ['d/e/copy.txt', 'd/moved.txt'] }, { prog: '/bin/ls', args: ['-R', 'd'] },
    { prog: '/usr/bin/stat', args: ['-c', '%n %s %F', 'd/moved.txt', 'd/e'] }, { prog: '/usr/bin/sha1sum', args: ['text.txt', 'd/moved.txt'] },
    { prog: '/bin/rm', args: ['-r', 'd'] }, { prog: '/bin/ls' , args: [] }], { files: { 'text.txt': TEXT } });

  add('coreutils', 'date, printf, numfmt, expr', [
    { prog: '/bin/date', args: ['-u', '-d', '@1234567890', '+%s %F %T %A %j'] }, { prog: '/usr/bin/printf', args: ['%08.3f|%-6s|%#x|%5.1e\\n', '3.14159', 'ab', '255', '12345'] },
    { prog: '/usr/bin/numfmt', args: ['--to=iec-i', '--suffix=B', '123456789', '1023', '1048576'] }, { prog: '/usr/bin/expr', args: ['length', 'nodemu', '+', '36'] }]);
  // compressors: compress to a file, compare the bytes with qemu's, decompress it again, verify the checksum
  const roundTrip = (program: string, prog: string, comp: string[], ext: string, decomp: string[]) => {
    add(program, `${program} ${comp.join(' ')} round trip`, [
      { prog, args: [...comp, 'big.txt'] }, { prog, args: [...decomp, `big.txt${ext}`] }],
    { files: { 'big.txt': BIG }, outputs: [`big.txt${ext}`], check: (r) => ok(sha256(r[1].stdout) === sha256(BIG), 'decompressed data differs from the input') });
  };
  roundTrip('gzip', '/bin/gzip', ['-9', '-k', '-n'], '.gz', ['-dc']);
  add('gzip', 'gzip -t, -l, stdin to stdout', [
    { prog: '/bin/gzip', args: ['-c', '-n', '-1'], stdin: TEXT }, { prog: '/bin/gzip', args: ['-dc'], stdin: zlib.gzipSync(BIG) },
    { prog: '/bin/gzip', args: ['-l', 'x.gz'] }, { prog: '/bin/gzip', args: ['-t', 'x.gz'] }],
  { files: { 'x.gz': zlib.gzipSync(TEXT) }, check: (r) => ok(zlib.gunzipSync(r[0].stdout).toString() === TEXT && sha256(r[1].stdout) === sha256(BIG), 'gzip data wrong') });
  roundTrip('xz', '/usr/bin/xz', ['-6', '-k', '-T1'], '.xz', ['-dc']);
  add('xz', 'xz -l and lzma format', [
    { prog: '/usr/bin/xz', args: ['-k', '-T1', '--format=lzma', '-9', 'text.txt'] }, { prog: '/usr/bin/xz', args: ['-dc', 'text.txt.lzma'] },
    { prog: '/usr/bin/xz', args: ['-c', '-T1', '-0'], stdin: BIG }], { files: { 'text.txt': TEXT }, outputs: ['text.txt.lzma'],
    check: (r) => ok(r[1].stdout.toString() === TEXT, 'lzma round trip wrong') });
  roundTrip('bzip2', '/bin/bzip2', ['-9', '-k'], '.bz2', ['-dc']);
  add('bzip2', 'bzip2 stdin to file, -t -v, -dc', [
    { prog: '/bin/bzip2', args: ['-c', '-1'], stdin: TEXT, out: 't.bz2' }, { prog: '/bin/bzip2', args: ['-t', '-v', 't.bz2'] },
    { prog: '/bin/bzip2', args: ['-dc', 't.bz2'] }], { outputs: ['t.bz2'], check: (r) => ok(r[2].stdout.toString() === TEXT, 'bzip2 round trip wrong') });
  // --single-thread --no-asyncio: no worker or I/O threads (the defaults are covered below)
  roundTrip('zstd', '/usr/bin/zstd', ['-19', '-q', '-k', '--single-thread', '--no-asyncio'], '.zst', ['-dc', '-q', '--no-asyncio']);
  add('zstd', 'zstd stdin to file, -t, -l, -dc', [
    { prog: '/usr/bin/zstd', args: ['-c', '-q', '-3', '--single-thread', '--no-asyncio'], stdin: BIG, out: 'b.zst' }, { prog: '/usr/bin/zstd', args: ['-t', '-q', '--no-asyncio', 'b.zst'] },
    { prog: '/usr/bin/zstd', args: ['-dc', '-q', '--no-asyncio', 'b.zst'] }], { outputs: ['b.zst'], check: (r) => ok(sha256(r[2].stdout) === sha256(BIG), 'zstd round trip wrong') });
  if (arch === 'aarch64') {
    add('zstd', 'zstd with default settings (worker and I/O threads)', [{ prog: '/usr/bin/zstd', args: ['-q', '-k', 'text.txt'] }],
      { files: { 'text.txt': TEXT }, outputs: ['text.txt.zst'] });
  }

  // interpreters
  add('lua5.4', 'lua script: sieve, word count, closures', one('/usr/bin/lua5.4', ['script.lua'], TEXT), { files: { 'script.lua': LUA_SCRIPT } });
  add('lua5.4', 'lua -e string.format and os/io', one('/usr/bin/lua5.4', ['-e',
    'local f = assert(io.open("out.txt", "w")); for i = 1, 100 do f:write(string.format("%03d %x %g\\n", i, i * 255, i / 7)) end; f:close(); local n = 0; for l in io.lines("out.txt") do n = n + #l end; print(n, os.time{year=2020, month=1, day=1, hour=0}, os.getenv("LANG"), type(os.clock()))']),
  { outputs: ['out.txt'] });
  add('perl', 'perl script: word count, sort, sprintf', one('/usr/bin/perl', ['script.pl'], TEXT), { files: { 'script.pl': PERL_SCRIPT } });
  add('perl', 'perl -ne regex report and -i in place', [
    { prog: '/usr/bin/perl', args: ['-ne', 'print "$.: $1\\n" if /(\\w+\\@\\w+\\.com)/; END { print "done $.\\n" }', 'text.txt'] },
    { prog: '/usr/bin/perl', args: ['-pi', '-e', 's/needle/NEEDLE/g', 'text.txt'] }], { files: { 'text.txt': TEXT }, outputs: ['text.txt'] });
  add('python3', 'python script: collections, re, hashlib, math', one('/usr/bin/python3.11', ['-S', 'script.py'], TEXT),
    { files: { 'script.py': PY_SCRIPT }, timeout: 300 });
  add('python3', 'python file I/O and os', one('/usr/bin/python3.11', ['-c',
    'import os\nwith open("o.txt","w") as f:\n  for i in range(500): f.write(f"{i} {i**3}\\n")\nprint(os.path.getsize("o.txt"), sorted(os.listdir(".")), open("o.txt").read().count("\\n"))\nos.rename("o.txt","p.txt"); os.mkdir("d"); print(os.path.isdir("d"), os.path.exists("o.txt"))']),
  { outputs: ['p.txt'], timeout: 300 });

  // sqlite3
  add('sqlite3', 'sqlite3 import CSV, aggregates, CTE (file database)', one('/usr/bin/sqlite3', ['db.sqlite'], SQL), { files: { 'sales.csv': SALES } });
  add('sqlite3', 'sqlite3 in memory: json, window functions', one('/usr/bin/sqlite3', [':memory:',
    "SELECT json_extract('{\"a\":[1,2,{\"b\":3}]}', '$.a[2].b'); CREATE TABLE t(x); INSERT INTO t SELECT value FROM generate_series(1,50);" +
    ' SELECT x, sum(x) OVER (ORDER BY x ROWS 2 PRECEDING) FROM t WHERE x % 10 = 0; SELECT group_concat(x) FROM (SELECT x FROM t ORDER BY x DESC LIMIT 5);']));

  // text tools
  add('grep', 'grep -E, -c, -o, -n', [
    { prog: '/bin/grep', args: ['-E', '-n', '(needle|Zeta) [a-z]+ (42|-7)', 'big.txt'] }, { prog: '/bin/grep', args: ['-c', '-i', 'zeta', 'big.txt'] },
    { prog: '/bin/grep', args: ['-o', '-E', '[a-z]+@[a-z]+\\.com', 'text.txt'] }, { prog: '/bin/grep', args: ['-v', '-w', '-F', 'lorem', 'text.txt'] }],
  { files: { 'text.txt': TEXT, 'big.txt': BIG } });
  add('grep', 'grep -r, -l, no match status', [
    { prog: '/bin/grep', args: ['-r', '-l', 'needle', '.'] }, { prog: '/bin/grep', args: ['-q', 'no such thing', 'text.txt'] },
    { prog: '/bin/grep', args: ['-P', '\\d+\\.\\d+', '-m', '3', 'text.txt'] }], { files: { 'text.txt': TEXT, 'sub/b.txt': 'a needle\n', 'sub/c.txt': 'nothing\n' } });
  add('sed', 'sed substitutions, addresses, hold space', [
    { prog: '/bin/sed', args: ['-E', 's/([a-z]+)@([a-z]+)/\\2 at \\1/g; 3,10d; /needle/{s/^/>> /;s/$/ <</}', 'text.txt'] },
    { prog: '/bin/sed', args: ['-n', '1!G;h;$p', 'nums.txt'] }, { prog: '/bin/sed', args: ['-i.bak', '-e', 'y/abc/XYZ/', '-e', '$a\\the end', 'nums.txt'] }],
  { files: { 'text.txt': TEXT, 'nums.txt': NUMS }, outputs: ['nums.txt', 'nums.txt.bak'] });
  add('gawk', 'gawk report: arrays, printf, sorting, gsub', one('/usr/bin/gawk', [GAWK_REPORT, 'sales.csv']), { files: { 'sales.csv': SALES } });
  add('gawk', 'gawk word frequency and math', one('/usr/bin/gawk', ['{ for (i = 1; i <= NF; i++) c[$i]++ } END { PROCINFO["sorted_in"] = "@val_num_desc"; n = 0; for (w in c) if (n++ < 8) print w, c[w]; printf "%.6f %d %s\\n", atan2(0, -1), int(-3.7), 2^53 + 1 }', 'big.txt']),
    { files: { 'big.txt': BIG } });
  add('jq', 'jq filters: select, map, group_by, reduce', [
    { prog: '/usr/bin/jq', args: ['-c', '.users | map(select(.active and .age > 30)) | map({name, age})', 'doc.json'] },
    { prog: '/usr/bin/jq', args: ['[.users[] | .tags | length] | group_by(.) | map({n: .[0], count: length})', 'doc.json'] },
    { prog: '/usr/bin/jq', args: ['-r', 'reduce .users[] as $u (0; . + $u.age) | "total age \\(.)"', 'doc.json'] },
    { prog: '/usr/bin/jq', args: ['-r', '.users[:3][] | [.id, .name, (.tags | join("+"))] | @csv', 'doc.json'] }],
  { files: { 'doc.json': JSON_DOC } });
  add('jq', 'jq --arg, paths, error status', [
    { prog: '/usr/bin/jq', args: ['-n', '--arg', 'x', 'nodemu', '{x: $x, n: ([range(10)] | add), s: ("a,b,c" | split(",")), f: (1e3 | tostring), m: (10 % 3)}'] },
    { prog: '/usr/bin/jq', args: ['[paths | length] | max', 'doc.json'] }, { prog: '/usr/bin/jq', args: ['.users.nope'], stdin: JSON_DOC }],
  { files: { 'doc.json': JSON_DOC } });

  // git: plumbing without child processes, then porcelain that spawns
  const GIT = '/usr/bin/git';
  const gitEnv = ['-c', 'user.name=Nodemu Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', '-c', 'core.fsync=none'];
  const gitDates = { GIT_AUTHOR_DATE: '2021-01-02T03:04:05Z', GIT_COMMITTER_DATE: '2021-01-02T03:04:05Z' };
  add('git', 'git init, hash-object, add, write-tree, ls-files', [
    { prog: GIT, args: [...gitEnv, 'init', '-q', 'repo'] }, { prog: GIT, args: ['-C', 'repo', 'hash-object', '-w', '../text.txt'] },
    { prog: '/bin/cp', args: ['text.txt', 'nums.txt', 'repo/'] }, { prog: GIT, args: ['-C', 'repo', 'add', 'text.txt', 'nums.txt'] },
    { prog: GIT, args: ['-C', 'repo', 'write-tree'] }, { prog: GIT, args: ['-C', 'repo', 'ls-files', '-s'] },
    { prog: GIT, args: ['-C', 'repo', 'cat-file', '-p', 'HEAD^{tree}'] }],
  { files: { 'text.txt': TEXT, 'nums.txt': NUMS }, env: gitDates });
  // without automatic maintenance, commit runs no child process
  add('git', 'git commit, log, status, diff', [
    { prog: GIT, args: [...gitEnv, 'init', '-q', '.'] }, { prog: GIT, args: [...gitEnv, 'add', 'text.txt', 'nums.txt'] },
    { prog: GIT, args: [...gitEnv, '-c', 'maintenance.auto=false', 'commit', '-q', '-m', 'first'] }, { prog: '/bin/cp', args: ['text.txt', 'nums.txt'] },
    { prog: GIT, args: ['log', '--format=%H %s %an'] }, { prog: GIT, args: ['status', '--short'] },
    { prog: GIT, args: ['diff', '--stat'] }], { files: { 'text.txt': TEXT, 'nums.txt': NUMS }, env: gitDates });
  if (arch === 'aarch64') {
    add('git', 'git commit with default settings (forks git maintenance)', [
      { prog: GIT, args: [...gitEnv, 'init', '-q', '.'] }, { prog: GIT, args: [...gitEnv, 'add', 'text.txt'] },
      { prog: GIT, args: [...gitEnv, 'commit', '-q', '-m', 'first'] }, { prog: GIT, args: ['log', '--format=%H %s'] }],
    { files: { 'text.txt': TEXT }, env: gitDates });
  }

  return S;
}

export function allScenarios(): Scenario[] {
  const S = [...debianScenarios('aarch64'), ...debianScenarios('arm')];
  // Node.js (Debian arm64 nodejs)
  S.push({ program: 'nodejs', name: 'node -e: compute and print', arch: 'aarch64', timeout: 120,
    xfail: 'V8 starts its platform worker threads at start-up (clone with CLONE_THREAD; being built)',
    steps: [{ prog: '/usr/bin/node', args: ['-e', 'let s = 0; for (let i = 0; i < 1e5; i++) s += i % 7; console.log(s, [3, 1, 2].sort(), JSON.stringify({ a: 1 }), process.arch)'] }] });
  // dprint (Rust, glibc) from npm
  for (const [arch, spec, prefix] of [['aarch64', '@dprint/linux-arm64-glibc@0.54.0', undefined], ['riscv64', '@dprint/linux-riscv64-glibc@0.54.0', '/usr/riscv64-linux-gnu']] as const) {
    const D = `npm:${spec}:dprint`;
    S.push({ program: 'dprint', name: 'dprint --help, license, completions', arch, prefix,
      steps: [{ prog: D, args: ['--help'] }, { prog: D, args: ['license'] }, { prog: D, args: ['completions', 'bash'] }] });
    S.push({ program: 'dprint', name: 'dprint check without a config (error status)', arch, prefix, steps: [{ prog: D, args: ['check'] }] });
    S.push({ program: 'dprint', name: 'dprint config: file paths, resolved config', arch, prefix,
      steps: [{ prog: D, args: ['output-file-paths'] }, { prog: D, args: ['output-resolved-config'] }],
      files: { 'dprint.json': '{ "plugins": [], "includes": ["src/**/*.ts"], "excludes": ["src/skip"] }\n', 'src/a.ts': 'let x=1\n', 'src/b/c.ts': 'x\n', 'src/skip/d.ts': 'y\n', 'e.ts': '' },
      normalize: (t) => t.split('\n').sort().join('\n') });
  }
  // esbuild (Go, static) from npm: the Go runtime starts its threads before main
  for (const [arch, spec] of [['aarch64', '@esbuild/linux-arm64@0.24.2'], ['arm', '@esbuild/linux-arm@0.24.2'], ['riscv64', '@esbuild/linux-riscv64@0.24.2']] as const) {
    S.push({ program: 'esbuild', name: 'esbuild bundle + minify TypeScript', arch, timeout: 60,
      steps: [{ prog: `npm:${spec}:bin/esbuild`, args: ['main.ts', '--bundle', '--minify', '--format=esm', '--log-level=warning'] }],
      files: { 'main.ts': ESBUILD_INPUT, 'lib.ts': ESBUILD_LIB } });
  }
  return S;
}
