// Shared, bit-exact IEEE 754 floating-point library for the guest CPUs (see README.md).
//
// f32 values are int32 bit patterns; f64 values are (lo, hi) int32 pairs and f64 results return
// lo with hi in RET[0] (src/translate/runtime.ts); f16 values are 16-bit patterns in a number.

export type { FpStatus } from './status';
export {
  newFpStatus,
  FLAG_NX, FLAG_UF, FLAG_OF, FLAG_DZ, FLAG_NV, FLAG_ID,
  RM_RNE, RM_RTZ, RM_RDN, RM_RUP, RM_RMM,
} from './status';
export {
  isNaN32, isSNaN32, isQNaN32, isNaN64, isSNaN64, isQNaN64, isNaN16, isSNaN16,
  CANONICAL_NAN32, CANONICAL_NAN64_HI, CANONICAL_NAN64_LO, CANONICAL_NAN16,
  f32ToNumber, numberToF32, f64ToNumber,
} from './bits';
export {
  add32, sub32, mul32, div32, sqrt32, fma32,
  min32, max32, minNaN32, maxNaN32, minNum32, maxNum32,
  eq32, lt32, le32, cmp32, classify32,
} from './f32';
export {
  add64, sub64, mul64, div64, sqrt64, fma64,
  min64, max64, minNaN64, maxNaN64, minNum64, maxNum64,
  eq64, lt64, le64, cmp64, classify64,
} from './f64';
export type { NaNResult } from './convert';
export {
  f32to64, f64to32, f16to32, f32to16, f16to64, f64to16,
  f32toi32, f32toi64, f64toi32, f64toi64,
  i32tof32, i64tof32, i32tof64, i64tof64,
  roundInt32, roundInt64,
} from './convert';
