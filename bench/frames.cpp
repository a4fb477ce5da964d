// frames: what a frame of each mode costs on Mesa's llvmpipe, how fast majlis starts, how much
// memory it takes and how idle it is when nothing moves.
//
//   build/frames [--frames N] [--majlis PATH] [--idle-seconds S] [--data DIR]
//
// A benchmark, not a test: it prints `name: value` lines. Targets from issue 4 (2 cores):
//   lobby_frame_ms, kiosk_scroll_frame_ms, loop_transition_frame_ms   median, <= 8 each
//   startup_to_first_frame_ms   majlis started on the demo content, to its first frame, <= 200
//   peak_rss_mb                 the majlis process's VmHWM after the run, <= 130
//   idle_cpu_percent            CPU of majlis over S seconds of a static lobby, <= 0.2
//   ticker_cpu_percent          CPU of majlis over S seconds of the lobby while its ticker scrolls
//                               (issue 12: at most a third of Chromium's on the same page);
//                               ticker_xvfb_cpu_percent: the X server's meanwhile (its own Xvfb)
//   bare_imgui_3000_quads_frame_ms   the reference: a bare ImGui frame of 3,000 glyph-sized
//                               quads on the same renderer, in the same run (the 4.3 ms)
//
// How:
//  - Frame times: in this process, headless (EGL on llvmpipe, as `majlis render`), 1920x1080,
//    the DisplayApp of the real app on the demo content, N frames after 10 warm-up frames; each
//    frame ends with glFinish (what a swap does), so the time covers drawing and rasterizing.
//      lobby            10:45, the ticker running
//      kiosk scroll     the Final Declaration in the reader, a finger dragging 6 px a frame
//      loop transition  the clock held inside a crossfade (clock speed 0.001)
//  - Startup, memory, idle: `majlis --window 1920x1080` in a child process on a private Xvfb
//    (started here when there is no DISPLAY). Startup is from fork() to the log line
//    "first frame drawn"; memory is VmHWM from /proc; idle CPU is utime+stime from /proc over
//    S seconds at 07:00 (before the first announcement: only the clock changes, once a minute).
#include "bench_support.h"
#include "core/log.h"
#include "screens/loop.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace majlis;
using Clock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Wraps the app's client: times whole frames (from one frame() to the next, so drawing,
// ImGui's render and llvmpipe's rasterizing are all inside) and injects pointer events.
struct TimedClient : bench::AppClient {
    int warmup = 10;
    std::vector<Clock::time_point> stamps;
    bool drag = false;
    using AppClient::AppClient;
    void frame(const platform::FrameInfo& info) override {
        stamps.push_back(Clock::now());
        if (drag) {  // a finger moving up the page: the reader scrolls every frame
            const float y = 900.0f - float(info.index % 120) * 6.0f;
            platform::Pointer p;
            p.kind = info.index % 120 == 0 ? platform::Pointer::Kind::Down : platform::Pointer::Kind::Move;
            p.pos = ImVec2(900, y);
            p.time = info.time;
            app.pointer(p);
        }
        const auto t0 = Clock::now();
        app.frame(info);
        cpu_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::vector<double> cpu_ms;  // building the frame's draw lists only
    std::vector<double> frame_ms() const {
        std::vector<double> out;
        for (size_t i = size_t(warmup) + 1; i < stamps.size(); ++i)
            out.push_back(std::chrono::duration<double, std::milli>(stamps[i] - stamps[i - 1]).count());
        return out;
    }
};

// The reference the targets were set against: a bare ImGui frame of 3,000 glyph-sized quads
// (14x18 px, blended) on the same renderer, measured in the same run.
struct BareClient : platform::FrameClient {
    std::vector<Clock::time_point> stamps;
    void start(text::GlyphTextureHost&) override {}
    void stop() override {}
    void frame(const platform::FrameInfo&) override {
        stamps.push_back(Clock::now());
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        for (int k = 0; k < 3000; ++k) {
            const float x = float(k % 60) * 32.0f, y = float(k / 60) * 21.0f;
            dl->AddRectFilled(ImVec2(x, y), ImVec2(x + 14, y + 18), IM_COL32(255, 255, 255, 200));
        }
    }
};

double run_bare(int frames, Log& log) {
    BareClient client;
    if (!platform::render_png(1920, 1080, 0.0, frames + 11, client, "/tmp/majlis-bench-bare.png", log)) return -1;
    std::vector<double> ms;
    for (size_t i = 11; i < client.stamps.size(); ++i)
        ms.push_back(std::chrono::duration<double, std::milli>(client.stamps[i] - client.stamps[i - 1]).count());
    return median(ms);
}

double run_mode(const std::string& fonts_dir, std::shared_ptr<const content::Event> ev, const std::string& screen,
                int64_t utc_ms, double speed, bool drag, int frames, Log& log) {
    DisplayOptions options;
    options.screen = screen;
    DisplayApp app(options, fonts_dir, log);
    std::string error;
    if (!app.open_screen(*ev, error)) {
        std::fprintf(stderr, "frames: %s\n", error.c_str());
        return -1;
    }
    app.set_event(ev);
    app.set_clock(std::make_unique<content::EventClock>(ev->time_zone, utc_ms, speed));
    TimedClient client(app);
    client.drag = drag;
    if (!platform::render_png(1920, 1080, 0.0, frames + client.warmup + 1, client, "/tmp/majlis-bench-frames.png", log))
        return -1;
    std::vector<double> build(client.cpu_ms.begin() + std::min<long>(client.warmup, long(client.cpu_ms.size())),
                              client.cpu_ms.end());
    std::printf("  %s: draw lists built in %.2f ms (median), the rest is rendering\n", screen.c_str(), median(build));
    return median(client.frame_ms());
}

// `majlis --window 1920x1080 --at AT` on `display`: the time from fork() to its log line "first
// frame drawn" (-1: none within 30 s; its log is printed), then, after 2 s to settle, its CPU
// (utime + stime from /proc, llvmpipe's threads included) and Xvfb's (when `xvfb` > 0: the one
// started here) over `seconds`, and its VmHWM.
struct WindowRun {
    double startup_ms = -1, cpu_percent = 0, xvfb_cpu_percent = 0, peak_rss_mb = 0;
};
WindowRun run_window(const std::string& majlis_bin, const std::string& data, const std::string& display,
                     const char* at, double seconds, pid_t xvfb) {
    WindowRun r;
    int err_pipe[2];
    if (pipe(err_pipe) != 0) return r;
    const auto t0 = Clock::now();
    pid_t child = fork();
    if (child == 0) {
        setenv("DISPLAY", display.c_str(), 1);
        setenv("MAJLIS_DATA_DIR", data.c_str(), 1);
        dup2(err_pipe[1], 2);
        close(err_pipe[0]);
        execl(majlis_bin.c_str(), majlis_bin.c_str(), "--window", "1920x1080", "--at", at, nullptr);
        _exit(127);
    }
    close(err_pipe[1]);
    std::string buffer;
    char chunk[4096];
    for (;;) {  // read majlis's log until its first frame (at most 30 s)
        pollfd pfd{err_pipe[0], POLLIN, 0};
        if (poll(&pfd, 1, 30000) <= 0) break;
        const ssize_t n = read(err_pipe[0], chunk, sizeof chunk);
        if (n <= 0) break;
        buffer.append(chunk, size_t(n));
        if (buffer.find("first frame drawn") != std::string::npos) {
            r.startup_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
            break;
        }
    }
    if (r.startup_ms >= 0) {
        usleep(2000 * 1000);  // let it settle
        const long before = bench::proc_cpu_ticks(child), xvfb_before = xvfb > 0 ? bench::proc_cpu_ticks(xvfb) : 0;
        const auto s0 = Clock::now();
        usleep(useconds_t(seconds * 1e6));
        const long after = bench::proc_cpu_ticks(child), xvfb_after = xvfb > 0 ? bench::proc_cpu_ticks(xvfb) : 0;
        const double wall = std::chrono::duration<double>(Clock::now() - s0).count();
        const double tick = double(sysconf(_SC_CLK_TCK));
        r.cpu_percent = 100.0 * double(after - before) / tick / wall;
        r.xvfb_cpu_percent = 100.0 * double(xvfb_after - xvfb_before) / tick / wall;
        r.peak_rss_mb = bench::proc_status_mb(child, "VmHWM:");
    } else {
        std::fprintf(stderr, "frames: majlis did not draw a first frame; its log:\n%s\n", buffer.c_str());
    }
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);
    close(err_pipe[0]);
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    int frames = 120;
    double idle_seconds = 10;
    std::string majlis_bin = MAJLIS_BENCH_BIN, data = MAJLIS_BENCH_DATA;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--frames") frames = std::max(10, std::atoi(argv[i + 1]));
        else if (a == "--idle-seconds") idle_seconds = std::max(1.0, std::atof(argv[i + 1]));
        else if (a == "--majlis") majlis_bin = argv[i + 1];
        else if (a == "--data") data = argv[i + 1];
    }
    Log log;
    log.min_level = LogLevel::Warning;
    const std::string fonts_dir = data + "/fonts";
    content::LoadResult loaded = content::load_event(data + "/assets/dushanbe-2025");
    if (!loaded.ok()) {
        std::fprintf(stderr, "frames: the demo content does not load\n");
        return 1;
    }
    auto ev = loaded.event;
    std::printf("frames: %d per mode at 1920x1080, headless llvmpipe\n", frames);

    const double lobby = run_mode(fonts_dir, ev, "lobby", bench::local_ms(*ev, "2025-10-09T10:45"), 1.0, false, frames, log);
    std::printf("lobby_frame_ms: %.2f\n", lobby);
    const double kiosk =
        run_mode(fonts_dir, ev, "document:final-declaration", bench::local_ms(*ev, "2025-10-09T10:45"), 1.0, true, frames, log);
    std::printf("kiosk_scroll_frame_ms: %.2f\n", kiosk);
    // Inside the first transition after the epoch: slide 1 starts after slide 0's duration.
    const int64_t epoch = screens::loop_epoch(*ev);
    const auto first = screens::loop_position(ev->playlist, epoch, epoch);
    const int64_t in_transition = epoch + int64_t(first.duration_s * 1000) + 200;
    const double loop = run_mode(fonts_dir, ev, "loop", in_transition, 0.001, false, frames, log);
    std::printf("loop_transition_frame_ms: %.2f\n", loop);
    std::printf("target_frame_ms: 8\n");
    std::printf("bare_imgui_3000_quads_frame_ms: %.2f\n", run_bare(frames, log));

    // Startup, memory and idle CPU of the real program in a window; then the CPU of the lobby
    // while its ticker scrolls (what issue 12's damage-region rendering is to cut).
    pid_t xvfb = -1;
    std::string display = std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "";
    if (display.empty()) {
        // Xvfb picks a free display itself (-displayfd: two runs, or a test's Xvfb, never share
        // one) and writes its number once it accepts clients.
        int ready[2];
        if (pipe(ready) != 0) return 1;
        xvfb = fork();
        if (xvfb == 0) {
            close(ready[0]);
            int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, 2);
            const std::string fd = std::to_string(ready[1]);
            execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1920x1080x24", "-nolisten", "tcp",
                   nullptr);
            _exit(127);
        }
        close(ready[1]);
        std::string number;
        pollfd p{ready[0], POLLIN, 0};
        char c = 0;
        while (poll(&p, 1, 10000) == 1 && read(ready[0], &c, 1) == 1 && c != '\n') number += c;
        close(ready[0]);
        if (number.empty()) {
            std::fprintf(stderr, "frames: Xvfb did not start\n");
            kill(xvfb, SIGTERM);
            waitpid(xvfb, nullptr, 0);
            return 1;
        }
        display = ":" + number;
    }
    const WindowRun idle = run_window(majlis_bin, data, display, "2025-10-09T07:00", idle_seconds, xvfb);
    std::printf("startup_to_first_frame_ms: %.1f\n", idle.startup_ms);
    std::printf("target_startup_ms: 200\n");
    if (idle.startup_ms >= 0) {
        std::printf("idle_cpu_percent: %.3f\n", idle.cpu_percent);
        std::printf("target_idle_cpu_percent: 0.2\n");
        std::printf("peak_rss_mb: %.1f\n", idle.peak_rss_mb);
        std::printf("target_peak_rss_mb: 130\n");
    }
    // 12:50: two announcements run longer than the screen is wide, so the ticker scrolls (30 steps
    // a second) until 13:00; nothing else moves.
    const WindowRun ticker = run_window(majlis_bin, data, display, "2025-10-09T12:50", idle_seconds, xvfb);
    if (ticker.startup_ms >= 0) {
        std::printf("ticker_cpu_percent: %.1f\n", ticker.cpu_percent);
        if (xvfb > 0) std::printf("ticker_xvfb_cpu_percent: %.1f\n", ticker.xvfb_cpu_percent);
    }
    if (xvfb > 0) {
        int status = 0;
        kill(xvfb, SIGTERM);
        waitpid(xvfb, &status, 0);
    }
    return 0;
}
