// Shared start of bin/nodemu and bin/nodemu-<arch>: V8 flags, the code cache, then
// the CLI. Kept tiny: start-up time is paid by every guest process.
'use strict';
const path = require('path');

/** Runs the CLI; `binFile` (the calling script) names us when argv[1] does not (e.g. binfmt_misc). */
module.exports = function start(binFile) {
  // V8 flags first, before any code is compiled: V8 rejects code cached under other
  // flags. Guest workers (created later) start with a 16 MiB young generation:
  // translation allocates ~20 MiB while a program starts, which 1 MiB semispaces
  // turned into a dozen scavenges copying the translation cache; --expose-gc lets
  // the process host free dead workers' memory (process/host.ts).
  const v8 = require('v8');
  const fs = require('fs');
  v8.setFlagsFromString('--min-semi-space-size=16');
  v8.setFlagsFromString('--expose-gc');
  const dist = path.join(__dirname, '..', 'dist');
  const main = path.join(dist, 'cli', 'main.js');
  // The name we were invoked as picks the architecture: nodemu-riscv64 insists on riscv64.
  const self = path.basename(process.argv[1] || binFile);
  const invokedAs = /^nodemu(-[A-Za-z0-9_]+)?$/.test(self) ? self : path.basename(binFile);
  let cli;
  try {
    // Our modules load through a V8 code cache (src/codecache.ts) when it is there.
    let cacheDir;
    try { cacheDir = require(path.join(dist, 'codecache.js')).cacheDir(); } catch { /* not built yet: reported below */ }
    // The first guest process's worker boots while the CLI loads, when this command line is
    // likely to need one (src/linux-user/process/prestart.ts).
    if (cacheDir && !/^(1|true|yes)$/i.test(process.env.NODEMU_SINGLE_PROCESS || '')) {
      try {
        const pre = require(path.join(dist, 'linux-user', 'process', 'prestart.js'));
        if (/^(0|false|no|off)$/i.test(process.env.NODEMU_MAIN_THREAD || '')) pre.prestart();
        else pre.prestartIfLikely(process.argv.slice(1), cacheDir);
      } catch { /* the host starts one later */ }
    }
    // One file for the main thread when the build made it (scripts/bundle.js) and it is not
    // older than the modules (a bare `tsc` would leave a stale one behind).
    const bundle = path.join(dist, 'main.bundle.js');
    let useBundle = process.env.NODEMU_BUNDLE !== '0';
    if (useBundle) {
      try { useBundle = fs.statSync(bundle).mtimeMs >= fs.statSync(main).mtimeMs; } catch { useBundle = false; }
    }
    cli = require(useBundle ? bundle : main);
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND' && !fs.existsSync(main)) {
      process.stderr.write(`${invokedAs}: not built — run npm install\n`);
    } else {
      process.stderr.write(`${invokedAs}: internal error: ${e && e.message ? String(e.message).split('\n')[0] : e}\n`);
    }
    process.exit(1);
  }
  cli.cliEntry(invokedAs);
};
