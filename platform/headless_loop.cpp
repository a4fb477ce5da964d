// run_headless: the display's loop without a window (see platform.h). It draws nothing and
// holds no GL context; what keeps a headless player going (live content, bundle sync, presence)
// runs on its own threads, and this loop only answers the process's signals and systemd, and
// renders one frame offscreen when a screenshot is asked for (render_picture: an EGL context
// made for that frame and let go after it, so a headless player holds no GL the rest of the time).
// Blank/wake has no display to switch: what the client wants is reported as it is ("none").
#include "platform.h"

#include "core/log.h"
#include "heap.h"
#include "service.h"
#include "signals.h"

#include <chrono>
#include <thread>

namespace majlis::platform {

int run_headless(const WindowOptions& options, FrameClient* client, Log& log) {
    keep_heap_compact();  // weeks of content swaps, as in the window
    SignalHandlers signals;
    Service service(log);
    const auto start = std::chrono::steady_clock::now();
    auto now = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    service.frame_done(now());  // READY=1: running is all a headless player shows
    log.info("platform", "headless: running without a window (SIGTERM or SIGINT to quit)");
    double last_status = -1, last_second = -1;
    for (;;) {
        if (obey_signals(options.on_reload, log)) break;
        const double t = now();
        service.alive(t, false);  // no framebuffer: the loop's own turns keep the watchdog fed
        if (options.status && t - last_status >= 1.0) {
            service.status(options.status());
            last_status = t;
        }
        if (options.on_second && t - last_second >= 1.0) {
            LoopStats stats;
            stats.width = options.width;
            stats.height = options.height;
            stats.display_on = !client || client->display_on();  // no display to switch
            stats.display_power = "none";
            options.on_second(stats);
            last_second = t;
        }
        if (options.capture_wanted && options.on_capture && options.capture_wanted()) {
            Screenshot picture;
            if (client) render_picture(options.width, options.height, t, 1, *client, picture, log);
            options.on_capture(std::move(picture));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    service.stopping();
    return 0;
}

}  // namespace majlis::platform
