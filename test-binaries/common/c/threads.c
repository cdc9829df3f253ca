/* threads.c - POSIX threads: create/join with return values, a mutex-
 * protected counter, C11 atomics (fetch_add, compare_exchange), a
 * condition variable hand-off, thread-local storage, pthread_once. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define NT 4
#define ITERS 20000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static atomic_long acounter;
static atomic_int cas_max;
static __thread int tls_value;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;

static void init_once(void) { once_runs++; }

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    pthread_once(&once, init_once);
    tls_value = id * 100;
    for (int i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&mu);
        counter++;
        pthread_mutex_unlock(&mu);
        atomic_fetch_add(&acounter, 2);
        int cur = atomic_load(&cas_max);
        int want = id * ITERS + i;
        while (cur < want && !atomic_compare_exchange_weak(&cas_max, &cur, want)) {
        }
    }
    return (void *)(intptr_t)(tls_value + id);
}

static pthread_mutex_t cmu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready, reply;

static void *responder(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&cmu);
    while (!ready) pthread_cond_wait(&cv, &cmu);
    reply = ready * 2;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&cmu);
    return NULL;
}

int main(void)
{
    pthread_t t[NT];
    tls_value = -1;
    for (int i = 0; i < NT; i++) pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
    long sum = 0;
    for (int i = 0; i < NT; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        sum += (long)(intptr_t)ret;
    }
    printf("mutex counter=%ld atomic counter=%ld cas max=%d\n", counter, (long)acounter,
           (int)cas_max);
    printf("join values sum=%ld main tls unchanged=%d once runs=%d\n", sum, tls_value == -1,
           once_runs);

    pthread_t r;
    pthread_create(&r, NULL, responder, NULL);
    pthread_mutex_lock(&cmu);
    ready = 21;
    pthread_cond_signal(&cv);
    while (!reply) pthread_cond_wait(&cv, &cmu);
    pthread_mutex_unlock(&cmu);
    pthread_join(r, NULL);
    printf("condvar reply=%d\n", reply);
    return 0;
}
