// majlis platform: the signals a running display obeys, for the frame loops (run_window and
// run_headless): SIGTERM and SIGINT quit cleanly (systemd stop, Ctrl+C), SIGHUP reloads
// (systemctl reload). The handlers only set flags (all a handler may do); the loop reads them.
#pragma once

#include <csignal>
#include <functional>

namespace majlis {
class Log;
}

namespace majlis::platform {

// Installs the quit and reload handlers for the lifetime of the object (flags cleared) and puts
// the old ones back after. Nested ones (main thread only) are the outermost one: a program takes
// the signals from the start of its slow startup, and its frame loop's own SignalHandlers then
// keeps the flags a signal set meanwhile.
struct SignalHandlers {
    struct sigaction old_term {}, old_int {}, old_hup {};
    SignalHandlers();
    ~SignalHandlers();
    SignalHandlers(const SignalHandlers&) = delete;
    SignalHandlers& operator=(const SignalHandlers&) = delete;
};

int quit_signal();          // SIGTERM or SIGINT once one came, else 0
bool take_reload_signal();  // a SIGHUP came since the last call

// A frame loop's turn at the signals: true (logged) when it should quit; a SIGHUP calls
// `on_reload` (logged; ignored, and logged so, when it is unset).
bool obey_signals(const std::function<void()>& on_reload, Log& log);

}  // namespace majlis::platform
