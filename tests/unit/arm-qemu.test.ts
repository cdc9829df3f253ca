// Differential test against qemu-arm: single data-processing, multiply and media
// instructions run on random register and flag states, in A32 and in Thumb, under
// qemu-arm (a small static program built with arm-linux-gnueabihf-gcc) and under
// nodemu's front end; r0..r12 and the APSR (NZCVQ, GE) must agree.
// Skipped when the cross compiler or qemu-arm is not installed.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assemble } from './arm-tools';
import { runnerA32, SVC_A32, SVC_T16, thumb } from './arm-harness';

const have = spawnSync('arm-linux-gnueabihf-gcc', ['--version']).status === 0 && spawnSync('qemu-arm', ['--version']).status === 0;
const maybe = have ? describe : describe.skip;
const STATES = Number(process.env.ARM_QEMU_N ?? 12);

// r0 is the usual destination; r1..r4 operands; r5 is a shift amount register.
const A32_INSNS = [
  'adds r0, r1, r2', 'subs r0, r1, r2', 'adcs r0, r1, r2', 'sbcs r0, r1, r2', 'rscs r0, r1, r2', 'rsbs r0, r1, r2',
  'adds r0, r1, r2, lsl #31', 'subs r0, r1, r2, lsr #32', 'adcs r0, r1, r2, asr #32', 'sbcs r0, r1, r2, ror #13', 'adds r0, r1, r2, rrx',
  'ands r0, r1, r2, lsl #1', 'eors r0, r1, r2, lsr #32', 'orrs r0, r1, r2, asr #32', 'bics r0, r1, r2, ror #7', 'movs r0, r2, rrx',
  'movs r0, r2, lsl r5', 'movs r0, r2, lsr r5', 'movs r0, r2, asr r5', 'movs r0, r2, ror r5', 'mvns r0, r2, lsl r5',
  'ands r0, r1, r2, lsr r5', 'adds r0, r1, r2, asr r5', 'subs r0, r1, r2, ror r5',
  'ands r0, r1, #0xf000000f', 'movs r0, #0x80000000', 'movs r0, #255', 'teq r1, #0x3fc', 'tst r1, r2, lsl #3',
  'cmp r1, r2', 'cmn r1, r2', 'cmp r1, #0', 'teq r1, r2, lsr r5',
  'mul r0, r1, r2', 'muls r0, r1, r2', 'mla r0, r1, r2, r3', 'mls r0, r1, r2, r3',
  'umull r0, r1, r2, r3', 'smull r0, r1, r2, r3', 'umlal r0, r1, r2, r3', 'smlals r0, r1, r2, r3', 'umaal r0, r1, r2, r3', 'umulls r0, r1, r2, r3',
  'smulbb r0, r1, r2', 'smultb r0, r1, r2', 'smulbt r0, r1, r2', 'smlatt r0, r1, r2, r3', 'smulwb r0, r1, r2', 'smlawt r0, r1, r2, r3',
  'smlalbt r0, r1, r2, r3', 'smuad r0, r1, r2', 'smuadx r0, r1, r2', 'smusd r0, r1, r2', 'smlad r0, r1, r2, r3', 'smlsdx r0, r1, r2, r3',
  'smlald r0, r1, r2, r3', 'smlsld r0, r1, r2, r3', 'smmul r0, r1, r2', 'smmulr r0, r1, r2', 'smmla r0, r1, r2, r3', 'smmlsr r0, r1, r2, r3',
  'sdiv r0, r1, r2', 'udiv r0, r1, r2', 'usad8 r0, r1, r2', 'usada8 r0, r1, r2, r3',
  'clz r0, r1', 'rbit r0, r1', 'rev r0, r1', 'rev16 r0, r1', 'revsh r0, r1',
  'sxtb r0, r1, ror #8', 'uxth r0, r1, ror #16', 'sxtab r0, r2, r1', 'uxtah r0, r2, r1, ror #24', 'sxtb16 r0, r1', 'uxtab16 r0, r2, r1', 'sxtab16 r0, r2, r1, ror #8',
  'sbfx r0, r1, #3, #7', 'ubfx r0, r1, #20, #12', 'bfi r0, r1, #8, #9', 'bfc r0, #3, #20',
  'ssat r0, #8, r1', 'ssat r0, #32, r1, asr #32', 'usat r0, #7, r1, lsl #4', 'usat r0, #0, r1', 'ssat16 r0, #9, r1', 'usat16 r0, #5, r1',
  'qadd r0, r1, r2', 'qsub r0, r1, r2', 'qdadd r0, r1, r2', 'qdsub r0, r1, r2',
  'sadd16 r0, r1, r2', 'ssub16 r0, r1, r2', 'sadd8 r0, r1, r2', 'ssub8 r0, r1, r2', 'sasx r0, r1, r2', 'ssax r0, r1, r2',
  'uadd16 r0, r1, r2', 'usub16 r0, r1, r2', 'uadd8 r0, r1, r2', 'usub8 r0, r1, r2', 'uasx r0, r1, r2', 'usax r0, r1, r2',
  'qadd16 r0, r1, r2', 'qsub8 r0, r1, r2', 'qasx r0, r1, r2', 'uqadd8 r0, r1, r2', 'uqsub16 r0, r1, r2', 'uqsax r0, r1, r2',
  'shadd16 r0, r1, r2', 'shsub8 r0, r1, r2', 'shasx r0, r1, r2', 'uhadd8 r0, r1, r2', 'uhsub16 r0, r1, r2', 'uhsax r0, r1, r2',
  'sel r0, r1, r2', 'pkhbt r0, r1, r2, lsl #5', 'pkhtb r0, r1, r2, asr #32', 'pkhtb r0, r1, r2, asr #3',
  'movw r0, #0x1234', 'movt r0, #0xfedc', 'mrs r0, APSR', 'msr APSR_nzcvq, r1', 'msr APSR_g, r1',
  'addne r0, r1, r2', 'movhi r0, r1', 'movls r0, r1', 'movge r0, r1', 'movlt r0, r1', 'movgt r0, r1', 'movle r0, r1',
  'movcs r0, r1', 'movmi r0, r1', 'movvs r0, r1', 'subspl r0, r1, r2',
];

const THUMB_INSNS = [
  'adds r0, r1, r2', 'subs r0, r1, #3', 'adds r0, #200', 'lsls r0, r1, #31', 'lsrs r0, r1, #32', 'asrs r0, r1, #32',
  'lsls r0, r5', 'lsrs r0, r5', 'asrs r0, r5', 'rors r0, r5', 'adcs r0, r1', 'sbcs r0, r1', 'negs r0, r1', 'muls r0, r1', 'mvns r0, r1', 'bics r0, r1',
  'add r0, r8', 'cmp r1, r2', 'cmn r1, r2', 'tst r1, r2',
  'and.w r0, r1, #0xff00ff00', 'bics r0, r1, #0x80000000', 'orn r0, r1, #0x55', 'eors.w r0, r1, #0x3fc', 'adds.w r0, r1, #0x10000',
  'adc.w r0, r1, #5', 'sbcs.w r0, r1, #0xab00ab00', 'rsbs.w r0, r1, #0', 'teq.w r1, #0x80000000', 'cmn.w r1, #1',
  'ands.w r0, r1, r2, lsl #3', 'orrs.w r0, r1, r2, lsr #32', 'orns r0, r1, r2, asr #7', 'adds.w r0, r1, r2, ror #9', 'sbcs.w r0, r1, r2, rrx',
  'lsls.w r0, r1, #1', 'lsls.w r0, r1, r5', 'asrs.w r0, r1, r5', 'rors.w r0, r1, r5', 'mvns.w r0, r1, lsr #4',
  'addw r0, r1, #4095', 'subw r0, r1, #4095', 'movw r0, #0xbeef', 'movt r0, #0xdead',
  'ssat r0, #12, r1, asr #2', 'usat r0, #12, r1', 'sbfx r0, r1, #4, #28', 'ubfx r0, r1, #31, #1', 'bfi r0, r1, #0, #32', 'bfc r0, #31, #1',
  'sxtah r0, r2, r1', 'uxtab r0, r2, r1, ror #8', 'uxtb16 r0, r1, ror #8', 'sadd8 r0, r1, r2', 'uqsub8 r0, r1, r2', 'shasx r0, r1, r2',
  'qdadd r0, r1, r2', 'rbit r0, r1', 'rev16.w r0, r1', 'revsh.w r0, r1', 'sel r0, r1, r2', 'clz r0, r1',
  'mla r0, r1, r2, r3', 'mls r0, r1, r2, r3', 'smlabt r0, r1, r2, r3', 'smladx r0, r1, r2, r3', 'smlawb r0, r1, r2, r3', 'smmlsr r0, r1, r2, r3',
  'usada8 r0, r1, r2, r3', 'smull r0, r1, r2, r3', 'umlal r0, r1, r2, r3', 'umaal r0, r1, r2, r3', 'smlaltb r0, r1, r2, r3', 'smlsldx r0, r1, r2, r3',
  'sdiv r0, r1, r2', 'udiv r0, r1, r2', 'pkhtb r0, r1, r2, asr #16',
];

class Rng {
  constructor(private s: number) {}
  next(): number { this.s = (Math.imul(this.s ^ (this.s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0; const t = this.s ^ (this.s >>> 12); return (t ^ (t >>> 7)) >>> 0; }
}
const SPECIAL = [0, 1, 2, 0xffffffff, 0x80000000, 0x7fffffff, 0xffff, 0x8000, 0x7fff8000, 0x80007fff, 0xff, 0x80, 0x7f7f7f7f, 0x80808080];

function states(seed: number, n: number): number[][] {
  const rng = new Rng(seed);
  const out: number[][] = [];
  for (let k = 0; k < n; k++) {
    const regs: number[] = [];
    for (let i = 0; i < 13; i++) {
      const r = rng.next();
      regs.push(r % 3 === 0 ? SPECIAL[(r >>> 3) % SPECIAL.length] : r % 3 === 1 ? rng.next() : (rng.next() & 0xffff) * ((r >>> 8) & 1 ? 1 : 0x10000));
    }
    const sh = rng.next();
    regs[5] = sh % 4 === 0 ? rng.next() : [0, 1, 31, 32, 33, 255, 256, 7][sh % 8] ?? 0;
    const apsr = ((rng.next() & 0xf8000000) | ((rng.next() & 15) << 16)) >>> 0;
    out.push([...regs, apsr]);
  }
  return out;
}

function qemuRun(insns: string[], sts: number[][], th: boolean, vfp = false): number[][][] {
  const W = vfp ? 31 : 14;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm-qemu-'));
  const src: string[] = ['.syntax unified', th ? '.thumb' : '.arm', '.global _start', '.text'];
  if (th) src.push('.thumb_func');
  src.push('_start:');
  insns.forEach((ins, i) => sts.forEach((_, k) => {
    src.push(`ldr sp, =init_${i}_${k}`, 'ldr r0, [sp, #52]', 'msr APSR_nzcvqg, r0');
    if (vfp) src.push('ldr r0, [sp, #120]', 'vmsr fpscr, r0', 'add r0, sp, #56', 'vldm r0, {d0-d7}');
    src.push('ldm sp, {r0-r12}', ins, `ldr sp, =out_${i}_${k}`, 'stm sp, {r0-r12}', 'mrs r0, APSR', 'str r0, [sp, #52]');
    if (vfp) src.push('add r0, sp, #56', 'vstm r0, {d0-d7}', 'vmrs r0, fpscr', 'str r0, [sp, #120]');
    if ((i * sts.length + k) % 8 === 7) src.push('b 1f', '.ltorg', '1:');
  }));
  src.push('mov r0, #1', 'ldr r1, =out_0_0', `ldr r2, =${insns.length * sts.length * W * 4}`, 'mov r7, #4', 'svc 0', 'mov r0, #0', 'mov r7, #1', 'svc 0', '.ltorg', '.data');
  insns.forEach((_, i) => sts.forEach((s, k) => src.push(`init_${i}_${k}: .word ${s.join(', ')}`)));
  insns.forEach((_, i) => sts.forEach((_, k) => src.push(`out_${i}_${k}: .space ${W * 4}`)));
  fs.writeFileSync(path.join(dir, 't.s'), src.join('\n') + '\n');
  const exe = path.join(dir, 't');
  const cc = spawnSync('arm-linux-gnueabihf-gcc', ['-nostdlib', '-static', '-march=armv7ve', '-mfpu=neon-vfpv4', '-mfloat-abi=hard', '-o', exe, path.join(dir, 't.s')], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(cc.stderr);
  const r = spawnSync('qemu-arm', ['-cpu', 'max', exe], { maxBuffer: 1 << 26 });
  fs.rmSync(dir, { recursive: true });
  if (r.status !== 0) throw new Error(`qemu-arm: ${r.stderr}`);
  const buf: Buffer = r.stdout;
  const res: number[][][] = [];
  let o = 0;
  for (let i = 0; i < insns.length; i++) {
    res.push([]);
    for (let k = 0; k < sts.length; k++) { const v: number[] = []; for (let j = 0; j < W; j++, o += 4) v.push(buf.readUInt32LE(o)); res[i].push(v); }
  }
  return res;
}

maybe('agrees with qemu-arm', () => {
  for (const th of [false, true]) {
    test(th ? 'thumb' : 'arm', () => {
      const insns = th ? THUMB_INSNS : A32_INSNS;
      const sts = states(th ? 7 : 3, STATES);
      const expected = qemuRun(insns, sts, th);
      const lines = assemble(insns.join('\n'), th);
      expect(lines.length).toBe(insns.length);
      const bad: string[] = [];
      insns.forEach((ins, i) => {
        const code = th ? thumb(lines[i].word, SVC_T16) : [lines[i].word, SVC_A32];
        const run = runnerA32(code, th);
        sts.forEach((s, k) => {
          const { cpu } = run((c) => { for (let j = 0; j < 13; j++) c.regs[j] = s[j]; c.apsr = s[13]; });
          const got = [...Array.from({ length: 13 }, (_, j) => cpu.regs[j] >>> 0), cpu.apsr];
          const exp = expected[i][k].slice();
          exp[13] = (exp[13] & 0xf80f0000) >>> 0; // NZCVQ, GE (MRS also returns the mode bits)
          if (got.some((v, j) => v !== exp[j])) {
            const diff = got.map((v, j) => (v !== exp[j] ? `${j === 13 ? 'apsr' : 'r' + j}=${v.toString(16)} want ${exp[j].toString(16)}` : '')).filter(Boolean);
            bad.push(`${ins} [${s.map((x) => x.toString(16)).join(' ')}]: ${diff.join(', ')}`);
          }
        });
      });
      expect(bad.slice(0, 40)).toEqual([]);
    });
  }
});

const VFP_INSNS: string[] = [];
for (const op of ['vadd', 'vsub', 'vmul', 'vdiv', 'vnmul', 'vmla', 'vmls', 'vnmla', 'vnmls', 'vfma', 'vfms', 'vfnma', 'vfnms']) {
  VFP_INSNS.push(`${op}.f32 s0, s1, s2`, `${op}.f64 d0, d1, d2`);
}
VFP_INSNS.push('vsqrt.f32 s0, s1', 'vsqrt.f64 d0, d1', 'vabs.f32 s0, s1', 'vneg.f64 d0, d1', 'vmov.f32 s0, #-1.5', 'vmov.f64 d0, #0.125',
  'vcmp.f32 s0, s1', 'vcmpe.f32 s0, s1', 'vcmp.f64 d0, d1', 'vcmpe.f64 d0, #0.0', 'vmrs APSR_nzcv, fpscr', 'vmrs r0, fpscr',
  'vcvt.f64.f32 d0, s3', 'vcvt.f32.f64 s0, d1', 'vcvt.f32.s32 s0, s1', 'vcvt.f32.u32 s0, s1', 'vcvt.f64.s32 d0, s3', 'vcvt.f64.u32 d0, s3',
  'vcvt.s32.f32 s0, s1', 'vcvt.u32.f32 s0, s1', 'vcvtr.s32.f32 s0, s1', 'vcvtr.u32.f64 s0, d1', 'vcvt.s32.f64 s0, d1',
  'vcvt.s32.f32 s1, s1, #16', 'vcvt.u16.f32 s1, s1, #4', 'vcvt.f32.s16 s1, s1, #3', 'vcvt.f64.u32 d1, d1, #20', 'vcvt.s16.f64 d1, d1, #1',
  'vmov r0, r1, d1', 'vmov d0, r2, r3', 'vmov.32 r0, d1[1]', 'vmov.32 d0[1], r4', 'vmov s5, r1', 'vmov r0, s7');

const F32S = [0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffc12345, 0x00000001, 0x80400000,
  0x007fffff, 0x7f7fffff, 0x4f000000, 0xcf000000, 0x4f800000, 0x47000000, 0x3effffff, 0x40490fdb];
function fpStates(seed: number, n: number): number[][] {
  const base = states(seed, n);
  const rng = new Rng(seed * 31 + 1);
  return base.map((s) => {
    const v: number[] = [];
    for (let i = 0; i < 16; i++) {
      const r = rng.next();
      if (r % 4 === 0) v.push(F32S[(r >>> 4) % F32S.length]);
      else if (r % 4 === 1) v.push(((rng.next() & 0x807fffff) | (((r >>> 8) % 40 + 107) << 23)) >>> 0); // moderate exponents
      else if (r % 4 === 2 && i & 1) v.push(((rng.next() & 0x800fffff) | (((r >>> 8) % 200 + 924) << 20)) >>> 0); // double hi words
      else v.push(rng.next());
    }
    const r = rng.next();
    const fpscr = (((r & 3) << 22) | (r & 4 ? 1 << 24 : 0) | (r & 8 ? 1 << 25 : 0)) >>> 0;
    return [...s, ...v, fpscr];
  });
}

maybe('VFP agrees with qemu-arm', () => {
  for (const th of [false, true]) {
    test(th ? 'thumb' : 'arm', () => {
      const sts = fpStates(th ? 11 : 5, STATES * 2);
      const expected = qemuRun(VFP_INSNS, sts, th, true);
      const lines = assemble(VFP_INSNS.join('\n'), th);
      expect(lines.length).toBe(VFP_INSNS.length);
      const bad: string[] = [];
      VFP_INSNS.forEach((ins, i) => {
        const code = th ? thumb(lines[i].word, SVC_T16) : [lines[i].word, SVC_A32];
        const run = runnerA32(code, th);
        sts.forEach((s, k) => {
          const { cpu } = run((c) => {
            for (let j = 0; j < 13; j++) c.regs[j] = s[j];
            c.apsr = s[13];
            for (let j = 0; j < 16; j++) c.setS(j, s[14 + j]);
            c.fpscr = s[30];
          });
          const got = [...Array.from({ length: 13 }, (_, j) => cpu.regs[j] >>> 0), cpu.apsr, ...Array.from({ length: 16 }, (_, j) => cpu.s(j) >>> 0), (cpu.fpscr & 0xffc0009f) >>> 0];
          const exp = expected[i][k].slice();
          exp[13] = (exp[13] & 0xf80f0000) >>> 0;
          exp[30] = (exp[30] & 0xffc0009f) >>> 0;
          if (got.some((v, j) => v !== exp[j])) {
            const name = (j: number) => (j < 13 ? `r${j}` : j === 13 ? 'apsr' : j < 30 ? `s${j - 14}` : 'fpscr');
            const diff = got.map((v, j) => (v !== exp[j] ? `${name(j)}=${v.toString(16)} want ${exp[j].toString(16)}` : '')).filter(Boolean);
            bad.push(`${ins} [fpscr ${s[30].toString(16)} s0-5 ${s.slice(14, 20).map((x) => x.toString(16)).join(' ')}]: ${diff.join(', ')}`);
          }
        });
      });
      expect(bad.slice(0, 40)).toEqual([]);
    });
  }
});
