// Bundles what the main thread loads (dist/cli/main.js and everything it requires of
// ours) into dist/main.bundle.js, so a start resolves, stats and reads one file instead
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

esbuild.build({
  entryPoints: [path.join(DIST, 'cli', 'main.js')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  outfile: OUT,
  banner: { js: 'var __nodemu_dist = __dirname;' },
  plugins: [ownDirname],
  logLevel: 'warning',
}).catch((e) => {
  process.stderr.write(`bundle: ${e.message}\n`);
  fs.rmSync(OUT, { force: true });
  process.exit(1);
});
