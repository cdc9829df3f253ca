/* Self-modifying code: a program that writes machine code, runs it, rewrites
 * it and flushes the instruction cache must run the new code — whether the old
 * code was interpreted once or has been compiled (hot), whether the rewrite is
 * in a fresh mapping, in the same page as other live code, in the program's
 * own .text, or done by the generated code itself right before it runs the
 * patched instruction.
 * Flushes: __builtin___clear_cache (riscv64: riscv_flush_icache; aarch64:
 * DC CVAU/IC IVAU; arm: the cacheflush system call), plus each architecture's
 * explicit form (fence.i, IC IVAU + DSB + ISB, cacheflush via syscall()). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <sys/syscall.h>

typedef int (*fn_t)(void);
typedef int (*patch_fn_t)(uint32_t insn, void *where);

#if defined(__riscv)
static const uint32_t RET[] = { 0x00008067 };                      /* ret */
static uint32_t ret_imm(int v) { return 0x00000513u | ((uint32_t)v << 20); } /* li a0, v */
static void explicit_flush(void *a, void *b) { (void)a; (void)b; __asm__ volatile("fence.i" ::: "memory"); }
/* sw a0, 0(a1); fence.i; li a0, 1 (patched); ret — a1 points at the li */
static const uint32_t SELF_PATCH[] = { 0x00a5a023, 0x0000100f, 0x00100513, 0x00008067 };
#define SELF_TARGET 2
#elif defined(__aarch64__)
static const uint32_t RET[] = { 0xd65f03c0 };
static uint32_t ret_imm(int v) { return 0x52800000u | ((uint32_t)v << 5); } /* movz w0, v */
static void explicit_flush(void *a, void *b) {
  for (char *p = a; p < (char *)b; p += 4) __asm__ volatile("dc cvau, %0" :: "r"(p) : "memory");
  __asm__ volatile("dsb ish" ::: "memory");
  for (char *p = a; p < (char *)b; p += 4) __asm__ volatile("ic ivau, %0" :: "r"(p) : "memory");
  __asm__ volatile("dsb ish\n isb" ::: "memory");
}
/* str w0, [x1]; dc cvau, x1; dsb ish; ic ivau, x1; dsb ish; isb; movz w0, 1 (patched); ret */
static const uint32_t SELF_PATCH[] = { 0xb9000020, 0xd50b7b21, 0xd5033b9f, 0xd50b7521, 0xd5033b9f, 0xd5033fdf, 0x52800020, 0xd65f03c0 };
#define SELF_TARGET 6
#elif defined(__arm__)
static const uint32_t RET[] = { 0xe12fff1e };                      /* bx lr */
static uint32_t ret_imm(int v) { return 0xe3a00000u | (uint32_t)v; } /* mov r0, v */
static void explicit_flush(void *a, void *b) { syscall(0xf0002, a, b, 0); } /* __ARM_NR_cacheflush */
/* str r7, [sp, #-4]!; str r0, [r1]; mov r0, r1; add r1, r1, #4; mov r2, #0; movw r7, #2; movt r7, #0xf;
 * svc 0 (cacheflush); ldr r7, [sp], #4; mov r0, #1 (patched); bx lr */
static const uint32_t SELF_PATCH[] = { 0xe52d7004, 0xe5810000, 0xe1a00001, 0xe2811004, 0xe3a02000, 0xe3007002, 0xe340700f,
  0xef000000, 0xe49d7004, 0xe3a00001, 0xe12fff1e };
#define SELF_TARGET 9
/* Thumb: movs r0, #v; bx lr */
static uint32_t thumb_ret_imm(int v) { return (0x4770u << 16) | 0x2000u | (uint32_t)v; }
#else
#error unsupported architecture
#endif

static void put(uint32_t *at, int v) { at[0] = ret_imm(v); at[1] = RET[0]; }

static int call_many(fn_t f, int n) { int s = 0; for (int i = 0; i < n; i++) s += f(); return s; }

/* Not inlined, in .text: rewritten in place after mprotect. */
__attribute__((noipa, aligned(64))) int text_fn(void) { return 7; }

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  uint32_t *buf = mmap(0, 2 * pg, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (buf == MAP_FAILED) { perror("mmap"); return 1; }

  /* 1. rewrite after one (cold) call, then after many (hot) calls; both flushes */
  fn_t f = (fn_t)buf;
  put(buf, 1);
  __builtin___clear_cache((char *)buf, (char *)(buf + 2));
  printf("cold: %d\n", f());
  put(buf, 2);
  __builtin___clear_cache((char *)buf, (char *)(buf + 2));
  printf("cold rewritten: %d\n", f());
  printf("hot: %d\n", call_many(f, 2000));
  put(buf, 3);
  __builtin___clear_cache((char *)buf, (char *)(buf + 2));
  printf("hot rewritten (builtin flush): %d\n", call_many(f, 2000));
  put(buf, 4);
  explicit_flush(buf, buf + 2);
  printf("hot rewritten (explicit flush): %d\n", call_many(f, 2000));

  /* 2. two functions in one page: rewriting one leaves the other's code valid */
  fn_t g = (fn_t)(buf + 16);
  put(buf + 16, 10);
  __builtin___clear_cache((char *)(buf + 16), (char *)(buf + 18));
  printf("neighbours: %d %d\n", call_many(f, 500), call_many(g, 500));
  put(buf + 16, 11);
  __builtin___clear_cache((char *)(buf + 16), (char *)(buf + 18));
  printf("neighbour rewritten: %d %d\n", call_many(f, 500), call_many(g, 500));

  /* 3. second page, rewritten 50 times in a loop while hot */
  uint32_t *p2 = buf + pg / 4;
  fn_t h = (fn_t)p2;
  long sum = 0;
  for (int i = 0; i < 50; i++) {
    put(p2, i);
    __builtin___clear_cache((char *)p2, (char *)(p2 + 2));
    sum += call_many(h, 20);
  }
  printf("rewritten in a loop: %ld\n", sum);

  /* 4. W^X: RW to write, RX to run, as JIT compilers do */
  uint32_t *wx = mmap(0, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  put(wx, 20);
  mprotect(wx, pg, PROT_READ | PROT_EXEC);
  __builtin___clear_cache((char *)wx, (char *)(wx + 2));
  printf("w^x: %d\n", call_many((fn_t)wx, 1000));
  mprotect(wx, pg, PROT_READ | PROT_WRITE);
  put(wx, 21);
  mprotect(wx, pg, PROT_READ | PROT_EXEC);
  __builtin___clear_cache((char *)wx, (char *)(wx + 2));
  printf("w^x rewritten: %d\n", call_many((fn_t)wx, 1000));

  /* 5. the program's own .text */
  fn_t volatile t = text_fn;
  printf("text: %d\n", call_many(t, 1000));
  uintptr_t tp = (uintptr_t)t & ~(uintptr_t)1;
  uintptr_t page = tp & ~(uintptr_t)(pg - 1);
  if (mprotect((void *)page, 2 * pg, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) { perror("mprotect text"); return 1; }
#if defined(__arm__) && defined(__thumb__)
  { uint32_t w = thumb_ret_imm(8); memcpy((void *)tp, &w, 4); }
#else
  put((uint32_t *)tp, 8);
#endif
  __builtin___clear_cache((char *)tp, (char *)tp + 8);
  printf("text rewritten: %d\n", call_many(t, 1000));

  /* 6. generated code that patches an instruction of its own block, flushes, and runs it */
  uint32_t *sp = buf + 64;
  memcpy(sp, SELF_PATCH, sizeof SELF_PATCH);
  __builtin___clear_cache((char *)sp, (char *)(sp + sizeof SELF_PATCH / 4));
  patch_fn_t pf = (patch_fn_t)sp;
  int got = 0;
  for (int i = 0; i < 300; i++) got += pf(ret_imm(1 + i % 3), sp + SELF_TARGET);
  printf("self-patching: %d\n", got);

#if defined(__arm__)
  /* 7. Thumb code written at run time (called through a pointer with bit 0 set) */
  uint32_t *th = buf + 128;
  *th = thumb_ret_imm(30);
  __builtin___clear_cache((char *)th, (char *)(th + 1));
  fn_t tf = (fn_t)((uintptr_t)th | 1);
  printf("thumb: %d\n", call_many(tf, 1000));
  *th = thumb_ret_imm(31);
  explicit_flush(th, th + 1);
  printf("thumb rewritten: %d\n", call_many(tf, 1000));
#endif
  return 0;
}
