// Decoder and disassembler: pattern-table consistency, RVC expansion, and
// disassembly of every RV64GC instruction form (expected text checked against
// GNU objdump when the fixture was made; objdump prints some I-type
// mnemonics without their 'i' and uses c.-names for hints, which we do not).

import { decode16, decode32, disassemble, PATTERNS, RVC_PATTERNS } from '../../src/cpu/riscv64';
import { irOf } from './riscv64-harness';

const dis = (pc: number, w: number) =>
  disassemble(pc, (a) => ((w & 3) !== 3 ? w : a === pc ? w & 0xffff : w >>> 16)).text;

// [pc, word, text]
const FIXTURE: [number, number, string][] = [
  [0x10000, 0x12345537, 'lui a0,0x12345'],
  [0x10004, 0xffffffb7, 'lui t6,0xfffff'],
  [0x10008, 0x00010197, 'auipc gp,0x10'],
  [0x1000c, 0x008000ef, 'jal 10014'],
  [0x10010, 0xff1ff06f, 'j 10000'],
  [0x10014, 0x001002ef, 'jal t0,10814'],
  [0x10018, 0x000780e7, 'jalr a5'],
  [0x1001c, 0x00008067, 'ret'],
  [0x10020, 0x00068067, 'jr a3'],
  [0x10024, 0x00c50367, 'jalr t1,12(a0)'],
  [0x10028, 0x00b50863, 'beq a0,a1,10038'],
  [0x1002c, 0xfe051ce3, 'bnez a0,10024'],
  [0x10030, 0x7ed64fe3, 'blt a2,a3,1102e'],
  [0x10034, 0x80945063, 'bge s0,s1,f034'],
  [0x10038, 0x0262e063, 'bltu t0,t1,10058'],
  [0x1003c, 0x05c3f063, 'bgeu t2,t3,1007c'],
  [0x10040, 0x00a04463, 'bgtz a0,10048'],
  [0x10044, 0x00a05463, 'blez a0,1004c'],
  [0x10048, 0x00055463, 'bgez a0,10050'],
  [0x1004c, 0x00054463, 'bltz a0,10054'],
  [0x10050, 0xfff10503, 'lb a0,-1(sp)'],
  [0x10054, 0x00211583, 'lh a1,2(sp)'],
  [0x10058, 0x7ff42603, 'lw a2,2047(s0)'],
  [0x1005c, 0x8004b683, 'ld a3,-2048(s1)'],
  [0x10060, 0x00054703, 'lbu a4,0(a0)'],
  [0x10064, 0x0045d783, 'lhu a5,4(a1)'],
  [0x10068, 0x00866803, 'lwu a6,8(a2)'],
  [0x1006c, 0xfea10fa3, 'sb a0,-1(sp)'],
  [0x10070, 0x00b11123, 'sh a1,2(sp)'],
  [0x10074, 0x7ec42fa3, 'sw a2,2047(s0)'],
  [0x10078, 0x80d4b023, 'sd a3,-2048(s1)'],
  [0x1007c, 0x01010513, 'addi a0,sp,16'],
  [0x10080, 0xffb00513, 'li a0,-5'],
  [0x10084, 0x00058513, 'mv a0,a1'],
  [0x10088, 0x00000013, 'nop'],
  [0x1008c, 0xffd5a513, 'slti a0,a1,-3'],
  [0x10090, 0x0015b513, 'seqz a0,a1'],
  [0x10094, 0x0075b513, 'sltiu a0,a1,7'],
  [0x10098, 0xfff5c513, 'not a0,a1'],
  [0x1009c, 0x0055c513, 'xori a0,a1,5'],
  [0x100a0, 0x7ff5e513, 'ori a0,a1,2047'],
  [0x100a4, 0x0ff5f513, 'zext.b a0,a1'],
  [0x100a8, 0x03f59513, 'slli a0,a1,0x3f'],
  [0x100ac, 0x0205d513, 'srli a0,a1,0x20'],
  [0x100b0, 0x4015d513, 'srai a0,a1,0x1'],
  [0x100b4, 0x00c58533, 'add a0,a1,a2'],
  [0x100b8, 0x40c58533, 'sub a0,a1,a2'],
  [0x100bc, 0x40c00533, 'neg a0,a2'],
  [0x100c0, 0x00c59533, 'sll a0,a1,a2'],
  [0x100c4, 0x00c5a533, 'slt a0,a1,a2'],
  [0x100c8, 0x0005a533, 'sltz a0,a1'],
  [0x100cc, 0x00c02533, 'sgtz a0,a2'],
  [0x100d0, 0x00c5b533, 'sltu a0,a1,a2'],
  [0x100d4, 0x00c03533, 'snez a0,a2'],
  [0x100d8, 0x00c5c533, 'xor a0,a1,a2'],
  [0x100dc, 0x00c5d533, 'srl a0,a1,a2'],
  [0x100e0, 0x40c5d533, 'sra a0,a1,a2'],
  [0x100e4, 0x00c5e533, 'or a0,a1,a2'],
  [0x100e8, 0x00c5f533, 'and a0,a1,a2'],
  [0x100ec, 0xfff5851b, 'addiw a0,a1,-1'],
  [0x100f0, 0x0005851b, 'sext.w a0,a1'],
  [0x100f4, 0x01f5951b, 'slliw a0,a1,0x1f'],
  [0x100f8, 0x0035d51b, 'srliw a0,a1,0x3'],
  [0x100fc, 0x4045d51b, 'sraiw a0,a1,0x4'],
  [0x10100, 0x00c5853b, 'addw a0,a1,a2'],
  [0x10104, 0x40c5853b, 'subw a0,a1,a2'],
  [0x10108, 0x40c0053b, 'negw a0,a2'],
  [0x1010c, 0x00c5953b, 'sllw a0,a1,a2'],
  [0x10110, 0x00c5d53b, 'srlw a0,a1,a2'],
  [0x10114, 0x40c5d53b, 'sraw a0,a1,a2'],
  [0x10118, 0x0ff0000f, 'fence'],
  [0x1011c, 0x0330000f, 'fence rw,rw'],
  [0x10120, 0x8330000f, 'fence.tso'],
  [0x10124, 0x0000100f, 'fence.i'],
  [0x10128, 0x00000073, 'ecall'],
  [0x1012c, 0x00100073, 'ebreak'],
  [0x10130, 0x00359573, 'fscsr a0,a1'],
  [0x10134, 0x0015a573, 'csrrs a0,fflags,a1'],
  [0x10138, 0x0025b573, 'csrrc a0,frm,a1'],
  [0x1013c, 0x0032d573, 'csrrwi a0,fcsr,5'],
  [0x10140, 0x0010e573, 'csrrsi a0,fflags,1'],
  [0x10144, 0x002ff573, 'csrrci a0,frm,31'],
  [0x10148, 0xc0002573, 'rdcycle a0'],
  [0x1014c, 0xc0102573, 'rdtime a0'],
  [0x10150, 0xc0202573, 'rdinstret a0'],
  [0x10154, 0x00302573, 'frcsr a0'],
  [0x10158, 0x00359073, 'fscsr a1'],
  [0x1015c, 0x00259073, 'fsrm a1'],
  [0x10160, 0x0021d073, 'fsrmi 3'],
  [0x10164, 0x02c58533, 'mul a0,a1,a2'],
  [0x10168, 0x02c59533, 'mulh a0,a1,a2'],
  [0x1016c, 0x02c5a533, 'mulhsu a0,a1,a2'],
  [0x10170, 0x02c5b533, 'mulhu a0,a1,a2'],
  [0x10174, 0x02c5c533, 'div a0,a1,a2'],
  [0x10178, 0x02c5d533, 'divu a0,a1,a2'],
  [0x1017c, 0x02c5e533, 'rem a0,a1,a2'],
  [0x10180, 0x02c5f533, 'remu a0,a1,a2'],
  [0x10184, 0x02c5853b, 'mulw a0,a1,a2'],
  [0x10188, 0x02c5c53b, 'divw a0,a1,a2'],
  [0x1018c, 0x02c5d53b, 'divuw a0,a1,a2'],
  [0x10190, 0x02c5e53b, 'remw a0,a1,a2'],
  [0x10194, 0x02c5f53b, 'remuw a0,a1,a2'],
  [0x10198, 0x1005a52f, 'lr.w a0,(a1)'],
  [0x1019c, 0x1405b52f, 'lr.d.aq a0,(a1)'],
  [0x101a0, 0x18c5a52f, 'sc.w a0,a2,(a1)'],
  [0x101a4, 0x1ac5b52f, 'sc.d.rl a0,a2,(a1)'],
  [0x101a8, 0x08c5a52f, 'amoswap.w a0,a2,(a1)'],
  [0x101ac, 0x06c5a52f, 'amoadd.w.aqrl a0,a2,(a1)'],
  [0x101b0, 0x20c5a52f, 'amoxor.w a0,a2,(a1)'],
  [0x101b4, 0x60c5a52f, 'amoand.w a0,a2,(a1)'],
  [0x101b8, 0x40c5a52f, 'amoor.w a0,a2,(a1)'],
  [0x101bc, 0x80c5a52f, 'amomin.w a0,a2,(a1)'],
  [0x101c0, 0xa0c5a52f, 'amomax.w a0,a2,(a1)'],
  [0x101c4, 0xc0c5a52f, 'amominu.w a0,a2,(a1)'],
  [0x101c8, 0xe0c5a52f, 'amomaxu.w a0,a2,(a1)'],
  [0x101cc, 0x08c5b52f, 'amoswap.d a0,a2,(a1)'],
  [0x101d0, 0x00c5b52f, 'amoadd.d a0,a2,(a1)'],
  [0x101d4, 0x20c5b52f, 'amoxor.d a0,a2,(a1)'],
  [0x101d8, 0x60c5b52f, 'amoand.d a0,a2,(a1)'],
  [0x101dc, 0x40c5b52f, 'amoor.d a0,a2,(a1)'],
  [0x101e0, 0x80c5b52f, 'amomin.d a0,a2,(a1)'],
  [0x101e4, 0xa0c5b52f, 'amomax.d a0,a2,(a1)'],
  [0x101e8, 0xc0c5b52f, 'amominu.d a0,a2,(a1)'],
  [0x101ec, 0xe0c5b52f, 'amomaxu.d a0,a2,(a1)'],
  [0x101f0, 0x00412507, 'flw fa0,4(sp)'],
  [0x101f4, 0xff853407, 'fld fs0,-8(a0)'],
  [0x101f8, 0x00b12627, 'fsw fa1,12(sp)'],
  [0x101fc, 0x7e953c27, 'fsd fs1,2040(a0)'],
  [0x10200, 0x68c5f543, 'fmadd.s fa0,fa1,fa2,fa3'],
  [0x10204, 0x68c59547, 'fmsub.s fa0,fa1,fa2,fa3,rtz'],
  [0x10208, 0x68c5f54b, 'fnmsub.s fa0,fa1,fa2,fa3'],
  [0x1020c, 0x68c5f54f, 'fnmadd.s fa0,fa1,fa2,fa3'],
  [0x10210, 0x6ac5f543, 'fmadd.d fa0,fa1,fa2,fa3'],
  [0x10214, 0x6ac5f547, 'fmsub.d fa0,fa1,fa2,fa3'],
  [0x10218, 0x6ac5854b, 'fnmsub.d fa0,fa1,fa2,fa3,rne'],
  [0x1021c, 0x6ac5f54f, 'fnmadd.d fa0,fa1,fa2,fa3'],
  [0x10220, 0x00c5f553, 'fadd.s fa0,fa1,fa2'],
  [0x10224, 0x08c5b553, 'fsub.s fa0,fa1,fa2,rup'],
  [0x10228, 0x10c5f553, 'fmul.s fa0,fa1,fa2'],
  [0x1022c, 0x18c5f553, 'fdiv.s fa0,fa1,fa2'],
  [0x10230, 0x02c5f553, 'fadd.d fa0,fa1,fa2'],
  [0x10234, 0x0ac5f553, 'fsub.d fa0,fa1,fa2'],
  [0x10238, 0x12c5a553, 'fmul.d fa0,fa1,fa2,rdn'],
  [0x1023c, 0x1ac5c553, 'fdiv.d fa0,fa1,fa2,rmm'],
  [0x10240, 0x5805f553, 'fsqrt.s fa0,fa1'],
  [0x10244, 0x5a05f553, 'fsqrt.d fa0,fa1'],
  [0x10248, 0x20c58553, 'fsgnj.s fa0,fa1,fa2'],
  [0x1024c, 0x20c59553, 'fsgnjn.s fa0,fa1,fa2'],
  [0x10250, 0x20c5a553, 'fsgnjx.s fa0,fa1,fa2'],
  [0x10254, 0x22c58553, 'fsgnj.d fa0,fa1,fa2'],
  [0x10258, 0x22c59553, 'fsgnjn.d fa0,fa1,fa2'],
  [0x1025c, 0x22c5a553, 'fsgnjx.d fa0,fa1,fa2'],
  [0x10260, 0x22b58553, 'fmv.d fa0,fa1'],
  [0x10264, 0x22b59553, 'fneg.d fa0,fa1'],
  [0x10268, 0x20b5a553, 'fabs.s fa0,fa1'],
  [0x1026c, 0x28c58553, 'fmin.s fa0,fa1,fa2'],
  [0x10270, 0x28c59553, 'fmax.s fa0,fa1,fa2'],
  [0x10274, 0x2ac58553, 'fmin.d fa0,fa1,fa2'],
  [0x10278, 0x2ac59553, 'fmax.d fa0,fa1,fa2'],
  [0x1027c, 0x4015f553, 'fcvt.s.d fa0,fa1'],
  [0x10280, 0x42058553, 'fcvt.d.s fa0,fa1'],
  [0x10284, 0xa0c5a553, 'feq.s a0,fa1,fa2'],
  [0x10288, 0xa0c59553, 'flt.s a0,fa1,fa2'],
  [0x1028c, 0xa0c58553, 'fle.s a0,fa1,fa2'],
  [0x10290, 0xa2c5a553, 'feq.d a0,fa1,fa2'],
  [0x10294, 0xa2c59553, 'flt.d a0,fa1,fa2'],
  [0x10298, 0xa2c58553, 'fle.d a0,fa1,fa2'],
  [0x1029c, 0xe0059553, 'fclass.s a0,fa1'],
  [0x102a0, 0xe2059553, 'fclass.d a0,fa1'],
  [0x102a4, 0xe0058553, 'fmv.x.w a0,fa1'],
  [0x102a8, 0xf0058553, 'fmv.w.x fa0,a1'],
  [0x102ac, 0xe2058553, 'fmv.x.d a0,fa1'],
  [0x102b0, 0xf2058553, 'fmv.d.x fa0,a1'],
  [0x102b4, 0xc0059553, 'fcvt.w.s a0,fa1,rtz'],
  [0x102b8, 0xc015f553, 'fcvt.wu.s a0,fa1'],
  [0x102bc, 0xc025f553, 'fcvt.l.s a0,fa1'],
  [0x102c0, 0xc035f553, 'fcvt.lu.s a0,fa1'],
  [0x102c4, 0xd005f553, 'fcvt.s.w fa0,a1'],
  [0x102c8, 0xd015f553, 'fcvt.s.wu fa0,a1'],
  [0x102cc, 0xd025f553, 'fcvt.s.l fa0,a1'],
  [0x102d0, 0xd035f553, 'fcvt.s.lu fa0,a1'],
  [0x102d4, 0xc2059553, 'fcvt.w.d a0,fa1,rtz'],
  [0x102d8, 0xc215f553, 'fcvt.wu.d a0,fa1'],
  [0x102dc, 0xc225f553, 'fcvt.l.d a0,fa1'],
  [0x102e0, 0xc235f553, 'fcvt.lu.d a0,fa1'],
  [0x102e4, 0xd2058553, 'fcvt.d.w fa0,a1'],
  [0x102e8, 0xd2158553, 'fcvt.d.wu fa0,a1'],
  [0x102ec, 0xd225f553, 'fcvt.d.l fa0,a1'],
  [0x102f0, 0xd235f553, 'fcvt.d.lu fa0,a1'],
  [0x10000, 0x0808, 'addi a0,sp,16'],
  [0x10002, 0x1fe4, 'addi s1,sp,1020'],
  [0x10004, 0x2588, 'fld fa0,8(a1)'],
  [0x10006, 0x42d0, 'lw a2,4(a3)'],
  [0x10008, 0x5ef0, 'lw a2,124(a3)'],
  [0x1000a, 0x7ff8, 'ld a4,248(a5)'],
  [0x1000c, 0xa804, 'fsd fs1,16(s0)'],
  [0x1000e, 0xc2b0, 'sw a2,64(a3)'],
  [0x10010, 0xe798, 'sd a4,8(a5)'],
  [0x10012, 0x0001, 'nop'],
  [0x10014, 0x1501, 'addi a0,a0,-32'],
  [0x10016, 0x017d, 'addi sp,sp,31'],
  [0x10018, 0x2595, 'addiw a1,a1,5'],
  [0x1001a, 0x2581, 'sext.w a1,a1'],
  [0x1001c, 0x557d, 'li a0,-1'],
  [0x1001e, 0x42fd, 'li t0,31'],
  [0x10020, 0x7101, 'addi sp,sp,-512'],
  [0x10022, 0x617d, 'addi sp,sp,496'],
  [0x10024, 0x657d, 'lui a0,0x1f'],
  [0x10026, 0x7301, 'lui t1,0xfffe0'],
  [0x10028, 0x91fd, 'srli a1,a1,0x3f'],
  [0x1002a, 0x8605, 'srai a2,a2,0x1'],
  [0x1002c, 0x9afd, 'andi a3,a3,-1'],
  [0x1002e, 0x8c05, 'sub s0,s0,s1'],
  [0x10030, 0x8d2d, 'xor a0,a0,a1'],
  [0x10032, 0x8e55, 'or a2,a2,a3'],
  [0x10034, 0x8f7d, 'and a4,a4,a5'],
  [0x10036, 0x9d0d, 'subw a0,a0,a1'],
  [0x10038, 0x9e35, 'addw a2,a2,a3'],
  [0x1003a, 0xb001, 'j f83a'],
  [0x1003c, 0xaffd, 'j 1083a'],
  [0x1003e, 0xd101, 'beqz a0,ff3e'],
  [0x10040, 0xecfd, 'bnez s1,1013e'],
  [0x10042, 0x1282, 'slli t0,t0,0x20'],
  [0x10044, 0x357e, 'fld fa0,504(sp)'],
  [0x10046, 0x557e, 'lw a0,252(sp)'],
  [0x10048, 0x60a2, 'ld ra,8(sp)'],
  [0x1004a, 0x747e, 'ld s0,504(sp)'],
  [0x1004c, 0x8082, 'ret'],
  [0x1004e, 0x8782, 'jr a5'],
  [0x10050, 0x852e, 'mv a0,a1'],
  [0x10052, 0x9002, 'ebreak'],
  [0x10054, 0x9282, 'jalr t0'],
  [0x10056, 0x9082, 'jalr ra'],
  [0x10058, 0x952e, 'add a0,a0,a1'],
  [0x1005a, 0xbfa2, 'fsd fs0,504(sp)'],
  [0x1005c, 0xdfaa, 'sw a0,252(sp)'],
  [0x1005e, 0xff86, 'sd ra,504(sp)'],
];

test.each(FIXTURE.map(([pc, w, t]) => [w.toString(16), t, pc, w] as const))('%s: %s', (_ws, text, pc, w) => {
  expect(dis(pc, w)).toBe(text);
  expect(disassemble(pc, (a) => ((w & 3) !== 3 ? w : a === pc ? w & 0xffff : w >>> 16)).len).toBe((w & 3) === 3 ? 4 : 2);
});

test('illegal words disassemble as data', () => {
  expect(dis(0x1000, 0x0000)).toBe('unimp');
  expect(dis(0x1000, 0x6101)).toBe('.2byte 0x6101');
  expect(dis(0x1000, 0xffffffff)).toBe('.4byte 0xffffffff');
});

test('every pattern decodes to itself from its match bits', () => {
  for (const p of PATTERNS) expect(decode32(p.match)?.pat.name).toBe(p.name);
});

test('pattern names are unique and patterns do not overlap', () => {
  expect(new Set(PATTERNS.map((p) => p.name)).size).toBe(PATTERNS.length);
  for (const a of PATTERNS) for (const b of PATTERNS) {
    if (a === b) continue;
    const common = a.mask & b.mask;
    expect([a.name, b.name, ((a.match & common) >>> 0) === ((b.match & common) >>> 0)]).toEqual([a.name, b.name, false]);
  }
});

test('the table covers RV64GC', () => {
  const names = new Set(PATTERNS.map((p) => p.name));
  // 52 RV64I + fence.i, 6 Zicsr, 13 M, 22 A, 31 F, 31 D (each counting one of fcvt.s.d / fcvt.d.s)
  expect(PATTERNS.length).toBe(53 + 6 + 13 + 22 + 31 + 31);
  for (const n of ['lwu', 'ld', 'sd', 'addiw', 'sraiw', 'fence.i', 'remuw', 'amomaxu.d', 'fnmadd.d', 'fcvt.lu.d', 'fmv.d.x', 'fclass.s']) {
    expect(names.has(n)).toBe(true);
  }
  expect(RVC_PATTERNS.length).toBe(36);
});

describe('RVC', () => {
  test('reserved encodings', () => {
    const reserved = [
      0x0000, // c.addi4spn with nzuimm = 0 (also "defined illegal")
      0x0004, // c.addi4spn rd=s1, nzuimm = 0
      0x8000, // quadrant 0, funct3 100
      0x2001, // c.addiw rd = 0
      0x6101, // c.addi16sp 0
      0x6001, // c.lui zero... with imm 0: reserved
      0x6501, // c.lui a0,0
      0x9c41, // c.subw funct 10 reserved (100 1 11 ... 10 ...)
      0x9c61, // 11 reserved
      0x4002, // c.lwsp rd = 0
      0x6002, // c.ldsp rd = 0
      0x8002, // c.jr zero
    ];
    for (const h of reserved) expect([h, decode16(h)]).toEqual([h, undefined]);
  });

  test('hints decode (they execute as no-ops)', () => {
    for (const [h, name] of [[0x0001, 'c.addi'], [0x0005, 'c.addi'], [0x4001, 'c.li'], [0x8006, 'c.mv'], [0x0002, 'c.slli'], [0x9006, 'c.add']] as const) {
      expect(decode16(h)?.cname).toBe(name);
    }
  });

  // Each compressed form must emit the same IR as its 32-bit expansion (length aside).
  const PAIRS: [number, number][] = [
    [0x0808, 0x01010513], // c.addi4spn a0,sp,16 / addi a0,sp,16
    [0x2588, 0x0085b507], // c.fld fa0,8(a1) / fld fa0,8(a1)
    [0x42d0, 0x0046a603], // c.lw a2,4(a3)
    [0x7ff8, 0x0f87b703], // c.ld a4,248(a5)
    [0xe798, 0x00e7b423], // c.sd a4,8(a5)
    [0x1501, 0xfe050513], // c.addi a0,-32
    [0x2595, 0x0055859b], // c.addiw a1,5
    [0x557d, 0xfff00513], // c.li a0,-1
    [0x7101, 0xe0010113], // c.addi16sp -512
    [0x7301, 0xfffe0337], // c.lui t1,0xfffe0
    [0x91fd, 0x03f5d593], // c.srli a1,63
    [0x8605, 0x40165613], // c.srai a2,1
    [0x9afd, 0xfff6f693], // c.andi a3,-1
    [0x8c05, 0x40940433], // c.sub s0,s1
    [0x9d0d, 0x40b5053b], // c.subw a0,a1
    [0xb001, 0x801ff06f], // c.j -2048 / jal zero,-2048
    [0x1282, 0x02029293], // c.slli t0,32
    [0x60a2, 0x00813083], // c.ldsp ra,8(sp)
    [0x8082, 0x00008067], // c.jr ra / ret
    [0x852e, 0x00b00533], // c.mv a0,a1 / add a0,zero,a1
    [0x952e, 0x00b50533], // c.add a0,a1
    [0xff86, 0x1e113c23], // c.sdsp ra,504(sp)
    [0xbfa2, 0x1e813c27], // c.fsdsp fs0,504(sp)
  ];
  test.each(PAIRS.map(([h, w]) => [h.toString(16), w.toString(16), h, w] as const))('%s expands like %s', (_hs, _ws, h, w) => {
    const a = irOf(h), b = irOf(w);
    expect(a.len).toBe(2);
    expect(b.len).toBe(4);
    expect(a.text).toBe(b.text);
  });

  test('c.jalr links pc+2, jalr links pc+4', () => {
    expect(irOf(0x9282).text).toContain('mov_i64 ra, $0x400002');
    expect(irOf(0x000280e7).text).toContain('mov_i64 ra, $0x400004');
  });
});
