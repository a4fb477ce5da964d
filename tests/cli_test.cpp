// The command line as other tools script it: `majlis layout --json`, `render`, `--version`,
// and the exact error messages for bad usage.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "platform.h"
#include "test_support.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

using Result = majlis::testing::MajlisRun;
const auto run = majlis::testing::run_majlis;

// Runs majlis without a shell, output discarded: its exit code and its peak resident memory
// (wait4's ru_maxrss for this child alone, KiB).
struct Measured {
    int code = -1;
    long max_rss_kib = 0;
};
Measured run_measured(const std::vector<std::string>& args) {
    std::vector<char*> argv{const_cast<char*>(MAJLIS_BIN)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        unsetenv("DISPLAY");
        setenv("MAJLIS_DATA_DIR", MAJLIS_SOURCE_DIR, 1);
        const int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execv(MAJLIS_BIN, argv.data());
        _exit(127);
    }
    Measured m;
    int status = 0;
    rusage usage{};
    if (pid < 0 || wait4(pid, &status, 0, &usage) != pid) return m;
    m.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    m.max_rss_kib = usage.ru_maxrss;
    return m;
}

fs::path write_temp(const std::string& name, const std::string& text) {
    const fs::path p = fs::temp_directory_path() / ("majlis-cli-" + name);
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

}  // namespace

TEST(Cli, VersionAndHelp) {
    Result v = run("--version");
    EXPECT_EQ(v.code, 0);
    EXPECT_EQ(v.out.rfind("majlis ", 0), 0u) << v.out;
    Result h = run("--help");
    EXPECT_EQ(h.code, 0);
    EXPECT_NE(h.out.find("layout"), std::string::npos);
    EXPECT_NE(h.out.find("render"), std::string::npos);
}

TEST(Cli, LayoutJsonForMixedArabicText) {
    const std::string text = "قاعة «سرازم» Sarazm 2025";
    const fs::path f = write_temp("layout.txt", text);
    Result r = run("layout --text-file '" + f.string() + "' --font-size 32 --width 0 --lang ar --json");
    ASSERT_EQ(r.code, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["lines"].size(), 1u);
    const auto& line = j["lines"][0];
    EXPECT_EQ(line["start"], 0);
    EXPECT_EQ(line["end"], text.size());
    // Runs in visual order: "Sarazm 2025" is at the left end (the paragraph's end), in Noto Sans.
    const auto& runs = line["runs"];
    ASSERT_GE(runs.size(), 2u);
    EXPECT_EQ(runs[0]["dir"], "ltr");
    EXPECT_EQ(runs[0]["script"], "Latn");
    EXPECT_EQ(runs[0]["font"], "NotoSans-Regular.ttf");
    EXPECT_EQ(runs[runs.size() - 1]["dir"], "rtl");
    EXPECT_EQ(runs[runs.size() - 1]["font"], "NotoNaskhArabic-Regular.ttf");
    // Glyph x grows left to right across the whole line.
    double last_x = -1;
    for (const auto& run : runs)
        for (const auto& g : run["glyphs"]) {
            EXPECT_GE(double(g["x"]) + 1e-3, last_x);
            if (double(g["advance"]) > 0) last_x = double(g["x"]);
            EXPECT_LT(int(g["cluster"]), int(text.size()));
        }
}

TEST(Cli, LayoutWrapsAndDirectionCanBeForced) {
    const fs::path f = write_temp("wrap.txt", "Душанбе Душанбе Душанбе Душанбе Душанбе");
    Result r = run("layout --text-file '" + f.string() + "' --font-size 32 --width 200 --lang ru --dir rtl --json");
    ASSERT_EQ(r.code, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_GE(j["lines"].size(), 3u);
    for (const auto& line : j["lines"]) {
        EXPECT_LE(double(line["width"]), 200.0);
        EXPECT_EQ(line["dir"], "rtl");  // forced paragraph direction; the Cyrillic runs stay LTR
    }
}

TEST(Cli, MissingTextFileIsAnErrorNamingTheFile) {
    Result r = run("layout --text-file /nonexistent/agenda.txt --font-size 32 --width 100 --json");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "majlis: error: cli: cannot read /nonexistent/agenda.txt: No such file or directory\n");
}

// --platform kms where no DRM device can be had (CI, a PC whose X server holds the GPU): exit 1
// with SDL's reason and what a board needs, no crash, nothing drawn. SDL_KMSDRM_DEVICE_INDEX
// points SDL at a card no machine has, so this holds on one with /dev/dri too.
TEST(Cli, KmsWithoutADrmDeviceFailsCleanly) {
    ASSERT_EQ(setenv("SDL_KMSDRM_DEVICE_INDEX", "99", 1), 0);
    Result r = run("--platform kms --frames 1");
    unsetenv("SDL_KMSDRM_DEVICE_INDEX");
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.out.find("majlis: error: platform: --platform kms: no display through KMS/DRM ("), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("a user in the video, render and input groups"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("first frame drawn"), std::string::npos) << r.out;
    // The GLFW window draws with desktop OpenGL only: --gl es is bad usage there.
    Result glfw_es = run("--gl es --frames 1");
    EXPECT_EQ(glfw_es.code, 2);
    EXPECT_EQ(glfw_es.out, "majlis: error: cli: --gl es needs --platform kms or sdl (the GLFW window draws with desktop OpenGL)\n");
}

TEST(Cli, BadRenderSizeIsRefused) {
    const fs::path f = write_temp("size.txt", "x");
    Result r = run("render --screen text --text-file '" + f.string() + "' --font-size 32 --size 0x10 -o /tmp/x.png");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "majlis: error: cli: --size must be WxH with both between 1 and 16384, got '0x10'\n");
}

// WxH is two whole numbers from 1 to 16384 and nothing else: no signs, spaces or suffixes, and
// a number too large for an int is refused rather than wrapped (4294967936 would wrap to 640).
TEST(Cli, SizesAreTwoWholeNumbersAndNothingElse) {
    const fs::path f = write_temp("sizes.txt", "x");
    const fs::path out = fs::temp_directory_path() / "majlis-cli-sizes.png";
    for (const std::string bad : {"640x360abc", "+64x+36", "4294967936x360", "640x4294967656", "640x-360", " 640x360",
                                  "640X360", "640x", "x360", "640x360x2", "64.5x36", "16385x10", "0x10"}) {
        Result r = run("render --screen text --text-file '" + f.string() + "' --font-size 32 --size '" + bad +
                       "' -o '" + out.string() + "'");
        EXPECT_EQ(r.code, 2) << bad;
        EXPECT_EQ(r.out, "majlis: error: cli: --size must be WxH with both between 1 and 16384, got '" + bad + "'\n");
    }
    for (const std::string bad : {"640x360abc", "+64x+36", "4294967936x360"}) {
        Result w = run("--window '" + bad + "' --frames 1");
        EXPECT_EQ(w.code, 2) << bad;
        EXPECT_NE(w.out.find("majlis: error: cli: --window must be WxH with both between 1 and 16384, got '" + bad + "'\n"),
                  std::string::npos)
            << w.out;
    }
    Result ok = run("render --screen text --text-file '" + f.string() + "' --font-size 32 --size 16384x1 -o '" +
                    out.string() + "'");
    EXPECT_EQ(ok.code, 0) << ok.out;
    fs::remove(out);
}

// A large render is drawn and written in bands of rows (32 MiB each), so memory does not grow
// with the image: 16384x2048 is four bands, seams at rows 512, 1024 and 1536.
TEST(Cli, LargeRenderIsBandedAndSeamless) {
    const fs::path f = write_temp("large.txt", "Majlis 1\nMajlis 2\nMajlis 3\nMajlis 4\nMajlis 5\nMajlis 6");
    const fs::path tmp = fs::temp_directory_path();
    auto render = [&](const std::string& size) {
        const fs::path out = tmp / ("majlis-cli-large-" + size + ".png");
        fs::remove(out);
        Measured m = run_measured({"render", "--screen", "text", "--text-file", f.string(), "--font-size", "400",
                                   "--size", size, "-o", out.string()});
        EXPECT_EQ(m.code, 0) << size;
        return std::make_pair(out, m);
    };
    const auto [wide, wide_run] = render("16384x2048");     // four bands
    const auto [strip, strip_run] = render("16384x512");    // one band
    const auto [narrow, narrow_run] = render("4096x2048");  // one band (the text is laid out alike)
    // Memory: 1536 more rows of 16384 px are 96 MiB more image; drawn in bands they cost next to
    // nothing (a whole frame costs three times its size: llvmpipe's, the read back, the PNG's).
    EXPECT_LT(wide_run.max_rss_kib - strip_run.max_rss_kib, 16 * 1024)
        << wide_run.max_rss_kib << " KiB for 16384x2048, " << strip_run.max_rss_kib << " KiB for 16384x512";
    // Pixels: the wide render's left 4096 columns are the narrow one's, across every seam, and
    // text crosses the seams (else they would prove nothing).
    int ww = 0, wh = 0, nw = 0, nh = 0;
    std::vector<uint8_t> w, n;
    ASSERT_TRUE(majlis::platform::read_png(wide.string(), ww, wh, w));
    ASSERT_TRUE(majlis::platform::read_png(narrow.string(), nw, nh, n));
    ASSERT_EQ(ww, 16384);
    ASSERT_EQ(wh, 2048);
    ASSERT_EQ(nw, 4096);
    ASSERT_EQ(nh, 2048);
    long differing = 0;
    for (int y = 0; y < nh; ++y)
        for (int x = 0; x < nw * 4; ++x)
            if (std::abs(int(w[(size_t(y) * ww * 4) + x]) - int(n[(size_t(y) * nw * 4) + x])) > 2) ++differing;
    EXPECT_EQ(differing, 0);
    const uint8_t* ground = n.data();
    auto ink_in_row = [&](int y) {
        for (int x = 0; x < nw; ++x)
            if (std::memcmp(&n[(size_t(y) * nw + x) * 4], ground, 4) != 0) return true;
        return false;
    };
    int seams_with_ink = 0;
    for (int seam : {512, 1024, 1536}) seams_with_ink += ink_in_row(seam - 1) && ink_in_row(seam);
    EXPECT_GE(seams_with_ink, 2);
    for (const fs::path& p : {wide, strip, narrow}) fs::remove(p);
}

TEST(Cli, RenderWritesAPngWithoutADisplay) {
    const fs::path f = write_temp("render.txt", "Ҳамоиши Душанбе\nقمة دوشنبه");
    const fs::path out = fs::temp_directory_path() / "majlis-cli-render.png";
    fs::remove(out);
    Result r = run("render --screen text --text-file '" + f.string() + "' --font-size 40 --size 640x200 --lang tg -o '" +
                   out.string() + "'");
    ASSERT_EQ(r.code, 0) << r.out;
    ASSERT_TRUE(fs::exists(out));
    std::ifstream png(out, std::ios::binary);
    char magic[8] = {};
    png.read(magic, 8);
    EXPECT_EQ(std::string(magic + 1, 3), "PNG");
}

TEST(Cli, CheckPassesOnTheDemoWithTheRealFonts) {
    Result r = run(std::string("check '") + MAJLIS_SOURCE_DIR + "/assets/dushanbe-2025'");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("dushanbe-2025: 0 errors, 0 warnings"), std::string::npos) << r.out;
}

TEST(Cli, CheckReportsACharacterNoFontCovers) {
    // A copy of the demo whose event name gets a character that no font has.
    const fs::path dir = fs::temp_directory_path() / "majlis-cli-check";
    fs::remove_all(dir);
    fs::copy(fs::path(MAJLIS_SOURCE_DIR) / "assets/dushanbe-2025", dir, fs::copy_options::recursive);
    std::ifstream in(dir / "event.toml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    const std::string key = "\nname.en = \"";
    const size_t at = text.find(key);
    ASSERT_NE(at, std::string::npos);
    text.insert(at + key.size(), "\xF0\x93\x80\x80");  // U+13000, a hieroglyph: not in the chain
    std::ofstream(dir / "event.toml", std::ios::binary) << text;
    Result r = run("check '" + dir.string() + "'");
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.out.find(": error: 'name.en' has U+13000 EGYPTIAN HIEROGLYPH A001, which no font for 'en' covers"),
              std::string::npos)
        << r.out;
    fs::remove_all(dir);
}

TEST(Cli, CheckOnAMissingFolderExitsTwo) {
    Result r = run("check /nonexistent/event");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("error: folder '/nonexistent/event' does not exist"), std::string::npos) << r.out;
}

TEST(Cli, RenderLobbyAtAMomentOfTheEvent) {
    const fs::path out = fs::temp_directory_path() / "majlis-cli-lobby.png";
    fs::remove(out);
    Result r = run("render --screen lobby --at 2025-10-09T10:45 --lang ar --size 960x540 -o '" + out.string() + "'");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_TRUE(fs::exists(out));
    Result bad = run("render --screen lobby --at 2025-13-09T10:45 --size 960x540 -o '" + out.string() + "'");
    EXPECT_EQ(bad.code, 2);
    EXPECT_EQ(bad.out, "majlis: error: cli: --at must be a local date and time like 2025-10-09T10:30, got '2025-13-09T10:45'\n");
}

// `render --screen alert --alert FILE`: the takeover previewed (over a kiosk too); without the
// file, or with a file that has errors, nothing is written and the errors say where.
TEST(Cli, RenderAnAlert) {
    majlis::testing::TempFolder dir("majlis-cli-alert");
    const std::string evacuate = std::string(MAJLIS_SOURCE_DIR) + "/assets/alerts/evacuate.toml";
    for (const char* extra : {"--alert-status exercise --lang ar", "--mode kiosk --alert-severity moderate"}) {
        Result r = run("render --screen alert --alert '" + evacuate + "' " + extra + " --size 480x270 -o '" +
                       dir / "alert.png" + "'");
        EXPECT_EQ(r.code, 0) << extra << "\n" << r.out;
        EXPECT_TRUE(fs::exists(dir / "alert.png")) << extra;
        fs::remove(dir / "alert.png");
    }
    Result none = run("render --screen alert --size 480x270 -o '" + dir / "none.png" + "'");
    EXPECT_EQ(none.code, 2);
    EXPECT_EQ(none.out, "majlis: error: cli: render --screen alert needs --alert FILE (assets/alerts/evacuate.toml)\n");
    const fs::path bad = write_temp("bad-alert.toml", "headline.en = \"Leave\"\nheadline.xx = \"?\"\n");
    Result wrong = run("render --screen alert --alert '" + bad.string() + "' --size 480x270 -o '" + dir / "bad.png" + "'");
    EXPECT_EQ(wrong.code, 2);
    EXPECT_EQ(wrong.out, "majlis: error: alert: " + bad.string() + ":2:10: error: unknown language 'xx'\n");
    EXPECT_FALSE(fs::exists(dir / "bad.png"));
    Result status = run("render --screen alert --alert '" + evacuate + "' --alert-status draft --size 480x270 -o '" +
                        dir / "draft.png" + "'");
    EXPECT_EQ(status.code, 2) << status.out;
}

// `render --live-changes FILE.json`: the screen with changes made live (an announcement in the
// ticker); a change the event cannot take is logged; a file that is not the JSON body is
// refused with where it is wrong.
TEST(Cli, RenderWithLiveChanges) {
    const fs::path plain = fs::temp_directory_path() / "majlis-cli-live-plain.png";
    const fs::path live = fs::temp_directory_path() / "majlis-cli-live.png";
    const std::string args = "render --screen lobby --at 2025-10-09T10:45 --lang en --size 960x540 ";
    ASSERT_EQ(run(args + "-o '" + plain.string() + "'").code, 0);
    const fs::path changes = write_temp("live.json", R"({"sessions":[{"session":"opening","based_on":"0000000000000000",)"
                                                     R"("full":true}],"announcements":[{"id":"late","text":{"en":"Late"}}]})");
    Result r = run(args + "--live-changes '" + changes.string() + "' -o '" + live.string() + "'");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("majlis: warning: live: live change of session 'opening' dropped: the bundle changed the "
                         "session since the change was made\n"),
              std::string::npos)
        << r.out;
    auto bytes = [](const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    EXPECT_NE(bytes(plain), bytes(live));
    const fs::path bad = write_temp("live-bad.json", R"({"sessions":[{"session":"opening"}]})");
    Result refused = run(args + "--live-changes '" + bad.string() + "' -o '" + live.string() + "'");
    EXPECT_EQ(refused.code, 2);
    EXPECT_EQ(refused.out, "majlis: error: cli: " + bad.string() + ": sessions[0].based_on is missing\n");
    for (const fs::path& p : {plain, live, changes, bad}) fs::remove(p);
}
