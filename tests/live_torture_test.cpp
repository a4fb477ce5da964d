// Live-reload torture: a running player (LiveContent feeding a DisplayApp) while its content
// folder, a copy of the demo, takes 1,000 random edits (seeded: the same edits every run) of the
// kinds a venue's share sees on a bad day: truncated files, random bytes written over files,
// deleted and empty files, a few 50 MB files, symlinks leading out of the folder, the folder
// renamed away and back, and now and then everything put back.
//
// What must hold at every check (after wait_idle, at chosen points rather than after every edit):
//   - the player lives (no crash; the display renders);
//   - broken() says exactly whether the folder is broken now (an independent load_event agrees);
//   - current() is the last version swapped in (as on_change saw it), never null, and the
//     generation counts exactly those swaps: a broken state keeps the last good content;
//   - memory stays bounded (the process's RSS).
// Right after a clean restore, one breaking edit shows the last good picture with only the
// operator's marker added; after the final restore the display renders exactly (pixel for pixel)
// what it rendered before the first edit, through the same headless path as `majlis render`
// (DisplayApp + platform::render_png, frozen clock).
#include "test_support.h"
#include "display_app.h"

#include "content/content.h"
#include "core/log.h"
#include "platform.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <vector>

using namespace majlis;
namespace fs = std::filesystem;

namespace {

constexpr int kEdits = 1000;
constexpr uint32_t kSeed = 20251009;
constexpr int kWidth = 640, kHeight = 360;
constexpr size_t kBigFile = 50u << 20;
constexpr long kRssBoundKb = 256 * 1024;  // growth allowed over the whole run

long rss_kb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    return -1;
}

// The demo copied into a fresh temporary folder: `dir` is what the player watches, `outside`
// holds the targets of symlinks that lead out of it, `original` is the demo itself.
struct Venue {
    majlis::testing::TempFolder folder{"majlis-torture"};
    std::string root = folder.path.string(), dir, away, outside,
                original = std::string(MAJLIS_SOURCE_DIR) + "/assets/dushanbe-2025";
    std::vector<std::string> files;  // relative paths of the demo's files
    Venue() {
        dir = root + "/event";
        away = root + "/event.away";
        outside = root + "/outside";
        fs::copy(original, dir, fs::copy_options::recursive);
        fs::copy(original, outside, fs::copy_options::recursive);
        for (const auto& e : fs::recursive_directory_iterator(original))
            if (e.is_regular_file()) files.push_back(fs::relative(e.path(), original).string());
        std::sort(files.begin(), files.end());
    }
    void restore_all(const std::string& where) {
        fs::remove_all(where);
        fs::copy(original, where, fs::copy_options::recursive);
    }
};

// The player's log: counted, not kept (a thousand broken saves log a lot).
struct CountingLog {
    std::mutex mutex;
    size_t lines = 0;
    std::string last;
    Log log{[this](LogLevel, std::string_view line) {
        std::lock_guard<std::mutex> lock(mutex);
        ++lines;
        last = line;
    }};
};

// Renders the display as `majlis render` does: DisplayApp, a frozen clock (10:45 on the
// summit's day, Dushanbe time), render_png.
bool render(DisplayApp& app, const std::string& zone, const std::string& png, Log& log) {
    int64_t at = 0;
    if (!content::local_to_utc(content::LocalDateTime{{2025, 10, 9}, 10 * 60 + 45, 0}, zone, at)) return false;
    auto clock = std::make_unique<content::EventClock>(zone, std::optional<int64_t>(at), 1.0);
    clock->freeze();
    app.set_clock(std::move(clock));
    return platform::render_png(kWidth, kHeight, 0.0, 1, app, png, log);
}

struct Picture {
    int width = 0, height = 0;
    std::vector<uint8_t> rgba;
};
Picture read(const std::string& png) {
    Picture p;
    EXPECT_TRUE(platform::read_png(png, p.width, p.height, p.rgba)) << png;
    return p;
}

// The box of pixels that differ (min x, min y, max x, max y); all -1 when none do.
std::array<int, 4> diff_box(const Picture& a, const Picture& b) {
    std::array<int, 4> box{-1, -1, -1, -1};
    if (a.width != b.width || a.height != b.height || a.rgba.size() != b.rgba.size()) return {0, 0, a.width, a.height};
    for (int y = 0; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x) {
            const size_t i = (size_t(y) * size_t(a.width) + size_t(x)) * 4;
            if (std::memcmp(&a.rgba[i], &b.rgba[i], 4) == 0) continue;
            if (box[0] < 0) box = {x, y, x, y};
            box = {std::min(box[0], x), std::min(box[1], y), std::max(box[2], x), std::max(box[3], y)};
        }
    return box;
}

// `shown` is `before` with the operator's marker added: it differs, and only in a bottom corner.
void expect_only_the_marker_added(const Picture& before, const Picture& shown) {
    const auto box = diff_box(before, shown);
    ASSERT_GE(box[0], 0) << "the operator's marker is not drawn";
    EXPECT_GT(box[1], kHeight * 8 / 10) << "more than the marker changed (bottom corner)";
    EXPECT_TRUE(box[2] < kWidth / 5 || box[0] > kWidth * 4 / 5)
        << "more than the marker changed (x " << box[0] << ".." << box[2] << ")";
}

// Writes `bytes` as the whole file (truncate) or at its end.
void write_bytes(const std::string& path, const std::string& bytes, bool truncate) {
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND), 0644);
    if (fd < 0) return;  // a path made impossible by an earlier edit (its folder is a file now...)
    ssize_t n = write(fd, bytes.data(), bytes.size());
    (void)n;
    close(fd);
}

}  // namespace

TEST(LiveTorture, ThousandRandomEditsKeepTheLastGoodContentAndRestoreExactly) {
    Venue venue;
    CountingLog player_log;
    content::LiveContent::Config config;
    config.dir = venue.dir;
    config.settle_ms = 20;
    config.max_wait_ms = 200;
    config.poll_ms = 200;
    content::LiveContent live(config, player_log.log);
    ASSERT_NE(live.current(), nullptr) << player_log.last;
    ASSERT_FALSE(live.needs_operator());
    const std::string zone = live.current()->time_zone;

    // Every swap, as the worker makes it.
    std::mutex swaps_mutex;
    std::shared_ptr<const content::Event> last_swapped = live.current();
    uint64_t swaps = 0;
    live.on_change = [&] {
        std::lock_guard<std::mutex> lock(swaps_mutex);
        last_swapped = live.current();
        ++swaps;
    };
    const uint64_t first_generation = live.generation();

    DisplayApp app(DisplayOptions{}, std::string(MAJLIS_SOURCE_DIR) + "/fonts", player_log.log);
    app.set_live(&live);
    const std::string before_png = venue.root + "/before.png";
    ASSERT_TRUE(render(app, zone, before_png, player_log.log)) << player_log.last;
    const Picture before = read(before_png);
    const long rss_start = rss_kb();
    ASSERT_GT(rss_start, 0);

    std::mt19937 rng(kSeed);
    auto pick = [&](size_t n) { return size_t(std::uniform_int_distribution<size_t>(0, n - 1)(rng)); };
    std::string where = venue.dir;  // where the folder is now (renamed away or not)
    int checks = 0, broken_seen = 0;

    auto check = [&](const std::string& what) {
        SCOPED_TRACE(what);
        ++checks;
        ASSERT_TRUE(live.wait_idle(20000)) << "the worker did not catch up";
        const bool folder_ok = content::load_event(venue.dir).ok();
        EXPECT_EQ(live.broken(), !folder_ok) << player_log.last;
        broken_seen += live.broken();
        std::lock_guard<std::mutex> lock(swaps_mutex);
        ASSERT_NE(live.current(), nullptr);
        EXPECT_EQ(live.current(), last_swapped) << "not the last good version";
        EXPECT_EQ(live.generation(), first_generation + swaps);
        const long rss = rss_kb();
        EXPECT_LT(rss - rss_start, kRssBoundKb) << "RSS " << rss << " kB, " << rss_start << " kB at the start";
    };

    auto edit = [&] {
        const std::string rel = venue.files[pick(venue.files.size())];
        const std::string path = where + "/" + rel;
        std::error_code ec;
        switch (pick(8)) {
        case 0: {  // truncated
            const auto size = fs::file_size(path, ec);
            if (!ec && size > 0) fs::resize_file(path, pick(size_t(size)), ec);
            break;
        }
        case 1: {  // random bytes over the file somewhere
            std::string bytes(1 + pick(64), '\0');
            for (char& c : bytes) c = char(pick(256));
            const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
            if (fd >= 0) {
                const auto size = fs::file_size(path, ec);
                ssize_t n = pwrite(fd, bytes.data(), bytes.size(), off_t(ec || size == 0 ? 0 : pick(size_t(size))));
                (void)n;
                close(fd);
            }
            break;
        }
        case 2:  // deleted
            fs::remove(path, ec);
            break;
        case 3:  // empty
            write_bytes(path, "", true);
            break;
        case 4:  // a symlink to the same file outside the folder
            fs::remove(path, ec);
            fs::create_symlink(venue.outside + "/" + rel, path, ec);
            break;
        default:  // put back as it was (so valid states come and go)
            fs::remove(path, ec);
            fs::create_directories(fs::path(path).parent_path(), ec);
            fs::copy_file(venue.original + "/" + rel, path, ec);
            break;
        }
    };

    for (int step = 0; step < kEdits; ++step) {
        SCOPED_TRACE("edit " + std::to_string(step) + " (seed " + std::to_string(kSeed) + ")");
        if (step == 150 || step == 480 || step == 820) {  // a 50 MB file where a small one was
            const std::string path = where + "/" + venue.files[pick(venue.files.size())];
            std::string chunk(1u << 20, '\0');
            for (char& c : chunk) c = char('a' + pick(26));
            std::error_code ec;
            fs::remove(path, ec);
            for (size_t done = 0; done < kBigFile; done += chunk.size()) write_bytes(path, chunk, false);
            ASSERT_EQ(fs::file_size(path), kBigFile);
            check("a 50 MB file");
        } else if (step == 300 || step == 650 || step == 900) {  // renamed away, edited there, back
            ASSERT_EQ(rename(venue.dir.c_str(), venue.away.c_str()), 0) << std::strerror(errno);
            where = venue.away;
            check("folder renamed away");
            EXPECT_TRUE(live.broken());
            for (int i = 0; i < 5; ++i) edit();
            ASSERT_EQ(rename(venue.away.c_str(), venue.dir.c_str()), 0) << std::strerror(errno);
            where = venue.dir;
            check("folder renamed back");
        } else if (step == 400 || step == 880) {  // the images folder: a symlink out of the folder
            std::error_code ec;
            fs::remove_all(where + "/images", ec);
            fs::create_directory_symlink(venue.outside + "/images", where + "/images", ec);
            check("images/ a symlink out of the folder");
        } else if (step % 100 == 0) {  // everything put back: a good version is swapped in
            venue.restore_all(where);
            check("restored");
            EXPECT_FALSE(live.broken());
        } else {
            edit();
        }

        if (step == 500) {  // restored just now: a breaking edit shows the same picture plus the marker
            write_bytes(where + "/event.toml", "", true);
            check("event.toml emptied after a restore");
            ASSERT_TRUE(live.broken());
            const std::string png = venue.root + "/broken.png";
            ASSERT_TRUE(render(app, zone, png, player_log.log)) << player_log.last;
            expect_only_the_marker_added(before, read(png));
        }
        if (step % 50 == 49) check("every 50 edits");
        if (step == 249 || step == 749) {  // the player keeps rendering whatever the folder holds
            ASSERT_TRUE(render(app, zone, venue.root + "/during.png", player_log.log)) << player_log.last;
        }
        if (::testing::Test::HasFatalFailure()) return;
    }
    EXPECT_GT(broken_seen, checks / 4) << "the edits should break the folder often";

    venue.restore_all(venue.dir);
    check("final restore");
    ASSERT_FALSE(live.needs_operator()) << player_log.last;
    const std::string after_png = venue.root + "/after.png";
    ASSERT_TRUE(render(app, zone, after_png, player_log.log)) << player_log.last;
    const Picture after = read(after_png);
    EXPECT_EQ(diff_box(before, after), (std::array<int, 4>{-1, -1, -1, -1})) << "not the original picture";
}

// Live reload degraded to polling (inotify unavailable) is shown to operators: the same picture
// with the marker, while the content itself is fine.
TEST(LiveTorture, PollingOnlyShowsTheOperatorMarker) {
    Venue venue;
    CountingLog player_log;
    content::LiveContent::Config config;
    config.dir = venue.dir;
    content::LiveContent watched(config, player_log.log);
    config.use_inotify = false;
    content::LiveContent polled(config, player_log.log);
    ASSERT_NE(polled.current(), nullptr) << player_log.last;
    ASSERT_FALSE(polled.broken());
    ASSERT_EQ(polled.watching(), content::LiveContent::Watching::Polling);
    const std::string zone = polled.current()->time_zone;

    const std::string fonts = std::string(MAJLIS_SOURCE_DIR) + "/fonts";
    DisplayApp normal(DisplayOptions{}, fonts, player_log.log), degraded(DisplayOptions{}, fonts, player_log.log);
    normal.set_live(&watched);
    degraded.set_live(&polled);
    ASSERT_TRUE(render(normal, zone, venue.root + "/normal.png", player_log.log)) << player_log.last;
    ASSERT_TRUE(render(degraded, zone, venue.root + "/degraded.png", player_log.log)) << player_log.last;
    expect_only_the_marker_added(read(venue.root + "/normal.png"), read(venue.root + "/degraded.png"));
}
