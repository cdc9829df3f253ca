#!/usr/bin/env node
// Prints the functions with the most self time in a V8 .cpuprofile
// (produced by `node --cpu-prof`). Usage: node scripts/profile-summary.js FILE [N]
'use strict';
const fs = require('fs');
const [file, n = '20'] = process.argv.slice(2);
const p = JSON.parse(fs.readFileSync(file, 'utf8'));
const dt = new Map();
p.samples.forEach((id, i) => dt.set(id, (dt.get(id) || 0) + (p.timeDeltas[i] || 0)));
const self = new Map();
for (const node of p.nodes) {
  const f = node.callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) || 0) + (dt.get(node.id) || 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`total ${(total / 1000).toFixed(0)} ms`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, +n)) {
  console.log(`${(v / 1000).toFixed(0).padStart(7)} ms ${(100 * v / total).toFixed(1).padStart(5)}%  ${k}`);
}
