// The dashboard's emergency panel on the hub (app/fleet/hub.h: POST /api/alerts/preview, POST
// /api/alerts, POST /api/alerts/<id>/cancel, GET /api/audit, GET /api/event), end to end: a real
// mosquitto (tests/fleet/broker.h), the built `majlis hub` with --operators (so the preview is
// drawn by the render callback app/cli.cpp wires, the code of `majlis render --screen alert`) and
// headless `majlis` players as processes. Covered: a preview is a PNG of the screen's size for a
// JSON alert (landscape and portrait) and a CAP one, and bad bodies are refused; nothing is
// composed, previewed or read without an operator's login; an alert composed and signed by the
// hub reaches the screens it targets (their status's "alert") and not the others, is listed
// active, and its cancel ends it; the audit log names the operator; and the panel in a real
// headless Chromium (tests/fleet/emergency_check.py) composes, previews, sends and cancels one.
#include "fleet/broker.h"
#include "fleet/bundle.h"
#include "fleet/operators.h"
#include "fleet/presence.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>

using namespace majlis;
using namespace majlis::fleet;
using majlis::testing::Broker;
using majlis::testing::ChildProcess;
using majlis::testing::eventually;
using majlis::testing::read_file;
using majlis::testing::TempFolder;
using json = nlohmann::json;
using std::chrono::seconds;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = MAJLIS_SOURCE_DIR;
const fs::path kDemo = kSource / "assets" / "dushanbe-2025";
const std::map<std::string, std::string> kGroups{{"door-1", "doors"}, {"kiosk-1", "kiosks"}};

// A hub asking operators to log in ("amina"), its broker, and players started on demand.
struct Site {
    TempFolder tmp{"majlis-dashboard"};
    Broker broker{{"hub", "door-1", "kiosk-1"}};
    int hub_port = majlis::testing::free_loopback_port();
    std::unique_ptr<ChildProcess> hub;
    std::map<std::string, std::unique_ptr<ChildProcess>> players;
    Log quiet{[](LogLevel, std::string_view) {}};
    std::unique_ptr<FleetView> view;

    Site() {
        std::string error;
        EXPECT_TRUE(generate_keys(tmp / "keys", error)) << error;
        EXPECT_TRUE(set_operator_password(tmp / "operators", "amina", "sesame-42", error)) << error;
        MqttSettings settings;
        settings.url = MqttUrl::parse(broker.url("hub"), &error).value_or(MqttUrl{});
        settings.venue = "summit";
        view = std::make_unique<FleetView>(settings, quiet);  // no key: it only watches statuses
        hub = std::make_unique<ChildProcess>(
            std::vector<std::string>{MAJLIS_BIN, "--data", kSource.string(), "hub", "--content", kDemo.string(),
                                     "--key", tmp / "keys/majlis.key", "--listen", "127.0.0.1:" + std::to_string(hub_port),
                                     "--state", tmp / "state", "--mqtt", broker.url("hub"), "--venue", "summit",
                                     "--audit", tmp / "audit.jsonl", "--operators", tmp / "operators"},
            tmp / "hub.log");
        EXPECT_TRUE(eventually(
            [&] {
                auto res = http().Get("/api/screens");
                return res && res->status == 200 && json::parse(res->body).at("hub").at("mqtt") == "connected";
            },
            seconds(30)))
            << logs();
    }
    ~Site() {
        for (auto& [id, p] : players) p->stop(SIGTERM);
        // A clean exit (under ASan: nothing leaked by the previews drawn in the hub's process).
        const int status = hub->stop(SIGTERM, seconds(10));
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << "\n" << logs();
    }
    void start_player(const std::string& id) {
        players[id] = std::make_unique<ChildProcess>(
            std::vector<std::string>{MAJLIS_BIN, "--data", kSource.string(), "--content", kDemo.string(), "--headless",
                                     "--window", "320x180", "--trust", tmp / "keys/majlis.pub", "--mqtt",
                                     broker.url(id), "--venue", "summit", "--screen-id", id, "--group",
                                     kGroups.at(id), "--cache", tmp / ("cache-" + id)},
            tmp / (id + ".log"));
    }

    httplib::Client http(bool login = true) const {
        httplib::Client c("127.0.0.1", hub_port);
        c.set_connection_timeout(2);
        c.set_read_timeout(60);  // a preview is drawn by llvmpipe
        if (login) c.set_basic_auth("amina", "sesame-42");
        return c;
    }
    std::pair<int, std::string> post(const std::string& path, const std::string& body, bool login = true) const {
        auto res = http(login).Post(path, body, "application/json");
        return res ? std::pair{res->status, res->body} : std::pair{0, std::string("no answer")};
    }
    // Every named screen is online and shows `alert_id` ("" none).
    bool showing(const std::vector<std::string>& ids, const std::string& alert_id) const {
        return view->wait_for(
            [&](const FleetView::Screens& all) {
                for (const std::string& id : ids) {
                    auto it = all.find(id);
                    if (it == all.end() || !it->second.online || it->second.status.alert != alert_id) return false;
                }
                return true;
            },
            seconds(20));
    }
    std::string logs() const {
        std::string out = "--- hub\n" + read_file(tmp / "hub.log");
        for (const auto& [id, p] : players) out += "--- " + id + "\n" + read_file(tmp / (id + ".log"));
        return out;
    }
};

// The width and height a PNG's IHDR says.
std::pair<uint32_t, uint32_t> png_size(const std::string& png) {
    if (png.size() < 24 || png.compare(1, 3, "PNG") != 0 || png.compare(12, 4, "IHDR") != 0) return {0, 0};
    auto be32 = [&](size_t at) {
        return uint32_t(uint8_t(png[at])) << 24 | uint32_t(uint8_t(png[at + 1])) << 16 |
               uint32_t(uint8_t(png[at + 2])) << 8 | uint32_t(uint8_t(png[at + 3]));
    };
    return {be32(16), be32(20)};
}

const json kTexts = json::array({{{"lang", "en"}, {"headline", "Evacuate the building"},
                                  {"instruction", "Leave by the east exits."}, {"description", ""}},
                                 {{"lang", "ar"}, {"headline", "أخلوا المبنى"},
                                  {"instruction", "اخرجوا من الأبواب الشرقية."}, {"description", ""}}});

}  // namespace

TEST(FleetDashboard, APreviewIsAPngOfTheScreensSizeForAJsonOrACapAlert) {
    Site site;
    auto event = site.http().Get("/api/event");
    ASSERT_TRUE(event && event->status == 200);
    EXPECT_EQ(json::parse(event->body).at("languages").size(), 4u) << event->body;  // ar, ru, tg, en

    json alert{{"texts", kTexts}, {"severity", "extreme"}, {"status", "exercise"}, {"pictogram", "evacuate"}};
    auto [code, png] = site.post("/api/alerts/preview", alert.dump());
    ASSERT_EQ(code, 200) << png << site.logs();
    EXPECT_EQ(png_size(png), (std::pair<uint32_t, uint32_t>{1920, 1080}));
    alert["portrait"] = true;
    std::tie(code, png) = site.post("/api/alerts/preview", alert.dump());
    ASSERT_EQ(code, 200) << png;
    EXPECT_EQ(png_size(png), (std::pair<uint32_t, uint32_t>{1080, 1920}));

    const std::string cap =
        "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>cap-fire</identifier>"
        "<sender>security@summit.example</sender><sent>2026-12-06T19:55:00+05:00</sent><status>Exercise</status>"
        "<msgType>Alert</msgType><scope>Public</scope><info><language>ru</language><category>Fire</category>"
        "<event>Пожар</event><urgency>Immediate</urgency><severity>Severe</severity><certainty>Observed</certainty>"
        "<headline>Покиньте здание</headline></info></alert>";
    std::tie(code, png) = site.post("/api/alerts/preview", cap);  // the bare document
    ASSERT_EQ(code, 200) << png;
    EXPECT_EQ(png_size(png), (std::pair<uint32_t, uint32_t>{1920, 1080}));
    std::tie(code, png) = site.post("/api/alerts/preview", json{{"cap", cap}, {"portrait", true}}.dump());
    ASSERT_EQ(code, 200) << png;
    EXPECT_EQ(png_size(png), (std::pair<uint32_t, uint32_t>{1080, 1920}));

    // Refused, with the reason: no headline, an unknown language field, an unknown field, not
    // CAP, a CAP with texts besides, a bad expiry.
    for (const json& bad : {json{{"texts", json::array({{{"lang", "en"}, {"headline", ""}}})}},
                            json{{"texts", json::array({{{"lang", "en"}, {"headline", "x"}, {"colour", "red"}}})}},
                            json{{"texts", kTexts}, {"sound", "siren"}},
                            json{{"cap", "<alert>not CAP</alert>"}},
                            json{{"cap", cap}, {"texts", kTexts}},
                            json{{"texts", kTexts}, {"expires", "forever"}}}) {
        std::tie(code, png) = site.post("/api/alerts/preview", bad.dump());
        EXPECT_EQ(code, 400) << bad.dump() << ": " << png;
    }
    std::tie(code, png) = site.post("/api/alerts/preview", "{not json");
    EXPECT_EQ(code, 400) << png;
}

TEST(FleetDashboard, NothingIsComposedPreviewedOrReadWithoutAnOperatorsLogin) {
    Site site;
    const std::string alert = json{{"texts", kTexts}}.dump();
    EXPECT_EQ(site.post("/api/alerts", alert, false).first, 401);
    EXPECT_EQ(site.post("/api/alerts/preview", alert, false).first, 401);
    EXPECT_EQ(site.post("/api/alerts/x/cancel", "", false).first, 401);
    auto audit = site.http(false).Get("/api/audit");
    ASSERT_TRUE(audit);
    EXPECT_EQ(audit->status, 401);
    auto wrong = site.http(false);
    wrong.set_basic_auth("amina", "guess");
    auto res = wrong.Post("/api/alerts", alert, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
    EXPECT_FALSE(fs::exists(site.tmp / "audit.jsonl")) << read_file(site.tmp / "audit.jsonl");
    auto active = site.http().Get("/api/alerts");
    ASSERT_TRUE(active && active->status == 200);
    EXPECT_EQ(json::parse(active->body).at("alerts").size(), 0u) << active->body;
}

TEST(FleetDashboard, AComposedAlertReachesItsScreensAndItsCancelEndsItAudited) {
    Site site;
    site.start_player("door-1");
    site.start_player("kiosk-1");
    ASSERT_TRUE(site.showing({"door-1", "kiosk-1"}, "")) << site.logs();

    auto [code, body] = site.post("/api/alerts", json{{"texts", kTexts},
                                                      {"severity", "extreme"},
                                                      {"status", "exercise"},
                                                      {"pictogram", "evacuate"},
                                                      {"expires", "10m"},
                                                      {"target", "group:doors"}}
                                                     .dump());
    ASSERT_EQ(code, 202) << body << site.logs();
    const json sent = json::parse(body);
    const std::string id = sent.at("alert");
    EXPECT_EQ(sent.at("topic"), "majlis/summit/groups/doors/alert");
    ASSERT_TRUE(site.showing({"door-1"}, id)) << site.logs();
    EXPECT_TRUE(site.showing({"kiosk-1"}, ""));
    auto active = site.http().Get("/api/alerts");
    ASSERT_TRUE(active && active->status == 200);
    const json list = json::parse(active->body).at("alerts");
    ASSERT_EQ(list.size(), 1u) << active->body;
    EXPECT_EQ(list[0].at("id"), id);
    EXPECT_EQ(list[0].at("status"), "exercise");
    const int64_t lasts = list[0].at("expires").get<int64_t>() - list[0].at("issued").get<int64_t>();
    EXPECT_EQ(lasts, 10 * 60 * 1000);

    EXPECT_EQ(site.post("/api/alerts", json{{"texts", kTexts}, {"target", "hall:5"}}.dump()).first, 400);
    EXPECT_EQ(site.post("/api/alerts/no-such-alert/cancel", "").first, 404);
    std::tie(code, body) = site.post("/api/alerts/" + id + "/cancel", "");
    ASSERT_EQ(code, 202) << body;
    EXPECT_TRUE(site.showing({"door-1", "kiosk-1"}, "")) << site.logs();
    EXPECT_TRUE(eventually([&] {
        auto r = site.http().Get("/api/alerts");
        return r && json::parse(r->body).at("alerts").empty();
    }));

    // The audit log: the alert and its cancel, by amina, from loopback; ?limit=1 the last only.
    auto audit = site.http().Get("/api/audit?limit=2");
    ASSERT_TRUE(audit && audit->status == 200);
    const json lines = json::parse(audit->body).at("lines");
    ASSERT_EQ(lines.size(), 2u) << audit->body;
    EXPECT_EQ(lines[0].at("kind"), "alert");
    EXPECT_EQ(lines[0].at("alert"), id);
    EXPECT_EQ(lines[1].at("kind"), "cancel");
    EXPECT_EQ(lines[1].at("cancels"), id);
    for (const json& line : lines) {
        EXPECT_EQ(line.at("operator"), "amina") << line.dump();
        EXPECT_EQ(line.at("from"), "127.0.0.1") << line.dump();
        EXPECT_EQ(line.at("result"), "published") << line.dump();
    }
    audit = site.http().Get("/api/audit?limit=1");
    ASSERT_TRUE(audit && audit->status == 200);
    EXPECT_EQ(json::parse(audit->body).at("lines").size(), 1u) << audit->body;
    EXPECT_EQ(site.http().Get("/api/audit?limit=0")->status, 400);
    EXPECT_EQ(site.http().Get("/api/audit?limit=x")->status, 400);
}

// The panel in a real browser: compose in English and Arabic, preview, send to every screen
// (confirming), the alert listed and shown by the screen, then cancelled.
TEST(FleetDashboard, TheEmergencyPanelInChromium) {
    Site site;
    site.start_player("door-1");
    ASSERT_TRUE(site.showing({"door-1"}, "")) << site.logs();
    const std::string out = site.tmp / "browser.log";
    std::vector<std::string> argv{MAJLIS_PYTHON, (kSource / "tests/fleet/emergency_check.py").string(),
                                  "http://amina:sesame-42@127.0.0.1:" + std::to_string(site.hub_port) + "/", "door-1"};
    if (const char* png = std::getenv("MAJLIS_DASHBOARD_PNG")) argv.push_back(png);  // to look at it
    ChildProcess browser(argv, out);
    ASSERT_TRUE(eventually([&] { return !browser.running(); }, seconds(120))) << read_file(out);
    const int status = browser.stop(SIGTERM);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_file(out) << "\n" << site.logs();
    EXPECT_TRUE(site.showing({"door-1"}, ""));
    const std::string audit = read_file(site.tmp / "audit.jsonl");
    EXPECT_NE(audit.find("\"kind\":\"alert\""), std::string::npos) << audit;
    EXPECT_NE(audit.find("\"kind\":\"cancel\""), std::string::npos) << audit;
}
