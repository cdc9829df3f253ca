/* NEON (Advanced SIMD v1): intrinsics over every instruction group, and plain
 * loops that GCC vectorises (-O3 via the optimize attribute). The file turns
 * NEON on itself (the arm C tests build for armhf's default VFPv3-D16), and
 * prints results that nodemu must reproduce exactly as qemu-arm does. */
#pragma GCC target("fpu=neon-vfpv4")
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t seed = 12345;
static uint32_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5; return seed; }

static uint8_t A8[256], B8[256];
static int16_t A16[128], B16[128];
static int32_t A32[64], B32[64];
static float AF[64], BF[64];

static uint32_t h = 2166136261u;
static void mix(const void *p, size_t n) { const uint8_t *b = p; for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 16777619u; }
#define MIX(v) do { __typeof__(v) t_ = (v); mix(&t_, sizeof t_); } while (0)
static void report(const char *what) { printf("%-12s %08x\n", what, h); h = 2166136261u; }

static void integer_ops(void) {
  for (int i = 0; i < 256; i += 16) {
    uint8x16_t a = vld1q_u8(A8 + i), b = vld1q_u8(B8 + i);
    int8x16_t sa = vreinterpretq_s8_u8(a), sb = vreinterpretq_s8_u8(b);
    MIX(vaddq_u8(a, b)); MIX(vsubq_u8(a, b)); MIX(vmulq_u8(a, b)); MIX(vmlaq_u8(a, a, b));
    MIX(vqaddq_u8(a, b)); MIX(vqsubq_s8(sa, sb)); MIX(vhaddq_s8(sa, sb)); MIX(vrhaddq_u8(a, b)); MIX(vhsubq_u8(a, b));
    MIX(vmaxq_s8(sa, sb)); MIX(vminq_u8(a, b)); MIX(vabdq_s8(sa, sb)); MIX(vabaq_u8(a, a, b));
    MIX(vcgtq_s8(sa, sb)); MIX(vcgeq_u8(a, b)); MIX(vceqq_u8(a, b)); MIX(vtstq_u8(a, b));
    MIX(vshlq_s8(sa, vshrq_n_s8(sb, 5))); MIX(vqshlq_u8(a, vshrq_n_s8(sb, 5))); MIX(vrshlq_s8(sa, vshrq_n_s8(sb, 5))); MIX(vqrshlq_u8(a, vshrq_n_s8(sb, 4)));
    MIX(vbslq_u8(vcgtq_u8(a, b), a, b)); MIX(vmulq_p8(vreinterpretq_p8_u8(a), vreinterpretq_p8_u8(b)));
    MIX(vpadd_u8(vget_low_u8(a), vget_high_u8(b))); MIX(vpmax_s8(vget_low_s8(sa), vget_high_s8(sb))); MIX(vpmin_u8(vget_low_u8(a), vget_low_u8(b)));
    MIX(vclzq_u8(a)); MIX(vclsq_s8(sa)); MIX(vcntq_u8(a)); MIX(vmvnq_u8(a)); MIX(vqabsq_s8(sa)); MIX(vqnegq_s8(sa)); MIX(vabsq_s8(sa)); MIX(vnegq_s8(sa));
    MIX(vrev64q_u8(a)); MIX(vrev32q_u8(a)); MIX(vrev16q_u8(a)); MIX(vextq_u8(a, b, 5));
    MIX(vzipq_u8(a, b)); MIX(vuzpq_u8(a, b)); MIX(vtrnq_u8(a, b));
    MIX(vtbl2_u8((uint8x8x2_t){{vget_low_u8(a), vget_high_u8(a)}}, vand_u8(vget_low_u8(b), vdup_n_u8(31))));
    MIX(vtbx1_u8(vget_low_u8(b), vget_high_u8(a), vand_u8(vget_high_u8(b), vdup_n_u8(15))));
    MIX(vdupq_lane_u8(vget_low_u8(a), 3)); MIX(vgetq_lane_u8(a, 9)); MIX(vsetq_lane_u8(77, a, 12));
  }
  report("int8");
  for (int i = 0; i < 128; i += 8) {
    int16x8_t a = vld1q_s16(A16 + i), b = vld1q_s16(B16 + i);
    int16x4_t al = vget_low_s16(a), bh = vget_high_s16(b);
    MIX(vaddl_s16(al, bh)); MIX(vsubw_s16(vmovl_s16(al), bh)); MIX(vmull_s16(al, bh)); MIX(vmlal_s16(vmovl_s16(al), al, bh)); MIX(vmlsl_lane_s16(vmovl_s16(bh), al, bh, 2));
    MIX(vqdmull_s16(al, bh)); MIX(vqdmlal_s16(vmovl_s16(al), al, bh)); MIX(vqdmulhq_s16(a, b)); MIX(vqrdmulhq_s16(a, b)); MIX(vqdmulhq_lane_s16(a, bh, 1));
    MIX(vabdl_s16(al, bh)); MIX(vabal_s16(vmovl_s16(bh), al, bh)); MIX(vaddhn_s32(vmovl_s16(al), vmull_s16(al, bh))); MIX(vrsubhn_s32(vmull_s16(al, al), vmovl_s16(bh)));
    MIX(vmovn_s32(vmull_s16(al, bh))); MIX(vqmovn_s32(vmull_s16(al, bh))); MIX(vqmovun_s32(vmull_s16(al, bh)));
    MIX(vshrq_n_s16(a, 3)); MIX(vshrq_n_u16(vreinterpretq_u16_s16(a), 9)); MIX(vsraq_n_s16(a, b, 2)); MIX(vrshrq_n_s16(a, 4)); MIX(vrsraq_n_u16(vreinterpretq_u16_s16(a), vreinterpretq_u16_s16(b), 16));
    MIX(vshlq_n_s16(a, 5)); MIX(vqshlq_n_s16(a, 4)); MIX(vqshluq_n_s16(a, 3)); MIX(vsliq_n_s16(a, b, 7)); MIX(vsriq_n_s16(a, b, 11));
    MIX(vshrn_n_s32(vmull_s16(al, bh), 7)); MIX(vrshrn_n_s32(vmull_s16(al, bh), 15)); MIX(vqshrn_n_s32(vmull_s16(al, bh), 3)); MIX(vqrshrun_n_s32(vmull_s16(al, bh), 9));
    MIX(vshll_n_s16(al, 5)); MIX(vshll_n_u16(vreinterpret_u16_s16(al), 16)); MIX(vpaddlq_s16(a)); MIX(vpadalq_u16(vreinterpretq_u32_s16(b), vreinterpretq_u16_s16(a)));
    MIX(vmulq_n_s16(a, 1234)); MIX(vmlaq_lane_s16(a, b, bh, 3)); MIX(vdupq_n_s16(A16[i])); MIX(vzip_s16(al, bh)); MIX(vcltq_s16(a, vdupq_n_s16(0)));
  }
  report("int16");
  for (int i = 0; i < 64; i += 4) {
    int32x4_t a = vld1q_s32(A32 + i), b = vld1q_s32(B32 + i);
    int32x2_t al = vget_low_s32(a), bh = vget_high_s32(b);
    MIX(vmulq_s32(a, b)); MIX(vmlsq_s32(a, a, b)); MIX(vqaddq_s32(a, b)); MIX(vqsubq_u32(vreinterpretq_u32_s32(a), vreinterpretq_u32_s32(b)));
    MIX(vmull_s32(al, bh)); MIX(vmull_u32(vreinterpret_u32_s32(al), vreinterpret_u32_s32(bh))); MIX(vqdmull_s32(al, bh)); MIX(vqdmlsl_s32(vmovl_s32(al), al, bh));
    MIX(vqrdmulhq_s32(a, b)); MIX(vqrdmulhq_lane_s32(a, bh, 1)); MIX(vmull_lane_s32(al, bh, 0));
    MIX(vaddq_s64(vmovl_s32(al), vmovl_s32(bh))); MIX(vsubq_u64(vmovl_u32(vreinterpret_u32_s32(al)), vmovl_u32(vreinterpret_u32_s32(bh))));
    MIX(vqaddq_s64(vmull_s32(al, al), vmull_s32(bh, bh))); MIX(vshlq_s64(vmull_s32(al, bh), vmovl_s32(vshr_n_s32(bh, 26))));
    MIX(vshrq_n_s64(vmull_s32(al, bh), 17)); MIX(vrsraq_n_u64(vmovl_u32(vreinterpret_u32_s32(al)), vmull_u32(vreinterpret_u32_s32(al), vreinterpret_u32_s32(bh)), 40));
    MIX(vqshrn_n_s64(vmull_s32(al, bh), 20)); MIX(vqmovn_u64(vmull_u32(vreinterpret_u32_s32(al), vreinterpret_u32_s32(bh)))); MIX(vmovn_s64(vmull_s32(al, bh)));
    MIX(vclzq_s32(a)); MIX(vclsq_s32(a)); MIX(vrecpeq_u32(vreinterpretq_u32_s32(a))); MIX(vrsqrteq_u32(vreinterpretq_u32_s32(b)));
    MIX(vtrnq_s32(a, b)); MIX(vrev64q_s32(a)); MIX(vextq_s32(a, b, 3)); MIX(vcombine_s32(bh, al));
    MIX(vcvtq_f32_s32(a)); MIX(vcvtq_f32_u32(vreinterpretq_u32_s32(b))); MIX(vcvtq_n_f32_s32(a, 12)); MIX(vbicq_s32(a, vdupq_n_s32(0xff00)));
  }
  report("int32/64");
}

/* f32 <-> f16 (the intrinsics need __fp16 support, the instructions do not). */
static uint64_t to_f16(float32x4_t a) {
  uint64_t r;
  __asm__("vcvt.f16.f32 d16, %q1\n\tvmov %Q0, %R0, d16" : "=r"(r) : "w"(a) : "d16");
  return r;
}
static float32x4_t from_f16(uint64_t v) {
  float32x4_t r;
  __asm__("vmov d16, %Q1, %R1\n\tvcvt.f32.f16 %q0, d16" : "=w"(r) : "r"(v) : "d16");
  return r;
}

static void float_ops(void) {
  for (int i = 0; i < 64; i += 4) {
    float32x4_t a = vld1q_f32(AF + i), b = vld1q_f32(BF + i);
    MIX(vaddq_f32(a, b)); MIX(vsubq_f32(a, b)); MIX(vmulq_f32(a, b)); MIX(vmlaq_f32(a, a, b)); MIX(vmlsq_f32(b, a, b)); MIX(vfmaq_f32(a, a, b)); MIX(vfmsq_f32(a, a, b));
    MIX(vabdq_f32(a, b)); MIX(vmaxq_f32(a, b)); MIX(vminq_f32(a, b)); MIX(vabsq_f32(a)); MIX(vnegq_f32(b));
    MIX(vceqq_f32(a, b)); MIX(vcgeq_f32(a, b)); MIX(vcgtq_f32(a, b)); MIX(vcaleq_f32(a, b)); MIX(vcagtq_f32(a, b)); MIX(vcltq_f32(a, vdupq_n_f32(0)));
    float32x4_t r = vrecpeq_f32(b); r = vmulq_f32(r, vrecpsq_f32(b, r)); MIX(r);
    float32x4_t s = vrsqrteq_f32(vabsq_f32(a)); s = vmulq_f32(s, vrsqrtsq_f32(vmulq_f32(vabsq_f32(a), s), s)); MIX(s);
    MIX(vpadd_f32(vget_low_f32(a), vget_high_f32(b))); MIX(vpmax_f32(vget_low_f32(a), vget_low_f32(b))); MIX(vpmin_f32(vget_high_f32(a), vget_high_f32(b)));
    MIX(vmulq_lane_f32(a, vget_low_f32(b), 1)); MIX(vmlaq_n_f32(a, b, 0.75f)); MIX(vcvtq_s32_f32(vmulq_n_f32(a, 1000.0f))); MIX(vcvtq_u32_f32(b)); MIX(vcvtq_n_s32_f32(a, 8));
    MIX(to_f16(a)); MIX(from_f16(to_f16(b)));
  }
  report("float");
}

static void loads_stores(void) {
  uint8_t out[256];
  for (int i = 0; i < 192; i += 48) {
    uint8x16x3_t t = vld3q_u8(A8 + i); MIX(t); vst3q_u8(out, (uint8x16x3_t){{t.val[2], t.val[0], t.val[1]}}); mix(out, 48);
  }
  for (int i = 0; i < 128; i += 32) {
    uint16x8x2_t t = vld2q_u16((uint16_t *)A16 + i); MIX(t); vst2q_u16((uint16_t *)out, t); mix(out, 32);
    int16x4x4_t f = vld4_s16(A16 + (i & 63)); MIX(f); vst4_s16((int16_t *)out, f); mix(out, 32);
    int32x2x2_t l = vld2_lane_s32(A32 + (i >> 2), (int32x2x2_t){{vdup_n_s32(1), vdup_n_s32(2)}}, 1); MIX(l);
    vst3_lane_u8(out, (uint8x8x3_t){{vld1_u8(A8 + i), vld1_u8(B8 + i), vld1_u8(A8 + i + 8)}}, 5); mix(out, 3);
    MIX(vld4_dup_u8(B8 + i)); MIX(vld1q_dup_s16(A16 + i)); MIX(vld1_lane_u16((uint16_t *)B16 + i, vdup_n_u16(9), 2));
  }
  report("ld/st");
}

/* Loops GCC vectorises at -O3 with NEON. */
__attribute__((optimize("O3"), noinline)) static void vec_loops(uint8_t *restrict dst8, int16_t *restrict d16, int32_t *restrict d32, int n) {
  for (int i = 0; i < n; i++) dst8[i] = (uint8_t)((A8[i & 255] + B8[(i + 7) & 255] + 1) >> 1);
  for (int i = 0; i < n / 2; i++) d16[i] = (int16_t)(A16[i & 127] * B16[i & 127] >> 3);
  for (int i = 0; i < n / 4; i++) d32[i] = A32[i & 63] > B32[i & 63] ? A32[i & 63] - B32[i & 63] : B32[i & 63] ^ 0x55;
}
__attribute__((optimize("O3"), noinline)) static uint32_t vec_sum(const uint8_t *p, int n) {
  uint32_t s = 0;
  for (int i = 0; i < n; i++) s += p[i] * p[i];
  return s;
}
__attribute__((optimize("O3"), noinline)) static int32_t vec_dot(const int16_t *a, const int16_t *b, int n) {
  int32_t s = 0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
__attribute__((optimize("O3"), noinline)) static void vec_rgb(uint8_t *restrict y, const uint8_t *restrict rgb, int n) {
  for (int i = 0; i < n; i++) y[i] = (uint8_t)((66 * rgb[3 * i] + 129 * rgb[3 * i + 1] + 25 * rgb[3 * i + 2] + 128) >> 8);
}

int main(void) {
  for (int i = 0; i < 256; i++) { A8[i] = rnd(); B8[i] = (i & 7) == 0 ? 0xff : rnd(); }
  for (int i = 0; i < 128; i++) { A16[i] = rnd(); B16[i] = (i & 15) == 3 ? -32768 : (int16_t)rnd(); }
  for (int i = 0; i < 64; i++) { A32[i] = rnd(); B32[i] = (i & 7) == 5 ? (int32_t)0x80000000 : (int32_t)rnd(); }
  for (int i = 0; i < 64; i++) {
    AF[i] = (float)((int32_t)rnd() % 100000) / 37.0f;
    BF[i] = (i & 7) == 1 ? 0.0f : (i & 7) == 2 ? 1e-40f : (i & 7) == 3 ? -1.0f / 0.0f : (float)((int32_t)rnd() % 1000) / 7.0f;
  }
  integer_ops();
  float_ops();
  loads_stores();
  uint32_t fpscr;
  __asm__ volatile("vmrs %0, fpscr" : "=r"(fpscr));
  printf("fpscr %08x\n", fpscr);
  static uint8_t d8[4096]; static int16_t d16[2048]; static int32_t d32[1024]; static uint8_t rgb[3 * 1000], y[1000];
  uint32_t acc = 0;
  for (int rep = 0; rep < 200; rep++) {
    vec_loops(d8, d16, d32, 4096 - rep);
    acc += vec_sum(d8, 4096 - rep) + (uint32_t)vec_dot(d16, A16, 128);
    for (int i = 0; i < 3000; i++) rgb[i] = d8[i] ^ rep;
    vec_rgb(y, rgb, 1000 - rep);
    mix(y, 1000); mix(d32, sizeof d32);
  }
  printf("loops acc %08x\n", acc);
  report("loops");
  return 0;
}
