// cxx.cpp - C++ runtime: iostream (cout/cerr, manipulators), std::string,
// std::vector, std::map, std::unordered_map (printed sorted), algorithms,
// exceptions thrown and caught (std types, custom types, rethrow, across
// frames with destructors running), RTTI/dynamic_cast, virtual dispatch,
// static constructors, std::unique_ptr/shared_ptr.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

int constructed_early = 0;
struct Early {
    Early() { constructed_early = 42; }
} early_instance;

struct Shape {
    virtual ~Shape() = default;
    virtual double area() const = 0;
    virtual std::string name() const = 0;
};
struct Rect : Shape {
    double w, h;
    Rect(double w_, double h_) : w(w_), h(h_) {}
    double area() const override { return w * h; }
    std::string name() const override { return "rect"; }
};
struct Circle : Shape {
    double r;
    explicit Circle(double r_) : r(r_) {}
    double area() const override { return 3.14159265358979 * r * r; }
    std::string name() const override { return "circle"; }
};

struct MyError : std::runtime_error {
    int code;
    MyError(const std::string &m, int c) : std::runtime_error(m), code(c) {}
};

int destroyed = 0;
struct Guard {
    std::string tag;
    explicit Guard(std::string t) : tag(std::move(t)) {}
    ~Guard() { destroyed++; std::cout << "  ~Guard(" << tag << ")\n"; }
};

int depth_thrower(int n)
{
    Guard g("level" + std::to_string(n));
    if (n == 0) throw MyError("bottom reached", 7);
    return depth_thrower(n - 1) + 1;
}

}  // namespace

int main()
{
    std::cout << "static init=" << constructed_early << "\n";

    std::string s = "Hello";
    s += ", C++";
    s.append(3, '!');
    std::cout << s << " size=" << s.size() << " find=" << s.find("C++") << " substr="
              << s.substr(7, 3) << "\n";
    std::string up = s;
    std::transform(up.begin(), up.end(), up.begin(), ::toupper);
    std::cout << "upper=" << up << " compare=" << (s < up) << "\n";

    std::vector<int> v;
    for (int i = 0; i < 20; i++) v.push_back((i * 37) % 23);
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    std::cout << "vector:";
    for (int x : v) std::cout << ' ' << x;
    std::cout << "\nsum=" << std::accumulate(v.begin(), v.end(), 0)
              << " max=" << *std::max_element(v.begin(), v.end())
              << " binary_search(11)=" << std::binary_search(v.begin(), v.end(), 11) << "\n";

    std::map<std::string, int> counts;
    std::istringstream words("the cat and the hat and the bat");
    for (std::string w; words >> w;) counts[w]++;
    for (const auto &kv : counts) std::cout << "map " << kv.first << "=" << kv.second << "\n";

    std::unordered_map<int, std::string> um;
    for (int i = 0; i < 10; i++) um[i * i] = std::string(static_cast<size_t>(i % 4 + 1), char('a' + i));
    std::vector<int> keys;
    for (const auto &kv : um) keys.push_back(kv.first);
    std::sort(keys.begin(), keys.end());
    for (int k : keys) std::cout << "umap " << k << "=" << um[k] << "\n";

    std::cout << std::fixed << std::setprecision(3) << "fixed=" << 3.14159265 << " "
              << std::scientific << 12345.678 << std::defaultfloat << " hex=" << std::hex
              << 255 << std::dec << " width=[" << std::setw(6) << std::setfill('.') << 42
              << "]\n";

    std::vector<std::unique_ptr<Shape>> shapes;
    shapes.push_back(std::make_unique<Rect>(2.0, 3.5));
    shapes.push_back(std::make_unique<Circle>(1.5));
    for (const auto &sh : shapes) {
        std::cout << sh->name() << " area=" << std::setprecision(6) << sh->area()
                  << " is rect=" << (dynamic_cast<Rect *>(sh.get()) != nullptr)
                  << " typeid=" << (typeid(*sh) == typeid(Circle) ? "Circle" : "other") << "\n";
    }
    auto sp = std::make_shared<std::string>("shared");
    {
        auto sp2 = sp;
        std::cout << "use_count=" << sp.use_count() << "\n";
    }
    std::cout << "use_count after=" << sp.use_count() << "\n";

    try {
        std::vector<int> small(3);
        std::cout << small.at(10) << "\n";
    } catch (const std::out_of_range &e) {
        std::cout << "caught out_of_range\n";
    }
    try {
        depth_thrower(3);
    } catch (const MyError &e) {
        std::cout << "caught MyError: " << e.what() << " code=" << e.code
                  << " destroyed=" << destroyed << "\n";
    }
    try {
        try {
            throw std::string("inner string");
        } catch (const std::string &str) {
            std::cout << "inner caught: " << str << ", rethrowing\n";
            throw;
        }
    } catch (const std::string &str) {
        std::cout << "outer caught: " << str << "\n";
    }
    try {
        throw 12345;
    } catch (int x) {
        std::cout << "caught int " << x << "\n";
    }
    try {
        (void)std::stoi("not a number");
    } catch (const std::invalid_argument &) {
        std::cout << "caught invalid_argument from stoi\n";
    } catch (...) {
        std::cout << "caught something else\n";
    }
    std::cerr << "cerr works\n";
    return 0;
}
