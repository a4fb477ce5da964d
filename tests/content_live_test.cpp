// Live content: a real event folder in a temporary directory, changed the ways staff change it
// (a broken save, `cp` in progress, rsync's temporary files, a whole folder swapped by rename),
// watched by LiveContent. What must hold: only complete, valid versions are swapped in, exactly
// once per settled change; a broken version keeps the old one up and is logged once with its
// positions; a fix shows within two seconds; the destructor is prompt; reload_now() skips the
// settle time; without inotify the periodic signature check still sees every change (and says
// so: watching() = Polling, needs_operator()); a writer that never pauses still gets a reload
// within max_wait_ms.
//
// Timing: the tests wait with wait_idle() (the worker has read every change made so far and
// processed it), not with sleeps; the only sleeps are the pauses inside the writes they model.
#include "test_support.h"
#include "content/content.h"

#include "core/log.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

using namespace majlis;
using namespace majlis::content;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

int64_t ms_since(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

// A temporary parent folder holding the event folder `event` (and whatever a test swaps in).
using TempParent = majlis::testing::TempFolder;

// Writes a whole file in one go (open, write, close: one IN_CLOSE_WRITE).
void write_file(const std::string& path, const std::string& text) {
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0) << path << ": " << std::strerror(errno);
    ASSERT_EQ(write(fd, text.data(), text.size()), (ssize_t)text.size());
    ASSERT_EQ(close(fd), 0);
}

// Writes a file the way a copy does when it is slow: the first `split` bytes, a pause with the
// file still open, then the rest, then close.
void write_in_two_chunks(const std::string& path, const std::string& text, size_t split, int pause_ms) {
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0) << path << ": " << std::strerror(errno);
    ASSERT_EQ(write(fd, text.data(), split), (ssize_t)split);
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
    ASSERT_EQ(write(fd, text.data() + split, text.size() - split), (ssize_t)(text.size() - split));
    ASSERT_EQ(close(fd), 0);
}

// The smallest valid event, per docs/content.md: one language, one hall, one day, one participant,
// one document with a Markdown body in documents/.
const char* kEventToml = R"(id = "live-test"
name.en = "Live test summit"
start_date = 2025-10-09
end_date = 2025-10-09
time_zone = "Asia/Dushanbe"
languages.display = ["en"]
languages.default = "en"

[[hall]]
id = "sarazm"
name.en = "Sarazm Hall"
)";

const char* kParticipantsToml = R"([[participant]]
id = "rahmon"
protocol_order = 1
country = "TJ"
name.en = "Emomali Rahmon"
title.en = "President of the Republic of Tajikistan"
)";

const char* kDocumentsToml = R"([[document]]
id = "declaration"
title.en = "Final Declaration"
body.en = "documents/declaration.en.md"
)";

const char* kDeclarationMd = "# Final Declaration\n\nThe heads of state met in Dushanbe.\n";

// agenda.toml with one session per title, 10:00, 11:00, ... (30 minutes each) in sarazm.
std::string agenda(const std::vector<std::string>& titles) {
    std::string s = "[[day]]\ndate = 2025-10-09\ntitle.en = \"Summit day\"\n";
    int hour = 10;
    int n = 1;
    for (const std::string& t : titles) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%02d:00:00", hour);
        std::string start = buf;
        std::snprintf(buf, sizeof buf, "%02d:30:00", hour);
        std::string end = buf;
        s += "\n[[day.session]]\nid = \"session-" + std::to_string(n) + "\"\nstart = " + start + "\nend = " + end +
             "\nhall = \"sarazm\"\nkind = \"plenary\"\ntitle.en = \"" + t + "\"\n";
        ++hour;
        ++n;
    }
    return s;
}

// A syntax error on line 7 (the `title.en` value lacks its closing quote).
const char* kBrokenAgenda = "[[day]]\ndate = 2025-10-09\n\n[[day.session]]\nid = \"session-1\"\nstart = 10:00:00\n"
                            "title.en = \"Opening\nend = 10:30:00\nhall = \"sarazm\"\nkind = \"plenary\"\n";

void write_event(const std::string& dir, const std::vector<std::string>& titles) {
    fs::create_directories(dir + "/documents");
    fs::create_directories(dir + "/images");
    write_file(dir + "/event.toml", kEventToml);
    write_file(dir + "/agenda.toml", agenda(titles));
    write_file(dir + "/participants.toml", kParticipantsToml);
    write_file(dir + "/documents.toml", kDocumentsToml);
    write_file(dir + "/documents/declaration.en.md", kDeclarationMd);
}

// The session titles of a loaded version, "Opening|Plenary".
std::string titles_of(const std::shared_ptr<const Event>& e) {
    if (!e) return "(none)";
    std::string s;
    for (const Day& d : e->days)
        for (const Session& x : d.sessions) {
            auto it = x.title.by_lang.find("en");
            s += (s.empty() ? "" : "|") + (it == x.title.by_lang.end() ? std::string("?") : it->second);
        }
    return s;
}

// Log lines, collected from whichever thread logs them.
struct Lines {
    std::mutex mutex;
    std::vector<std::string> lines;
    Log log{[this](LogLevel, std::string_view line) {
        std::lock_guard<std::mutex> lock(mutex);
        lines.emplace_back(line);
    }};
    std::vector<std::string> get() {
        std::lock_guard<std::mutex> lock(mutex);
        return lines;
    }
    size_t count(const std::regex& re) {
        size_t n = 0;
        for (const std::string& l : get()) n += std::regex_search(l, re);
        return n;
    }
    std::string all() {
        std::string s;
        for (const std::string& l : get()) s += l + "\n";
        return s;
    }
};

// Every version the worker swapped in, as seen from on_change.
struct Swaps {
    std::mutex mutex;
    std::vector<std::string> versions;
    void watch(LiveContent& live) {
        live.on_change = [this, &live] {
            std::lock_guard<std::mutex> lock(mutex);
            versions.push_back(titles_of(live.current()));
        };
    }
    std::vector<std::string> get() {
        std::lock_guard<std::mutex> lock(mutex);
        return versions;
    }
};

LiveContent::Config config(const std::string& dir, int settle_ms) {
    LiveContent::Config c;
    c.dir = dir;
    c.settle_ms = settle_ms;
    return c;
}

constexpr int kIdleTimeoutMs = 4000;

}  // namespace

TEST(Live, InitialLoad) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(dir, {"Opening", "Plenary"});
    Lines log;
    LiveContent live(config(dir, 100), log.log);
    ASSERT_NE(live.current(), nullptr) << log.all();
    EXPECT_EQ(live.current()->id, "live-test");
    EXPECT_EQ(titles_of(live.current()), "Opening|Plenary");
    EXPECT_EQ(live.generation(), 1u);
    EXPECT_FALSE(live.broken());
    for (const Diagnostic& d : live.last_diagnostics()) ADD_FAILURE() << d.format();  // not even a warning
    EXPECT_EQ(log.count(std::regex("warning|error")), 0u) << log.all();
    EXPECT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), 1u);  // nothing changed, nothing reloaded
}

TEST(Live, InitialLoadFailsThenFixed) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(dir, {"Opening"});
    write_file(dir + "/agenda.toml", kBrokenAgenda);
    Lines log;
    LiveContent live(config(dir, 100), log.log);
    EXPECT_EQ(live.current(), nullptr);
    EXPECT_TRUE(live.broken());
    EXPECT_EQ(live.generation(), 0u);
    EXPECT_GE(log.count(std::regex(R"(^majlis: error: content: agenda\.toml:\d+:\d+: error: )")), 1u) << log.all();
    EXPECT_FALSE(live.last_diagnostics().empty());

    write_file(dir + "/agenda.toml", agenda({"Opening"}));
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    ASSERT_NE(live.current(), nullptr) << log.all();
    EXPECT_EQ(titles_of(live.current()), "Opening");
    EXPECT_FALSE(live.broken());
    EXPECT_EQ(live.generation(), 1u);
}

// A broken save keeps the old version (same pointer, same generation), sets broken(), and logs
// the error with file:line:col once, however often it is retried; a fix shows within 2 s.
TEST(Live, BrokenSaveKeepsTheOldVersionUntilFixed) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(dir, {"Opening"});
    Lines log;
    LiveContent live(config(dir, 100), log.log);
    Swaps swaps;
    swaps.watch(live);
    const auto before = live.current();
    ASSERT_NE(before, nullptr) << log.all();
    const uint64_t gen = live.generation();

    write_file(dir + "/agenda.toml", kBrokenAgenda);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.current(), before);
    EXPECT_EQ(live.generation(), gen);
    EXPECT_TRUE(live.broken());
    const std::regex error_line(R"(^majlis: error: content: agenda\.toml:\d+:\d+: error: )");
    const size_t logged = log.count(error_line);  // one line per diagnostic (a syntax error: one)
    EXPECT_GE(logged, 1u) << log.all();
    const auto diags = live.last_diagnostics();
    ASSERT_FALSE(diags.empty());
    EXPECT_EQ(diags.front().pos.file, "agenda.toml");
    EXPECT_EQ(diags.front().pos.line, 7) << diags.front().format();  // the unterminated string
    EXPECT_GT(diags.front().pos.column, 0);

    // The same broken file saved again, and an unrelated touch: retried, not logged again.
    write_file(dir + "/agenda.toml", kBrokenAgenda);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    write_file(dir + "/participants.toml", kParticipantsToml);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(log.count(error_line), logged) << log.all();
    EXPECT_EQ(live.current(), before);
    EXPECT_TRUE(live.broken());

    // The fix: on screen within two seconds of the save.
    const auto saved = Clock::now();
    write_file(dir + "/agenda.toml", agenda({"Opening (fixed)"}));
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_LT(ms_since(saved), 2000);
    EXPECT_FALSE(live.broken());
    EXPECT_EQ(live.generation(), gen + 1);
    EXPECT_EQ(titles_of(live.current()), "Opening (fixed)");
    EXPECT_NE(live.current(), before);
    EXPECT_EQ(swaps.get(), std::vector<std::string>{"Opening (fixed)"});
    // The old version stays valid for whoever still holds it (the render thread mid-frame).
    EXPECT_EQ(titles_of(before), "Opening");

    // Broken again with the same error: a new incident, logged again.
    write_file(dir + "/agenda.toml", kBrokenAgenda);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_TRUE(live.broken());
    EXPECT_EQ(log.count(error_line), 2 * logged) << log.all();
}

// `cp` in progress: the first chunk (which on its own is valid TOML with one session missing)
// and 100 ms later the rest. The settle delay (300 ms) must absorb the pause: the half file is
// never swapped in, and exactly one swap shows the complete file.
TEST(Live, HalfWrittenFileIsNeverSwappedIn) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(dir, {"Opening"});
    Lines log;
    LiveContent live(config(dir, 300), log.log);
    Swaps swaps;
    swaps.watch(live);
    ASSERT_NE(live.current(), nullptr) << log.all();
    const uint64_t gen = live.generation();

    const std::string full = agenda({"One", "Two", "Three"});
    const size_t split = full.find("[[day.session]]", full.find("title.en = \"Two\""));  // after "Two"
    ASSERT_NE(split, std::string::npos);
    write_in_two_chunks(dir + "/agenda.toml", full, split, 100);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), gen + 1);
    EXPECT_EQ(swaps.get(), std::vector<std::string>{"One|Two|Three"});
    EXPECT_FALSE(live.broken());

    // Split inside a string: the first chunk alone is a syntax error. Nothing broken is ever
    // reported either.
    const std::string full2 = agenda({"Alpha", "Beta"});
    write_in_two_chunks(dir + "/agenda.toml", full2, full2.find("Beta") + 2, 100);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), gen + 2);
    EXPECT_EQ(swaps.get(), (std::vector<std::string>{"One|Two|Three", "Alpha|Beta"}));
    EXPECT_FALSE(live.broken());
    EXPECT_EQ(log.count(std::regex("error")), 0u) << log.all();
}

// A copy that stalls mid-file for longer than settle_ms while another file changes (so a reload
// comes due with agenda.toml half written, and the half is valid TOML): the file was modified
// and not closed, so the reload is held back until it is (up to a few seconds).
TEST(Live, StalledWriterHoldsTheReload) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(dir, {"Opening"});
    Lines log;
    LiveContent live(config(dir, 100), log.log);
    Swaps swaps;
    swaps.watch(live);
    ASSERT_NE(live.current(), nullptr) << log.all();
    const uint64_t gen = live.generation();

    const std::string full = agenda({"One", "Two", "Three"});
    const size_t split = full.find("[[day.session]]", full.find("title.en = \"Two\""));
    int fd = open((dir + "/agenda.toml").c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(write(fd, full.data(), split), (ssize_t)split);
    write_file(dir + "/participants.toml", kParticipantsToml);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    EXPECT_EQ(live.generation(), gen);
    ASSERT_EQ(write(fd, full.data() + split, full.size() - split), (ssize_t)(full.size() - split));
    ASSERT_EQ(close(fd), 0);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), gen + 1);
    EXPECT_EQ(swaps.get(), std::vector<std::string>{"One|Two|Three"});
}

// rsync writes `.agenda.toml.XYZ123` and renames it over agenda.toml: the temporary file is not
// a change (nothing reloads while it is written), the rename is exactly one swap.
TEST(Live, RsyncTemporaryFileThenRename) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(dir, {"Opening"});
    Lines log;
    LiveContent live(config(dir, 100), log.log);
    Swaps swaps;
    swaps.watch(live);
    ASSERT_NE(live.current(), nullptr) << log.all();
    const uint64_t gen = live.generation();

    const std::string temp = dir + "/.agenda.toml.XYZ123";
    const std::string full = agenda({"Synced", "Plenary"});
    write_in_two_chunks(temp, full, full.size() / 2, 150);  // longer than settle_ms: ignored anyway
    ASSERT_EQ(chmod(temp.c_str(), 0644), 0);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), gen);  // the temporary file is not content

    // Editor leftovers are not content either.
    write_file(dir + "/agenda.toml~", "garbage");
    write_file(dir + "/.agenda.toml.swp", "garbage");
    write_file(dir + "/agenda.toml.part", "garbage");
    write_file(dir + "/agenda.toml.tmp", "garbage");
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), gen);

    ASSERT_EQ(rename(temp.c_str(), (dir + "/agenda.toml").c_str()), 0);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), gen + 1);
    EXPECT_EQ(swaps.get(), std::vector<std::string>{"Synced|Plenary"});
    EXPECT_FALSE(live.broken());
}

// Files in subfolders count, including subfolders made after the watch started.
TEST(Live, SubfoldersAreWatchedIncludingNewOnes) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(dir, {"Opening"});
    Lines log;
    LiveContent live(config(dir, 100), log.log);
    ASSERT_NE(live.current(), nullptr) << log.all();
    uint64_t gen = live.generation();

    write_file(dir + "/documents/declaration.en.md", "# Final Declaration\n\nRevised.\n");
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), ++gen);

    // One folder at a time, so that each step is exactly one settled change.
    ASSERT_EQ(mkdir((dir + "/images/flags").c_str(), 0755), 0);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), ++gen);
    ASSERT_EQ(mkdir((dir + "/images/flags/new").c_str(), 0755), 0);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), ++gen);
    write_file(dir + "/images/flags/new/readme.txt", "a file in a folder made while watching");
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), ++gen);
    EXPECT_FALSE(live.broken()) << log.all();
}

namespace {
// Builds version 2 of the event in `dir` (a sibling of the watched folder).
void write_version_two(const std::string& dir) { write_event(dir, {"Version two"}); }
}  // namespace

// The folder swapped whole: moved away, the new one moved in (what `mv` does in two steps).
TEST(Live, WholeFolderSwapByTwoRenames) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(dir, {"Version one"});
    Lines log;
    LiveContent live(config(dir, 100), log.log);
    Swaps swaps;
    swaps.watch(live);
    ASSERT_NE(live.current(), nullptr) << log.all();
    const uint64_t gen = live.generation();

    write_version_two(tmp / "event.new");
    ASSERT_EQ(rename(dir.c_str(), (tmp / "event.old").c_str()), 0);
    ASSERT_EQ(rename((tmp / "event.new").c_str(), dir.c_str()), 0);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(titles_of(live.current()), "Version two") << log.all();
    EXPECT_EQ(live.generation(), gen + 1);
    EXPECT_EQ(swaps.get(), std::vector<std::string>{"Version two"});

    // The new folder is watched; the old one is not any more.
    write_file(tmp / "event.old/agenda.toml", agenda({"Stale"}));
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), gen + 1);
    write_file(dir + "/agenda.toml", agenda({"Version two, edited"}));
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), gen + 2);
    EXPECT_EQ(titles_of(live.current()), "Version two, edited");
    write_file(dir + "/documents/declaration.en.md", "# Final Declaration\n\nRevised.\n");
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), gen + 3);
    EXPECT_FALSE(live.broken());
}

// The folder swapped whole in one atomic step: rename(new, dir) where dir is a symlink to the
// current version (the classic atomic deploy: `ln -s v2 tmp && mv -T tmp event`).
TEST(Live, WholeFolderSwapByRenameOverASymlink) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(tmp / "v1", {"Version one"});
    ASSERT_EQ(symlink("v1", dir.c_str()), 0);
    Lines log;
    LiveContent live(config(dir, 100), log.log);
    ASSERT_NE(live.current(), nullptr) << log.all();
    const uint64_t gen = live.generation();

    write_version_two(tmp / "v2");
    ASSERT_EQ(symlink("v2", (tmp / "event.tmp").c_str()), 0);
    ASSERT_EQ(rename((tmp / "event.tmp").c_str(), dir.c_str()), 0);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(titles_of(live.current()), "Version two") << log.all();
    EXPECT_EQ(live.generation(), gen + 1);

    write_file(tmp / "v1/agenda.toml", agenda({"Stale"}));  // no longer the event
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), gen + 1);
    write_file(tmp / "v2/agenda.toml", agenda({"Version two, edited"}));
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(titles_of(live.current()), "Version two, edited");
    EXPECT_EQ(live.generation(), gen + 2);
}

// The folder swapped whole by exchanging two real folders (renameat2 RENAME_EXCHANGE), and
// rename(tmpdir, dir) over an empty folder left in place.
TEST(Live, WholeFolderSwapByExchangeAndOverAnEmptyFolder) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(dir, {"Version one"});
    Lines log;
    LiveContent live(config(dir, 100), log.log);
    ASSERT_NE(live.current(), nullptr) << log.all();
    const uint64_t gen = live.generation();

    write_version_two(tmp / "staging");
    ASSERT_EQ(renameat2(AT_FDCWD, (tmp / "staging").c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE), 0)
        << std::strerror(errno);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(titles_of(live.current()), "Version two") << log.all();
    EXPECT_EQ(live.generation(), gen + 1);
    write_file(tmp / "staging/agenda.toml", agenda({"Stale"}));  // the old version, now aside
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), gen + 1);

    // Emptied and replaced: the empty folder is broken (kept: version two), then rename(2)
    // puts a complete folder in its place.
    fs::remove_all(tmp / "staging");
    write_event(tmp / "staging", {"Version three"});
    for (const auto& entry : fs::directory_iterator(dir)) fs::remove_all(entry.path());
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_TRUE(live.broken());
    EXPECT_EQ(titles_of(live.current()), "Version two");
    ASSERT_EQ(rename((tmp / "staging").c_str(), dir.c_str()), 0) << std::strerror(errno);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(titles_of(live.current()), "Version three") << log.all();
    EXPECT_FALSE(live.broken());
}

// Deleted: the last good version stays up (broken); put back: loaded again.
TEST(Live, FolderDeletedThenRecreated) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(dir, {"Version one"});
    Lines log;
    LiveContent live(config(dir, 100), log.log);
    ASSERT_NE(live.current(), nullptr) << log.all();
    const uint64_t gen = live.generation();

    fs::remove_all(dir);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_TRUE(live.broken());
    EXPECT_EQ(titles_of(live.current()), "Version one");
    EXPECT_EQ(live.generation(), gen);

    write_event(tmp / "event.new", {"Version two"});
    ASSERT_EQ(rename((tmp / "event.new").c_str(), dir.c_str()), 0);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(titles_of(live.current()), "Version two") << log.all();
    EXPECT_FALSE(live.broken());
    EXPECT_EQ(live.generation(), gen + 1);
}

TEST(Live, DestructorIsPrompt) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(dir, {"Opening"});
    Lines log;
    {
        auto live = std::make_unique<LiveContent>(config(dir, 300), log.log);
        ASSERT_TRUE(live->wait_idle(kIdleTimeoutMs));
        const auto t = Clock::now();
        live.reset();  // idle
        EXPECT_LT(ms_since(t), 1000);
    }
    {
        auto live = std::make_unique<LiveContent>(config(dir, 10000), log.log);
        write_file(dir + "/agenda.toml", agenda({"Pending"}));  // a reload 10 s away
        const auto t = Clock::now();
        live.reset();
        EXPECT_LT(ms_since(t), 1000);
    }
    {
        // A folder that does not exist (the worker retries its watch once a second).
        auto live = std::make_unique<LiveContent>(config(tmp / "missing", 100), log.log);
        EXPECT_EQ(live->current(), nullptr);
        EXPECT_TRUE(live->broken());
        const auto t = Clock::now();
        live.reset();
        EXPECT_LT(ms_since(t), 1000);
    }
}

// A folder that does not exist yet when the app starts is picked up when it appears.
TEST(Live, FolderAppearsLater) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    Lines log;
    LiveContent live(config(dir, 100), log.log);
    EXPECT_EQ(live.current(), nullptr);
    EXPECT_TRUE(live.broken());
    write_event(tmp / "event.new", {"Late"});
    ASSERT_EQ(rename((tmp / "event.new").c_str(), dir.c_str()), 0);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(titles_of(live.current()), "Late") << log.all();
    EXPECT_FALSE(live.broken());
    EXPECT_EQ(live.generation(), 1u);
}

// reload_now() (the operator's SIGHUP) reloads at once: a change still inside a 10 s settle time
// is on screen well before it, and an unchanged folder is read again (a new version).
TEST(Live, ReloadNowSkipsTheSettleTime) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(dir, {"Opening"});
    Lines log;
    LiveContent live(config(dir, 10000), log.log);
    ASSERT_NE(live.current(), nullptr) << log.all();
    const uint64_t gen = live.generation();

    write_file(dir + "/agenda.toml", agenda({"Asked for"}));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the worker has seen it: settling
    EXPECT_EQ(live.generation(), gen);
    const auto asked = Clock::now();
    live.reload_now();
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_LT(ms_since(asked), 2000);
    EXPECT_EQ(titles_of(live.current()), "Asked for");
    EXPECT_EQ(live.generation(), gen + 1);

    live.reload_now();
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), gen + 2);
    EXPECT_EQ(titles_of(live.current()), "Asked for");
    EXPECT_FALSE(live.broken());
}

namespace {
// Waits (polling generation(), not wait_idle: that would check the folder itself) until the
// generation passes `gen` or `ms` pass.
bool generation_passes(const LiveContent& live, uint64_t gen, int ms) {
    const auto start = Clock::now();
    while (live.generation() <= gen) {
        if (ms_since(start) > ms) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}
}  // namespace

// Without inotify (unavailable, failed, or blind as on an NFS or SMB share) the signature check
// still sees every kind of change: an edit, a broken save, a whole-folder swap. That the folder
// is only polled is logged once as an error and shown with the operator's marker.
TEST(Live, WithoutInotifyPollingStillPicksUpChanges) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(dir, {"Opening"});
    Lines log;
    LiveContent::Config c = config(dir, 50);
    c.use_inotify = false;
    c.poll_ms = 100;
    LiveContent live(c, log.log);
    ASSERT_NE(live.current(), nullptr) << log.all();
    EXPECT_EQ(live.watching(), LiveContent::Watching::Polling);
    EXPECT_FALSE(live.broken());
    EXPECT_TRUE(live.needs_operator());
    const std::regex polling(R"(^majlis: error: content: watching .*: inotify .*checking the folder every 0\.1 s)");
    EXPECT_EQ(log.count(polling), 1u) << log.all();
    uint64_t gen = live.generation();

    // Seen by the periodic check on its own (no wait_idle, which checks at once).
    write_file(dir + "/agenda.toml", agenda({"Polled"}));
    ASSERT_TRUE(generation_passes(live, gen, 3000)) << log.all();
    EXPECT_EQ(titles_of(live.current()), "Polled");
    gen = live.generation();

    // A file in a subfolder, the same size as before: its mtime tells.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    write_file(dir + "/documents/declaration.en.md", "# Final Declaration\n\nThe heads of state met in Khujand.\n");
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), ++gen);

    const auto before = live.current();
    write_file(dir + "/agenda.toml", kBrokenAgenda);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_TRUE(live.broken());
    EXPECT_EQ(live.current(), before);

    write_event(tmp / "event.new", {"Swapped"});
    ASSERT_EQ(rename(dir.c_str(), (tmp / "event.old").c_str()), 0);
    ASSERT_EQ(rename((tmp / "event.new").c_str(), dir.c_str()), 0);
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(titles_of(live.current()), "Swapped") << log.all();
    EXPECT_FALSE(live.broken());
    EXPECT_EQ(live.generation(), gen + 1);
    EXPECT_EQ(live.watching(), LiveContent::Watching::Polling);  // sticky
    EXPECT_EQ(log.count(polling), 1u);

    // Nothing changed: checking finds nothing to reload.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(live.generation(), gen + 1);
}

// A writer that never pauses for settle_ms (a sync tool rewriting agenda.toml every 20 ms, each
// time complete: written aside and renamed over) no longer holds reloading off: a reload comes
// at the latest max_wait_ms after the first change, while the writer is still at it.
TEST(Live, WriterThatNeverPausesStillReloadsWithinTheLongestWait) {
    TempParent tmp;
    const std::string dir = tmp / "event";
    write_event(dir, {"Opening"});
    Lines log;
    LiveContent::Config c = config(dir, 200);
    c.max_wait_ms = 600;
    LiveContent live(c, log.log);
    Swaps swaps;
    swaps.watch(live);
    ASSERT_NE(live.current(), nullptr) << log.all();
    const uint64_t gen = live.generation();

    const auto start = Clock::now();
    int n = 0;
    while (ms_since(start) < 2500) {
        write_file(dir + "/.agenda.toml.new", agenda({"Tick " + std::to_string(++n)}));
        ASSERT_EQ(rename((dir + "/.agenda.toml.new").c_str(), (dir + "/agenda.toml").c_str()), 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const uint64_t while_writing = live.generation();
    EXPECT_GT(while_writing, gen) << "no reload while the writer never paused";
    EXPECT_LE(while_writing, gen + 2500 / 600 + 1) << "at most one reload per longest wait";
    ASSERT_TRUE(live.wait_idle(kIdleTimeoutMs));
    EXPECT_EQ(titles_of(live.current()), "Tick " + std::to_string(n));
    EXPECT_FALSE(live.broken());
    for (const std::string& v : swaps.get()) EXPECT_EQ(v.rfind("Tick ", 0), 0u) << v;
}
