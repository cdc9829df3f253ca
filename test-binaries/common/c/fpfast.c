// IEEE add/sub/mul/div/sqrt on edge-case operands with the inexact flag already
// raised and round-to-nearest: the situation in which nodemu computes on the host
// FPU instead of its bit-exact library (src/cpu/fpu/fast.ts). Each round clears
// the flags to just FE_INEXACT, runs one inexact warm-up operation (which lets the
// emulator's fast path switch on) and then the operation under test, and folds
// the result bits and the raised flags into a hash per operation. Also runs the
// same operations through GCC vector types (AdvSIMD lanes on aarch64).
// Output must match qemu's exactly.

#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static double d_of(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static uint64_t bits_d(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static float f_of(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static uint32_t bits_f(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

/** A double from a class picked at random: zeros, subnormals, around the smallest normal, ordinary, huge, inf, NaN. */
static double pick_d(void) {
  uint64_t r = next(), s = (r & 1) << 63, m = next() & 0xfffffffffffffull;
  switch ((r >> 1) % 12) {
    case 0: return d_of(s);
    case 1: return d_of(s | (m >> (r >> 8) % 52));                       // subnormal
    case 2: return d_of(s | ((uint64_t)(1 + (r >> 8) % 3) << 52) | m);    // just above the smallest normal
    case 3: return d_of(s | ((uint64_t)(0x7fe - (r >> 8) % 3) << 52) | m); // near the largest finite
    case 4: return d_of(s | 0x7ff0000000000000ull);                       // infinity
    case 5: return d_of(s | 0x7ff0000000000000ull | (m ? m : 1));         // NaN (quiet or signalling)
    case 6: return d_of(s | ((uint64_t)(1023 + (r >> 8) % 8) << 52));     // small powers of two
    case 7: return (double)((int64_t)(next() % 2001) - 1000);             // integers (exact results)
    default: return d_of(s | ((uint64_t)(1 + (r >> 8) % 2046) << 52) | m); // any normal
  }
}
static float pick_f(void) {
  uint32_t r = (uint32_t)next(), s = (r & 1) << 31, m = (uint32_t)next() & 0x7fffff;
  switch ((r >> 1) % 12) {
    case 0: return f_of(s);
    case 1: return f_of(s | (m >> (r >> 8) % 23));
    case 2: return f_of(s | ((1 + (r >> 8) % 3) << 23) | m);
    case 3: return f_of(s | ((0xfe - (r >> 8) % 3) << 23) | m);
    case 4: return f_of(s | 0x7f800000);
    case 5: return f_of(s | 0x7f800000 | (m ? m : 1));
    case 6: return f_of(s | ((127 + (r >> 8) % 8) << 23));
    case 7: return (float)((int)(next() % 2001) - 1000);
    default: return f_of(s | ((1 + (r >> 8) % 253) << 23) | m);
  }
}

static uint64_t hash[2][5];
static void fold(int p, int op, uint64_t v) {
  uint64_t h = hash[p][op] ? hash[p][op] : 0xcbf29ce484222325ull;
  for (int i = 0; i < 8; i++) { h ^= (v >> (8 * i)) & 0xff; h *= 0x100000001b3ull; }
  hash[p][op] = h;
}
static int flags(void) { return fetestexcept(FE_ALL_EXCEPT); }

static volatile double third_d = 3.0;
static volatile float third_f = 3.0f;
static volatile double sink_d;
static volatile float sink_f;
static void warm(void) {
  feclearexcept(FE_ALL_EXCEPT);
  feraiseexcept(FE_INEXACT);
  sink_d = 1.0 / third_d; // inexact, round to nearest: the fast path may switch on
  sink_f = 1.0f / third_f;
}

typedef double v2d __attribute__((vector_size(16)));
typedef float v4f __attribute__((vector_size(16)));

int main(void) {
  static const char *names[5] = { "add", "sub", "mul", "div", "sqrt" };
  enum { N = 1500 };
  for (int i = 0; i < N; i++) {
    volatile double a = pick_d(), b = pick_d();
    double r[5];
    warm(); r[0] = a + b; fold(0, 0, bits_d(r[0]) ^ ((uint64_t)flags() << 56));
    warm(); r[1] = a - b; fold(0, 1, bits_d(r[1]) ^ ((uint64_t)flags() << 56));
    warm(); r[2] = a * b; fold(0, 2, bits_d(r[2]) ^ ((uint64_t)flags() << 56));
    warm(); r[3] = a / b; fold(0, 3, bits_d(r[3]) ^ ((uint64_t)flags() << 56));
    warm(); r[4] = sqrt(a); fold(0, 4, bits_d(r[4]) ^ ((uint64_t)flags() << 56));
    volatile float x = pick_f(), y = pick_f();
    float q[5];
    warm(); q[0] = x + y; fold(1, 0, bits_f(q[0]) ^ ((uint64_t)flags() << 40));
    warm(); q[1] = x - y; fold(1, 1, bits_f(q[1]) ^ ((uint64_t)flags() << 40));
    warm(); q[2] = x * y; fold(1, 2, bits_f(q[2]) ^ ((uint64_t)flags() << 40));
    warm(); q[3] = x / y; fold(1, 3, bits_f(q[3]) ^ ((uint64_t)flags() << 40));
    warm(); q[4] = sqrtf(x); fold(1, 4, bits_f(q[4]) ^ ((uint64_t)flags() << 40));
    if (i < 4) printf("%a %a: %a %a %a %a %a\n", (double)a, (double)b, r[0], r[1], r[2], r[3], r[4]);
  }
  for (int p = 0; p < 2; p++)
    for (int op = 0; op < 5; op++) printf("%s.%c %016llx\n", names[op], p ? 's' : 'd', (unsigned long long)hash[p][op]);

  // Vector lanes: a few thousand lane operations with the flags read once per vector op.
  uint64_t vh = 0xcbf29ce484222325ull;
  for (int i = 0; i < 400; i++) {
    v2d a = { pick_d(), pick_d() }, b = { pick_d(), pick_d() };
    v4f x = { pick_f(), pick_f(), pick_f(), pick_f() }, y = { pick_f(), pick_f(), pick_f(), pick_f() };
    v2d rs[4]; v4f qs[4];
    int fl[8];
    warm(); rs[0] = a + b; fl[0] = flags();
    warm(); rs[1] = a - b; fl[1] = flags();
    warm(); rs[2] = a * b; fl[2] = flags();
    warm(); rs[3] = a / b; fl[3] = flags();
    warm(); qs[0] = x + y; fl[4] = flags();
    warm(); qs[1] = x - y; fl[5] = flags();
    warm(); qs[2] = x * y; fl[6] = flags();
    warm(); qs[3] = x / y; fl[7] = flags();
    for (int k = 0; k < 4; k++) {
      for (int l = 0; l < 2; l++) { vh ^= bits_d(rs[k][l]); vh *= 0x100000001b3ull; }
      for (int l = 0; l < 4; l++) { vh ^= bits_f(qs[k][l]); vh *= 0x100000001b3ull; }
    }
    for (int k = 0; k < 8; k++) { vh ^= (uint64_t)fl[k]; vh *= 0x100000001b3ull; }
  }
  printf("vector %016llx\n", (unsigned long long)vh);
  return 0;
}
