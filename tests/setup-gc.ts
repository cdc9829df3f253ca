// Runs after every test file in a jest worker: a full GC, so that guest memories, engines and
// WebAssembly modules the file made are freed before the next file runs in the same worker.
// V8 sees only its own heap filling, not the committed memory behind them, and a worker that had
// gathered tens of gigabytes of commit could no longer fork (spawn ENOMEM in later tests).
import * as v8 from 'v8';
import * as vm from 'vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
afterAll(() => gc());
