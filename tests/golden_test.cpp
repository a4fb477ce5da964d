// Golden images: `majlis render` of the text samples (tests/data/golden/samples.tsv) and of every
// content screen in ar, ru, en and tg, and of a conference imported from its frab export at
// several moments (tests/data/golden/screens/screens.tsv), compared with the
// checked-in PNGs; and GoldenFails: the comparison fails on one missing harakah, one changed
// digit of a time, one dropped word of a title, the lobby clock's next minute and one changed word
// of an emergency alert. GoldenCage: the window fullscreen under cage, the kiosk compositor of a
// board without a desktop, is what `render` draws.
//
// Tolerance. llvmpipe's rounding differs between runs, thread counts and vector widths by at
// most one level in a few scattered edge pixels; a reader notices a cluster of strongly wrong
// pixels however small the rest of the picture's difference: one harakah missing, one digit of
// a time changed, one word dropped. So the comparison looks for the worst cluster, not at a
// global fraction: for every kWindow x kWindow square (8 px, about a harakah at body size) it
// sums each pixel's largest channel difference, and fails when any square sums more than
// kMaxWindowDifference.
//   Measured (every golden here, rendered again with LP_NUM_THREADS=0 and 7 and with
//   LP_NATIVE_VECTOR_WIDTH=128): the worst square sums 16, no pixel is off by more than 1.
//   The smallest change that must fail: a kasra taken out of Arabic text at 16 px sums 689,
//   at 24 px 1393, at 48 px (GoldenFails.OneMissingHarakah) 4357 and more; a changed digit of
//   the agenda 8413, a dropped word 13669, the lobby clock's minute 14720.
//   The limit, 320, is every pixel of a square off by 5 levels of 255: 20 times the measured
//   noise, and half the smallest change. The tests print the worst square of each comparison.
//
// Re-record after an intended change:  MAJLIS_RECORD_GOLDEN=1 build/golden_test
// and then LOOK at every PNG in tests/data/golden before committing it.
#include "cage_kiosk.h"
#include "platform.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

constexpr int kWindow = 8;
constexpr long kMaxWindowDifference = 320;

const fs::path kGoldenDir = fs::path(MAJLIS_TEST_DATA_DIR) / "golden";

struct Sample {
    std::string name, args;  // args: everything after `majlis render` but the output
    fs::path dir;            // where NAME.png lives
};
// How gtest names a sample in its output (instead of a dump of the struct's bytes).
void PrintTo(const Sample& s, std::ostream* os) { *os << s.name; }

std::vector<std::vector<std::string>> read_tsv(const fs::path& file) {
    std::vector<std::vector<std::string>> rows;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string field;
        while (std::getline(ss, field, '\t')) f.push_back(field);
        rows.push_back(std::move(f));
    }
    return rows;
}

// The text screen: name, lang, font-size, size, extra arguments; the text is NAME.txt.
std::vector<std::vector<std::string>> text_sample_rows() {
    std::vector<std::vector<std::string>> rows;
    for (auto& f : read_tsv(kGoldenDir / "samples.tsv"))
        if (f.size() >= 4) rows.push_back(std::move(f));
    return rows;
}
std::string text_sample_args(const std::vector<std::string>& f, const fs::path& text) {
    return "--screen text --text-file '" + text.string() + "' --lang " + f[1] + " --font-size " + f[2] + " --size " +
           f[3] + " " + (f.size() > 4 ? f[4] : "");
}
std::vector<Sample> load_text_samples() {
    std::vector<Sample> out;
    for (const auto& f : text_sample_rows())
        out.push_back({f[0], text_sample_args(f, kGoldenDir / (f[0] + ".txt")), kGoldenDir});
    return out;
}

// The content screens on the demo event: name, arguments ({source}: the source tree, for files
// such as an alert's).
std::vector<Sample> load_screen_samples() {
    std::vector<Sample> out;
    for (auto& f : read_tsv(kGoldenDir / "screens" / "screens.tsv")) {
        if (f.size() < 2) continue;
        for (size_t at; (at = f[1].find("{source}")) != std::string::npos;) f[1].replace(at, 8, MAJLIS_SOURCE_DIR);
        out.push_back({f[0], f[1], kGoldenDir / "screens"});
    }
    return out;
}

std::string test_name(const std::string& name) {
    std::string n = name;
    for (char& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return n;
}

// The worst cluster of differing pixels: the largest sum, over any kWindow x kWindow square, of
// each pixel's largest channel difference.
struct Diff {
    long worst = 0;          // the largest window sum
    int x = 0, y = 0;        // the top-left corner of that window
    int worst_pixel = 0;     // the largest single channel difference anywhere
    bool fails() const { return worst > kMaxWindowDifference; }
};

// `diff_rgba` (when not null) receives a picture of the differences: white where equal, red in
// proportion to the difference, the worst window outlined in blue.
Diff compare(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b, int w, int h,
             std::vector<uint8_t>* diff_rgba = nullptr) {
    Diff d;
    // Summed-area table of the per-pixel difference: any window's sum in four lookups.
    std::vector<uint64_t> sat(size_t(w + 1) * size_t(h + 1), 0);
    auto at = [&](int x, int y) -> uint64_t& { return sat[size_t(y) * size_t(w + 1) + size_t(x)]; };
    if (diff_rgba) diff_rgba->assign(a.size(), 255);
    for (int y = 0; y < h; ++y) {
        uint64_t row = 0;
        for (int x = 0; x < w; ++x) {
            const size_t p = (size_t(y) * size_t(w) + size_t(x)) * 4;
            int worst = 0;
            for (int c = 0; c < 4; ++c) worst = std::max(worst, std::abs(int(a[p + c]) - int(b[p + c])));
            d.worst_pixel = std::max(d.worst_pixel, worst);
            row += uint64_t(worst);
            at(x + 1, y + 1) = at(x + 1, y) + row;
            if (diff_rgba) (*diff_rgba)[p + 1] = (*diff_rgba)[p + 2] = uint8_t(255 - std::min(255, worst * 4));
        }
    }
    const int k = std::min({kWindow, w, h});
    for (int y = 0; y + k <= h; ++y)
        for (int x = 0; x + k <= w; ++x) {
            const long sum = long(at(x + k, y + k)) - long(at(x, y + k)) - long(at(x + k, y)) + long(at(x, y));
            if (sum > d.worst) d = Diff{sum, x, y, d.worst_pixel};
        }
    if (diff_rgba && d.worst > 0)
        for (int i = -1; i <= k; ++i)
            for (auto [x, y] : {std::pair{d.x + i, d.y - 1}, {d.x + i, d.y + k}, {d.x - 1, d.y + i}, {d.x + k, d.y + i}})
                if (x >= 0 && y >= 0 && x < w && y < h) {
                    const size_t p = (size_t(y) * size_t(w) + size_t(x)) * 4;
                    (*diff_rgba)[p] = (*diff_rgba)[p + 1] = 0;
                    (*diff_rgba)[p + 2] = 255;
                }
    return d;
}

struct Image {
    int w = 0, h = 0;
    std::vector<uint8_t> rgba;
};

const fs::path kOutDir = fs::temp_directory_path() / "majlis-golden";

// `majlis render ARGS -o OUT_DIR/NAME.png`, read back; false (with a failure) if it did not work.
bool render(const std::string& name, const std::string& args, Image& out, fs::path* written = nullptr) {
    fs::create_directories(kOutDir);
    const fs::path png = kOutDir / (name + ".png");
    fs::remove(png);
    const std::string cmd = std::string("env -u DISPLAY MAJLIS_DATA_DIR='") + MAJLIS_SOURCE_DIR + "' '" + MAJLIS_BIN +
                            "' render " + args + " -o '" + png.string() + "' 2>&1";
    if (std::system(cmd.c_str()) != 0) {
        ADD_FAILURE() << "failed: " << cmd;
        return false;
    }
    if (written) *written = png;
    if (!majlis::platform::read_png(png.string(), out.w, out.h, out.rgba)) {
        ADD_FAILURE() << "unreadable: " << png;
        return false;
    }
    return true;
}

bool load_reference(const Sample& s, Image& out) {
    const fs::path reference = s.dir / (s.name + ".png");
    if (majlis::platform::read_png(reference.string(), out.w, out.h, out.rgba)) return true;
    ADD_FAILURE() << "no reference image " << reference << " (record with MAJLIS_RECORD_GOLDEN=1)";
    return false;
}

std::string describe(const Diff& d) {
    return "worst " + std::to_string(kWindow) + "x" + std::to_string(kWindow) + " window sums " +
           std::to_string(d.worst) + " (limit " + std::to_string(kMaxWindowDifference) + ") at (" +
           std::to_string(d.x) + ", " + std::to_string(d.y) + "); largest pixel difference " +
           std::to_string(d.worst_pixel);
}

const Sample& sample_named(const std::string& name) {
    static const std::vector<Sample> all = [] {
        std::vector<Sample> v = load_text_samples();
        for (Sample& s : load_screen_samples()) v.push_back(std::move(s));
        return v;
    }();
    for (const Sample& s : all)
        if (s.name == name) return s;
    static const Sample none{};
    ADD_FAILURE() << "no golden sample " << name;
    return none;
}

// Renders `args` and compares the picture with the reference of `reference_name`.
Diff render_and_compare(const std::string& name, const std::string& args, const std::string& reference_name) {
    Image got, want;
    if (!render(name, args, got) || !load_reference(sample_named(reference_name), want)) return Diff{};
    EXPECT_EQ(got.w, want.w);
    EXPECT_EQ(got.h, want.h);
    if (got.w != want.w || got.h != want.h) return Diff{};
    const Diff d = compare(got.rgba, want.rgba, got.w, got.h);
    std::printf("[golden] %s against %s: %s\n", name.c_str(), reference_name.c_str(), describe(d).c_str());
    return d;
}

// A copy of the demo event in the temporary folder, with the first `from` in `file` replaced by `to`.
fs::path edited_demo(const std::string& name, const std::string& file, const std::string& from, const std::string& to) {
    const fs::path dir = kOutDir / ("content-" + name);
    fs::remove_all(dir);
    fs::copy(fs::path(MAJLIS_SOURCE_DIR) / "assets" / "dushanbe-2025", dir, fs::copy_options::recursive);
    std::ifstream in(dir / file);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << "'" << from << "' not in " << file;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    in.close();
    std::ofstream(dir / file, std::ios::trunc) << text;
    return dir;
}

class Golden : public ::testing::TestWithParam<Sample> {};

}  // namespace

TEST_P(Golden, RenderMatchesReference) {
    const Sample& s = GetParam();
    Image got;
    fs::path actual;
    ASSERT_TRUE(render(s.name, s.args, got, &actual));
    const fs::path reference = s.dir / (s.name + ".png");
    if (const char* rec = std::getenv("MAJLIS_RECORD_GOLDEN"); rec && *rec == '1') {
        fs::copy_file(actual, reference, fs::copy_options::overwrite_existing);
        std::printf("recorded %s — look at it before committing\n", reference.c_str());
        return;
    }
    Image want;
    ASSERT_TRUE(load_reference(s, want));
    ASSERT_EQ(got.w, want.w);
    ASSERT_EQ(got.h, want.h);
    std::vector<uint8_t> diff;
    const Diff d = compare(got.rgba, want.rgba, got.w, got.h, &diff);
    std::printf("[golden] %s: %s\n", s.name.c_str(), describe(d).c_str());
    if (d.worst == 0) return;
    const fs::path diff_path = kOutDir / (s.name + ".diff.png");
    majlis::platform::write_png(diff_path.string(), got.w, got.h, diff);
    EXPECT_FALSE(d.fails()) << s.name << ": " << describe(d) << "; actual " << actual << ", diff " << diff_path;
}

INSTANTIATE_TEST_SUITE_P(Samples, Golden, ::testing::ValuesIn(load_text_samples()),
                         [](const ::testing::TestParamInfo<Sample>& info) { return test_name(info.param.name); });
INSTANTIATE_TEST_SUITE_P(Screens, Golden, ::testing::ValuesIn(load_screen_samples()),
                         [](const ::testing::TestParamInfo<Sample>& info) { return test_name(info.param.name); });

//-----------------------------------------------------------------------------
// A board without a desktop: the window under cage is the render
//-----------------------------------------------------------------------------

// majlis fullscreen under cage (tests/cage_kiosk.h: headless, software rendering), through
// Xwayland, as platform/systemd/majlis-cage.service runs it on a board's console.
//   - The output is turned a quarter (cage -r: a portrait screen, 720x1280), so that cage draws
//     every frame itself: on an output as the window is, cage 0.1.4 puts majlis's buffer straight
//     on it, and a screencopy then gets a frame cage draws with only what was damaged since the
//     last frame it drew itself (wlroots 0.15): a window that sits still comes out black.
//   - majlis's clock runs a thousand times slower (--clock-speed 0.001): the lobby at 10:45 keeps
//     the same picture through the test's seconds, and the render of 10:45 must match it.
TEST(GoldenCage, TheLobbyOnABoardUnderCageIsItsRender) {
    const majlis::testing::CageKiosk cage(
        {"-r", "--", MAJLIS_BIN, "--lang", "en", "--at", "2025-10-09T10:45", "--clock-speed", "0.001"},
        {std::string("MAJLIS_DATA_DIR=") + MAJLIS_SOURCE_DIR});
    Image rendered, shot;
    ASSERT_TRUE(render("cage-lobby", "--screen lobby --lang en --at 2025-10-09T10:45 --size 720x1280", rendered));
    // The screen comes to show the render once the window's first frames are up and its pictures
    // decoded (off the frame, then drawn): grim's picture until it matches, for 30 s at most.
    const std::string png = cage.runtime / "screen.png";
    Diff d;
    const bool shown = majlis::testing::eventually(
        [&] {
            if (!cage.screenshot(png) || !majlis::platform::read_png(png, shot.w, shot.h, shot.rgba) ||
                shot.w != rendered.w || shot.h != rendered.h)
                return false;
            d = compare(shot.rgba, rendered.rgba, shot.w, shot.h);
            return !d.fails();
        },
        std::chrono::seconds(30));
    std::printf("[golden] the lobby under cage against its render: %s\n", describe(d).c_str());
    const fs::path last = kOutDir / "cage-lobby.screen.png";
    if (!shown && !shot.rgba.empty()) majlis::platform::write_png(last.string(), shot.w, shot.h, shot.rgba);
    ASSERT_TRUE(shown) << "grim's picture (" << shot.w << "x" << shot.h << ") is not the render's: " << describe(d)
                       << "; the last picture: " << last << "; cage's log (Debian: cage, xwayland, grim):\n"
                       << cage.log();

    // And the comparison sees the clock's next minute on the same picture.
    Image next_minute;
    ASSERT_TRUE(render("cage-lobby-10-46", "--screen lobby --lang en --at 2025-10-09T10:46 --size 720x1280",
                       next_minute));
    const Diff later = compare(shot.rgba, next_minute.rgba, shot.w, shot.h);
    EXPECT_TRUE(later.fails()) << describe(later);
}

//-----------------------------------------------------------------------------
// The comparison must fail on the smallest change a reader would notice
//-----------------------------------------------------------------------------

// The harakat sample with one mark taken out (a fatha, a sukun, a kasra, a shadda in turn).
TEST(GoldenFails, OneMissingHarakah) {
    std::vector<std::string> row;
    for (const auto& f : text_sample_rows())
        if (f[0] == "arabic_harakat") row = f;
    ASSERT_FALSE(row.empty());
    std::ifstream in(kGoldenDir / "arabic_harakat.txt");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    const std::pair<const char*, const char*> marks[] = {
        {"fatha", "\u064E"}, {"sukun", "\u0652"}, {"kasra", "\u0650"}, {"shadda", "\u0651"}};
    for (const auto& [name, mark] : marks) {
        std::string edited = text;
        const size_t at = edited.find(mark);
        ASSERT_NE(at, std::string::npos) << name;
        edited.erase(at, std::string_view(mark).size());
        fs::create_directories(kOutDir);
        const fs::path file = kOutDir / "harakah-missing.txt";
        std::ofstream(file, std::ios::trunc) << edited;
        const Diff d = render_and_compare("harakah-missing", text_sample_args(row, file), "arabic_harakat");
        EXPECT_TRUE(d.fails()) << "without a " << name << ": " << describe(d);
    }
}

// One digit of a session's time changed in a copy of the content (08:00 -> 08:05 on the agenda).
TEST(GoldenFails, OneDigitOfATime) {
    const fs::path dir = edited_demo("digit", "agenda.toml", "start = 08:00:00", "start = 08:05:00");
    const Diff d = render_and_compare("digit", sample_named("agenda_en").args + " --content '" + dir.string() + "'",
                                      "agenda_en");
    EXPECT_TRUE(d.fails()) << describe(d);
}

// One word dropped from a session's title ("Statements by heads of state" on the agenda).
TEST(GoldenFails, OneWordOfATitle) {
    const fs::path dir = edited_demo("word", "agenda.toml", "Statements by the heads of state",
                                     "Statements by heads of state");
    const Diff d = render_and_compare("word", sample_named("agenda_en").args + " --content '" + dir.string() + "'",
                                      "agenda_en");
    EXPECT_TRUE(d.fails()) << describe(d);
}

// One word of an emergency alert changed ("east" exits -> "west"): the takeover must not pass.
TEST(GoldenFails, OneWordOfAnAlert) {
    fs::create_directories(kOutDir);
    const fs::path file = kOutDir / "alert-word.toml";
    std::ifstream in(fs::path(MAJLIS_SOURCE_DIR) / "assets" / "alerts" / "evacuate.toml");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    const size_t at = text.find("Leave by the east exits");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 23, "Leave by the west exits");
    std::ofstream(file, std::ios::trunc) << text;
    std::string args = sample_named("alert_evacuate_en").args;
    const std::string from = std::string(MAJLIS_SOURCE_DIR) + "/assets/alerts/evacuate.toml";
    ASSERT_NE(args.find(from), std::string::npos);
    args.replace(args.find(from), from.size(), file.string());
    const Diff d = render_and_compare("alert-word", args, "alert_evacuate_en");
    EXPECT_TRUE(d.fails()) << describe(d);
}

// The lobby's clock one minute on (10:45 -> 10:46): its header alone (name, clock, date) must
// fail, while the same header half a minute on (10:45:30, the clock unchanged) passes.
TEST(GoldenFails, OneDigitOfTheLobbyClock) {
    Image want;
    ASSERT_TRUE(load_reference(sample_named("lobby_en"), want));
    auto header = [](const Image& img) {
        const int band = img.h / 8;  // the header: above the cards and the agenda
        return std::vector<uint8_t>(img.rgba.begin(), img.rgba.begin() + size_t(img.w) * size_t(band) * 4);
    };
    const std::string args = sample_named("lobby_en").args;
    const std::string at = "--at 2025-10-09T10:45";
    Image later, same_minute;
    ASSERT_TRUE(render("clock-10-46", std::string(args).replace(args.find(at), at.size(), "--at 2025-10-09T10:46"), later));
    ASSERT_TRUE(render("clock-10-45-30", std::string(args).replace(args.find(at), at.size(), "--at 2025-10-09T10:45:30"),
                       same_minute));
    const Diff changed = compare(header(later), header(want), want.w, want.h / 8);
    EXPECT_TRUE(changed.fails()) << describe(changed);
    std::printf("[golden] the clock at 10:46: %s\n", describe(changed).c_str());
    const Diff unchanged = compare(header(same_minute), header(want), want.w, want.h / 8);
    EXPECT_FALSE(unchanged.fails()) << describe(unchanged);
}

//-----------------------------------------------------------------------------
// OpenGL ES 3: what a board without desktop GL draws
//-----------------------------------------------------------------------------

// `render --gl es` draws through an OpenGL ES 3 context (platform/gl_api.h: ImGui's "300 es"
// shaders, the glyph pages' per-channel swizzle, ImGui's desktop-only calls' errors dropped) and
// must give the references desktop GL gives, under the same rule: harakat at 48 px (the glyph
// pages), a lobby, a participant's portrait (a picture with mipmaps) and a loop slide. Fails when
// ES rejects an atlas call (the glyphs come out as solid boxes, or the render fails).
class GoldenEs : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenEs, DrawsAsDesktopGl) {
    const Sample& s = sample_named(GetParam());
    const Diff d = render_and_compare(s.name + "-es", s.args + " --gl es", s.name);
    EXPECT_FALSE(d.fails()) << describe(d);
}

INSTANTIATE_TEST_SUITE_P(OpenGlEs3, GoldenEs,
                         ::testing::Values("arabic_harakat", "lobby_ar", "participant_tokayev_ar", "loop_3_en"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return test_name(info.param); });
