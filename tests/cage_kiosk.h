// cage, the Wayland kiosk compositor of a board without a desktop (platform/systemd/
// majlis-cage.service; Debian: cage, xwayland), run for tests with no GPU, no display and no
// seat: wlroots' headless backend with its software renderer (pixman), one 1280x720 output, no
// input devices, a private XDG_RUNTIME_DIR for its Wayland socket. What it runs (majlis, an X11
// client) gets DISPLAY from the Xwayland cage starts for it. grim (Debian: grim) takes the
// output's picture through wlr-screencopy.
//
// cage will not run as root (it checks that it could not regain root). As root (CI), it runs in a
// user namespace as uid 1000 mapped to root, so it still reads the build tree as root does.
#pragma once

#include "test_support.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace majlis::testing {

struct CageKiosk {
    TempFolder runtime{"majlis-cage"};  // XDG_RUNTIME_DIR (0700): its sockets, and `log`
    pid_t pid = -1;                     // cage's

    // Starts `cage ARGUMENTS...` (its options, --, what it runs) with `environment` (NAME=VALUE)
    // added; cage's, Xwayland's and the client's output go to log(). As systemd does for a unit's
    // main process, a watchdog (WATCHDOG_USEC in `environment`) names cage in WATCHDOG_PID.
    explicit CageKiosk(const std::vector<std::string>& arguments, const std::vector<std::string>& environment = {}) {
        std::vector<std::string> args;
        if (getuid() == 0) args = {"unshare", "--user", "--map-user=1000", "--map-group=1000"};
        args.push_back("cage");
        args.insert(args.end(), arguments.begin(), arguments.end());
        const std::string log_path = runtime / "log";
        pid = fork();
        if (pid != 0) return;
        const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(log, 1);
        dup2(log, 2);
        unsetenv("DISPLAY");
        unsetenv("WAYLAND_DISPLAY");
        setenv("XDG_RUNTIME_DIR", runtime.path.c_str(), 1);
        setenv("HOME", runtime.path.c_str(), 1);  // Mesa's shader cache
        setenv("WLR_BACKENDS", "headless", 1);
        setenv("WLR_HEADLESS_OUTPUTS", "1", 1);
        setenv("WLR_LIBINPUT_NO_DEVICES", "1", 1);
        setenv("WLR_RENDERER", "pixman", 1);
        for (const std::string& e : environment) {
            const size_t eq = e.find('=');
            setenv(e.substr(0, eq).c_str(), e.substr(eq + 1).c_str(), 1);
            if (e.rfind("WATCHDOG_USEC=", 0) == 0) setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
        }
        std::vector<char*> argv;
        for (std::string& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    // SIGTERM ends cage, and with it Xwayland and its client (their display gone).
    ~CageKiosk() {
        if (pid <= 0) return;
        kill(pid, SIGTERM);
        if (!eventually([&] { return waitpid(pid, nullptr, WNOHANG) != 0; })) {
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
        }
    }
    CageKiosk(const CageKiosk&) = delete;
    CageKiosk& operator=(const CageKiosk&) = delete;

    std::string log() const { return read_file(runtime / "log"); }

    // The output's picture now into `png` (grim on cage's socket); false when there is none yet.
    bool screenshot(const std::string& png) const {
        std::string socket;
        for (const auto& entry : std::filesystem::directory_iterator(runtime.path)) {
            const std::string name = entry.path().filename().string();
            if (name.rfind("wayland-", 0) == 0 && entry.is_socket()) socket = name;
        }
        if (socket.empty()) return false;
        const std::string cmd = "XDG_RUNTIME_DIR='" + runtime.path.string() + "' WAYLAND_DISPLAY=" + socket +
                                " grim '" + png + "' 2>>'" + (runtime / "log") + "'";
        return std::system(cmd.c_str()) == 0;
    }
};

}  // namespace majlis::testing
