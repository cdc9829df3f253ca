// Bundles what the main thread loads (dist/cli/main.js and everything it requires, our
// modules and the packages: elfy, debug) into dist/main.bundle.js, so a start resolves, stats and reads one file instead
// of ~100 (~20 ms of a ~140 ms hello world). bin/entry.js loads it when present
// (NODEMU_BUNDLE=0: the separate modules). Guest workers keep loading dist/ modules.
//
// Every bundled module keeps its own __dirname/__filename (paths to worker scripts, the
// code cache, the translator fingerprint are computed from them), and the modules that
// entry.js loads before the bundle stay external so the main thread has one copy of
// their state (the prestarted worker, the shared fd tables, the code cache).
'use strict';
const path = require('path');
const fs = require('fs');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const OUT = path.join(DIST, 'main.bundle.js');
/** Loaded by bin/entry.js before the bundle: required at run time, not copied in. */
const EXTERNAL = ['codecache.js', 'linux-user/process/prestart.js', 'linux-user/process/shared.js'];

let esbuild;
try {
  esbuild = require('esbuild');
} catch {
  // No esbuild (a production install without devDependencies): entry.js uses dist/ as is.
  fs.rmSync(OUT, { force: true });
  process.exit(0);
}

// elfy requires Node's assert module at load for one call in section parsing, which the
// loader never uses: give it a stand-in that loads assert only if called (~2 ms a start).
const lazyAssert = {
  name: 'lazy-assert',
  setup(build) {
    build.onResolve({ filter: /^assert$/ }, (args) =>
      (/[\\/]node_modules[\\/]elfy[\\/]/.test(args.importer) ? { path: 'lazy-assert', namespace: 'lazy-assert' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lazy-assert' }, () => ({
      contents: "const real = () => require('node:assert');\n" +
        'module.exports = new Proxy(function assert() {}, { apply: (_t, self, args) => real().apply(self, args), get: (_t, k) => real()[k] });\n',
      loader: 'js',
    }));
  },
};

const ownDirname = {
  name: 'own-dirname',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = path.resolve(args.resolveDir, args.path.endsWith('.js') ? args.path : `${args.path}.js`);
      const rel = path.relative(DIST, target).split(path.sep).join('/');
      if (EXTERNAL.includes(rel)) return { path: `./${rel}`, external: true };
      return undefined;
    });
    build.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(DIST + path.sep)) return undefined;
      const rel = path.relative(DIST, args.path).split(path.sep).join('/');
      const src = fs.readFileSync(args.path, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
      return {
        contents: `var __filename = require('path').join(__nodemu_dist, ${JSON.stringify(rel)}), __dirname = require('path').dirname(__filename);\n${src}`,
        loader: 'js',
      };
    });
  },
};

// The translation cache's key for the files bundled (src/translate/tb-cache.ts), so the main
// thread need not stat them all at every start.
let fingerprint;
try {
  fingerprint = require(path.join(DIST, 'translate', 'tb-cache.js')).translatorFingerprint();
} catch (e) {
  process.stderr.write(`bundle: ${e.message}\n`);
  fs.rmSync(OUT, { force: true });
  process.exit(1);
}

esbuild.build({
  entryPoints: [path.join(DIST, 'cli', 'main.js')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: OUT,
  banner: { js: 'var __nodemu_dist = __dirname;' },
  define: { __NODEMU_TB_FINGERPRINT__: JSON.stringify(fingerprint) },
  plugins: [lazyAssert, ownDirname],
  logLevel: 'warning',
}).then(() => {
  // Pure ASCII lets codecache.ts read it as latin1 (4x faster than utf8). esbuild escapes
  // strings already; what is left sits in comments, where an escape is as good.
  const text = fs.readFileSync(OUT, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) fs.writeFileSync(OUT, ascii);
}).catch((e) => {
  process.stderr.write(`bundle: ${e.message}\n`);
  fs.rmSync(OUT, { force: true });
  process.exit(1);
});
