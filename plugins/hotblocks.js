// The hottest translation blocks of a process (like QEMU's hotblocks plugin):
//   nodemu -plugin plugins/hotblocks.js[,limit=20] PROGRAM
// At exit prints the top `limit` blocks (default 20) by execution count:
// address, times translated, instructions per block, executions.
'use strict';

exports.apiVersion = 1;

exports.install = (api, args) => {
  const limit = Number(args.limit ?? 20);
  /** key "pc/ninsns" → { pc, trans, insns, execs } */
  const blocks = new Map();
  api.onTranslate((tb) => {
    const key = `${tb.vaddr}/${tb.nInsns}`;
    let b = blocks.get(key);
    if (!b) { b = { pc: tb.vaddr, trans: 0, insns: tb.nInsns, execs: 0 }; blocks.set(key, b); }
    b.trans++;
    tb.onExec(() => { b.execs++; });
  });
  api.onExit(() => {
    const sorted = [...blocks.values()].sort((a, b) => b.execs - a.execs || a.pc - b.pc).slice(0, limit);
    const hex = (n) => '0x' + n.toString(16).padStart(16, '0');
    api.outs(`collected ${blocks.size} entries in the hash table\n pc, tcount, icount, ecount\n` +
      sorted.map((b) => `${hex(b.pc)}, ${b.trans}, ${b.insns}, ${b.execs}\n`).join(''));
  });
};
