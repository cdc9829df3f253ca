// The complete A64 pattern table: every group's entries in one PatternTable.

import { PatternTable } from './decode';
import { INT_ENTRIES } from './trans-int';
import { CTRL_ENTRIES } from './trans-ctrl';
import { MEM_ENTRIES } from './trans-mem';
import { FP_ENTRIES } from './trans-fp';
import { SIMD_ENTRIES } from './trans-simd';

export const TABLE = new PatternTable();
TABLE.add(INT_ENTRIES);
TABLE.add(CTRL_ENTRIES);
TABLE.add(MEM_ENTRIES);
TABLE.add(FP_ENTRIES);
TABLE.add(SIMD_ENTRIES);
