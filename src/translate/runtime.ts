// Run-time support shared by generated code and helpers.

/** Second result register: helpers returning i64 return the low half and put the high half in RET[0]. */
export const RET = new Int32Array(4);
