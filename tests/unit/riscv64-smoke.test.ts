import { run, ECALL, Exit } from './riscv64-harness';
test('smoke', () => {
  const { cpu, exit } = run([0x4515, 0xff950593, ECALL]);
  expect(exit).toBe(Exit.Syscall);
  expect(cpu.getX(10)).toBe(5n);
  expect(cpu.getX(11)).toBe(-2n);
});
