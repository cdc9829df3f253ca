// Runs gcc -O2 output (RV64GC, heavy use of compressed instructions, calls,
// recursion, M-extension ops, a 128-bit multiply) and checks the results the
// same C code gives on the host. Source: see the comment at the end.

import { CODE, DATA, ECALL, encode, Exit, mem } from './riscv64-harness';
import { Engine } from '../../src/translate/engine';
import { createRiscvCpu, riscv64Frontend } from '../../src/cpu/riscv64';

const TEXT = Buffer.from(
  '635eb0023786b8edaa957d571306063283470500a1463d8f93771700bb07f0401b571700f18fb98ffd361b870700edf60505e31fb5fc1345f7ff8280' +
  '014582801171a6f586fda2f9caf1ceedd2e9d6e5dae15efd62f966f56af16eed8547aa8463dba7289307f5ff13f7e7ffb30ce540014b05463e84638d' +
  '9427f91493f7e4ffda89330df440814a268b9307f4ff6304a425930be4ff13f7ebff3389e74081444e8c1384f7ff638c2721938de7ff93f7edffb306' +
  'f44056872285014ae285a689b68a4a849304f5ff6302551f7915137ce5ff2e8e4e886ef0da86e68d338c844101493a83d285d689a28caa885e8b9387' +
  'f4ff630f9c18f91493fae4ffb38a5741014ad68b1384f7ff6387fb14938ee7ff13f5eeff9382d7ff9383b7ffb307a4403eecf28a81476267930ff4ff' +
  '630c871213f5e2ff3387af403ae01ae47e856e835a8fea8df68f668db68ece8c1e87014e3ee8ca89228ba68682676309f5109307e5ff9370e7ff7115' +
  '3e893304154081444a853ee57ee1f6fcb6f8c6f4faf09aecbae896e49ee072fc2ef842f4791997000000e78020eb2278c275627e8663a66246676663' +
  '067fa678c676e67e8a6faa67aa940546e31e24fb1374170026943e85229e7917e34af6f84e89c267e689ea8c6e8d9a8d22635a84b6847a8bf686fe8e' +
  'aa8f3385cf017914aa97f912f913e34c86f2568e3305f4002a9af687e344d6f1d2973e99e34596ee6684ee8c827d2e8ace8ada8b1a87f285c2894685' +
  '368bca94269ae341a6ea22892e8cba8ace842a84229aee87d294e346b6e7be94e2895e84a69ae34476e5da8456944e8b229b634c9608da944da0f917' +
  '229ad2973e99e34896e85db7568e7914fe9769b75a847a8b130ff5ff4e89b684e689f686ea8cfe8e6e8dc2679a8d930fe5ff22637a9e91bf2e8ace8a' +
  '6684da8bee8c1a87827df285c2894685368bf9143e9995bfa68722892e8cba8ace841304e5ff3e9a95bfa294f917be94e2895e84a69ae35e76f79307' +
  'f4ffe310a4dd7914be9ada8456944e8b229be35896f69387f4ff3e84e39794d9f914da97be94ee704e740e79ee694e6aae6a0e6bea7b4a7caa7c0a7d' +
  'ea6d2685ae7411618280854763deb7028e0593088500330eb50001437d5883b508001a87c68731a094e3930786ff630e070183b687ff7d173e86e3c7' +
  'd5fe0ce2a1080503e31d1efd82802a860ce2a1080503e3161efdcdbf93671500b3d7f502371740000337074b3305e5021357d501298fba97b3b5b702' +
  'bd8d1b9535009bd735400d9d1d9db7470f009b8737243b65f5022e958280397126f4ae8422f84af052e806fc4eec56e45ae02a84328a368997000000' +
  'e780a0f5635f900c939634002285a296814a186193975a00b38757412105b38ae700e398a6feb717400083b7074b93e41a00b387fa0293d9d701b3c9' +
  'f9006357200bb786b8ed528633052a017d579386063283470600a1453d8f93771700bb07f0401b571700f58fb98ffd351b870700edf50506e31fc5fc' +
  '1347f7ff131407020190394a014b528597000000e78080bf791a2a9be3190afe33579902e27013051b002215a274426a026b4e9733392703e2693347' +
  '27019b1737009b563740999f959fb7460f009b863624bbe7d7020279ba97b3c75701a18f4274a26a3d8d2161828085448149814ae34d20f5014451bf'
  , 'hex');
const SDATA_AT = 0x4014b0;
const SDATA = Buffer.from('157c4a7fb979379e', 'hex');
const FN = { crc32: 0x400000, fib: 0x400040, isort: 0x400316, mix: 0x400364, test: 0x4003a2 };
const RETURN_PAD = CODE + 0x8000;
const STACK_TOP = DATA + 0x8000;

mem.fill(CODE, 0x10000, 0);
mem.poke(CODE, TEXT);
mem.poke(SDATA_AT, SDATA);
mem.poke(RETURN_PAD, encode([ECALL]));
const engine = new Engine(riscv64Frontend, mem);

function call(fn: number, args: (number | bigint)[]): bigint {
  const cpu = createRiscvCpu(mem);
  cpu.pc = fn;
  cpu.setX(1, RETURN_PAD);
  cpu.setX(2, STACK_TOP);
  args.forEach((v, i) => cpu.setX(10 + i, v));
  expect(engine.run(cpu)).toBe(Exit.Syscall);
  expect(cpu.pc).toBe(RETURN_PAD + 4);
  expect(cpu.getX(2)).toBe(BigInt(STACK_TOP)); // callee-balanced stack
  return cpu.getX(10);
}

const BUF = DATA + 0x200;
const ARR = DATA + 0x100;
const buf = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff);

test('crc32 (bit loop)', () => {
  mem.poke(BUF, buf);
  expect(BigInt.asUintN(32, call(FN.crc32, [BUF, 64]))).toBe(4290438665n);
});

test('fib (recursive)', () => {
  expect(call(FN.fib, [20])).toBe(6765n);
});

test('mix (mul, mulh, divu, rem on words)', () => {
  expect(BigInt.asUintN(64, call(FN.mix, [12345, 678]))).toBe(0xa12ce22e47b3790bn);
});

test('test(): insertion sort + all of the above', () => {
  const arr = [5n, -3n, 99n, 0n, 42n, -100000000000n, 7n, 7n, 123456789012n, -1n];
  arr.forEach((v, i) => mem.setU64n(ARR + 8 * i, v));
  mem.poke(BUF, buf);
  expect(call(FN.test, [ARR, 10, BUF, 64])).toBe(-867879802124875140n);
  const sorted = arr.map((_, i) => BigInt.asIntN(64, mem.u64n(ARR + 8 * i)));
  expect(sorted).toEqual([-100000000000n, -3n, -1n, 0n, 5n, 7n, 7n, 42n, 99n, 123456789012n]);
});

/* prog.c, built with riscv64-linux-gnu-gcc -O2 -march=rv64gc -ffreestanding -nostdlib -fno-pic -static
   -Wl,-Ttext=0x400000 -Wl,--no-relax:
typedef unsigned long u64;
unsigned crc32(const unsigned char *p, long n) {
  unsigned c = 0xffffffffu;
  for (long i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & -(c & 1));
  }
  return ~c;
}
long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
void isort(long *a, long n) {
  for (long i = 1; i < n; i++) {
    long v = a[i], j = i - 1;
    while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}
u64 mix(u64 x, u64 y) {
  u64 h = x * 0x9e3779b97f4a7c15ul;
  h ^= h >> 29; h += y / (x | 1); h ^= (u64)((__int128)h * y >> 64);
  int w = (int)h; w = w * 7 - (w >> 3); h += (long)w % 1000003;
  return h;
}
long test(long *arr, long n, unsigned char *buf, long len) {
  isort(arr, n);
  long s = 0;
  for (long i = 0; i < n; i++) s = s * 31 + arr[i];
  return s ^ crc32(buf, len) ^ (fib(15) << 40) ^ mix(s, len);
}
*/
