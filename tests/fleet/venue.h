// What the fleet tests share: the names they use (fleet, the harness of broker.h, JSON, time),
// the demo content, and a broker account's MqttSettings (settings_for). Where MAJLIS_BIN names
// the built majlis, also the fleet tests' venue:
//
// The fleet tests' venue (tests/fleet_alert_test.cpp, fleet_live_test.cpp, fleet_dashboard_test.cpp): a real mosquitto
// (broker.h), the built `majlis hub` on the demo content with a fresh operator's key, and headless
// `majlis --content ... --mqtt ...` players as processes -- two doors (group "doors") and a kiosk
// (group "kiosks"). What a test sees is what the dashboard sees: each screen's retained status
// (FleetView, without a key: it only watches). Every child is stopped by the destructor, even
// when an assertion fails. Needs MAJLIS_BIN and MAJLIS_SOURCE_DIR (the test target's definitions).
// Venue(Login::Operators): the hub asks an operator's login (--operators: kOperator, kPassword),
// and http() sends it (http(false): a request without it).
#pragma once

#include "fleet/broker.h"
#include "fleet/bundle.h"
#include "fleet/control.h"
#include "fleet/operators.h"
#include "fleet/presence.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace majlis::testing::fleet_venue {

using namespace majlis::fleet;
using majlis::testing::append_file;
using majlis::testing::Broker;
using majlis::testing::ChildProcess;
using majlis::testing::eventually;
using majlis::testing::kDemoContent;
using majlis::testing::LogLines;
using majlis::testing::RawClient;
using majlis::testing::read_file;
using majlis::testing::TempFolder;
using majlis::testing::write_file;
using majlis::testing::XServer;
using json = nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;
namespace fs = std::filesystem;

const fs::path kSource = MAJLIS_SOURCE_DIR;
const fs::path kDemo = kSource / "assets" / "dushanbe-2025";

inline int64_t now_ms() {
    return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// An account of `broker` at the venue "summit"; `trust`: the key its commands must be signed
// with (presence.h).
inline MqttSettings settings_for(const Broker& broker, const std::string& user, std::optional<PublicKey> trust = {}) {
    std::string error;
    auto url = MqttUrl::parse(broker.url(user), &error);
    EXPECT_TRUE(url) << error;
    MqttSettings s;
    s.url = url.value_or(MqttUrl{});
    s.venue = "summit";
    s.command_trust = trust;
    return s;
}

#ifdef MAJLIS_BIN  // the venue runs the built majlis
// The screens of these tests: two doors (group "doors") and a kiosk (group "kiosks").
const std::map<std::string, std::string> kGroups{{"door-1", "doors"}, {"door-2", "doors"}, {"kiosk-1", "kiosks"}};

struct Venue {
    TempFolder tmp{"majlis-alert"};
    Broker broker{{"hub", "door-1", "door-2", "kiosk-1"}};
    int hub_port = majlis::testing::free_loopback_port();
    std::unique_ptr<ChildProcess> hub;
    std::map<std::string, std::unique_ptr<ChildProcess>> players;
    Log quiet{[](LogLevel, std::string_view) {}};
    std::unique_ptr<FleetView> view;
    std::optional<SecretKey> key;
    std::unique_ptr<RawClient> intruder;  // expect_refused's

    enum class Login { None, Operators };
    static constexpr const char* kOperator = "amina";
    static constexpr const char* kPassword = "sesame-42";
    const bool operators;

    explicit Venue(Login login = Login::None) : operators(login == Login::Operators) {
        std::string error;
        if (operators) {
            EXPECT_TRUE(set_operator_password(tmp / "operators", kOperator, kPassword, error)) << error;
        }
        EXPECT_TRUE(generate_keys(tmp / "keys", error)) << error;
        key = load_secret_key(tmp / "keys/majlis.key", error);
        view = std::make_unique<FleetView>(settings_for(broker, "hub"), quiet);  // no key: it only watches statuses
        std::vector<std::string> argv{MAJLIS_BIN, "--data", kSource.string(), "hub", "--content", kDemo.string(),
                                      "--key", tmp / "keys/majlis.key", "--listen", "127.0.0.1:" + std::to_string(hub_port),
                                      "--state", tmp / "state", "--mqtt", broker.url("hub"), "--venue", "summit",
                                      "--audit", tmp / "audit.jsonl"};
        if (operators) argv.insert(argv.end(), {"--operators", tmp / "operators"});
        hub = std::make_unique<ChildProcess>(argv, tmp / "hub.log");
        EXPECT_TRUE(eventually([&] { return hub_says_connected(); }, seconds(30))) << logs();
    }
    ~Venue() {
        for (auto& [id, p] : players) p->stop(SIGTERM);
        if (hub) hub->stop(SIGTERM);
    }
    void start_player(const std::string& id) {
        players[id] = std::make_unique<ChildProcess>(
            std::vector<std::string>{MAJLIS_BIN, "--data", kSource.string(), "--content", kDemo.string(), "--headless",
                                     "--window", "320x180", "--trust", tmp / "keys/majlis.pub", "--mqtt",
                                     broker.url(id), "--venue", "summit", "--screen-id", id, "--group",
                                     kGroups.at(id), "--cache", tmp / ("cache-" + id)},
            tmp / (id + ".log"));
    }
    // SIGTERM, and a clean exit (under ASan: no leak, no report).
    void stop_player(const std::string& id) {
        const int status = players.at(id)->stop(SIGTERM);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << id << ": " << status << "\n" << logs();
    }

    httplib::Client http(bool login = true) const {
        httplib::Client c("127.0.0.1", hub_port);
        c.set_connection_timeout(2);
        c.set_read_timeout(30);  // a preview (the dashboard's) is drawn by llvmpipe
        if (login && operators) c.set_basic_auth(kOperator, kPassword);
        return c;
    }
    bool hub_says_connected() const {
        auto res = http().Get("/api/screens");
        return res && res->status == 200 && json::parse(res->body).at("hub").at("mqtt") == "connected";
    }
    // POST /api/control: the status and the answer.
    std::pair<int, std::string> post(const std::string& payload) const {
        auto res = http().Post("/api/control", payload, "text/plain");
        return res ? std::pair{res->status, res->body} : std::pair{0, std::string("no answer")};
    }

    ControlMessage alert(const std::string& alert_id, const std::string& topic, int64_t lasts_ms = 60000,
                         int64_t issued = 0) const {
        ControlMessage m;
        m.kind = ControlKind::Alert;
        m.id = "m-" + alert_id + "-" + std::to_string(now_ms() % 100000);
        m.issued_ms = issued ? issued : now_ms();
        m.expires_ms = m.issued_ms + lasts_ms;
        m.target = topic;
        m.alert.id = alert_id;
        m.alert.severity = content::AlertSeverity::Extreme;
        m.alert.pictogram = content::AlertPictogram::Evacuate;
        m.alert.texts = {{"en", "Evacuate the building", "", "Leave by the east exits."},
                         {"ar", "أخلوا المبنى", "", "اخرجوا من الأبواب الشرقية."}};
        m.alert.sent_ms = m.issued_ms;
        m.alert.expires_ms = m.expires_ms;
        return m;
    }
    ControlMessage cancel(const std::string& alert_id, const std::string& topic) const {
        ControlMessage m;
        m.kind = ControlKind::Cancel;
        m.id = "c-" + alert_id;
        m.issued_ms = now_ms();
        m.expires_ms = m.issued_ms + 60000;
        m.target = topic;
        m.cancels = alert_id;
        return m;
    }

    // Every named screen is online and its status satisfies `ok`.
    bool screens_reach(const std::vector<std::string>& ids, const std::function<bool(const ScreenStatus&)>& ok,
                       milliseconds timeout = seconds(20)) const {
        return view->wait_for(
            [&](const FleetView::Screens& all) {
                for (const std::string& id : ids) {
                    auto it = all.find(id);
                    if (it == all.end() || !it->second.online || !ok(it->second.status)) return false;
                }
                return true;
            },
            timeout);
    }
    bool showing(const std::vector<std::string>& ids, const std::string& alert_id, milliseconds timeout = seconds(20)) const {
        return screens_reach(ids, [&](const ScreenStatus& s) { return s.alert == alert_id; }, timeout);
    }

    // A control message published straight to the broker by someone with the hub's broker
    // password but not the operator's key, and `screen` refusing it: its last_error says `why`.
    void expect_refused(const std::string& screen, const std::string& topic, const std::string& payload,
                        const std::string& why) {
        if (!intruder) intruder = std::make_unique<RawClient>(broker, "hub", broker.password("hub"));
        EXPECT_EQ(intruder->publish(topic, payload), 0);
        EXPECT_TRUE(screens_reach({screen}, [&](const ScreenStatus& s) {
            return s.last_error.find(why) != std::string::npos;
        })) << why << "\n" << logs();
    }
    // A key that is not the operator's: what a forger signs with.
    SecretKey other_key() const {
        std::string error;
        EXPECT_TRUE(generate_keys(tmp / "other", error)) << error;
        auto other = load_secret_key(tmp / "other/majlis.key", error);
        EXPECT_TRUE(other) << error;
        return other.value_or(SecretKey{});
    }

    // `majlis <command> --hub <this hub> ...` (alert, live): exit code and what it printed.
    std::pair<int, std::string> majlis_cli(const std::string& command, std::vector<std::string> args) const {
        std::vector<std::string> argv{MAJLIS_BIN, command, "--hub", "http://127.0.0.1:" + std::to_string(hub_port)};
        argv.insert(argv.end(), args.begin(), args.end());
        const std::string out = tmp / (command + ".out");
        fs::remove(out);
        ChildProcess cli(argv, out);
        const int status = cli.stop(0, seconds(30));  // signal 0: only wait
        return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out)};
    }
    std::pair<int, std::string> majlis_alert(std::vector<std::string> args) const { return majlis_cli("alert", args); }

    std::string logs() const {
        std::string out = "--- hub\n" + read_file(tmp / "hub.log");
        for (const auto& [id, p] : players) out += "--- " + id + "\n" + read_file(tmp / (id + ".log"));
        for (const auto& [id, s] : view->screens()) out += "--- status " + id + ": " + s.status.to_json() + "\n";
        return out;
    }
};
#endif

}  // namespace majlis::testing::fleet_venue
