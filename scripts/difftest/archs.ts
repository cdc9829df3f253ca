import type { ArchSpec } from './arch';
import { riscv64 } from './riscv64';

export const ARCHS: Record<string, ArchSpec> = { riscv64 };
