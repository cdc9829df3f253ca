// VFPv3 and NEON (placeholder until the tables are written).
import type { PatternSpec } from './pattern';
export const VFP_A32: PatternSpec[] = [];
export const VFP_T32: PatternSpec[] = [];
