/* dirs.c - directories: mkdir (and EEXIST), nested dirs, chdir/getcwd
 * (relative to the temp dir), opendir/readdir listing printed sorted,
 * d_type, rmdir of non-empty (ENOTEMPTY) and empty dirs. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path)
{
    DIR *d = opendir(path);
    if (!d) { printf("opendir %s failed\n", path); return; }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        char buf[300];
        const char *t = e->d_type == DT_DIR ? "dir" : e->d_type == DT_REG ? "file" : "other";
        snprintf(buf, sizeof buf, "%s (%s)", e->d_name, t);
        names[n++] = strdup(buf);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("listing of %s: %d entries\n", path, n);
    for (int i = 0; i < n; i++) { printf("  %s\n", names[i]); free(names[i]); }
}

int main(void)
{
    umask(022);
    char dir[64] = "/tmp/nodemu-dirs-XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    if (chdir(dir) != 0) { perror("chdir"); return 1; }
    char cwd[256];
    printf("getcwd matches=%d\n", getcwd(cwd, sizeof cwd) && strcmp(cwd, dir) == 0);

    printf("mkdir a=%d\n", mkdir("a", 0755));
    printf("mkdir a again=%d errno=%s\n", mkdir("a", 0755), errno == EEXIST ? "EEXIST" : "?");
    printf("mkdir a/b=%d\n", mkdir("a/b", 0700));
    printf("mkdir missing/x=%d errno=%s\n", mkdir("missing/x", 0700),
           errno == ENOENT ? "ENOENT" : "?");
    const char *files[] = {"zeta.txt", "alpha.txt", "Mixed", "a/inner.txt", "dot.file.c"};
    for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++) {
        int fd = open(files[i], O_CREAT | O_WRONLY, 0644);
        write(fd, "x", 1);
        close(fd);
    }
    for (int i = 0; i < 30; i++) {
        char nm[32];
        snprintf(nm, sizeof nm, "many%02d", i);
        close(open(nm, O_CREAT | O_WRONLY, 0644));
    }
    list(".");
    list("a");
    struct stat st;
    stat("a/b", &st);
    printf("a/b is dir=%d mode=%o\n", S_ISDIR(st.st_mode), st.st_mode & 0777);

    printf("rmdir non-empty=%d errno=%s\n", rmdir("a"),
           errno == ENOTEMPTY || errno == EEXIST ? "ENOTEMPTY" : "?");
    if (chdir("a/b") == 0) {
        printf("chdir a/b ok, cwd ends with /a/b=%d\n",
               getcwd(cwd, sizeof cwd) && strlen(cwd) > 4 &&
                   strcmp(cwd + strlen(cwd) - 4, "/a/b") == 0);
        chdir("../..");
    }
    printf("rmdir a/b=%d\n", rmdir("a/b"));
    unlink("a/inner.txt");
    printf("rmdir a=%d\n", rmdir("a"));
    for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++) unlink(files[i]);
    for (int i = 0; i < 30; i++) {
        char nm[32];
        snprintf(nm, sizeof nm, "many%02d", i);
        unlink(nm);
    }
    list(".");
    chdir("/");
    printf("rmdir temp=%d\n", rmdir(dir));
    return 0;
}
