// fleet: how fast one content edit reaches a venue full of screens, and what it costs.
//
//   build/fleet [--players N] [--poll S] [--sigstop 0|1] [--ready-timeout S] [--majlis PATH]
//               [--data DIR] [--keep 1]
//               [--trace 1]   also propagation_ms_<screen id>: each player's arrival, with the
//                             UTC second of the edit and of its status (late made, or late carried)
//               [--parts propagation,alerts,forged,reconnects,offline]   which parts run (all by
//                             default; in this order, each on its own after the players are ready)
//               [--alert-rounds N] (5) [--cut S] (30) [--cut-players N] (a fifth of the players, at least 1)
//
// A benchmark, not a test: it prints `name: value` lines. Targets from issue 9:
//   propagation_ms_p50, propagation_ms_p99   from the edit to each screen's MQTT status showing
//                               the new bundle's sequence; target_propagation_ms_p99: 3000
//   bytes_per_player_median, bytes_per_player_max   what each player downloaded for the edit
//                               (manifest, signature and objects: the "N bytes fetched" of its
//                               "swapped in bundle" log line, bodies only); target: under
//                               2 x changed_file_bytes (manifest_bytes is printed beside them:
//                               every player fetches the new manifest, which lists every file)
//   hub_publish_ms              from the edit to the hub serving the new manifest (its settle
//                               time and the publish; the rest of propagation is delivery)
//   offline_detect_ms           a player SIGKILLed -> its status offline (the broker publishes
//                               its last will when the socket closes)
//   offline_detect_stopped_ms   a player SIGSTOPped -> offline (the broker gives up 1.5 x the
//                               keepalive of 30 s after the player's last packet, on its own
//                               timer: 15 to about 50 s after the stop); --sigstop 0 skips it
//   hub_cpu_ms, hub_cpu_percent   the hub process's CPU (utime+stime, /proc/PID/stat) from the
//                               edit to the last player's arrival, and that in % of one core
//                               over the same window
//   player_cpu_ms_median        the CPU one player spent on the edit (fetch, check, reload, its
//                               thumbnail), from the edit to the last arrival
//   players_cpu_percent         all players' CPU over that window, in % of one core: near
//                               100 x cores, the players' own work on a shared machine sets the tail
//   player_rss_mb_median, player_rss_mb_max   VmRSS of the headless players after the edit
//   player_rss_anon_mb_median   the private part of it (RssAnon: heap, stacks); the rest are
//                               pages of files (fonts, ICU data, libraries) the players share
//   players_ready_s             from starting the first player to all showing the first bundle
// and from issue 10 (live control; every alert is assets/alerts/evacuate.toml, sent as `majlis
// alert --text-file ... --expires 10m` sends it: fleet::send_alert, the CLI's own code, signs it
// here with the operator's key, checks GET /api/hub and POSTs it to the hub's /api/control, which
// publishes it retained on majlis/<venue>/alert; a player acknowledges by its status's "alert",
// the id of the alert it shows -- for a headless player, the alert handed to the app):
//   alert_ms_p50, alert_ms_p99  from the send (send_alert called: key and text read, the hub
//                               asked, signed, posted) to each player's status showing the
//                               alert, over every player of --alert-rounds alerts (each
//                               cancelled, `majlis alert --cancel ID`, before the next);
//                               target_alert_ms_p99: 1000 (issue 10: ideally under 250)
//   alert_all_ms_median         per round, the send to the last player's acknowledgement; the
//                               median over the rounds
//   alert_cancel_ms_p99         the same for the cancels, to the statuses showing no alert
//   alert_send_ms_median        how much of it is send_alert itself (to the hub's answer)
//   forged_accepted             the players that showed any of a batch of forged messages
//                               (forged_messages of them, each an alert "forged-..."), published
//                               straight to the broker on the venue's alert topic with the hub's
//                               MQTT account -- someone with its password but not the operator's
//                               key: unsigned, signed with another key, a signed one altered,
//                               expired, issued 10 min ahead, signed for one screen's topic,
//                               signed for another venue's, and a replay (the exact bytes of an
//                               alert screen-001 accepted, read from its cache, after its cancel).
//                               "Showed": a status with that alert, or "showing alert forged-" in
//                               its log. Must be 0; forged_refused_per_player_min (the fewest of
//                               the batch a player's status reports refused) says that every
//                               player did receive them all
//   alert_ms_p99_with_reconnects   --cut-players of the players lose the broker for --cut
//                               seconds: they reach it through a relay in this process (CutProxy)
//                               that then closes their connections and every new one, as a Wi-Fi
//                               outage under a few screens while their processes run on (not
//                               SIGSTOP, which freezes the player; not a restart, which tests the
//                               cache). Once the broker has published their wills
//                               (cut_offline_ms after the cut) the alert is sent: from the send to
//                               all acknowledging, the p99 over every player (the cut ones show
//                               it after they reconnect: the figure is about the cut's length);
//                               alert_ms_p99_connected_during_cut is the p99 of the others, and
//                               alert_after_cut_ms_p50/max how long after the cut's end the cut
//                               ones acknowledged: their next try (libmosquitto's backoff with
//                               presence.h's 1 s and 30 s: tries 0, 1, 5, 14, 30, 55, 85... s
//                               after the loss), then the retained alert. A 30 s cut ends just as
//                               the fifth try starts; a 20 s cut measured 10 s after its end
//   machine_load_1min           /proc/loadavg at the end: other work on the same cores
//
// How it runs, all on loopback in a temporary folder (removed at the end; --keep 1 keeps it and
// prints its path, with every process's log):
//  - mosquitto (tests/fleet/broker.h: the fleet's password file and ACL, one account per screen
//    and one for the hub); keys from `majlis keygen`; a copy of the demo content;
//  - `majlis hub` on that copy, announcing each bundle on MQTT;
//  - N players `majlis --hub ... --headless --mqtt ... --poll S` (default 60 s, so a new bundle
//    reaches them through the MQTT announcement, not their polling), each its own process with
//    its own cache and MQTT user, screen ids screen-001...;
//  - this process watches every screen's retained status as the dashboard does (a FleetView
//    logged in as the hub). Once every player shows the hub's first bundle and the players have
//    finished their startup's work (together under a tenth of a core for a second; the wait is
//    players_settle_s, at most 120 s), one file changes: agenda.toml, one session title longer, written
//    beside the content folder and renamed in (as editors and sync tools save). Each player's
//    arrival is the moment its status with a newer sequence reaches the FleetView.
//  - then the alerts, the forged batch and the cut, each starting and ending with no alert
//    shown, and last the offline detection (it kills two players).
// Every child is killed when this program ends, also on Ctrl-C or SIGTERM (it stops waiting and
// cleans up) and when it is killed outright (the children's PR_SET_PDEATHSIG).
//
// Caveats: on one machine the hub, broker and N players share its cores (on the 2-core
// development machine 100 players take minutes to start: each loads fonts, fetches the whole
// bundle and checks it as `majlis check` does). Each player also draws a thumbnail offscreen
// (llvmpipe) when it shows a new bundle and PUTs it to the hub: that load falls inside the
// propagation window, as it would at a venue. A player publishes its status the moment a new
// bundle is swapped in (ScreenAgent::bundle_swapped), not at its loop's next tick. Linux allows a user 128 inotify
// instances by default (fs.inotify.max_user_instances): players beyond that watch their cache by
// polling, which does not change how a bundle arrives (the sync reloads the content itself).
// The players the cut part cuts off talk to the broker through the relay for the whole run (one
// more loopback hop in their figures too). The alert figures count on a player telling its new
// alert in a status at once, not at its loop's next second: what they measure is the bytes'
// way (hub, broker, player, broker, this process) and the players' and hub's wait for a core.
#include "bench_support.h"
#include "core/log.h"
#include "fleet/broker.h"
#include "fleet/bundle.h"
#include "fleet/control.h"
#include "fleet/presence.h"
#include "test_support.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace majlis;
using majlis::testing::Broker;
using majlis::testing::ChildProcess;
using majlis::testing::TempFolder;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
namespace fs = std::filesystem;

namespace {

std::atomic<int> interrupted{0};  // SIGINT or SIGTERM: stop waiting, clean up, exit

void on_signal(int sig) { interrupted = sig; }

struct Options {
    int players = 100;
    double poll_s = 60;
    bool sigstop = true;
    double ready_timeout_s = 900;
    bool keep = false;
    bool trace = false;
    std::string parts = "propagation,alerts,forged,reconnects,offline";
    int alert_rounds = 5;
    double cut_s = 30;
    int cut_players = -1;  // -1: a fifth of the players
    std::string majlis = MAJLIS_BENCH_BIN;
    std::string data = MAJLIS_BENCH_DATA;
};

const char* kVenue = "bench";

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// The last `lines` lines of `text`.
std::string tail(const std::string& text, size_t lines) {
    size_t at = text.size();
    for (size_t n = 0; n <= lines && at > 0; ++n) {
        at = text.rfind('\n', at - 1);
        if (at == std::string::npos) return text;
    }
    return text.substr(at + 1);
}

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// The nearest-rank percentile (p in 0..100) of `v`; 0 when empty.
double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t rank = size_t(std::max(1.0, std::ceil(p / 100.0 * double(v.size()))));
    return v[std::min(rank, v.size()) - 1];
}

std::string screen_id(int i) {
    char id[32];
    std::snprintf(id, sizeof id, "screen-%03d", i + 1);
    return id;
}

// Runs `argv` to its end (at most `timeout`); true when it exited 0.
bool run_to_end(const std::vector<std::string>& argv, const fs::path& output, std::chrono::seconds timeout) {
    ChildProcess tool(argv, output);
    const int status = tool.stop(0, timeout);  // signal 0: only wait
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Waits in short steps (so Ctrl-C is seen) until `ready(screens)` holds; `ready` runs on every
// status that arrives. False on timeout or interruption.
bool wait_screens(const fleet::FleetView& view, const std::function<bool(const fleet::FleetView::Screens&)>& ready,
                  std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!interrupted) {
        if (view.wait_for(ready, milliseconds(200))) return true;
        if (Clock::now() > deadline) return false;
    }
    return false;
}

// The sequence of the manifest the hub serves, 0 when none (or no answer).
int64_t served_sequence(int port) {
    httplib::Client http("127.0.0.1", port);
    http.set_connection_timeout(1);
    http.set_read_timeout(5);
    auto res = http.Get("/bundle/manifest.json");
    if (!res || res->status != 200) return 0;
    const auto j = nlohmann::json::parse(res->body, nullptr, false);
    return j.is_object() && j.contains("sequence") && j["sequence"].is_number_integer() ? j["sequence"].get<int64_t>() : 0;
}

// The "N bytes fetched" of the player's log line "swapped in bundle <sequence> (... N bytes fetched)".
std::optional<double> bytes_fetched(const fs::path& log, int64_t sequence) {
    std::ifstream in(log);
    const std::string key = "swapped in bundle " + std::to_string(sequence) + " (", end = " bytes fetched)";
    for (std::string line; std::getline(in, line);) {
        const size_t at = line.find(key), stop = line.rfind(end), comma = line.rfind(", ", stop);
        if (at != std::string::npos && stop != std::string::npos && comma != std::string::npos && comma > at)
            return std::atof(line.c_str() + comma + 2);
    }
    return std::nullopt;
}

// A TCP relay between some players and the broker that the bench can cut, as a venue's Wi-Fi
// drops out under a few screens while their processes go on: cut_for() closes every connection
// through it at once (the broker sees the sockets close and publishes the players' wills; the
// players see theirs close and reconnect with their backoff) and stops listening until the time
// is up, so that each reconnect fails at once (refused) and the players' backoff grows as in a
// real outage. (A connection accepted and closed at once would count as a success to
// libmosquitto's loop and keep its backoff at the minimum.) One thread, poll(); MQTT's traffic
// is small.
class CutProxy {
public:
    explicit CutProxy(int upstream_port) : upstream_port_(upstream_port) {
        if (listen()) thread_ = std::thread([this] { run(); });
    }
    ~CutProxy() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        if (listen_fd_ >= 0) ::close(listen_fd_);
    }
    CutProxy(const CutProxy&) = delete;
    CutProxy& operator=(const CutProxy&) = delete;

    int port() const { return port_; }  // 0: it could not listen
    void cut_for(std::chrono::milliseconds d) { cut_until_ = (Clock::now() + d).time_since_epoch().count(); }
    bool cut() const { return Clock::now().time_since_epoch().count() < cut_until_; }

private:
    struct Link {
        int player = -1, broker = -1;
    };
    static void close_link(Link& l) {
        ::close(l.player);
        ::close(l.broker);
        l.player = l.broker = -1;
    }
    // Reads what `from` has and writes it all to `to`; false when either side is done.
    static bool relay(int from, int to) {
        char buf[65536];
        const ssize_t n = ::recv(from, buf, sizeof buf, 0);
        if (n <= 0) return false;
        for (ssize_t sent = 0; sent < n;) {
            const ssize_t w = ::send(to, buf + sent, size_t(n - sent), MSG_NOSIGNAL);
            if (w <= 0) return false;
            sent += w;
        }
        return true;
    }
    // Listens on port_ (0 the first time: a free one, kept in port_). False when it cannot.
    bool listen() {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const int one = 1;
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(uint16_t(port_));
        socklen_t len = sizeof a;
        if (listen_fd_ < 0 || ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
            ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listen_fd_, 128) != 0 ||
            ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
            if (listen_fd_ >= 0) ::close(listen_fd_);
            listen_fd_ = -1;
            return false;
        }
        port_ = ntohs(a.sin_port);
        return true;
    }
    int connect_broker() const {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(uint16_t(upstream_port_));
        if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) return fd;
        if (fd >= 0) ::close(fd);
        return -1;
    }
    void run() {
        std::vector<Link> links;
        while (!stop_) {
            const bool down = cut();
            if (down) {
                for (Link& l : links) close_link(l);
                if (listen_fd_ >= 0) ::close(listen_fd_);
                listen_fd_ = -1;
            } else if (listen_fd_ < 0 && !listen()) {
                std::this_thread::sleep_for(milliseconds(10));  // the port not free again yet
            }
            std::erase_if(links, [](const Link& l) { return l.player < 0; });
            std::vector<pollfd> fds{{listen_fd_, POLLIN, 0}};
            for (const Link& l : links) {
                fds.push_back({l.player, POLLIN, 0});
                fds.push_back({l.broker, POLLIN, 0});
            }
            if (::poll(fds.data(), fds.size(), 50) <= 0) continue;
            for (size_t i = 0; i < links.size(); ++i) {
                Link& l = links[i];
                const short from_player = fds[1 + 2 * i].revents, from_broker = fds[2 + 2 * i].revents;
                if ((from_player && !relay(l.player, l.broker)) || (from_broker && !relay(l.broker, l.player)))
                    close_link(l);
            }
            if (fds[0].revents & POLLIN) {
                const int player = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
                if (player < 0) continue;
                const int broker = connect_broker();
                if (broker < 0) ::close(player);  // no broker: neither for the player
                else links.push_back({player, broker});
            }
        }
        for (Link& l : links)
            if (l.player >= 0) close_link(l);
    }

    int upstream_port_ = 0, listen_fd_ = -1, port_ = 0;
    std::atomic<Clock::rep> cut_until_{0};
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// `majlis alert ...` as the CLI runs it (fleet::send_alert: signed here with the operator's key,
// POSTed to the hub's /api/control), minus the process's start. The alert's id is read from
// what it prints ("alert <id> (...) on <topic>: HTTP 202 ...").
struct AlertSent {
    int result = -1;  // send_alert's: 0 every message published
    std::string alert_id;
    std::string printed;
};
AlertSent send_alert_order(const fleet::AlertOrder& order) {
    AlertSent sent;
    char* text = nullptr;
    size_t size = 0;
    std::FILE* out = open_memstream(&text, &size);
    Log to_stderr{[](LogLevel, std::string_view line) {
        std::fprintf(stderr, "fleet: majlis alert: %.*s\n", int(line.size()), line.data());
    }};
    sent.result = fleet::send_alert(order, to_stderr, out);
    std::fclose(out);
    sent.printed.assign(text, size);
    std::free(text);
    if (sent.printed.starts_with("alert ")) sent.alert_id = sent.printed.substr(6, sent.printed.find(' ', 6) - 6);
    return sent;
}

// Each screen's switch: from an alert (or none, "") to another, as its status says.
struct Switch {
    std::map<std::string, double> ms;          // screen id -> from the send to the status showing it
    std::map<std::string, std::string> shown;  // what that status showed
    AlertSent sent;
    Clock::time_point send_at;
    double sent_ms = 0;                        // send_alert's time: to the hub's answer
    bool complete = false;                     // every watched screen switched in time
};

struct Player {
    std::string id;
    fs::path log;
    std::unique_ptr<ChildProcess> process;
};

// Sends `order` on another thread and waits (at most `timeout`) until each of `watched` shows
// something other than `from` in its status: its moment is when that status reached the
// FleetView, as a dashboard sees it.
Switch measure_switch(const fleet::FleetView& view, const std::vector<std::string>& watched, const std::string& from,
                      const fleet::AlertOrder& order, std::chrono::milliseconds timeout) {
    Switch sw;
    sw.send_at = Clock::now();
    std::thread sender([&sw, &order] {
        sw.sent = send_alert_order(order);
        sw.sent_ms = ms_since(sw.send_at);
    });
    sw.complete = wait_screens(
        view,
        [&](const fleet::FleetView::Screens& screens) {
            for (const std::string& id : watched) {
                auto it = screens.find(id);
                if (it != screens.end() && it->second.status.alert != from && !sw.ms.count(id)) {
                    sw.ms[id] = ms_since(sw.send_at);
                    sw.shown[id] = it->second.status.alert;
                }
            }
            return sw.ms.size() == watched.size();
        },
        timeout);
    sender.join();
    return sw;
}

// The N of a status's "refused N control message(s)" (fleet/agent.cpp), 0 when none.
int refused_controls(const std::string& last_error) {
    const std::string key = "refused ";
    for (size_t at = last_error.find(key); at != std::string::npos; at = last_error.find(key, at + 1)) {
        char* end = nullptr;
        const long n = std::strtol(last_error.c_str() + at + key.size(), &end, 10);
        if (end && std::string_view(end).starts_with(" control message")) return int(n);
    }
    return 0;
}

int run(const Options& o) {
    auto want = [&o](std::string_view part) {
        return ("," + o.parts + ",").find("," + std::string(part) + ",") != std::string::npos;
    };
    TempFolder tmp("majlis-fleet-bench");
    const fs::path content = tmp.path / "content", logs = tmp.path / "logs";
    fs::create_directories(logs);
    struct Keep {  // --keep 1: the folder outlives the run (moved aside before TempFolder removes it)
        const Options& o;
        const TempFolder& tmp;
        ~Keep() {
            if (!o.keep) return;
            const fs::path kept = tmp.path.string() + "-kept";
            std::error_code ec;
            fs::rename(tmp.path, kept, ec);
            std::printf("kept: %s\n", ec ? ec.message().c_str() : kept.c_str());
        }
    } keep{o, tmp};
    fs::copy(fs::path(o.data) / "assets" / "dushanbe-2025", content, fs::copy_options::recursive);
    if (!run_to_end({o.majlis, "keygen", "--out", tmp / "keys"}, logs / "keygen.log", std::chrono::seconds(30))) {
        std::fprintf(stderr, "fleet: majlis keygen failed:\n%s", read_file(logs / "keygen.log").c_str());
        return 1;
    }

    std::vector<Player> players(size_t(o.players));
    std::vector<std::string> users{"hub"};
    for (int i = 0; i < o.players; ++i) {
        players[size_t(i)].id = screen_id(i);
        players[size_t(i)].log = logs / (players[size_t(i)].id + ".log");
        users.push_back(players[size_t(i)].id);
    }
    Broker broker(users);
    if (!broker.running()) {
        std::fprintf(stderr, "fleet: mosquitto did not start:\n%s", broker.log().c_str());
        return 1;
    }
    std::string error;
    const std::optional<fleet::MqttUrl> hub_user = fleet::MqttUrl::parse(broker.url("hub"), &error);
    fleet::MqttSettings watch;
    watch.url = *hub_user;
    watch.venue = kVenue;
    Log quiet{[](LogLevel, std::string_view) {}};
    fleet::FleetView view(watch, quiet);

    const int hub_port = majlis::testing::free_loopback_port();
    const std::string hub_url = "http://127.0.0.1:" + std::to_string(hub_port);
    ChildProcess hub({o.majlis, "--data", o.data, "hub", "--content", content, "--key", tmp / "keys/majlis.key",
                      "--listen", "127.0.0.1:" + std::to_string(hub_port), "--state", tmp / "state", "--mqtt",
                      broker.url("hub"), "--venue", kVenue},
                     logs / "hub.log");
    int64_t first = 0;
    for (const auto deadline = Clock::now() + std::chrono::seconds(60); !interrupted && Clock::now() < deadline;
         std::this_thread::sleep_for(milliseconds(50)))
        if (!hub.running() || (first = served_sequence(hub_port)) > 0) break;
    if (first <= 0) {
        std::fprintf(stderr, "fleet: the hub serves no bundle:\n%s", tail(read_file(logs / "hub.log"), 20).c_str());
        return 1;
    }

    // The players that the reconnects part cuts off (the last ones) reach the broker through a
    // CutProxy from the start.
    const int cut_count =
        !want("reconnects") ? 0 : std::min(o.players, o.cut_players >= 0 ? o.cut_players : std::max(1, o.players / 5));
    std::unique_ptr<CutProxy> proxy;
    if (cut_count > 0) {
        proxy = std::make_unique<CutProxy>(broker.port());
        if (!proxy->port()) {
            std::fprintf(stderr, "fleet: the proxy for the reconnects could not listen\n");
            return 1;
        }
    }
    std::vector<std::string> cut_ids;
    for (int i = o.players - cut_count; i < o.players; ++i) cut_ids.push_back(players[size_t(i)].id);
    auto mqtt_url = [&](const std::string& id) {  // through the proxy for those it cuts
        std::string url = broker.url(id);
        if (std::find(cut_ids.begin(), cut_ids.end(), id) != cut_ids.end())
            url = url.substr(0, url.rfind(':') + 1) + std::to_string(proxy->port());
        return url;
    };

    // The players, and every one showing the first bundle.
    const auto started = Clock::now();
    for (Player& p : players) {
        if (interrupted) return 1;
        p.process = std::make_unique<ChildProcess>(
            std::vector<std::string>{o.majlis, "--data", o.data, "--hub", hub_url, "--trust", tmp / "keys/majlis.pub",
                                     "--headless", "--mqtt", mqtt_url(p.id), "--venue", kVenue, "--screen-id", p.id,
                                     "--cache", tmp / ("cache/" + p.id), "--poll", std::to_string(o.poll_s),
                                     "--thumbnail", "0"},
            p.log);
    }
    auto all_at = [&](auto ok) {
        return [&players, ok](const fleet::FleetView::Screens& screens) {
            for (const Player& p : players) {
                auto it = screens.find(p.id);
                if (it == screens.end() || !ok(it->second)) return false;
            }
            return true;
        };
    };
    const bool ready = wait_screens(
        view, all_at([first](const fleet::FleetView::Screen& s) { return s.online && s.status.sequence == first; }),
        std::chrono::milliseconds(int64_t(o.ready_timeout_s * 1000)));
    if (!ready) {
        if (interrupted) return 1;
        const auto screens = view.screens();
        std::fprintf(stderr, "fleet: not every player showed bundle %lld in %g s:\n", (long long)first, o.ready_timeout_s);
        for (const Player& p : players) {
            auto it = screens.find(p.id);
            if (it != screens.end() && it->second.online && it->second.status.sequence == first) continue;
            std::fprintf(stderr, "--- %s: %s\n%s", p.id.c_str(),
                         it == screens.end() ? "no status" : it->second.status.to_json().c_str(),
                         tail(read_file(p.log), 8).c_str());
        }
        return 1;
    }
    const double ready_s = ms_since(started) / 1000;
    // The startup's work (thumbnails, uploads) done: the players together below a tenth of a core
    // for a whole second (at most 120 s of waiting; players_settle_s says how long it took).
    auto players_ticks = [&] {
        long sum = 0;
        for (const Player& p : players) sum += std::max(0L, bench::proc_cpu_ticks(p.process->pid()));
        return sum;
    };
    const auto settling = Clock::now();
    for (long before = players_ticks(); !interrupted && ms_since(settling) < 120000;) {
        std::this_thread::sleep_for(milliseconds(1000));
        const long now = players_ticks();
        if (double(now - before) < 0.1 * double(sysconf(_SC_CLK_TCK))) break;
        before = now;
    }
    const double settle_s = ms_since(settling) / 1000;

    std::printf("players: %d\n", o.players);
    std::printf("players_ready_s: %.1f\n", ready_s);
    std::printf("players_settle_s: %.1f\n", settle_s);
    std::fflush(stdout);

    if (want("propagation")) {
        // The edit: one session title longer, written aside and renamed in.
        const fs::path agenda = content / "agenda.toml", aside = tmp.path / "agenda.toml.new";
        std::string text = read_file(agenda);
        const std::string title = "title.en = \"Press accreditation\"";
        const size_t at = text.find(title);
        if (at == std::string::npos) {
            std::fprintf(stderr, "fleet: %s has no '%s' to edit\n", agenda.c_str(), title.c_str());
            return 1;
        }
        text.insert(at + title.size() - 1, " (moved to hall B)");
        std::ofstream(aside, std::ios::binary) << text;
        const long hub_ticks_before = bench::proc_cpu_ticks(hub.pid());
        std::vector<long> player_ticks_before;
        for (const Player& p : players) player_ticks_before.push_back(bench::proc_cpu_ticks(p.process->pid()));
        const auto edit = Clock::now();
        const std::string edit_utc = fleet::utc_time_now();
        fs::rename(aside, agenda);

        std::atomic<double> publish_ms{-1};
        std::atomic<bool> stop_watching{false};
        std::thread publish_watch([&] {  // when the hub serves the new manifest
            while (!stop_watching && !interrupted) {
                if (served_sequence(hub_port) > first) {
                    publish_ms = ms_since(edit);
                    return;
                }
                std::this_thread::sleep_for(milliseconds(10));
            }
        });
        std::map<std::string, double> arrival_ms;  // by screen id; written on the waiting thread only
        std::map<std::string, std::string> made_at;  // the arriving status's own "time" (when the player made it)
        const bool arrived = wait_screens(
            view,
            [&](const fleet::FleetView::Screens& screens) {
                for (const Player& p : players) {
                    auto it = screens.find(p.id);
                    if (it != screens.end() && it->second.status.sequence > first && !arrival_ms.count(p.id)) {
                        arrival_ms[p.id] = ms_since(edit);
                        made_at[p.id] = it->second.status.time;
                    }
                }
                return arrival_ms.size() == players.size();
            },
            std::chrono::seconds(120));
        const double window_s = ms_since(edit) / 1000;
        const long hub_ticks_after = bench::proc_cpu_ticks(hub.pid());
        std::vector<double> player_cpu_ms;
        for (size_t i = 0; i < players.size(); ++i)
            player_cpu_ms.push_back(1000.0 * double(bench::proc_cpu_ticks(players[i].process->pid()) - player_ticks_before[i]) /
                                    double(sysconf(_SC_CLK_TCK)));
        stop_watching = true;
        publish_watch.join();
        if (!arrived) {
            if (interrupted) return 1;
            std::fprintf(stderr, "fleet: %zu of %d players showed the edit within 120 s; hub:\n%s", arrival_ms.size(),
                         o.players, tail(read_file(logs / "hub.log"), 10).c_str());
            return 1;
        }
        const int64_t second = served_sequence(hub_port);
        std::vector<double> arrivals, bytes, rss, rss_anon;
        for (const auto& [id, ms] : arrival_ms) arrivals.push_back(ms);
        int missing_bytes = 0;
        for (const Player& p : players) {
            if (auto b = bytes_fetched(p.log, second)) bytes.push_back(*b);
            else ++missing_bytes;
            rss.push_back(bench::proc_status_mb(p.process->pid(), "VmRSS:"));
            rss_anon.push_back(bench::proc_status_mb(p.process->pid(), "RssAnon:"));
        }

        std::printf("hub_publish_ms: %.0f\n", publish_ms.load());
        std::printf("propagation_ms_p50: %.0f\n", percentile(arrivals, 50));
        std::printf("propagation_ms_p99: %.0f\n", percentile(arrivals, 99));
        std::printf("propagation_ms_max: %.0f\n", percentile(arrivals, 100));
        std::printf("target_propagation_ms_p99: 3000\n");
        std::printf("changed_file_bytes: %ju\n", uintmax_t(fs::file_size(agenda)));
        std::printf("manifest_bytes: %ju\n", uintmax_t(fs::file_size(tmp.path / "state/bundle/manifest.json")));
        std::printf("bytes_per_player_median: %.0f\n", percentile(bytes, 50));
        std::printf("bytes_per_player_max: %.0f\n", percentile(bytes, 100));
        if (missing_bytes) std::printf("bytes_per_player_unknown: %d\n", missing_bytes);
        std::printf("target_bytes_per_player: %ju\n", uintmax_t(2 * fs::file_size(agenda)));
        const double hub_cpu_s = double(hub_ticks_after - hub_ticks_before) / double(sysconf(_SC_CLK_TCK));
        std::printf("hub_cpu_ms: %.0f\n", hub_cpu_s * 1000);
        std::printf("hub_cpu_percent: %.1f\n", 100.0 * hub_cpu_s / window_s);
        std::printf("player_cpu_ms_median: %.0f\n", percentile(player_cpu_ms, 50));
        std::printf("players_cpu_percent: %.0f\n", 100.0 * std::accumulate(player_cpu_ms.begin(), player_cpu_ms.end(), 0.0) /
                                                      1000.0 / window_s);
        std::printf("player_rss_mb_median: %.1f\n", percentile(rss, 50));
        std::printf("player_rss_mb_max: %.1f\n", percentile(rss, 100));
        std::printf("player_rss_anon_mb_median: %.1f\n", percentile(rss_anon, 50));
        if (o.trace)
            for (const auto& [id, ms] : arrival_ms)
                std::printf("propagation_ms_%s: %.0f  (edit at %s, status made at %s)\n", id.c_str(), ms, edit_utc.c_str(),
                            made_at[id].c_str());
        std::fflush(stdout);
    }

    // Alerts, sent as `majlis alert --text-file assets/alerts/evacuate.toml` sends them (signed
    // here, POST /api/control, published retained on the venue's topic), and their cancels.
    std::vector<std::string> all_ids;
    for (const Player& p : players) all_ids.push_back(p.id);
    fleet::AlertOrder alert_order;
    alert_order.hub = hub_url;
    alert_order.key_path = tmp / "keys/majlis.key";
    alert_order.text_file = (fs::path(o.data) / "assets" / "alerts" / "evacuate.toml").string();
    alert_order.expires = "10m";
    auto cancel_order = [&alert_order](const std::string& alert_id) {
        fleet::AlertOrder c = alert_order;
        c.text_file.clear();
        c.cancel_id = alert_id;
        return c;
    };
    // False (and why on stderr) unless every screen switched in time, to `expected` ("" none;
    // the alert's id, known once the send has returned).
    auto switched = [&](const char* what, const Switch& sw, const std::string& expected) {
        int wrong = 0;
        for (const auto& [id, shown] : sw.shown) wrong += shown != expected;
        if (sw.complete && !wrong && sw.sent.result == 0 && !interrupted) return true;
        if (interrupted) return false;
        std::fprintf(stderr, "fleet: %s: %zu screens switched, %d to something else than '%s'; majlis alert said:\n%s",
                     what, sw.ms.size(), wrong, expected.c_str(), sw.sent.printed.c_str());
        const auto screens = view.screens();
        for (const Player& p : players) {
            auto it = sw.shown.find(p.id);
            if (it != sw.shown.end() && it->second == expected) continue;
            auto s = screens.find(p.id);
            std::fprintf(stderr, "--- %s: %s\n%s", p.id.c_str(),
                         s == screens.end() ? "no status" : s->second.status.to_json().c_str(), tail(read_file(p.log), 6).c_str());
        }
        return false;
    };
    auto values = [](const Switch& sw, const std::vector<std::string>& ids) {
        std::vector<double> ms;
        for (const std::string& id : ids) ms.push_back(sw.ms.at(id));
        return ms;
    };

    if (want("alerts")) {
        std::vector<double> acks, cancels, last, sends;
        for (int round = 0; round < o.alert_rounds; ++round) {
            const Switch on = measure_switch(view, all_ids, "", alert_order, std::chrono::seconds(60));
            if (!switched("alert", on, on.sent.alert_id)) return 1;
            const std::vector<double> ms = values(on, all_ids);
            acks.insert(acks.end(), ms.begin(), ms.end());
            last.push_back(percentile(ms, 100));
            sends.push_back(on.sent_ms);
            const Switch off = measure_switch(view, all_ids, on.sent.alert_id, cancel_order(on.sent.alert_id),
                                              std::chrono::seconds(60));
            if (!switched("cancel", off, "")) return 1;
            const std::vector<double> back = values(off, all_ids);
            cancels.insert(cancels.end(), back.begin(), back.end());
        }
        std::printf("alert_rounds: %d\n", o.alert_rounds);
        std::printf("alert_ms_p50: %.0f\n", percentile(acks, 50));
        std::printf("alert_ms_p99: %.0f\n", percentile(acks, 99));
        std::printf("alert_ms_max: %.0f\n", percentile(acks, 100));
        std::printf("alert_all_ms_median: %.0f\n", percentile(last, 50));
        std::printf("alert_cancel_ms_p99: %.0f\n", percentile(cancels, 99));
        std::printf("alert_send_ms_median: %.0f\n", percentile(sends, 50));
        std::printf("target_alert_ms_p99: 1000\n");
        std::fflush(stdout);
    }

    if (want("forged")) {
        // A real alert first: screen-001 keeps its exact bytes (CACHE/control/, control.h), which
        // are replayed below once its cancel has superseded it.
        const Switch on = measure_switch(view, all_ids, "", alert_order, std::chrono::seconds(60));
        if (!switched("alert", on, on.sent.alert_id)) return 1;
        std::string venue_topic = fleet::venue_alert_topic(kVenue);
        std::replace(venue_topic.begin(), venue_topic.end(), '/', '.');
        const std::string replayed = read_file(tmp.path / "cache" / players[0].id / "control" / venue_topic);
        const Switch off = measure_switch(view, all_ids, on.sent.alert_id, cancel_order(on.sent.alert_id),
                                          std::chrono::seconds(60));
        if (!switched("cancel", off, "")) return 1;
        if (replayed.empty()) {
            std::fprintf(stderr, "fleet: %s kept no alert in its cache to replay\n", players[0].id.c_str());
            return 1;
        }

        // The batch: each an alert "forged-..." on the venue's topic, published straight to the
        // broker with the hub's MQTT account (someone who has its password but not the key).
        std::string error;
        const auto key = fleet::load_secret_key(tmp / "keys/majlis.key", error);
        std::optional<fleet::SecretKey> other;
        if (key && fleet::generate_keys(tmp / "other-keys", error))
            other = fleet::load_secret_key(tmp / "other-keys/majlis.key", error);
        const content::AlertLoad text = content::load_alert_file(alert_order.text_file);
        if (!key || !other || !text.alert) {
            std::fprintf(stderr, "fleet: keys or %s: %s\n", alert_order.text_file.c_str(), error.c_str());
            return 1;
        }
        const std::string topic = fleet::venue_alert_topic(kVenue);
        auto forged = [&](const std::string& name, int64_t issued_ms, int64_t lasts_ms, const std::string& target) {
            fleet::ControlMessage m;
            m.kind = fleet::ControlKind::Alert;
            m.id = "m-" + name;
            m.issued_ms = issued_ms;
            m.expires_ms = issued_ms + lasts_ms;
            m.target = target;
            m.alert = *text.alert;
            m.alert.id = "forged-" + name;
            m.alert.sent_ms = m.issued_ms;
            m.alert.expires_ms = m.expires_ms;
            return m;
        };
        const int64_t now =
            std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        std::string tampered = fleet::sign_control(forged("tampered", now, 600000, topic), *key);
        tampered.replace(tampered.find("forged-tampered"), 15, "forged-tamperee");  // the signature no longer matches
        const std::vector<std::pair<std::string, std::string>> batch{
            {"unsigned", forged("unsigned", now, 600000, topic).to_json() + "\n"},
            {"another key", fleet::sign_control(forged("other-key", now, 600000, topic), *other)},
            {"tampered", tampered},
            {"expired", fleet::sign_control(forged("expired", now - 120000, 60000, topic), *key)},
            {"from the future", fleet::sign_control(forged("future", now + 600000, 600000, topic), *key)},
            {"for one screen",
             fleet::sign_control(forged("one-screen", now, 600000, fleet::screen_alert_topic(kVenue, players[0].id)), *key)},
            {"for another venue",
             fleet::sign_control(forged("other-venue", now, 600000, fleet::venue_alert_topic("elsewhere")), *key)},
            {"replayed", replayed},
        };
        std::map<std::string, int> refused_before;
        for (const auto& [id, s] : view.screens()) refused_before[id] = refused_controls(s.status.last_error);
        majlis::testing::RawClient intruder(broker, "hub", broker.password("hub"));
        for (const auto& [what, payload] : batch)
            if (const int reason = intruder.publish(topic, payload); reason != 0) {
                std::fprintf(stderr, "fleet: the broker did not take the %s message (reason %d)\n", what.c_str(),
                             reason);
                return 1;
            }
        // Until every screen reports the whole batch refused (at most 30 s); any forged alert
        // a status shows meanwhile is counted, and so is one a player's log says it showed.
        std::set<std::string> showed;
        std::map<std::string, int> refused;
        wait_screens(
            view,
            [&](const fleet::FleetView::Screens& screens) {
                size_t done = 0;
                for (const std::string& id : all_ids) {
                    auto it = screens.find(id);
                    if (it == screens.end()) continue;
                    if (it->second.status.alert.starts_with("forged-")) showed.insert(id);
                    refused[id] = refused_controls(it->second.status.last_error) - refused_before[id];
                    done += refused[id] >= int(batch.size());
                }
                return done == all_ids.size();
            },
            std::chrono::seconds(30));
        for (const Player& p : players)
            if (read_file(p.log).find("showing alert forged-") != std::string::npos) showed.insert(p.id);
        std::vector<double> counts;
        for (const std::string& id : all_ids) counts.push_back(refused[id]);
        std::printf("forged_messages: %zu\n", batch.size());
        std::printf("forged_refused_per_player_min: %.0f\n", percentile(counts, 0));
        std::printf("forged_accepted: %zu\n", showed.size());
        std::printf("target_forged_accepted: 0\n");
        std::fflush(stdout);
    }

    if (cut_count > 0) {
        // The last cut_count players lose the broker (their proxy cuts every connection) for
        // --cut seconds; once the broker has published their wills, an alert is sent.
        proxy->cut_for(std::chrono::milliseconds(int64_t(o.cut_s * 1000)));
        const auto cut_at = Clock::now();
        const bool gone = wait_screens(
            view,
            [&](const fleet::FleetView::Screens& screens) {
                for (const std::string& id : cut_ids)
                    if (auto it = screens.find(id); it == screens.end() || it->second.online) return false;
                return true;
            },
            std::chrono::milliseconds(int64_t(o.cut_s * 1000)));
        if (!gone) {
            if (interrupted) return 1;
            std::fprintf(stderr, "fleet: the cut players did not show offline within the cut\n");
            return 1;
        }
        const double offline_ms = ms_since(cut_at);
        const Switch on = measure_switch(view, all_ids, "", alert_order,
                                         std::chrono::milliseconds(int64_t(o.cut_s * 1000) + 120000));
        if (!switched("alert during the cut", on, on.sent.alert_id)) return 1;
        std::vector<std::string> connected;
        for (const std::string& id : all_ids)
            if (std::find(cut_ids.begin(), cut_ids.end(), id) == cut_ids.end()) connected.push_back(id);
        const auto cut_end = cut_at + std::chrono::milliseconds(int64_t(o.cut_s * 1000));
        const double cut_end_ms = std::chrono::duration<double, std::milli>(cut_end - on.send_at).count();
        std::vector<double> after_cut;
        for (double ms : values(on, cut_ids)) after_cut.push_back(ms - cut_end_ms);
        std::printf("cut_players: %d\n", cut_count);
        std::printf("cut_s: %.0f\n", o.cut_s);
        std::printf("cut_offline_ms: %.0f\n", offline_ms);
        std::printf("alert_sent_into_cut_ms: %.0f\n", ms_since(cut_at) - ms_since(on.send_at));
        std::printf("alert_ms_p99_connected_during_cut: %.0f\n", percentile(values(on, connected), 99));
        std::printf("alert_ms_p99_with_reconnects: %.0f\n", percentile(values(on, all_ids), 99));
        std::printf("alert_ms_max_with_reconnects: %.0f\n", percentile(values(on, all_ids), 100));
        std::printf("alert_after_cut_ms_p50: %.0f\n", percentile(after_cut, 50));
        std::printf("alert_after_cut_ms_max: %.0f\n", percentile(after_cut, 100));
        std::fflush(stdout);
        const Switch off = measure_switch(view, all_ids, on.sent.alert_id, cancel_order(on.sent.alert_id),
                                          std::chrono::seconds(60));
        if (!switched("cancel after the cut", off, "")) return 1;
    }
    if (want("alerts") || want("forged") || cut_count > 0 || want("propagation")) {
        std::string load;
        std::getline(std::ifstream("/proc/loadavg"), load);
        std::printf("machine_load_1min: %s\n", load.substr(0, load.find(' ')).c_str());  // other work on the cores
        std::fflush(stdout);
    }

    // Offline: one player killed (its socket closes: the will), one stopped (the keepalive).
    if (want("offline")) {
        auto offline = [&](const Player& p) {
            return wait_screens(
                view,
                [&p](const fleet::FleetView::Screens& screens) {
                    auto it = screens.find(p.id);
                    return it != screens.end() && !it->second.online;
                },
                std::chrono::seconds(120));
        };
        auto kill_time = Clock::now();
        players[0].process->signal(SIGKILL);
        std::printf("offline_detect_ms: %.0f\n", offline(players[0]) ? ms_since(kill_time) : -1.0);
        std::fflush(stdout);
        if (o.sigstop && players.size() > 1) {
            kill_time = Clock::now();
            players[1].process->signal(SIGSTOP);
            std::printf("offline_detect_stopped_ms: %.0f\n", offline(players[1]) ? ms_since(kill_time) : -1.0);
            players[1].process->signal(SIGKILL);
        }
    }

    // Everyone asked to quit at once, then each waited for (the destructors kill what is left).
    for (Player& p : players) p.process->signal(SIGTERM);
    for (Player& p : players) p.process->stop(SIGTERM, std::chrono::seconds(10));
    hub.stop(SIGTERM);
    return interrupted ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--players") o.players = std::clamp(std::atoi(argv[i + 1]), 1, 999);
        else if (a == "--poll") o.poll_s = std::clamp(std::atof(argv[i + 1]), 1.0, 86400.0);
        else if (a == "--sigstop") o.sigstop = std::atoi(argv[i + 1]) != 0;
        else if (a == "--ready-timeout") o.ready_timeout_s = std::max(10.0, std::atof(argv[i + 1]));
        else if (a == "--keep") o.keep = std::atoi(argv[i + 1]) != 0;
        else if (a == "--trace") o.trace = std::atoi(argv[i + 1]) != 0;
        else if (a == "--parts") o.parts = argv[i + 1];
        else if (a == "--alert-rounds") o.alert_rounds = std::clamp(std::atoi(argv[i + 1]), 1, 1000);
        else if (a == "--cut") o.cut_s = std::clamp(std::atof(argv[i + 1]), 1.0, 600.0);
        else if (a == "--cut-players") o.cut_players = std::max(0, std::atoi(argv[i + 1]));
        else if (a == "--majlis") o.majlis = argv[i + 1];
        else if (a == "--data") o.data = argv[i + 1];
        else {
            std::fprintf(stderr, "fleet: unknown option %s (see the top of bench/fleet.cpp)\n", a.c_str());
            return 2;
        }
    }
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    std::string load;
    std::getline(std::ifstream("/proc/loadavg"), load);
    std::printf("fleet: %d headless players, a hub and mosquitto on loopback (%ld cores; /proc/loadavg: %s)\n",
                o.players, sysconf(_SC_NPROCESSORS_ONLN), load.c_str());
    std::fflush(stdout);
    const int status = run(o);
    if (interrupted) std::fprintf(stderr, "fleet: interrupted (signal %d); every child stopped\n", interrupted.load());
    return status;
}
