// cxxthreads.cpp - C++ threads: std::thread, std::mutex, std::condition_variable,
// std::atomic, std::async and thread_local, with exact, deterministic results.
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <numeric>
#include <queue>
#include <thread>
#include <vector>

static thread_local int tls_counter = 0;

int main()
{
    // Many threads hammering one atomic and one mutex-protected counter.
    std::atomic<long> atomic_total{0};
    long locked_total = 0;
    std::mutex m;
    std::vector<std::thread> ts;
    for (int t = 0; t < 6; t++)
        ts.emplace_back([&, t] {
            for (int i = 0; i < 20000; i++) {
                atomic_total.fetch_add(t + 1, std::memory_order_relaxed);
                std::lock_guard<std::mutex> g(m);
                locked_total += 1;
                tls_counter++;
            }
        });
    for (auto &t : ts) t.join();
    std::printf("atomic=%ld locked=%ld main tls=%d\n", atomic_total.load(), locked_total, tls_counter);

    // Producer/consumer over a condition variable.
    std::queue<int> q;
    std::condition_variable cv;
    bool done = false;
    long consumed = 0;
    std::thread consumer([&] {
        std::unique_lock<std::mutex> lk(m);
        for (;;) {
            cv.wait(lk, [&] { return !q.empty() || done; });
            while (!q.empty()) { consumed += q.front(); q.pop(); }
            if (done) break;
        }
    });
    for (int i = 1; i <= 1000; i++) {
        { std::lock_guard<std::mutex> g(m); q.push(i); }
        cv.notify_one();
    }
    { std::lock_guard<std::mutex> g(m); done = true; }
    cv.notify_one();
    consumer.join();
    std::printf("consumed=%ld\n", consumed);

    // std::async work split across threads.
    std::vector<std::future<long>> parts;
    for (int p = 0; p < 4; p++)
        parts.push_back(std::async(std::launch::async, [p] {
            long s = 0;
            for (long i = p * 250000L; i < (p + 1) * 250000L; i++) s += i % 7;
            return s;
        }));
    long sum = 0;
    for (auto &f : parts) sum += f.get();
    std::printf("async sum=%ld hw>0=%d\n", sum, std::thread::hardware_concurrency() > 0);
    return 0;
}
