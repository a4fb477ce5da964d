// load_event on hostile files: random bytes as each file, and mutated copies of the demo's files
// (byte flips, truncation at every Nth byte, deleted and duplicated lines). Every load must come
// back with a result (no crash, no exception, no hang: each load's CPU time is bounded) whose diagnostics keep
// the contract's shape. Deterministic (fixed seeds); MAJLIS_FUZZ_SEED=N varies the random parts.
//
// Runs in a few seconds; also worth running once under -fsanitize=address,undefined.
#include <gtest/gtest.h>

#include "content/content.h"

#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

namespace fs = std::filesystem;
using namespace majlis::content;

namespace {

const fs::path kDemo = fs::path(MAJLIS_SOURCE_DIR) / "assets" / "dushanbe-2025";
// A load that takes more CPU time than this counts as a hang (the slowest, a pathological shape
// under ASan, takes about 0.5 s). The process's CPU time, not the wall clock: with the other
// tests beside it on two cores, the same load took 1.5 s and more of wall time, and failed.
constexpr double kMaxLoadMs = 2000;

double cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

uint32_t seed() {
    const char* s = std::getenv("MAJLIS_FUZZ_SEED");
    return s ? (uint32_t)std::strtoul(s, nullptr, 10) : 20251009u;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary | std::ios::trunc) << s; }

// A copy of the demo folder in a temporary directory.
class DemoCopy {
public:
    DemoCopy() {
        dir_ = fs::temp_directory_path() / ("majlis-fuzz-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::copy(kDemo, dir_, fs::copy_options::recursive);
    }
    ~DemoCopy() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    const fs::path& dir() const { return dir_; }
    // The text files staff edit: the four TOML files and the document bodies.
    std::vector<std::string> text_files() const {
        std::vector<std::string> out = {"event.toml", "agenda.toml", "participants.toml", "documents.toml"};
        if (fs::is_directory(dir_ / "documents"))
            for (const auto& e : fs::directory_iterator(dir_ / "documents"))
                if (e.path().extension() == ".md") out.push_back("documents/" + e.path().filename().string());
        std::sort(out.begin() + 4, out.end());
        return out;
    }

private:
    fs::path dir_;
};

struct Stats {
    int loads = 0, ok = 0;
    double max_ms = 0;  // CPU time
};

// Loads the folder and checks the result's shape.
void load_and_check(const fs::path& dir, const std::string& what, Stats& stats) {
    const double t0 = cpu_ms();
    LoadResult r;
    try {
        r = load_event(dir.string());
    } catch (...) {
        ADD_FAILURE() << what << ": load_event threw";
        return;
    }
    const double ms = cpu_ms() - t0;
    ++stats.loads;
    stats.max_ms = std::max(stats.max_ms, ms);
    EXPECT_LT(ms, kMaxLoadMs) << what;
    EXPECT_TRUE(r.readable) << what;
    EXPECT_EQ(r.ok(), r.errors() == 0) << what;
    if (r.ok()) ++stats.ok;
    for (const Diagnostic& d : r.diagnostics) {
        const std::string line = d.format();
        EXPECT_FALSE(d.message.empty()) << what;
        EXPECT_EQ(line.find('\n'), std::string::npos) << what << ": " << line;
        EXPECT_GE(d.pos.line, 0) << what << ": " << line;
        EXPECT_GE(d.pos.column, 0) << what << ": " << line;
        EXPECT_FALSE(d.pos.file.empty()) << what << ": " << line;
        EXPECT_NE(d.pos.file[0], '/') << what << ": " << line;  // relative to the folder
        EXPECT_EQ(d.message.rfind("internal error", 0), std::string::npos) << what << ": " << line;
    }
    if (r.ok()) {
        const Event& e = *r.event;
        for (size_t i = 1; i < e.days.size(); ++i) EXPECT_LE(e.days[i - 1].date, e.days[i].date) << what;
        for (const Day& day : e.days)
            for (size_t i = 1; i < day.sessions.size(); ++i)
                EXPECT_LE(day.sessions[i - 1].start, day.sessions[i].start) << what;
        for (size_t i = 1; i < e.participants.size(); ++i)
            EXPECT_LT(e.participants[i - 1].protocol_order, e.participants[i].protocol_order) << what;
    }
}

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < s.size()) {
        size_t nl = s.find('\n', start);
        if (nl == std::string::npos) nl = s.size() - 1;
        out.push_back(s.substr(start, nl - start + 1));
        start = nl + 1;
    }
    return out;
}

std::string join(const std::vector<std::string>& lines, size_t skip = SIZE_MAX, size_t twice = SIZE_MAX) {
    std::string s;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (i == skip) continue;
        s += lines[i];
        if (i == twice) s += lines[i];
    }
    return s;
}

}  // namespace

TEST(ContentFuzz, DemoIsThere) {
    if (!fs::exists(kDemo / "event.toml")) GTEST_SKIP() << "no demo folder at " << kDemo;
    Stats stats;
    DemoCopy demo;
    load_and_check(demo.dir(), "demo as is", stats);
    EXPECT_EQ(stats.ok, 1);
}

TEST(ContentFuzz, RandomBytesAsEachFile) {
    if (!fs::exists(kDemo / "event.toml")) GTEST_SKIP() << "no demo folder at " << kDemo;
    DemoCopy demo;
    std::mt19937 rng(seed());
    Stats stats;
    // Plain random bytes, and random text made of TOML and Markdown pieces (gets further into
    // the parsers than noise does).
    static const char* pieces[] = {"[[",
                                   "]]",
                                   "[",
                                   "]",
                                   "=",
                                   "\"",
                                   "'",
                                   "\"\"\"",
                                   "\n",
                                   " ",
                                   ".",
                                   ",",
                                   "{",
                                   "}",
                                   "id",
                                   "day",
                                   "session",
                                   "hall",
                                   "title.en",
                                   "title.ar",
                                   "start",
                                   "end",
                                   "date",
                                   "2025-10-09",
                                   "10:30:00",
                                   "2025-10-09T10:00:00",
                                   "true",
                                   "1",
                                   "-",
                                   "#",
                                   "*",
                                   "**",
                                   "_",
                                   "`",
                                   "```",
                                   "> ",
                                   "1. ",
                                   "- ",
                                   "|",
                                   "<div>",
                                   "&amp;",
                                   "![a](b)",
                                   "[a](b)",
                                   "\\u0000",
                                   "\xD8\xB9",
                                   "\xD0\x96",
                                   "\xE2\x80\x8F",
                                   "\xF0\x9F\x98\x80",
                                   "\t",
                                   "\r\n"};
    for (const std::string& file : demo.text_files()) {
        const std::string original = read(demo.dir() / file);
        for (int i = 0; i < 24; ++i) {
            std::string s;
            const size_t n = std::uniform_int_distribution<size_t>(0, 3000)(rng);
            if (i % 2 == 0) {
                for (size_t k = 0; k < n; ++k) s += (char)std::uniform_int_distribution<int>(0, 255)(rng);
            } else {
                while (s.size() < n) s += pieces[std::uniform_int_distribution<size_t>(0, std::size(pieces) - 1)(rng)];
            }
            write(demo.dir() / file, s);
            load_and_check(demo.dir(), file + " random #" + std::to_string(i), stats);
        }
        write(demo.dir() / file, original);
    }
    std::printf("random: %d loads, %d ok, slowest %.1f ms CPU\n", stats.loads, stats.ok, stats.max_ms);
}

TEST(ContentFuzz, MutatedDemoFiles) {
    if (!fs::exists(kDemo / "event.toml")) GTEST_SKIP() << "no demo folder at " << kDemo;
    DemoCopy demo;
    std::mt19937 rng(seed() + 1);
    Stats stats;
    for (const std::string& file : demo.text_files()) {
        const std::string original = read(demo.dir() / file);
        if (original.empty()) continue;
        const fs::path path = demo.dir() / file;

        // Byte flips: 1 to 8 random bytes set to random values.
        for (int i = 0; i < 30; ++i) {
            std::string s = original;
            const int flips = std::uniform_int_distribution<int>(1, 8)(rng);
            for (int k = 0; k < flips; ++k)
                s[std::uniform_int_distribution<size_t>(0, s.size() - 1)(rng)] =
                    (char)std::uniform_int_distribution<int>(0, 255)(rng);
            write(path, s);
            load_and_check(demo.dir(), file + " flips #" + std::to_string(i), stats);
        }
        // Truncation at every Nth byte (about 30 cuts a file; N is odd, so cuts land inside UTF-8
        // sequences too).
        const size_t step = std::max<size_t>(1, original.size() / 30) | 1;
        for (size_t cut = 0; cut < original.size(); cut += step) {
            write(path, original.substr(0, cut));
            load_and_check(demo.dir(), file + " cut at " + std::to_string(cut), stats);
        }
        // Lines deleted, and lines duplicated (every Nth line, about 60 of each file).
        const std::vector<std::string> lines = split_lines(original);
        const size_t line_step = std::max<size_t>(1, (lines.size() + 59) / 60);
        for (size_t i = 0; i < lines.size(); i += line_step) {
            write(path, join(lines, i));
            load_and_check(demo.dir(), file + " without line " + std::to_string(i + 1), stats);
            write(path, join(lines, SIZE_MAX, i));
            load_and_check(demo.dir(), file + " line " + std::to_string(i + 1) + " twice", stats);
        }
        write(path, original);
    }
    // The demo itself is fine again.
    Stats last;
    load_and_check(demo.dir(), "restored demo", last);
    EXPECT_EQ(last.ok, 1);
    std::printf("mutations: %d loads, %d ok, slowest %.1f ms CPU\n", stats.loads, stats.ok, stats.max_ms);
}

// Shapes that break parsers by depth or size rather than by bytes: deep dotted keys and
// headers (toml++ recurses per level), deep arrays and inline tables, many tables, long lines,
// and Markdown's expensive cases (nested quotes and lists, runs of delimiters and brackets).
TEST(ContentFuzz, PathologicalShapes) {
    if (!fs::exists(kDemo / "event.toml")) GTEST_SKIP() << "no demo folder at " << kDemo;
    DemoCopy demo;
    Stats stats;
    auto repeat = [](const std::string& s, size_t n) {
        std::string out;
        out.reserve(s.size() * n);
        for (size_t i = 0; i < n; ++i) out += s;
        return out;
    };
    const std::vector<std::pair<std::string, std::string>> toml = {
        {"dotted key", "a" + repeat(".a", 100000) + " = 1\n"},
        {"dotted header", "[a" + repeat(".a", 100000) + "]\n"},
        {"array of tables header", "[[a" + repeat(".a", 100000) + "]]\n"},
        {"quoted dotted key", "\"a\"" + repeat(".\"a\"", 50000) + " = 1\n"},
        {"nested arrays", "a = " + repeat("[", 100000) + "\n"},
        {"nested inline tables", "a = " + repeat("{b = ", 100000) + "\n"},
        {"inline tables with dotted keys",
         "a = " + repeat("{b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f = ", 200) + "1" +
             repeat("}", 200) + "\n"},
        {"many tables", repeat("[[day]]\ndate = 2025-10-09\n[[day.session]]\nid = \"x\"\n", 5000)},
        {"long string", "a = \"" + std::string(1 << 20, 'x') + "\"\n"},
        {"many keys",
         [&] {
             std::string s;
             for (int i = 0; i < 20000; ++i) s += "k" + std::to_string(i) + " = " + std::to_string(i) + "\n";
             return s;
         }()},
    };
    for (const char* file : {"event.toml", "agenda.toml", "participants.toml", "documents.toml"}) {
        const std::string original = read(demo.dir() / file);
        for (const auto& [name, text] : toml) {
            write(demo.dir() / file, text);
            load_and_check(demo.dir(), std::string(file) + ": " + name, stats);
        }
        write(demo.dir() / file, original);
    }
    const std::vector<std::pair<std::string, std::string>> md = {
        {"nested quotes", repeat(">", 100000) + " x\n"},
        {"nested lists",
         [&] {
             std::string s;
             for (int i = 0; i < 1000; ++i) s += std::string((size_t)i * 2, ' ') + "- x\n";
             return s;
         }()},
        {"list markers", repeat("1. ", 50000)},
        {"emphasis runs", repeat("*", 200000)},
        {"mixed emphasis", repeat("a*b_**c", 50000)},
        {"open brackets", repeat("[", 200000)},
        {"open links", repeat("[a](", 50000)},
        {"open images", repeat("![", 100000)},
        {"backticks", repeat("`", 200000)},
        {"html", repeat("<a ", 100000)},
        {"entities", repeat("&#", 100000) + repeat("&x;", 50000)},
        {"table", repeat("|" + repeat("a|", 500) + "\n", 300)},
        {"nul bytes", std::string(100000, '\0')},
    };
    for (const std::string& file : demo.text_files()) {
        if (file.size() < 3 || file.substr(file.size() - 3) != ".md") continue;
        const std::string original = read(demo.dir() / file);
        for (const auto& [name, text] : md) {
            write(demo.dir() / file, text);
            load_and_check(demo.dir(), file + ": " + name, stats);
        }
        write(demo.dir() / file, original);
        break;  // one body is enough: they all go through the same parser
    }
    std::printf("shapes: %d loads, slowest %.1f ms CPU\n", stats.loads, stats.max_ms);
}

TEST(ContentFuzz, MutatedImages) {
    if (!fs::exists(kDemo / "event.toml")) GTEST_SKIP() << "no demo folder at " << kDemo;
    DemoCopy demo;
    std::mt19937 rng(seed() + 2);
    Stats stats;
    std::vector<fs::path> images;
    for (const auto& e : fs::recursive_directory_iterator(demo.dir() / "images"))
        if (e.is_regular_file()) images.push_back(e.path());
    std::sort(images.begin(), images.end());
    for (const fs::path& p : images) {
        const std::string original = read(p);
        for (int i = 0; i < 12 && !original.empty(); ++i) {
            std::string s = original;
            if (i % 3 == 0) s.resize(std::uniform_int_distribution<size_t>(0, s.size() - 1)(rng));
            else
                for (int k = 0; k < 4; ++k)  // the header is where decoders go wrong
                    s[std::uniform_int_distribution<size_t>(0, std::min<size_t>(s.size(), 64) - 1)(rng)] =
                        (char)std::uniform_int_distribution<int>(0, 255)(rng);
            write(p, s);
            load_and_check(demo.dir(), p.filename().string() + " mutation #" + std::to_string(i), stats);
        }
        write(p, original);
    }
    std::printf("images: %d loads, slowest %.1f ms CPU\n", stats.loads, stats.max_ms);
}
