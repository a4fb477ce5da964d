// The dashboard's emergency panel on the hub (app/fleet/hub.h: POST /api/alerts/preview, POST
// /api/alerts, POST /api/alerts/<id>/cancel, GET /api/audit, GET /api/event), end to end on the
// fleet tests' venue (tests/fleet/venue.h: a real mosquitto, the built `majlis hub`, here with
// --operators, so the preview is drawn by the render callback app/cli.cpp wires -- the code of
// `majlis render --screen alert` -- and headless `majlis` players as processes). Covered: a preview is a PNG of the screen's size for a
// JSON alert (landscape and portrait) and a CAP one, and bad bodies are refused; nothing is
// composed, previewed or read without an operator's login; an alert composed and signed by the
// hub reaches the screens it targets (their status's "alert") and not the others, is listed
// active, and its cancel ends it; the audit log names the operator; and the panel in a real
// headless Chromium (tests/fleet/emergency_check.py) composes, previews (landscape and portrait),
// sends and cancels one, does the same with a CAP file, delays a session through the
// live-changes form and makes and removes an announcement, each acknowledged by the screen.
#include "fleet/venue.h"

using namespace majlis;
using namespace majlis::testing::fleet_venue;

namespace {

// POST a JSON body (or a CAP document): the status and the answer; login=false: without it.
std::pair<int, std::string> post(const Venue& v, const std::string& path, const std::string& body, bool login = true) {
    auto res = v.http(login).Post(path, body, "application/json");
    return res ? std::pair{res->status, res->body} : std::pair{0, std::string("no answer")};
}

// The hub stopped and exited cleanly (under ASan: nothing leaked by the previews it drew).
void stop_hub_cleanly(Venue& v) {
    const int status = v.hub->stop(SIGTERM);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << "\n" << v.logs();
}

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
    Venue site(Venue::Login::Operators);
    auto event = site.http().Get("/api/event");
    ASSERT_TRUE(event && event->status == 200);
    EXPECT_EQ(json::parse(event->body).at("languages").size(), 4u) << event->body;  // ar, ru, tg, en

    json alert{{"texts", kTexts}, {"severity", "extreme"}, {"status", "exercise"}, {"pictogram", "evacuate"}};
    auto [code, png] = post(site, "/api/alerts/preview", alert.dump());
    ASSERT_EQ(code, 200) << png << site.logs();
    EXPECT_EQ(png_size(png), (std::pair<uint32_t, uint32_t>{1920, 1080}));
    alert["portrait"] = true;
    std::tie(code, png) = post(site, "/api/alerts/preview", alert.dump());
    ASSERT_EQ(code, 200) << png;
    EXPECT_EQ(png_size(png), (std::pair<uint32_t, uint32_t>{1080, 1920}));

    const std::string cap =
        "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>cap-fire</identifier>"
        "<sender>security@summit.example</sender><sent>2026-12-06T19:55:00+05:00</sent><status>Exercise</status>"
        "<msgType>Alert</msgType><scope>Public</scope><info><language>ru</language><category>Fire</category>"
        "<event>Пожар</event><urgency>Immediate</urgency><severity>Severe</severity><certainty>Observed</certainty>"
        "<headline>Покиньте здание</headline></info></alert>";
    std::tie(code, png) = post(site, "/api/alerts/preview", cap);  // the bare document
    ASSERT_EQ(code, 200) << png;
    EXPECT_EQ(png_size(png), (std::pair<uint32_t, uint32_t>{1920, 1080}));
    std::tie(code, png) = post(site, "/api/alerts/preview", json{{"cap", cap}, {"portrait", true}}.dump());
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
        std::tie(code, png) = post(site, "/api/alerts/preview", bad.dump());
        EXPECT_EQ(code, 400) << bad.dump() << ": " << png;
    }
    std::tie(code, png) = post(site, "/api/alerts/preview", "{not json");
    EXPECT_EQ(code, 400) << png;
    stop_hub_cleanly(site);
}

TEST(FleetDashboard, NothingIsComposedPreviewedOrReadWithoutAnOperatorsLogin) {
    Venue site(Venue::Login::Operators);
    const std::string alert = json{{"texts", kTexts}}.dump();
    EXPECT_EQ(post(site, "/api/alerts", alert, false).first, 401);
    EXPECT_EQ(post(site, "/api/alerts/preview", alert, false).first, 401);
    EXPECT_EQ(post(site, "/api/alerts/x/cancel", "", false).first, 401);
    auto audit = site.http(false).Get("/api/audit");
    ASSERT_TRUE(audit);
    EXPECT_EQ(audit->status, 401);
    auto wrong = site.http(false);
    wrong.set_basic_auth(Venue::kOperator, "guess");
    auto res = wrong.Post("/api/alerts", alert, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
    EXPECT_FALSE(fs::exists(site.tmp / "audit.jsonl")) << read_file(site.tmp / "audit.jsonl");
    auto active = site.http().Get("/api/alerts");
    ASSERT_TRUE(active && active->status == 200);
    EXPECT_EQ(json::parse(active->body).at("alerts").size(), 0u) << active->body;
    stop_hub_cleanly(site);
}

TEST(FleetDashboard, AComposedAlertReachesItsScreensAndItsCancelEndsItAudited) {
    Venue site(Venue::Login::Operators);
    site.start_player("door-1");
    site.start_player("kiosk-1");
    ASSERT_TRUE(site.showing({"door-1", "kiosk-1"}, "")) << site.logs();

    auto [code, body] = post(site, "/api/alerts", json{{"texts", kTexts},
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

    EXPECT_EQ(post(site, "/api/alerts", json{{"texts", kTexts}, {"target", "hall:5"}}.dump()).first, 400);
    EXPECT_EQ(post(site, "/api/alerts/no-such-alert/cancel", "").first, 404);
    std::tie(code, body) = post(site, "/api/alerts/" + id + "/cancel", "");
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
        EXPECT_EQ(line.at("operator"), Venue::kOperator) << line.dump();
        EXPECT_EQ(line.at("from"), "127.0.0.1") << line.dump();
        EXPECT_EQ(line.at("result"), "published") << line.dump();
    }
    audit = site.http().Get("/api/audit?limit=1");
    ASSERT_TRUE(audit && audit->status == 200);
    EXPECT_EQ(json::parse(audit->body).at("lines").size(), 1u) << audit->body;
    EXPECT_EQ(site.http().Get("/api/audit?limit=0")->status, 400);
    EXPECT_EQ(site.http().Get("/api/audit?limit=x")->status, 400);
    stop_hub_cleanly(site);
}

// The panel in a real browser: compose in English and Arabic, preview (and in portrait), send to
// every screen (confirming), the alert listed and shown by the screen, then cancelled; the same
// with a CAP file; a session delayed and an announcement in English and Arabic made and removed
// by the live-changes forms, the screen's status acknowledging each set; the audit log's lines.
TEST(FleetDashboard, TheEmergencyPanelInChromium) {
    Venue site(Venue::Login::Operators);
    site.start_player("door-1");
    ASSERT_TRUE(site.showing({"door-1"}, "")) << site.logs();
    const std::string out = site.tmp / "browser.log";
    std::vector<std::string> argv{MAJLIS_PYTHON, (kSource / "tests/fleet/emergency_check.py").string(),
                                  std::string("http://") + Venue::kOperator + ":" + Venue::kPassword + "@127.0.0.1:" +
                                      std::to_string(site.hub_port) + "/", "door-1"};
    if (const char* png = std::getenv("MAJLIS_DASHBOARD_PNG")) argv.push_back(png);  // to look at it
    ChildProcess browser(argv, out);
    ASSERT_TRUE(eventually([&] { return !browser.running(); }, seconds(120))) << read_file(out);
    const int status = browser.stop(SIGTERM);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_file(out) << "\n" << site.logs();
    EXPECT_TRUE(site.showing({"door-1"}, ""));
    const std::string audit = read_file(site.tmp / "audit.jsonl");
    EXPECT_NE(audit.find("\"kind\":\"alert\""), std::string::npos) << audit;
    EXPECT_NE(audit.find("\"kind\":\"cancel\""), std::string::npos) << audit;
    stop_hub_cleanly(site);
}
