// The qemu-arm NEON cases again with every block compiled at once
// (NODEMU_JIT_THRESHOLD=0: regions lowered to WebAssembly), so the helper
// calls with many arguments and i64 results go through the wasm lowering too.
// The environment must be set before the engine module loads, hence require().

process.env.NODEMU_JIT_THRESHOLD = '0';
process.env.NODEMU_NEON_NO_AUTORUN = '1';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { neonTests } = require('./arm-neon-qemu.test') as typeof import('./arm-neon-qemu.test');
neonTests();
// Every region must have gone to WebAssembly (no fallback to the JS lowering).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { wasmStats } = require('../../src/translate/lower-wasm') as typeof import('../../src/translate/lower-wasm');
afterAll(() => {
  expect(wasmStats.regions).toBeGreaterThan(0);
  expect(wasmStats.unsupported).toBe(0);
});
