/* kuser.c - what 32-bit ARM Linux gives every process besides the
 * instruction set: the kuser helper page at 0xffff0000 (helper version,
 * get_tls, cmpxchg, cmpxchg64, memory barrier), the private syscalls
 * get_tls and cacheflush (via __builtin___clear_cache, with code patched in
 * an executable mapping, in A32 and in Thumb), and uname's machine. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

typedef void *(kuser_get_tls_t)(void);
typedef int(kuser_cmpxchg_t)(int32_t oldval, int32_t newval, volatile int32_t *ptr);
typedef int(kuser_cmpxchg64_t)(const int64_t *oldval, const int64_t *newval, volatile int64_t *ptr);
typedef void(kuser_dmb_t)(void);

#define kuser_helper_version (*(int32_t *)0xffff0ffc)
#define kuser_get_tls (*(kuser_get_tls_t *)0xffff0fe0)
#define kuser_cmpxchg (*(kuser_cmpxchg_t *)0xffff0fc0)
#define kuser_cmpxchg64 (*(kuser_cmpxchg64_t *)0xffff0f60)
#define kuser_memory_barrier (*(kuser_dmb_t *)0xffff0fa0)

static void *mrc_tls(void) {
  void *p;
  __asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(p));
  return p;
}

int main(void) {
  printf("helper version >= 3: %d\n", kuser_helper_version >= 3);
  void *tls = kuser_get_tls();
  printf("get_tls helper == mrc: %d\n", tls == mrc_tls());
  printf("get_tls helper == thread pointer: %d\n", tls == __builtin_thread_pointer());
  printf("get_tls syscall == mrc: %d\n", (void *)syscall(0xf0006) == mrc_tls());

  volatile int32_t v = 5;
  int r = kuser_cmpxchg(5, 9, &v);
  printf("cmpxchg 5->9: ret=%d v=%d\n", r, (int)v);
  r = kuser_cmpxchg(5, 11, &v);
  printf("cmpxchg stale: ret!=0 %d v=%d\n", r != 0, (int)v);
  r = kuser_cmpxchg(9, -1, &v);
  printf("cmpxchg 9->-1: ret=%d v=%d\n", r, (int)v);

  volatile int64_t w = 0x100000005LL;
  int64_t o = 0x100000005LL, n = -2;
  r = kuser_cmpxchg64(&o, &n, &w);
  printf("cmpxchg64: ret=%d w=%llx\n", r, (unsigned long long)w);
  o = 0x5;  /* high word differs */
  n = 7;
  r = kuser_cmpxchg64(&o, &n, &w);
  printf("cmpxchg64 stale: ret!=0 %d w=%llx\n", r != 0, (unsigned long long)w);
  kuser_memory_barrier();
  puts("memory barrier returned");

  /* Self-modifying code: patch, flush, run again. */
  uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (code == MAP_FAILED) { perror("mmap"); return 1; }
  code[0] = 0xe3a00001; /* mov r0, #1 */
  code[1] = 0xe12fff1e; /* bx lr */
  __builtin___clear_cache((char *)code, (char *)(code + 2));
  int (*fa)(void) = (int (*)(void))code;
  int a1 = fa();
  code[0] = 0xe3a0002a; /* mov r0, #42 */
  __builtin___clear_cache((char *)code, (char *)(code + 2));
  int a2 = fa();
  printf("A32 code before/after patch: %d %d\n", a1, a2);
  uint16_t *t = (uint16_t *)(code + 16);
  t[0] = 0x2003; /* movs r0, #3 */
  t[1] = 0x4770; /* bx lr */
  __builtin___clear_cache((char *)t, (char *)(t + 2));
  int (*ft)(void) = (int (*)(void))((uintptr_t)t | 1);
  int t1 = ft();
  t[0] = 0x2063; /* movs r0, #99 */
  __builtin___clear_cache((char *)t, (char *)(t + 2));
  int t2 = ft();
  printf("Thumb code before/after patch: %d %d\n", t1, t2);

  struct utsname u;
  uname(&u);
  printf("machine=%s\n", u.machine);
  return 0;
}
