// The fleet tests' harness: a real mosquitto (Debian's `mosquitto`, /usr/sbin/mosquitto) and
// the child processes around it (players, the hub, tests/fleet/screen_main.cpp).
//
//     majlis::testing::Broker broker({"hub", "lobby-1"});     // one account per user name
//     ASSERT_TRUE(broker.running()) << broker.log();
//     auto url = broker.url("lobby-1");   // mqtt://lobby-1:<password>@127.0.0.1:<port>
//     broker.stop();  broker.restart();   // the same port, accounts and ACL
//
// The broker is configured as docs/fleet.md tells a venue to: a listener on 127.0.0.1 (a free
// port picked at start), no anonymous clients, a password file made with `mosquitto_passwd -b`
// (random passwords), the fleet's ACL (the hub reads and writes majlis/#; a screen, whose user
// name is its id, writes only its own status and reads the bundle, its commands and alerts), no
// persistence. Its log (stderr, everything but debug) is kept in its temporary folder for
// failure messages. Everything it starts is killed when the object goes, and by the kernel if
// the test process dies first (PR_SET_PDEATHSIG).
#pragma once

#include <sys/types.h>

struct mosquitto;  // libmosquitto's client

#include "core/log.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace majlis::testing {

struct TempFolder;

// A child process: argv[0] is the program's path; stdout and stderr go to `output` (appended).
// Killed (SIGKILL) and reaped by the destructor.
class ChildProcess {
public:
    ChildProcess(const std::vector<std::string>& argv, const std::string& output);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool running();                // false once it has ended (reaped here)
    void signal(int sig);          // SIGKILL, SIGSTOP, SIGCONT...
    // Sends `sig`, waits for the end at most `timeout`, then SIGKILL. The wait status. The wait
    // is long: a player's clean exit (with ASan's leak check over its heap) takes 0.7 s alone
    // and took over 10 s with a dozen more beside it on two cores; a hang still ends in SIGKILL.
    int stop(int sig, std::chrono::milliseconds timeout = std::chrono::seconds(30));

private:
    pid_t pid_ = -1;
    int status_ = 0;
};

// A loopback TCP port free now (bound and let go: a process started next can take it), and
// whether something accepts connections on one.
int free_loopback_port();
bool accepts_connections(int port);

class Broker {
public:
    explicit Broker(const std::vector<std::string>& users = {"hub"});
    ~Broker();
    Broker(const Broker&) = delete;
    Broker& operator=(const Broker&) = delete;

    int port() const { return port_; }
    const std::string& password(const std::string& user) const { return passwords_.at(user); }
    std::string url(const std::string& user) const;  // mqtt://user:password@127.0.0.1:port
    bool running();
    void stop();      // SIGTERM and wait: clients see the connection go
    bool restart();   // started again on the same port; true when it accepts connections
    std::string log() const;  // everything the broker said so far, every run

private:
    bool start();
    std::unique_ptr<TempFolder> folder_;
    std::map<std::string, std::string> passwords_;
    int port_ = 0;
    std::unique_ptr<ChildProcess> process_;
};

// A bare libmosquitto client (MQTT 5), for what a well-behaved screen or hub never does: a
// status for another screen, a control message nobody signed, an old one replayed.
class RawClient {
public:
    RawClient(const Broker& broker, const std::string& user, const std::string& password);
    ~RawClient();
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;
    // Publishes (QoS 1, retained) and returns the PUBACK's reason code (-1: none came).
    int publish(const std::string& topic, const std::string& payload);

private:
    ::mosquitto* mosq_ = nullptr;
    std::mutex mutex_;
    std::condition_variable changed_;
    int connack_ = -1;
    std::map<int, int> puback_;  // mid -> reason code
};

// A private X server (Xvfb) for a windowed player: -displayfd 1 makes Xvfb pick a free display
// and write its number to its output (no race with other tests for a number). `display` is
// ":N", "" when it did not start within 20 s (its output is tmp/xvfb.log).
struct XServer {
    explicit XServer(const TempFolder& tmp);
    std::unique_ptr<ChildProcess> process;
    std::string display;
};

// A Log whose lines a test can read while MQTT, HTTP and sync threads write them.
struct LogLines {
    mutable std::mutex mutex;
    std::vector<std::string> lines;
    Log log{[this](LogLevel, std::string_view line) {
        std::lock_guard<std::mutex> lock(mutex);
        lines.emplace_back(line);
    }};
    bool has(const std::string& part) const {
        std::lock_guard<std::mutex> lock(mutex);
        for (const auto& l : lines)
            if (l.find(part) != std::string::npos) return true;
        return false;
    }
    std::string all() const {
        std::lock_guard<std::mutex> lock(mutex);
        std::string out;
        for (const auto& l : lines) out += l + "\n";
        return out;
    }
};

}  // namespace majlis::testing
