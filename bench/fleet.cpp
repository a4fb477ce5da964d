// fleet: how fast one content edit reaches a venue full of screens, and what it costs.
//
//   build/fleet [--players N] [--poll S] [--sigstop 0|1] [--ready-timeout S] [--majlis PATH]
//               [--data DIR] [--keep 1]
//               [--trace 1]   also propagation_ms_<screen id>: each player's arrival, with the
//                             UTC second of the edit and of its status (late made, or late carried)
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
#include "bench_support.h"
#include "core/log.h"
#include "fleet/broker.h"
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
#include <string>
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

struct Player {
    std::string id;
    fs::path log;
    std::unique_ptr<ChildProcess> process;
};

int run(const Options& o) {
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

    // The players, and every one showing the first bundle.
    const auto started = Clock::now();
    for (Player& p : players) {
        if (interrupted) return 1;
        p.process = std::make_unique<ChildProcess>(
            std::vector<std::string>{o.majlis, "--data", o.data, "--hub", hub_url, "--trust", tmp / "keys/majlis.pub",
                                     "--headless", "--mqtt", broker.url(p.id), "--venue", kVenue, "--screen-id", p.id,
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

    std::printf("players: %d\n", o.players);
    std::printf("players_ready_s: %.1f\n", ready_s);
    std::printf("players_settle_s: %.1f\n", settle_s);
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
    std::string load;
    std::getline(std::ifstream("/proc/loadavg"), load);
    std::printf("machine_load_1min: %s\n", load.substr(0, load.find(' ')).c_str());  // other work on the cores
    std::printf("player_rss_mb_median: %.1f\n", percentile(rss, 50));
    std::printf("player_rss_mb_max: %.1f\n", percentile(rss, 100));
    std::printf("player_rss_anon_mb_median: %.1f\n", percentile(rss_anon, 50));
    if (o.trace)
        for (const auto& [id, ms] : arrival_ms)
            std::printf("propagation_ms_%s: %.0f  (edit at %s, status made at %s)\n", id.c_str(), ms, edit_utc.c_str(),
                        made_at[id].c_str());
    std::fflush(stdout);

    // Offline: one player killed (its socket closes: the will), one stopped (the keepalive).
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
