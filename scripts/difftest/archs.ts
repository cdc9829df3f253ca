import type { ArchSpec } from './arch';
import { aarch64 } from './aarch64';
import { arm, thumb } from './arm';
import { riscv64 } from './riscv64';

export const ARCHS: Record<string, ArchSpec> = { riscv64, aarch64, arm, thumb };
