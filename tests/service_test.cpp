// majlis as a systemd service (platform/service.h, platform/systemd/majlis.service), for real:
// the test plays systemd's part. It binds a unix datagram socket, starts the real `majlis` on a
// private Xvfb with NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID set as systemd sets them, and
// reads what majlis sends: READY=1 only after the first frame, WATCHDOG=1 at half the interval
// while the screen sits idle (render on demand), STATUS= with the content version, STOPPING=1 on
// SIGTERM; SIGHUP reloads the content folder and does not end the process. The watchdog's rule
// (pings stop when frames stop completing) is checked on its own clock, and the unit files pass
// `systemd-analyze verify` (Debian: systemd). The board's unit (majlis-cage.service): its majlis,
// cage's child, is ready and pings the watchdog, run under a headless cage.
#include "cage_kiosk.h"
#include "service.h"
#include "signals.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kWatchdogSeconds = 1.0;  // WATCHDOG_USEC handed to majlis

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// systemd's end of the protocol: a datagram socket majlis finds through NOTIFY_SOCKET.
struct NotifySocket {
    fs::path path;
    int fd = -1;
    explicit NotifySocket(const fs::path& dir) : path(dir / "notify") {
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
        if (bind(fd, (sockaddr*)&addr, sizeof addr) != 0) ADD_FAILURE() << "bind " << path << ": " << std::strerror(errno);
    }
    ~NotifySocket() { close(fd); }
    // The next datagram (may hold several KEY=VALUE lines), or "" after `timeout_s`.
    std::string receive(double timeout_s) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, int(timeout_s * 1000)) <= 0) return "";
        char buffer[4096];
        const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        return n > 0 ? std::string(buffer, size_t(n)) : "";
    }
};

bool has_line(const std::string& message, const std::string& line) {
    std::istringstream in(message);
    for (std::string l; std::getline(in, l);)
        if (l == line) return true;
    return false;
}

// A private X server: -displayfd picks a free display number (no race between tests).
struct Xvfb {
    pid_t pid = -1;
    std::string display;
    Xvfb() {
        int fds[2];
        if (pipe(fds) != 0) return;
        pid = fork();
        if (pid == 0) {
            close(fds[0]);
            int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, 2);
            const std::string fd = std::to_string(fds[1]);
            execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1280x720x24", "-nolisten", "tcp",
                   nullptr);
            _exit(127);
        }
        close(fds[1]);
        std::string number;
        char c;
        pollfd p{fds[0], POLLIN, 0};
        while (poll(&p, 1, 20000) > 0 && read(fds[0], &c, 1) == 1 && c != '\n') number += c;
        close(fds[0]);
        if (!number.empty()) display = ":" + number;
    }
    ~Xvfb() {
        if (pid > 0) {
            kill(pid, SIGTERM);
            waitpid(pid, nullptr, 0);
        }
    }
};

// The real majlis in a window, its log (stderr) collected as it comes.
struct Majlis {
    pid_t pid = -1;
    int log_fd = -1;
    std::string log;
    Majlis(const Xvfb& x, const NotifySocket& notify, std::vector<std::string> args) {
        int fds[2];
        if (pipe(fds) != 0) return;
        pid = fork();
        if (pid == 0) {
            dup2(fds[1], 2);
            close(fds[0]);
            setenv("DISPLAY", x.display.c_str(), 1);
            setenv("MAJLIS_DATA_DIR", MAJLIS_SOURCE_DIR, 1);
            setenv("NOTIFY_SOCKET", notify.path.c_str(), 1);
            setenv("WATCHDOG_USEC", std::to_string(int64_t(kWatchdogSeconds * 1e6)).c_str(), 1);
            setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);  // as systemd does
            args.insert(args.begin(), MAJLIS_BIN);
            std::vector<char*> argv;
            for (std::string& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            execv(MAJLIS_BIN, argv.data());
            _exit(127);
        }
        close(fds[1]);
        log_fd = fds[0];
        fcntl(log_fd, F_SETFL, O_NONBLOCK);
    }
    ~Majlis() {
        if (pid > 0) {
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
        }
        if (log_fd >= 0) close(log_fd);
    }
    const std::string& read_log() {
        char buffer[4096];
        for (ssize_t n; (n = read(log_fd, buffer, sizeof buffer)) > 0;) log.append(buffer, size_t(n));
        return log;
    }
    bool log_shows(const std::string& text, double timeout_s) {
        const auto t0 = Clock::now();
        while (read_log().find(text) == std::string::npos) {
            if (seconds_since(t0) > timeout_s) return false;
            usleep(50 * 1000);
        }
        return true;
    }
    bool running() { return pid > 0 && waitpid(pid, nullptr, WNOHANG) == 0; }
    // The exit status once it ended by itself (-1: still running after `timeout_s`, or killed).
    int exit_code(double timeout_s) {
        const auto t0 = Clock::now();
        int status = 0;
        while (waitpid(pid, &status, WNOHANG) == 0) {
            if (seconds_since(t0) > timeout_s) return -1;
            usleep(50 * 1000);
        }
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
};

// Waits for a datagram holding `line`; everything received meanwhile is appended to `seen`.
bool wait_for(NotifySocket& notify, const std::string& line, double timeout_s, std::vector<std::string>& seen) {
    const auto t0 = Clock::now();
    for (double left = timeout_s; left > 0; left = timeout_s - seconds_since(t0)) {
        const std::string m = notify.receive(left);
        if (m.empty()) return false;
        seen.push_back(m);
        if (has_line(m, line)) return true;
    }
    return false;
}

// systemd may stop a player while it still loads (fonts, cache, content): the app takes the
// signals from the start of its startup, and the frame loop's own handlers, nested inside, keep
// the SIGTERM that came before them instead of clearing it (the player then ran on, or died of
// the signal's default action when it came before any handler).
TEST(Service, ASigtermDuringStartupIsKeptByTheFrameLoopsHandlers) {
    {
        majlis::platform::SignalHandlers startup;
        std::raise(SIGTERM);
        {
            majlis::platform::SignalHandlers frame_loop;
            EXPECT_EQ(majlis::platform::quit_signal(), SIGTERM);
        }
        EXPECT_EQ(majlis::platform::quit_signal(), SIGTERM);
    }
    majlis::platform::SignalHandlers next_run;  // a new outermost one starts clear
    EXPECT_EQ(majlis::platform::quit_signal(), 0);
}

TEST(Service, ReadyAfterTheFirstFrameWatchdogWhileIdleStoppingOnSigterm) {
    const majlis::testing::TempFolder folder("majlis-service-ready");  // removed however the test ends
    const fs::path& dir = folder.path;
    NotifySocket notify(dir);
    Xvfb x;
    ASSERT_FALSE(x.display.empty()) << "Xvfb did not start (Debian: xvfb)";
    // 07:00 on the event day: before the first announcement, the lobby only changes once a minute.
    Majlis majlis(x, notify, {"--window", "640x360", "--at", "2025-10-09T07:00"});

    std::vector<std::string> before_ready;
    ASSERT_TRUE(wait_for(notify, "READY=1", 60, before_ready)) << majlis.read_log();
    EXPECT_NE(majlis.read_log().find("first frame drawn"), std::string::npos)
        << "READY=1 came before the first frame:\n" << majlis.log;
    for (const std::string& m : before_ready) EXPECT_FALSE(has_line(m, "WATCHDOG=1")) << "a ping before READY";

    // Idle screen, 1 s watchdog: a ping every half second, no more (not one per loop turn).
    const auto t0 = Clock::now();
    int pings = 0;
    std::string status;
    while (seconds_since(t0) < 3.0) {
        const std::string m = notify.receive(3.0 - seconds_since(t0));
        if (has_line(m, "WATCHDOG=1")) ++pings;
        if (m.rfind("STATUS=", 0) == 0) status = m;
    }
    EXPECT_GE(pings, 4) << majlis.read_log();
    EXPECT_LE(pings, 7);
    for (const std::string& m : before_ready)
        if (m.rfind("STATUS=", 0) == 0) status = m;
    EXPECT_NE(status.find("content version 1"), std::string::npos) << status;

    ASSERT_TRUE(majlis.running());
    kill(majlis.pid, SIGTERM);
    std::vector<std::string> at_stop;
    EXPECT_TRUE(wait_for(notify, "STOPPING=1", 10, at_stop)) << majlis.read_log();
    EXPECT_EQ(majlis.exit_code(10), 0) << majlis.read_log();
}

TEST(Service, SighupReloadsTheContentFolderAndKeepsRunning) {
    const majlis::testing::TempFolder folder("majlis-service-reload");  // removed however the test ends
    const fs::path& dir = folder.path;
    const fs::path content = dir / "event";
    fs::copy(fs::path(MAJLIS_SOURCE_DIR) / "assets" / "dushanbe-2025", content, fs::copy_options::recursive);
    NotifySocket notify(dir);
    Xvfb x;
    ASSERT_FALSE(x.display.empty()) << "Xvfb did not start (Debian: xvfb)";
    Majlis majlis(x, notify, {"--window", "640x360", "--content", content.string(), "--at", "2025-10-09T07:00"});
    ASSERT_TRUE(majlis.log_shows("first frame drawn", 60)) << majlis.log;

    std::vector<std::string> seen;
    kill(majlis.pid, SIGHUP);  // nothing changed in the folder: only the signal can reload it
    EXPECT_TRUE(majlis.log_shows(content.string() + ": loaded version 2", 10)) << majlis.log;
    EXPECT_NE(majlis.log.find("SIGHUP: reloading"), std::string::npos) << majlis.log;
    EXPECT_TRUE(wait_for(notify, "STATUS=showing content version 2 of " + content.string(), 5, seen));
    ASSERT_TRUE(majlis.running()) << "SIGHUP ended majlis:\n" << majlis.read_log();

    kill(majlis.pid, SIGTERM);
    EXPECT_EQ(majlis.exit_code(10), 0) << majlis.read_log();
}

// The rule on its own clock: a 30 s watchdog pings every 15 s while frames complete, owes a
// frame every 7.5 s, and stops pinging when a frame has not completed for half an interval
// (a swap that never returns), unless there is no framebuffer to draw into.
TEST(Service, WatchdogPingsOnlyWhileFramesComplete) {
    majlis::platform::Watchdog w;
    EXPECT_FALSE(w.ping_due(0, true));  // off without WATCHDOG_USEC
    EXPECT_FALSE(w.frame_due(0));
    w.interval = 30;
    EXPECT_FALSE(w.ping_due(0, true)) << "no ping before the first frame";
    EXPECT_TRUE(w.frame_due(0));
    w.last_frame = 0;
    EXPECT_TRUE(w.ping_due(0, true));
    w.last_ping = 0;
    EXPECT_FALSE(w.ping_due(14.9, true));
    EXPECT_FALSE(w.frame_due(7.4));
    EXPECT_TRUE(w.frame_due(7.5));
    w.last_frame = 7.5;
    EXPECT_TRUE(w.ping_due(15, true));
    w.last_ping = 15;
    // The frame started at 15 hangs (its swap never returns): no frame completes after 7.5.
    EXPECT_FALSE(w.ping_due(30, true));
    EXPECT_FALSE(w.ping_due(44, true));  // systemd's deadline, 15 + 30 = 45, passes unpinged
    EXPECT_TRUE(w.ping_due(30, false)) << "nothing to draw into: the loop's turns are enough";
}

// A unit as shipped, with majlis's path in ExecStart the built binary's (verify checks that the
// command exists): it has `keys`, and `systemd-analyze verify` says nothing, not even an unknown key.
void expect_unit_verifies(const std::string& name, std::initializer_list<const char*> keys) {
    std::string unit = majlis::testing::read_file(fs::path(MAJLIS_SOURCE_DIR) / "platform" / "systemd" / name);
    ASSERT_FALSE(unit.empty()) << name;
    for (const char* key : keys) EXPECT_NE(unit.find(std::string("\n") + key), std::string::npos) << name << ": " << key;
    const std::string shipped = "/opt/majlis/majlis ";
    const size_t at = unit.find(shipped);
    ASSERT_NE(at, std::string::npos) << name;
    unit.replace(at, shipped.size(), std::string(MAJLIS_BIN) + " ");

    const majlis::testing::TempFolder folder("majlis-service-unit");  // removed however the test ends
    const fs::path& dir = folder.path;
    std::ofstream(dir / name) << unit;
    const std::string command = "systemd-analyze verify " + (dir / name).string() + " 2>&1";
    FILE* p = popen(command.c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::string out;
    char buffer[1024];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, p)) > 0;) out.append(buffer, n);
    const int status = pclose(p);
    EXPECT_EQ(WEXITSTATUS(status), 0) << name << ": " << out;
    EXPECT_EQ(out, "") << "systemd-analyze verify (Debian: systemd) said of " << name << ":\n" << out;
}

TEST(Service, UnitFilePassesSystemdAnalyzeVerify) {
    expect_unit_verifies("majlis.service", {"Type=notify", "WatchdogSec=", "Restart=always", "RestartSec=", "User=",
                                            "ExecReload=", "Environment=DISPLAY=", "ExecStart=/opt/majlis/majlis "});
}

// The board without a desktop (platform/systemd/majlis-cage.service; Debian: cage).
TEST(Service, CageUnitFilePassesSystemdAnalyzeVerify) {
    expect_unit_verifies("majlis-cage.service",
                         {"Type=notify", "NotifyAccess=all", "WatchdogSec=", "Restart=always", "User=", "PAMName=",
                          "TTYPath=/dev/tty1", "Conflicts=getty@tty1.service", "ExecReload=", "ExecStart=/usr/bin/cage "});
}

// The board with no compositor at all (platform/systemd/majlis-kms.service): majlis itself drives
// the display through KMS/DRM on tty1 (--platform kms; no DRM device here, so only verified).
TEST(Service, KmsUnitFilePassesSystemdAnalyzeVerify) {
    expect_unit_verifies("majlis-kms.service",
                         {"Type=notify", "WatchdogSec=", "Restart=always", "User=", "SupplementaryGroups=video render input",
                          "PAMName=", "TTYPath=/dev/tty1", "Conflicts=getty@tty1.service", "ExecReload=",
                          "ExecStart=/opt/majlis/majlis --platform kms "});
}

// The cage unit's ExecStart run as systemd runs it (tests/cage_kiosk.h: cage headless; Debian:
// cage, xwayland), its paths the build's: majlis, cage's child and not the unit's main process,
// says READY=1 after its first frame and pings the watchdog, though systemd names cage in
// WATCHDOG_PID (with it, majlis would take the watchdog for cage's and never ping).
TEST(Service, UnderCageTheUnitsMajlisIsReadyAndPingsTheWatchdog) {
    const std::string unit =
        majlis::testing::read_file(fs::path(MAJLIS_SOURCE_DIR) / "platform" / "systemd" / "majlis-cage.service");
    const size_t at = unit.find("\nExecStart=/usr/bin/cage ");
    ASSERT_NE(at, std::string::npos);
    std::istringstream line(unit.substr(at + 25, unit.find('\n', at + 1) - at - 25));  // cage's arguments
    std::vector<std::string> command;
    for (std::string word; line >> word;) {
        if (word == "/opt/majlis/majlis") word = MAJLIS_BIN;
        if (word == "/opt/majlis") word = MAJLIS_SOURCE_DIR;
        if (word == "/srv/majlis/event") word = majlis::testing::kDemoContent.string();
        command.push_back(word);
    }
    ASSERT_NE(std::find(command.begin(), command.end(), MAJLIS_BIN), command.end()) << unit.substr(at, 200);
    // 07:00 on the event day: before the first announcement, the lobby only changes once a minute.
    command.insert(command.end(), {"--at", "2025-10-09T07:00"});

    const majlis::testing::TempFolder folder("majlis-service-cage");  // removed however the test ends
    NotifySocket notify(folder.path);
    const majlis::testing::CageKiosk cage(
        command, {"NOTIFY_SOCKET=" + notify.path.string(),
                  "WATCHDOG_USEC=" + std::to_string(int64_t(kWatchdogSeconds * 1e6))});
    std::vector<std::string> seen;
    ASSERT_TRUE(wait_for(notify, "READY=1", 60, seen)) << cage.log();
    EXPECT_NE(cage.log().find("first frame drawn"), std::string::npos) << cage.log();
    const auto t0 = Clock::now();
    int pings = 0;
    while (seconds_since(t0) < 3.0)
        if (has_line(notify.receive(3.0 - seconds_since(t0)), "WATCHDOG=1")) ++pings;
    EXPECT_GE(pings, 4) << cage.log();
}

}  // namespace
