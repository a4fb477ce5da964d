// majlis platform: running unattended as a systemd service (Type=notify, see
// platform/systemd/majlis.service), through libsystemd's sd_notify.
//
// What the frame loop tells systemd (each message is a no-op when majlis was not started by
// systemd, i.e. NOTIFY_SOCKET is unset, as in a terminal or under tests that do not ask):
//   READY=1     once the first frame is on screen, so `systemctl start` returns when the screen
//               shows something and not when the process merely exists;
//   WATCHDOG=1  every half of WatchdogSec (systemd passes it as WATCHDOG_USEC), sent from the
//               frame loop and only while frames complete: a GL driver that hangs in a swap
//               never returns to the loop, the pings stop, and systemd kills and restarts
//               majlis after WatchdogSec;
//   STATUS=...  one line for `systemctl status` (the content version, errors), when it changes;
//   STOPPING=1  when the loop ends cleanly (SIGTERM, the operator's chord).
//
// Render on demand leaves an idle screen undrawn for up to a minute (the lobby clock), longer
// than a watchdog interval. While the watchdog is on, the loop therefore draws a frame at least
// every quarter interval (a lobby frame is a few ms, so about 0.1% of a core at WatchdogSec=30),
// and each ping proves that the whole pipeline, swap included, went round recently, not only
// that the loop iterates. While there is nothing to draw into (a window with no framebuffer),
// no frame is owed and the loop's own iterations keep the pings going.
//
// The rule is the plain struct Watchdog, driven by the caller's clock, so tests can check it
// without a window; Service wraps it and sends the messages.
#pragma once

#include <limits>
#include <string>

namespace majlis {
class Log;
}

namespace majlis::platform {

struct Watchdog {
    double interval = 0;  // seconds (WatchdogSec); 0: no watchdog
    double last_ping = -std::numeric_limits<double>::infinity();
    double last_frame = -std::numeric_limits<double>::infinity();  // when a frame last completed

    // A frame is owed even if nothing changed on screen.
    bool frame_due(double now) const { return interval > 0 && now - last_frame >= interval / 4; }
    // WATCHDOG=1 now: half an interval since the last ping, and a frame completed within the
    // last half interval (waived while `can_draw` is false: no framebuffer to draw into).
    bool ping_due(double now, bool can_draw) const {
        return interval > 0 && now - last_ping >= interval / 2 && (!can_draw || now - last_frame < interval / 2);
    }
};

class Service {
public:
    explicit Service(Log& log);  // reads WATCHDOG_USEC / WATCHDOG_PID (sd_watchdog_enabled)
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    bool frame_due(double now) const { return watchdog_.frame_due(now); }
    void frame_done(double now);            // after the swap returned; the first sends READY=1
    void alive(double now, bool can_draw);  // each loop iteration: WATCHDOG=1 when due
    void status(const std::string& line);   // STATUS=line, when it differs from the last one
    void stopping();                        // STOPPING=1

private:
    Log& log_;
    Watchdog watchdog_;
    bool ready_ = false;
    std::string status_;
};

}  // namespace majlis::platform
