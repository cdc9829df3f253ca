// Counts guest instructions executed, per process (like QEMU's libinsn).
//   nodemu -plugin plugins/insn-count.js[,per-vcpu=on][,mode=tb] PROGRAM
// Prints "insns: N" (and "vcpu I insns: N" per thread with per-vcpu=on) when
// the process exits. The default counts each instruction as it is about to
// run (exact, also when a block is left early by a fault). mode=tb counts
// whole blocks at entry instead (cheaper: one call per block, like QEMU's bb
// plugin; a block left early still counts in full).
'use strict';

exports.apiVersion = 1;

exports.install = (api, args) => {
  const perBlock = args.mode === 'tb';
  const counts = [];
  api.onTranslate((tb) => {
    if (perBlock) {
      const n = tb.nInsns;
      tb.onExec((vcpu) => { counts[vcpu] = (counts[vcpu] ?? 0) + n; });
    } else {
      for (const insn of tb.insns) insn.onExec((vcpu) => { counts[vcpu] = (counts[vcpu] ?? 0) + 1; });
    }
  });
  api.onExit(() => {
    let total = 0;
    const lines = [];
    counts.forEach((n, vcpu) => {
      total += n ?? 0;
      if (args['per-vcpu'] === 'on') lines.push(`vcpu ${vcpu} insns: ${n ?? 0}\n`);
    });
    api.outs(lines.join('') + `insns: ${total}\n`);
  });
};
