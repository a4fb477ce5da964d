// What the benchmarks share: the app's DisplayApp driven headless (platform::render_png, EGL on
// llvmpipe, the very path of `majlis render`), event moments, and /proc memory figures.
#pragma once

#include "content/content.h"
#include "display_app.h"

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/types.h>

namespace majlis::bench {

// The app's client for a headless run. It forwards everything to the DisplayApp; a benchmark
// overrides frame() to inject input, move the clock or measure around app.frame().
struct AppClient : platform::FrameClient {
    DisplayApp& app;
    explicit AppClient(DisplayApp& a) : app(a) {}
    void start(text::GlyphTextureHost& t) override { app.start(t); }
    void use_images(platform::ImageTextures& i) override { app.use_images(i); }
    void stop() override { app.stop(); }
    ImVec4 clear_color() const override { return app.clear_color(); }
    void frame(const platform::FrameInfo& info) override { app.frame(info); }
};

// UTC milliseconds of an event-local moment like "2025-10-09T10:45".
inline int64_t local_ms(const content::Event& ev, const char* at) {
    int64_t utc = 0;
    content::local_to_utc(*content::parse_local_date_time(at), ev.time_zone, utc);
    return utc;
}

// A memory line of /proc/PID/status in MiB: field "VmRSS:" (now) or "VmHWM:" (peak); -1 if absent.
inline double proc_status_mb(pid_t pid, const char* field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    const std::string name = field;
    for (std::string line; std::getline(in, line);)
        if (line.rfind(name, 0) == 0) return std::atof(line.c_str() + name.size()) / 1024.0;
    return -1;
}

// The CPU time a process has used, user and system (fields 14 and 15 of /proc/PID/stat), in
// clock ticks (sysconf(_SC_CLK_TCK) a second); -1 if it is gone.
inline long proc_cpu_ticks(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(in, line);
    const size_t paren = line.rfind(')');
    if (paren == std::string::npos) return -1;
    std::istringstream rest(line.substr(paren + 2));
    std::string field;
    long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::atol(field.c_str());
        if (i == 15) stime = std::atol(field.c_str());
    }
    return utime + stime;
}

}  // namespace majlis::bench
