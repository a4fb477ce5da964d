// systemd's notify protocol for the frame loop (see service.h for what is sent when).
#include "service.h"

#include "core/log.h"

#include <systemd/sd-daemon.h>

#include <cstring>
#include <string>

namespace majlis::platform {

static void notify(Log& log, const std::string& message) {
    // 0: not run by systemd (NOTIFY_SOCKET unset); < 0: the socket failed, said once.
    if (int r = sd_notify(0, message.c_str()); r < 0)
        log.once(LogLevel::Warning, "platform", std::string("systemd notify failed: ") + std::strerror(-r));
}

Service::Service(Log& log) : log_(log) {
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        watchdog_.interval = double(usec) / 1e6;
        log_.info("platform", "systemd watchdog: " + std::to_string(usec / 1000) + " ms; a frame and a ping every " +
                                  std::to_string(usec / 4000) + " / " + std::to_string(usec / 2000) + " ms");
    }
}

void Service::frame_done(double now) {
    watchdog_.last_frame = now;
    if (!ready_) {
        ready_ = true;
        notify(log_, "READY=1");
    }
}

void Service::alive(double now, bool can_draw) {
    if (!watchdog_.ping_due(now, can_draw)) return;
    watchdog_.last_ping = now;
    notify(log_, "WATCHDOG=1");
}

void Service::status(const std::string& line) {
    if (line == status_) return;
    status_ = line;
    notify(log_, "STATUS=" + line);
}

void Service::stopping() { notify(log_, "STOPPING=1"); }

}  // namespace majlis::platform
