// The page 32-bit ARM Linux maps at 0xffff0000 into every process: the
// "kuser helpers", small routines at fixed addresses near its end that old
// C libraries and libgcc call (Documentation/arm/kernel_user_helpers.rst):
//
//   0xffff0f60  __kuser_cmpxchg64(const s64 *old, const s64 *new, volatile s64 *p)
//   0xffff0fa0  __kuser_memory_barrier()
//   0xffff0fc0  __kuser_cmpxchg(s32 old, s32 new, volatile s32 *p)
//   0xffff0fe0  __kuser_get_tls()            → r0 = TPIDRURO (set_tls)
//   0xffff0ffc  __kuser_helper_version       (a word: the number of 32-byte helper slots, 5)
//
// The cmpxchg helpers return 0 in r0 with C set when they stored, non-zero
// with C clear when *p was not the expected value; they may clobber r3, ip,
// lr and the flags. The code is A32, assembled from this source (ours):
//
//   f60: push   {r4, r5, r6, r7}           fc0: ldrex   r3, [r2]
//        ldrd   r4, r5, [r0]                    eors    r3, r3, r0      @ 0 iff expected
//        ldrd   r6, r7, [r1]                    strexeq r3, r1, [r2]    @ r3 = 0 stored, 1 retry
//   1:   ldrexd r0, r1, [r2]                    cmpeq   r3, #1
//        cmp    r0, r4                          beq     fc0
//        cmpeq  r1, r5                          rsbs    r0, r3, #0      @ C iff r3 == 0
//        movne  r0, #1                          bx      lr
//        bne    2f
//        strexd r3, r6, r7, [r2]           fe0: mrc     p15, 0, r0, c13, c0, 3
//        cmp    r3, #0       @ Z, C set         bx      lr
//        bne    1b
//        mov    r0, #0                     fa0: dmb     ish
//        b      3f                              bx      lr
//   2:   cmn    r0, #0       @ C clear
//   3:   pop    {r4, r5, r6, r7}
//        bx     lr
//
// Everything else in the page is `udf #0`.

import { PAGE_SIZE } from '../memory/guest-memory';

export const ARM_VECTORS_BASE = 0xffff0000;

const UDF = 0xe7f000f0;

const CODE: ReadonlyArray<readonly [number, readonly number[]]> = [
  [0xf60, [
    0xe92d00f0, 0xe1c040d0, 0xe1c160d0, 0xe1b20f9f, 0xe1500004, 0x01510005, 0x13a00001, 0x1a000004,
    0xe1a23f96, 0xe3530000, 0x1afffff7, 0xe3a00000, 0xea000000, 0xe3700000, 0xe8bd00f0, 0xe12fff1e,
  ]],
  [0xfa0, [0xf57ff05b, 0xe12fff1e]],
  [0xfc0, [0xe1923f9f, 0xe0333000, 0x01823f91, 0x03530001, 0x0afffffa, 0xe2730000, 0xe12fff1e]],
  [0xfe0, [0xee1d0f70, 0xe12fff1e]],
  [0xffc, [5]],
];

/** The contents of the page at ARM_VECTORS_BASE (little-endian). */
export function armVectorsPage(): Buffer {
  const page = Buffer.alloc(PAGE_SIZE);
  for (let off = 0; off < PAGE_SIZE; off += 4) page.writeUInt32LE(UDF, off);
  for (const [off, words] of CODE) words.forEach((w, i) => page.writeUInt32LE(w >>> 0, off + 4 * i));
  return page;
}
