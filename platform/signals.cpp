// majlis platform: quit and reload signals as flags (see signals.h).
#include "signals.h"

#include "core/log.h"

#include <string>

namespace majlis::platform {

// The only globals in platform/ besides the window's monitor session: set by the signal
// handlers, read by the frame loop. (A signal handler has no other way to reach the loop;
// sig_atomic_t is all it may write.)
static volatile std::sig_atomic_t g_quit_signal = 0;    // SIGTERM, SIGINT
static volatile std::sig_atomic_t g_reload_signal = 0;  // SIGHUP

static void on_quit_signal(int signal_number) { g_quit_signal = signal_number; }
static void on_reload_signal(int) { g_reload_signal = 1; }

// Nested SignalHandlers (the app's around its startup, the frame loop's inside it) share the
// outermost one's handlers and flags: a signal during startup is still seen by the loop.
static int g_depth = 0;

SignalHandlers::SignalHandlers() {
    if (g_depth++ > 0) return;
    g_quit_signal = 0;
    g_reload_signal = 0;
    struct sigaction action {};
    action.sa_handler = on_quit_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, &old_term);
    sigaction(SIGINT, &action, &old_int);
    action.sa_handler = on_reload_signal;
    sigaction(SIGHUP, &action, &old_hup);
}

SignalHandlers::~SignalHandlers() {
    if (--g_depth > 0) return;
    sigaction(SIGTERM, &old_term, nullptr);
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGHUP, &old_hup, nullptr);
}

int quit_signal() { return g_quit_signal; }

bool take_reload_signal() {
    if (!g_reload_signal) return false;
    g_reload_signal = 0;
    return true;
}

bool obey_signals(const std::function<void()>& on_reload, Log& log) {
    if (int sig = quit_signal()) {
        log.info("platform", std::string(sig == SIGINT ? "SIGINT" : "SIGTERM") + ": clean exit");
        return true;
    }
    if (take_reload_signal()) {
        log.info("platform", on_reload ? "SIGHUP: reloading" : "SIGHUP ignored (nothing to reload)");
        if (on_reload) on_reload();
    }
    return false;
}

}  // namespace majlis::platform
