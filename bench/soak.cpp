// soak: a simulated week of lobby, kiosk and loop, watching memory.
//
//   build/soak [--days N] [--speed X] [--modes lobby,kiosk,loop] [--size WxH] [--data DIR]
//              [--trace 1]   also MODE_rss_hour_H_mb: the memory at each simulated hour, and
//                            MODE_rss_anon_hour_H_mb, MODE_rss_file_hour_H_mb: what of it is
//                            private (heap, textures) and what pages of files (fonts, ICU data)
//              [--fork 0]    run the modes in this process, one after the other (for heaptrack or
//                            valgrind, which do not follow a fork; the figures after the first
//                            mode then include what the earlier ones left)
//              [--exit-live 1]  with --fork 0: end the process in the last frame, freeing nothing,
//                            so heaptrack lists what was live then as leaks; two runs of different
//                            lengths compared (heaptrack_print -d) show what the later hours added
//
// A benchmark, not a test: it prints `name: value` lines, each prefixed with its mode
// (lobby_rss_end_mb: ...). Target from issue 7: a screen's memory stops growing once it has
// seen its content, so for each mode  rss_end_mb <= rss_after_first_hour_mb + 8.
//
// How each mode runs (in a child process of its own, so each starts from the same memory):
//  - headless, through the same DisplayApp and platform::render_png as `majlis render` (EGL on
//    llvmpipe, GL textures for glyph pages and pictures), 60 frames per second of frame time;
//  - the event clock at X times real time (default 600: a simulated week is 60,480 frames) from
//    07:00 on the event day. The clock is set from the frame's time before each frame, so the
//    simulated hours are the same however fast the machine draws;
//  - the content from LiveContent on a copy of the demo folder in /tmp: every simulated hour
//    event.toml is replaced (written aside and renamed in, as staff tools do) by the other of
//    two versions (the English title and the logo differ) and reloaded as SIGHUP does
//    (reload_now), so the screens keep meeting new Event objects, texts and pictures;
//  - glyph churn: every frame three random strings (Arabic, Cyrillic, Latin, Tajik letters,
//    Latin and Arabic-Indic digits) at random sizes from 12 to 120 px through a second
//    TextEngine on the same GL texture host (its atlas limited to four pages), so its atlas keeps
//    rasterizing and evicting and the layout caches keep replacing entries;
//  - kiosk: a simulated visitor every simulated hour: taps and drags at random places (one every
//    0.1 s of frame time) for the first 40 % of the hour, then quiet until the idle timeout (a
//    quarter of an hour) sends the kiosk back to its attract loop. So the memory figures, taken
//    at the end of simulated hours, all find the kiosk at the same point of a visit: back on the
//    loop after one (a visitor's screens in memory at one reading and not at the other would be
//    the size of those screens, not growth).
//
// Figures per mode: rss_start_mb (after the first frame), rss_after_first_hour_mb, rss_end_mb,
// rss_max_mb (VmHWM), rss_growth_mb (end minus after the first hour; target 8), frames,
// content_swaps (versions swapped in after the first), atlas_evictions (of the churn atlas).
#include "bench_support.h"
#include "core/log.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <malloc.h>
#include <random>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace majlis;
namespace fs = std::filesystem;

namespace {

struct SoakOptions {
    double days = 7;
    double speed = 600;  // simulated seconds per second of frame time
    int width = 1920, height = 1080;
    bool trace = false;  // print the memory every simulated hour
    bool exit_live = false;  // _Exit in the last frame (heaptrack: what is live at the end)
    std::string data = MAJLIS_BENCH_DATA;
};

// The letters of each script the venue shows, one UTF-8 string per letter.
std::vector<std::vector<std::string>> alphabets() {
    const char* scripts[] = {
        "ءآأؤإئابةتثجحخدذرسشصضطظعغفقكلمنهوىي",                                // Arabic
        "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя",  // Cyrillic
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",               // Latin
        "ҒӢҚӮҲҶғӣқӯҳҷ",                                                       // Tajik letters
        "0123456789٠١٢٣٤٥٦٧٨٩",                                               // digits
    };
    std::vector<std::vector<std::string>> out;
    for (const char* script : scripts) {
        const std::string s = script;
        const text::Utf32Text t = text::decode_utf8(s);
        std::vector<std::string> letters;
        for (size_t i = 0; i < t.cps.size(); ++i)
            letters.push_back(s.substr(t.byte_offset[i], t.byte_offset[i + 1] - t.byte_offset[i]));
        out.push_back(std::move(letters));
    }
    return out;
}

// Random words in one of those scripts, for the churn engine.
std::string random_text(std::mt19937& rng) {
    static const std::vector<std::vector<std::string>> scripts = alphabets();
    const auto& letters = scripts[rng() % scripts.size()];
    std::string s;
    const int words = 1 + int(rng() % 6);
    for (int w = 0; w < words; ++w) {
        if (w) s += ' ';
        const int n = 1 + int(rng() % 10);
        for (int i = 0; i < n; ++i) s += letters[rng() % letters.size()];
    }
    return s;
}

// event.toml in two versions that differ in the English title and the logo.
struct Versions {
    std::string a, b;
};

bool make_versions(const fs::path& event_toml, Versions& v) {
    std::ifstream in(event_toml);
    std::stringstream ss;
    ss << in.rdbuf();
    v.a = ss.str();
    v.b = v.a;
    const std::string title = "name.en = \"", logo = "logo = \"images/logo.png\"";
    const size_t t = v.b.find(title), l = v.b.find(logo);
    if (t == std::string::npos || l == std::string::npos) return false;
    v.b.replace(l, logo.size(), "logo = \"images/flags/tj.png\"");
    v.b.insert(t + title.size(), "Soak edit: ");
    return true;
}

// Replaces `path` the way editors and sync tools do: written aside, renamed in.
void replace_file(const fs::path& path, const std::string& text) {
    const fs::path aside = path.string() + ".new";
    std::ofstream(aside, std::ios::binary) << text;
    fs::rename(aside, path);
}

struct SoakClient : bench::AppClient {
    const SoakOptions& options;
    content::LiveContent& live;
    const fs::path event_toml;
    const Versions& versions;
    std::string zone;
    int64_t start_utc = 0;
    uint64_t frames_per_hour = 0;
    uint64_t last_frame = 0;
    bool kiosk = false;
    std::string mode;
    std::mt19937 rng{7};
    std::unique_ptr<text::ImGuiTextEngine> churn;
    std::string fonts_dir;
    Log& log;
    // Figures.
    double rss_start = 0, rss_after_first_hour = 0, rss_end = 0;
    uint64_t frames = 0, swaps_asked = 0;
    uint64_t atlas_evictions = 0;
    size_t images_live = 0;
    platform::ImageTextures* images = nullptr;

    SoakClient(DisplayApp& a, const SoakOptions& o, content::LiveContent& l, fs::path toml, const Versions& v,
               std::string fonts, Log& lg)
        : AppClient(a), options(o), live(l), event_toml(std::move(toml)), versions(v), fonts_dir(std::move(fonts)),
          log(lg) {}

    void start(text::GlyphTextureHost& t) override {
        AppClient::start(t);
        text::ImGuiTextEngine::Config config;
        config.fonts_dir = fonts_dir;
        config.textures = &t;
        // Four pages, not a screen's twelve: the churn is there to keep the atlas evicting and
        // reusing pages from the first simulated minutes on, not to hold a second screen's atlas
        // (a real screen has one; this one fills within the first hour, as a screen's would).
        config.atlas.max_pages = 4;
        // Its layout and shaping caches likewise: 64 entries each, replaced from the first
        // simulated minute on. With a screen's 2,048 they took the first two simulated hours to
        // fill with its three new texts a frame (1.7 MiB of a second screen's cache, counted as
        // the kiosk's growth after its first hour).
        config.layout_cache_entries = 64;
        config.shape_cache_entries = 64;
        churn = std::make_unique<text::ImGuiTextEngine>(config, log);
    }
    void use_images(platform::ImageTextures& i) override {
        images = &i;
        AppClient::use_images(i);
    }
    void stop() override {
        atlas_evictions = churn->atlas().evictions();
        images_live = images ? images->pictures() : 0;
        churn.reset();
        AppClient::stop();
    }

    // A visitor: a tap or a short drag somewhere on the screen.
    void touch(double t, ImVec2 size) {
        const ImVec2 at(float(rng() % unsigned(size.x)), float(rng() % unsigned(size.y)));
        app.pointer({platform::Pointer::Kind::Down, at, t});
        if (rng() % 3 == 0) {
            const float dy = float(int(rng() % 600) - 300);
            for (int k = 1; k <= 5; ++k)
                app.pointer({platform::Pointer::Kind::Move, ImVec2(at.x, at.y + dy * float(k) / 5), t + 0.01 * k});
        }
        app.pointer({platform::Pointer::Kind::Up, at, t + 0.06});
    }

    void frame(const platform::FrameInfo& info) override {
        if (info.index > 0 && info.index % frames_per_hour == 0) {  // a simulated hour: the other version
            replace_file(event_toml, ++swaps_asked % 2 ? versions.b : versions.a);
            live.reload_now();
            live.wait_idle(10000);
        }
        auto clock = std::make_unique<content::EventClock>(zone, start_utc + int64_t(info.time * options.speed * 1000));
        clock->freeze();
        app.set_clock(std::move(clock));
        if (kiosk) {
            const double hour_s = 3600.0 / options.speed;  // frame time
            if (std::fmod(info.time, hour_s) < 0.4 * hour_s && info.index % 6 == 0) touch(info.time, info.size);
        }
        app.frame(info);

        churn->begin_frame();
        ImDrawList* dl = ImGui::GetForegroundDrawList();
        static const char* langs[] = {"ar", "ru", "en", "tg"};
        for (int k = 0; k < 3; ++k) {
            text::Style style;
            style.size_px = float(12 + rng() % 109);  // 12 to 120 px: each size is a new raster
            style.lang = langs[rng() % std::size(langs)];
            style.max_width = info.size.x / 2;
            auto layout = churn->layout(random_text(rng), style);
            churn->draw(*layout, dl, ImVec2(float(rng() % unsigned(info.size.x / 2)), info.size.y * (0.6f + 0.1f * k)),
                        IM_COL32(255, 255, 255, 255));
        }
        churn->end_frame();

        ++frames;
        const pid_t self = getpid();
        if (info.index == 0) rss_start = bench::proc_status_mb(self, "VmRSS:");
        if (info.index + 1 == frames_per_hour) rss_after_first_hour = bench::proc_status_mb(self, "VmRSS:");
        rss_end = bench::proc_status_mb(self, "VmRSS:");  // the last frame's stays
        if (options.trace && (info.index + 1) % frames_per_hour == 0) {
            const unsigned long long hour = (info.index + 1) / frames_per_hour;
            std::printf("%s_rss_hour_%llu_mb: %.1f\n", mode.c_str(), hour, rss_end);
            // Of it: the heap and other private memory, and pages of files (fonts, ICU's data).
            std::printf("%s_rss_anon_hour_%llu_mb: %.1f\n", mode.c_str(), hour, bench::proc_status_mb(self, "RssAnon:"));
            std::printf("%s_rss_file_hour_%llu_mb: %.1f\n", mode.c_str(), hour, bench::proc_status_mb(self, "RssFile:"));
            const struct mallinfo2 heap = mallinfo2();  // the heap: in use, free but held, large blocks
            std::printf("%s_heap_used_hour_%llu_mb: %.1f\n%s_heap_free_hour_%llu_mb: %.1f\n%s_heap_mmap_hour_%llu_mb: %.1f\n",
                        mode.c_str(), hour, double(heap.uordblks) / 1048576.0, mode.c_str(), hour,
                        double(heap.fordblks) / 1048576.0, mode.c_str(), hour, double(heap.hblkhd) / 1048576.0);
            std::fflush(stdout);
        }
        if (options.exit_live && info.index == last_frame) {
            std::printf("%s_rss_end_mb: %.1f (exit with everything live)\n", mode.c_str(), rss_end);
            std::fflush(stdout);
            std::_Exit(0);
        }
    }
};

// One mode, start to end; prints its figures. Runs in a child process (see main).
int run_mode(const std::string& mode, const SoakOptions& options) {
    Log log;
    log.min_level = LogLevel::Warning;
    const fs::path dir = fs::temp_directory_path() / ("majlis-soak-" + mode + "-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::copy(fs::path(options.data) / "assets" / "dushanbe-2025", dir, fs::copy_options::recursive);
    Versions versions;
    if (!make_versions(dir / "event.toml", versions)) {
        std::fprintf(stderr, "soak: the demo's event.toml has no English title or logo line to edit\n");
        return 1;
    }
    content::LiveContent::Config live_config;
    live_config.dir = dir.string();
    live_config.settle_ms = 50;
    content::LiveContent live(live_config, log);
    auto first = live.current();
    if (!first) {
        std::fprintf(stderr, "soak: the demo content does not load\n");
        return 1;
    }
    DisplayOptions display;
    display.screen = mode == "kiosk" ? "kiosk-home" : mode;
    display.idle_timeout_s = 0.25 * 3600.0 / options.speed;  // a quarter of a simulated hour
    const std::string fonts_dir = options.data + "/fonts";
    DisplayApp app(display, fonts_dir, log);
    std::string error;
    if (!app.open_screen(*first, error)) {
        std::fprintf(stderr, "soak: %s\n", error.c_str());
        return 1;
    }
    app.set_live(&live);
    SoakClient client(app, options, live, dir / "event.toml", versions, fonts_dir, log);
    client.kiosk = mode == "kiosk";
    client.mode = mode;
    client.zone = first->time_zone;
    client.start_utc = bench::local_ms(*first, "2025-10-09T07:00");
    client.frames_per_hour = uint64_t(std::max(1.0, 3600.0 / options.speed * 60.0));
    const int frames = int(std::max(1.0, options.days * 86400.0 / options.speed * 60.0));
    client.last_frame = uint64_t(frames - 1);
    const std::string png = (fs::temp_directory_path() / ("majlis-soak-" + mode + ".png")).string();
    const bool ok = platform::render_png(options.width, options.height, 0.0, frames, client, png, log);
    const double rss_max = bench::proc_status_mb(getpid(), "VmHWM:");
    fs::remove_all(dir);
    if (!ok) return 1;
    const auto line = [&](const char* name, double value, const char* format) {
        std::printf(("%s_%s: " + std::string(format) + "\n").c_str(), mode.c_str(), name, value);
    };
    line("rss_start_mb", client.rss_start, "%.1f");
    line("rss_after_first_hour_mb", client.rss_after_first_hour, "%.1f");
    line("rss_end_mb", client.rss_end, "%.1f");
    line("rss_max_mb", rss_max, "%.1f");
    line("rss_growth_mb", client.rss_end - client.rss_after_first_hour, "%.1f");
    line("frames", double(client.frames), "%.0f");
    line("content_swaps", double(live.generation() - 1), "%.0f");
    line("atlas_evictions", double(client.atlas_evictions), "%.0f");
    line("images_live", double(client.images_live), "%.0f");
    std::fflush(stdout);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    SoakOptions options;
    std::string modes = "lobby,kiosk,loop";
    bool fork_modes = true;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--days") options.days = std::max(0.05, std::atof(argv[i + 1]));
        else if (a == "--speed") options.speed = std::clamp(std::atof(argv[i + 1]), 1.0, 100000.0);
        else if (a == "--modes") modes = argv[i + 1];
        else if (a == "--data") options.data = argv[i + 1];
        else if (a == "--trace") options.trace = std::atoi(argv[i + 1]) != 0;
        else if (a == "--fork") fork_modes = std::atoi(argv[i + 1]) != 0;
        else if (a == "--exit-live") options.exit_live = std::atoi(argv[i + 1]) != 0;
        else if (a == "--size" && std::sscanf(argv[i + 1], "%dx%d", &options.width, &options.height) != 2) {
            std::fprintf(stderr, "soak: --size must be WxH\n");
            return 2;
        }
    }
    std::printf("soak: %.2f simulated days per mode at x%.0f, %dx%d, headless llvmpipe\n", options.days,
                options.speed, options.width, options.height);
    std::printf("target_rss_growth_mb: 8\n");
    std::fflush(stdout);
    int failed = 0;
    std::stringstream list(modes);
    for (std::string mode; std::getline(list, mode, ',');) {
        if (mode != "lobby" && mode != "kiosk" && mode != "loop") {
            std::fprintf(stderr, "soak: unknown mode '%s' (lobby, kiosk, loop)\n", mode.c_str());
            return 2;
        }
        if (!fork_modes) {
            if (run_mode(mode, options) != 0) {
                std::fprintf(stderr, "soak: %s failed\n", mode.c_str());
                ++failed;
            }
            continue;
        }
        const pid_t child = fork();  // each mode from a fresh process: its memory figures are its own
        if (child == 0) _exit(run_mode(mode, options));
        int status = 0;
        waitpid(child, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            std::fprintf(stderr, "soak: %s failed\n", mode.c_str());
            ++failed;
        }
    }
    return failed ? 1 : 0;
}
