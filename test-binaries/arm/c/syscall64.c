/* syscall64.c - the 32-bit syscall ABI with 64-bit quantities: file offsets
 * beyond 4 GiB through pwrite64/pread64 (register pairs), _llseek,
 * ftruncate64, fstat64/stat64/lstat64, preadv/pwritev (split offsets),
 * posix_fadvise (arm_fadvise64_64), sync_file_range (arm_sync_file_range),
 * fcntl64 locks (struct flock64), statfs64, mmap2 with a page offset, and
 * getrlimit (ugetrlimit). Built with a 64-bit off_t. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <unistd.h>

#define BIG 0x100000010LL

int main(void) {
  char dir[] = "/tmp/nodemu-sys64-XXXXXX";
  if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
  char path[64], link[64];
  snprintf(path, sizeof path, "%s/f", dir);
  snprintf(link, sizeof link, "%s/l", dir);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) { perror("open"); return 1; }

  printf("sizeof(off_t)=%zu\n", sizeof(off_t));
  ssize_t n = pwrite(fd, "hello", 5, BIG);
  printf("pwrite at 4G+16: %zd\n", n);
  char buf[16] = {0};
  n = pread(fd, buf, 5, BIG);
  printf("pread: %zd '%s'\n", n, buf);
  n = pread(fd, buf, 4, 16);
  printf("pread hole: %zd %d%d%d%d\n", n, buf[0], buf[1], buf[2], buf[3]);
  off_t end = lseek(fd, 0, SEEK_END);
  printf("lseek end=%llx\n", (long long)end);
  off_t cur = lseek(fd, -3, SEEK_CUR);
  printf("lseek cur-3=%llx\n", (long long)cur);
  n = read(fd, buf, 8);
  printf("read at end-3: %zd '%.3s'\n", n, buf);
  struct stat st;
  fstat(fd, &st);
  printf("fstat size=%llx mode=%o nlink=%lu\n", (long long)st.st_size, st.st_mode & 0777, (unsigned long)st.st_nlink);
  printf("ftruncate to 4G+3: %d\n", ftruncate(fd, 0x100000003LL));
  stat(path, &st);
  printf("stat size=%llx regular=%d\n", (long long)st.st_size, S_ISREG(st.st_mode));
  symlink("f", link);
  lstat(link, &st);
  printf("lstat symlink=%d size=%lld\n", S_ISLNK(st.st_mode), (long long)st.st_size);
  struct stat st2;
  stat(link, &st2);
  fstat(fd, &st);
  printf("stat through link: same inode=%d same dev=%d\n", st.st_ino == st2.st_ino, st.st_dev == st2.st_dev);

  char a[4] = "abc", b[4] = "xyz";
  struct iovec iov[2] = {{a, 3}, {b, 3}};
  n = pwritev(fd, iov, 2, 0x200000000LL);
  printf("pwritev at 8G: %zd\n", n);
  memset(a, 0, 3);
  memset(b, 0, 3);
  n = preadv(fd, iov, 2, 0x200000001LL);
  printf("preadv at 8G+1: %zd '%.3s' '%.2s'\n", n, a, b);

  printf("posix_fadvise: %d\n", posix_fadvise(fd, BIG, 0x100000000LL, POSIX_FADV_SEQUENTIAL));
  printf("posix_fadvise bad advice: %d\n", posix_fadvise(fd, 0, 0, 99));
  printf("sync_file_range: %d\n", sync_file_range(fd, BIG, 0x100000000LL, SYNC_FILE_RANGE_WRITE));

  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = BIG, .l_len = 10};
  printf("F_SETLK: %d\n", fcntl(fd, F_SETLK, &fl));
  fl.l_type = F_RDLCK;
  printf("F_GETLK: %d type=%s\n", fcntl(fd, F_GETLK, &fl), fl.l_type == F_UNLCK ? "unlocked" : "locked");

  struct statfs sfs;
  printf("statfs: %d bsize>0=%d\n", statfs(dir, &sfs), sfs.f_bsize > 0);
  printf("fstatfs: %d\n", fstatfs(fd, &sfs));

  /* mmap2: map the third page of a file. */
  ftruncate(fd, 0);
  lseek(fd, 0, SEEK_SET);
  char page[4096];
  for (int i = 0; i < 3; i++) { memset(page, 'A' + i, sizeof page); write(fd, page, sizeof page); }
  char *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 8192);
  printf("mmap offset 8192: %c%c\n", m == MAP_FAILED ? '?' : m[0], m == MAP_FAILED ? '?' : m[4095]);
  munmap(m, 4096);

  struct rlimit rl;
  printf("getrlimit NOFILE: %d cur>0=%d\n", getrlimit(RLIMIT_NOFILE, &rl), rl.rlim_cur > 0);

  close(fd);
  unlink(link);
  unlink(path);
  rmdir(dir);
  errno = 0;
  printf("stat removed: %d errno=%d\n", stat(path, &st), errno);
  return 0;
}
