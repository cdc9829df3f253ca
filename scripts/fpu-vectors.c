/*
 * Host (x86-64 SSE) oracle for the nodemu fpu tests (tests/unit/fpu-x86.test.ts).
 *
 * Reads lines "OP RM A B C" (RM 0..3 = RNE RTZ RDN RUP; operands in hex bit patterns; unused
 * operands 0) and prints "RESULT FLAGS" per line: RESULT in hex, FLAGS in RISC-V fflags order
 * (NX=1 UF=2 OF=4 DZ=8 NV=16). Exceptions stay masked and DAZ/FTZ off, so x86 reports IEEE
 * default flags: underflow only for tiny AND inexact results, tininess detected after rounding.
 *
 * Build: gcc -O0 -o fpu-vectors scripts/fpu-vectors.c -lm   (x86-64 only)
 */
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if !defined(__x86_64__)
#error "fpu-vectors.c needs an x86-64 host"
#endif

static const int modes[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};

static float f32(uint64_t u) { uint32_t v = (uint32_t)u; float x; memcpy(&x, &v, 4); return x; }
static double f64(uint64_t u) { double x; memcpy(&x, &u, 8); return x; }
static uint64_t b32(float x) { uint32_t v; memcpy(&v, &x, 4); return v; }
static uint64_t b64(double x) { uint64_t v; memcpy(&v, &x, 8); return v; }

static int have_fma;

/* Each operation is one SSE instruction in inline asm, so nothing is folded or reordered. */
static float add_ss(float a, float b) { __asm__ volatile("addss %1, %0" : "+x"(a) : "x"(b)); return a; }
static float sub_ss(float a, float b) { __asm__ volatile("subss %1, %0" : "+x"(a) : "x"(b)); return a; }
static float mul_ss(float a, float b) { __asm__ volatile("mulss %1, %0" : "+x"(a) : "x"(b)); return a; }
static float div_ss(float a, float b) { __asm__ volatile("divss %1, %0" : "+x"(a) : "x"(b)); return a; }
static float sqrt_ss(float a) { float r; __asm__ volatile("sqrtss %1, %0" : "=x"(r) : "x"(a)); return r; }
static double add_sd(double a, double b) { __asm__ volatile("addsd %1, %0" : "+x"(a) : "x"(b)); return a; }
static double sub_sd(double a, double b) { __asm__ volatile("subsd %1, %0" : "+x"(a) : "x"(b)); return a; }
static double mul_sd(double a, double b) { __asm__ volatile("mulsd %1, %0" : "+x"(a) : "x"(b)); return a; }
static double div_sd(double a, double b) { __asm__ volatile("divsd %1, %0" : "+x"(a) : "x"(b)); return a; }
static double sqrt_sd(double a) { double r; __asm__ volatile("sqrtsd %1, %0" : "=x"(r) : "x"(a)); return r; }
__attribute__((target("fma"))) static float fma_ss(float a, float b, float c) {
  __asm__ volatile("vfmadd213ss %2, %1, %0" : "+x"(a) : "x"(b), "x"(c)); return a; /* a = a*b + c */
}
__attribute__((target("fma"))) static double fma_sd(double a, double b, double c) {
  __asm__ volatile("vfmadd213sd %2, %1, %0" : "+x"(a) : "x"(b), "x"(c)); return a;
}
static double cvt_ss2sd(float a) { double r; __asm__ volatile("cvtss2sd %1, %0" : "=x"(r) : "x"(a)); return r; }
static float cvt_sd2ss(double a) { float r; __asm__ volatile("cvtsd2ss %1, %0" : "=x"(r) : "x"(a)); return r; }
static int32_t cvt_ss2si(float a) { int32_t r; __asm__ volatile("cvtss2si %1, %0" : "=r"(r) : "x"(a)); return r; }
static int64_t cvt_ss2si64(float a) { int64_t r; __asm__ volatile("cvtss2si %1, %0" : "=r"(r) : "x"(a)); return r; }
static int32_t cvt_sd2si(double a) { int32_t r; __asm__ volatile("cvtsd2si %1, %0" : "=r"(r) : "x"(a)); return r; }
static int64_t cvt_sd2si64(double a) { int64_t r; __asm__ volatile("cvtsd2si %1, %0" : "=r"(r) : "x"(a)); return r; }
static float cvt_si2ss(int32_t a) { float r = 0; __asm__ volatile("cvtsi2ssl %1, %0" : "+x"(r) : "r"(a)); return r; }
static float cvt_si642ss(int64_t a) { float r = 0; __asm__ volatile("cvtsi2ssq %1, %0" : "+x"(r) : "r"(a)); return r; }
static double cvt_si642sd(int64_t a) { double r = 0; __asm__ volatile("cvtsi2sdq %1, %0" : "+x"(r) : "r"(a)); return r; }
static int ucomi_eq_ss(float a, float b) { uint8_t e, p; __asm__ volatile("ucomiss %3, %2; sete %0; setnp %1" : "=r"(e), "=r"(p) : "x"(a), "x"(b)); return e & p; }
static int comi_lt_ss(float a, float b) { uint8_t r; __asm__ volatile("comiss %1, %2; seta %0" : "=r"(r) : "x"(a), "x"(b)); return r; }
static int comi_le_ss(float a, float b) { uint8_t r; __asm__ volatile("comiss %1, %2; setae %0" : "=r"(r) : "x"(a), "x"(b)); return r; }
static int ucomi_eq_sd(double a, double b) { uint8_t e, p; __asm__ volatile("ucomisd %3, %2; sete %0; setnp %1" : "=r"(e), "=r"(p) : "x"(a), "x"(b)); return e & p; }
static int comi_lt_sd(double a, double b) { uint8_t r; __asm__ volatile("comisd %1, %2; seta %0" : "=r"(r) : "x"(a), "x"(b)); return r; }
static int comi_le_sd(double a, double b) { uint8_t r; __asm__ volatile("comisd %1, %2; setae %0" : "=r"(r) : "x"(a), "x"(b)); return r; }

/* float -> unsigned 32 (RISC-V fcvt.wu semantics) via a 64-bit conversion: values that round
   into [0, 2^32) convert, anything else is invalid (NV only, no NX). */
static uint64_t to_u32(int64_t r, int *invalid) {
  if (fetestexcept(FE_INVALID) || r < 0 || r > 0xffffffffLL) { *invalid = 1; return 0; }
  return (uint64_t)r;
}

static int run(const char *op, uint64_t A, uint64_t B, uint64_t C, uint64_t *out) {
  int inv = 0;
#define OP(name, expr) else if (!strcmp(op, name)) { *out = (expr); }
  if (0) {}
  OP("add32", b32(add_ss(f32(A), f32(B))))
  OP("sub32", b32(sub_ss(f32(A), f32(B))))
  OP("mul32", b32(mul_ss(f32(A), f32(B))))
  OP("div32", b32(div_ss(f32(A), f32(B))))
  OP("sqrt32", b32(sqrt_ss(f32(A))))
  OP("fma32", b32(have_fma ? fma_ss(f32(A), f32(B), f32(C)) : fmaf(f32(A), f32(B), f32(C))))
  OP("add64", b64(add_sd(f64(A), f64(B))))
  OP("sub64", b64(sub_sd(f64(A), f64(B))))
  OP("mul64", b64(mul_sd(f64(A), f64(B))))
  OP("div64", b64(div_sd(f64(A), f64(B))))
  OP("sqrt64", b64(sqrt_sd(f64(A))))
  OP("fma64", b64(have_fma ? fma_sd(f64(A), f64(B), f64(C)) : fma(f64(A), f64(B), f64(C))))
  OP("f32to64", b64(cvt_ss2sd(f32(A))))
  OP("f64to32", b32(cvt_sd2ss(f64(A))))
  OP("f32toi32", (uint32_t)cvt_ss2si(f32(A)))
  OP("f32toi64", (uint64_t)cvt_ss2si64(f32(A)))
  OP("f64toi32", (uint32_t)cvt_sd2si(f64(A)))
  OP("f64toi64", (uint64_t)cvt_sd2si64(f64(A)))
  OP("f32tou32", to_u32(cvt_ss2si64(f32(A)), &inv))
  OP("f64tou32", to_u32(cvt_sd2si64(f64(A)), &inv))
  OP("i32tof32", b32(cvt_si2ss((int32_t)A)))
  OP("u32tof32", b32(cvt_si642ss((int64_t)(uint32_t)A)))
  OP("i64tof32", b32(cvt_si642ss((int64_t)A)))
  OP("i64tof64", b64(cvt_si642sd((int64_t)A)))
  OP("u32tof64", b64(cvt_si642sd((int64_t)(uint32_t)A)))
  OP("eq32", (uint64_t)ucomi_eq_ss(f32(A), f32(B)))
  OP("lt32", (uint64_t)comi_lt_ss(f32(A), f32(B)))
  OP("le32", (uint64_t)comi_le_ss(f32(A), f32(B)))
  OP("eq64", (uint64_t)ucomi_eq_sd(f64(A), f64(B)))
  OP("lt64", (uint64_t)comi_lt_sd(f64(A), f64(B)))
  OP("le64", (uint64_t)comi_le_sd(f64(A), f64(B)))
  else return -1;
#undef OP
  return inv;
}

int main(void) {
  char op[32];
  int rm;
  unsigned long long a, b, c;
  __builtin_cpu_init();
  have_fma = __builtin_cpu_supports("fma");
  while (scanf("%31s %d %llx %llx %llx", op, &rm, &a, &b, &c) == 5) {
    uint64_t r = 0;
    if (rm < 0 || rm > 3) { printf("? 0\n"); continue; }
    fesetround(modes[rm]);
    feclearexcept(FE_ALL_EXCEPT);
    int inv = run(op, a, b, c, &r);
    int ex = fetestexcept(FE_ALL_EXCEPT);
    fesetround(FE_TONEAREST);
    if (inv < 0) { printf("? 0\n"); continue; }
    int fl = 0;
    if (inv) ex = FE_INVALID; /* emulated unsigned conversion out of range: NV only */
    if (ex & FE_INEXACT) fl |= 1;
    if (ex & FE_UNDERFLOW) fl |= 2;
    if (ex & FE_OVERFLOW) fl |= 4;
    if (ex & FE_DIVBYZERO) fl |= 8;
    if (ex & FE_INVALID) fl |= 16;
    printf("%llx %d\n", (unsigned long long)r, fl);
  }
  return 0;
}
