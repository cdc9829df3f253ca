// Downloads the real foreign programs of the compatibility suite (npm run
// test:real) into .cache/real (git-ignored), idempotently:
//
//   .cache/real/debs/           Debian .deb files (shared with scripts/fetch-real-binaries.sh)
//   .cache/real/<debian-arch>/  every package of that architecture unpacked (dpkg-deb -x):
//                               the guest root given to nodemu and qemu with -L
//   .cache/real/npm/<pkg>/      npm packages with prebuilt Linux binaries (npm pack + tar)
//
// The shared-library closure of each program is resolved from apt's package
// lists (Depends + Pre-Depends, first alternative that exists, recursively),
// minus packages that only matter to a real installation (DENY below).
//
//   ts-node --transpile-only scripts/real/fetch.ts
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
// NODEMU_REAL_DIR: another cache (e.g. to time a cold fetch without touching the shared one)
export const REAL = process.env.NODEMU_REAL_DIR ? path.resolve(process.env.NODEMU_REAL_DIR) : path.join(ROOT, '.cache', 'real');
const DEBS = path.join(REAL, 'debs');
const NPM_DIR = path.join(REAL, 'npm');

/** Root packages per Debian architecture. */
export const DEB_ROOTS: Record<string, string[]> = {
  arm64: ['busybox-static', 'coreutils', 'gzip', 'xz-utils', 'bzip2', 'zstd', 'lua5.4', 'perl-base',
    'python3.11-minimal', 'sqlite3', 'grep', 'sed', 'gawk', 'jq', 'git', 'nodejs'],
  armhf: ['busybox-static', 'coreutils', 'gzip', 'xz-utils', 'bzip2', 'zstd', 'lua5.4', 'perl-base',
    'python3.11-minimal', 'sqlite3', 'grep', 'sed', 'gawk', 'jq', 'git'],
};

/** Installation-only dependencies (maintainer scripts, docs, perl for git's perl-written helpers). */
const DENY = new Set(['debconf', 'debconf-2.0', 'dpkg', 'install-info', 'tzdata', 'sensible-utils', 'ca-certificates',
  'media-types', 'mime-support', 'lsb-base', 'init-system-helpers', 'adduser', 'passwd', 'git-man', 'perl',
  'liberror-perl', 'libpam-runtime', 'readline-common', 'libsasl2-modules-db', 'dpkg-dev']);

/** npm packages with prebuilt Linux programs: [spec, guest arch, program path in the package]. */
export const NPM_PKGS: Array<{ spec: string; arch: 'aarch64' | 'arm' | 'riscv64'; bin: string }> = [
  { spec: '@esbuild/linux-arm64@0.24.2', arch: 'aarch64', bin: 'bin/esbuild' },
  { spec: '@esbuild/linux-arm@0.24.2', arch: 'arm', bin: 'bin/esbuild' },
  { spec: '@esbuild/linux-riscv64@0.24.2', arch: 'riscv64', bin: 'bin/esbuild' },
  // dprint (Rust, dynamically linked against glibc): arm64 runs in the Debian root, riscv64 in the
  // cross toolchain's sysroot (/usr/riscv64-linux-gnu; Debian bookworm has no riscv64 port)
  { spec: '@dprint/linux-arm64-glibc@0.54.0', arch: 'aarch64', bin: 'dprint' },
  { spec: '@dprint/linux-riscv64-glibc@0.54.0', arch: 'riscv64', bin: 'dprint' },
];

export function npmDir(spec: string): string {
  return path.join(NPM_DIR, spec.replace(/^@/, '').replace(/[/@]/g, '_'));
}

const log = (m: string) => process.stdout.write(`fetch-real: ${m}\n`);

interface PkgInfo { name: string; arch: string; deps: string[][] }

/** `apt-cache show` of many packages at once; missing ones are left out. */
function aptShow(names: string[]): Map<string, PkgInfo> {
  const out = new Map<string, PkgInfo>();
  if (!names.length) return out;
  const r = spawnSync('apt-cache', ['show', '--no-all-versions', ...names], { encoding: 'utf8', maxBuffer: 1 << 28 });
  for (const stanza of r.stdout.split(/\n\n+/)) {
    const field = (f: string) => new RegExp(`^${f}: (.*(?:\\n .*)*)`, 'm').exec(stanza)?.[1].replace(/\n /g, ' ') ?? '';
    const name = field('Package');
    if (!name) continue;
    const deps = [field('Pre-Depends'), field('Depends')].filter(Boolean).join(', ').split(',').map((s) => s.trim()).filter(Boolean)
      .map((alts) => alts.split('|').map((a) => a.trim().replace(/\s*\(.*\)/, '').replace(/:any$/, '')));
    const info = { name, arch: field('Architecture'), deps };
    out.set(`${name}:${info.arch}`, info);
  }
  return out;
}

/** The closure of `roots` for `arch`: package names as apt-get download wants them (pkg:arch or pkg for all). */
export function resolveClosure(arch: string, roots: string[]): string[] {
  const known = new Map<string, PkgInfo | null>(); // bare name -> info (null: virtual / absent)
  const lookup = (names: string[]) => {
    const todo = names.filter((n) => !known.has(n));
    if (!todo.length) return;
    const got = aptShow(todo.map((n) => `${n}:${arch}`));
    const bare = (n: string) => got.get(`${n}:${arch}`) ?? got.get(`${n}:all`);
    const rest = todo.filter((n) => !bare(n));
    const all = aptShow(rest); // Architecture: all packages are found under their bare name
    for (const n of todo) {
      const i = bare(n) ?? all.get(`${n}:all`) ?? null;
      known.set(n, i);
    }
  };
  const chosen = new Set<string>();
  let frontier = roots.slice();
  lookup(frontier);
  for (const n of roots) if (!known.get(n)) throw new Error(`package ${n}:${arch} not found (apt-get update?)`);
  while (frontier.length) {
    const groups: string[][] = [];
    for (const n of frontier) {
      if (chosen.has(n) || DENY.has(n)) continue;
      chosen.add(n);
      groups.push(...known.get(n)!.deps);
    }
    lookup(groups.flat());
    // each dependency: the first alternative that is a real package of this architecture
    frontier = groups.map((alts) => alts.find((a) => known.get(a))).filter((n): n is string => !!n && !chosen.has(n));
  }
  return [...chosen].sort().map((n) => (known.get(n)!.arch === 'all' ? n : `${n}:${arch}`));
}

/** The cached .deb of `spec` (pkg:arch, or pkg for Architecture: all), newest first. */
function findDeb(spec: string): string | undefined {
  const [pkg, arch = 'all'] = spec.split(':');
  return fs.readdirSync(DEBS).filter((f) => { const p = f.split('_'); return p.length === 3 && p[0] === pkg && p[2] === `${arch}.deb`; })
    .sort().pop();
}

function sh(cmd: string, args: string[], cwd?: string): void {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

function ensureAptLists(): void {
  const foreign = spawnSync('dpkg', ['--print-foreign-architectures'], { encoding: 'utf8' }).stdout.split('\n');
  let update = false;
  for (const a of Object.keys(DEB_ROOTS)) {
    if (!foreign.includes(a)) { log(`adding architecture ${a}`); sh('dpkg', ['--add-architecture', a]); update = true; }
  }
  if (!update && spawnSync('apt-cache', ['show', '--no-all-versions', 'jq:arm64', 'jq:armhf'], { stdio: 'ignore' }).status !== 0) update = true;
  if (update) {
    log('apt-get update');
    // a partially failed update (one index mid-sync) need not stop us: downloads say what is missing
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  }
}

function fetchDebs(): void {
  fs.mkdirSync(DEBS, { recursive: true });
  // apt-cache takes seconds per call: skip the resolution when this package set is already unpacked
  const stampFile = path.join(REAL, '.debian-roots.json');
  const stamp = JSON.stringify({ DEB_ROOTS, DENY: [...DENY].sort() });
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return;
  ensureAptLists();
  const want: string[] = [];
  const closures = new Map<string, string[]>(); // apt-cache is slow: resolve once per architecture
  for (const [arch, roots] of Object.entries(DEB_ROOTS)) {
    const closure = resolveClosure(arch, roots);
    closures.set(arch, closure);
    log(`${arch}: ${roots.length} programs, ${closure.length} packages in the closure`);
    want.push(...closure);
  }
  const missing = [...new Set(want)].filter((p) => !findDeb(p));
  if (missing.length) {
    log(`downloading ${missing.length} packages`);
    const sandbox = process.getuid?.() === 0 ? ['-oAPT::Sandbox::User=root'] : [];
    for (let attempt = 1; ; attempt++) {
      const r = spawnSync('apt-get', ['download', '-qq', ...sandbox, ...missing], { cwd: DEBS, stdio: 'inherit' });
      if (r.status === 0) break;
      if (attempt === 3) throw new Error('apt-get download failed');
      log(`apt-get download failed (attempt ${attempt}), retrying`);
    }
  }
  // Unpack: every architecture's own packages, plus the Architecture: all ones it needs.
  for (const arch of Object.keys(DEB_ROOTS)) {
    const dest = path.join(REAL, arch);
    fs.mkdirSync(path.join(dest, '.unpacked'), { recursive: true });
    for (const spec of closures.get(arch)!) {
      const deb = findDeb(spec);
      if (!deb) throw new Error(`no .deb for ${spec}`);
      const done = path.join(dest, '.unpacked', deb);
      if (fs.existsSync(done)) continue;
      sh('dpkg-deb', ['-x', path.join(DEBS, deb), dest]);
      fs.writeFileSync(done, '');
    }
  }
  fs.writeFileSync(stampFile, stamp);
}

function fetchNpm(): void {
  fs.mkdirSync(NPM_DIR, { recursive: true });
  for (const p of NPM_PKGS) {
    const dir = npmDir(p.spec);
    if (fs.existsSync(path.join(dir, p.bin))) continue;
    log(`npm pack ${p.spec}`);
    const tgz = execFileSync('npm', ['pack', '--silent', p.spec, '--pack-destination', NPM_DIR], { encoding: 'utf8' }).trim().split('\n').pop()!;
    fs.mkdirSync(dir, { recursive: true });
    sh('tar', ['-xzf', path.join(NPM_DIR, tgz), '-C', dir, '--strip-components=1']);
    fs.rmSync(path.join(NPM_DIR, tgz));
  }
}

export function fetchAll(): void {
  const t0 = Date.now();
  fetchNpm();
  fetchDebs();
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (require.main === module) fetchAll();
