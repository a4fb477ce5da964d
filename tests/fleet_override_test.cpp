// Screen overrides on a venue, end to end (control.h, kind "override"): a real mosquitto, the
// built `majlis hub` and headless players as processes (tests/fleet/venue.h), the overrides sent
// the ways an operator sends them: the dashboard's PUT /api/overrides (the hub signs) and `majlis
// screen` (signed on the operator's machine, POST /api/control). What the test sees is each
// screen's retained status: its mode, lang and power, and "override", the issued time of the
// newest override applied. Covered: one screen's override switches that screen's mode and
// language only; a group's blanks the group only, merged field by field with the screen's; a
// cleared and an expired override return the screen to its own settings; a restarted player
// applies its cached override before the broker answers; a forged, an expired, a replayed and a
// misplaced override refused; `majlis screen` with --expires, --clear, bad usage and another key;
// the dashboard's controls in headless Chromium (tests/fleet/override_check.py).
#include "fleet/venue.h"

using namespace majlis;
using namespace majlis::fleet;
using namespace majlis::testing::fleet_venue;

namespace {

const std::string kDoorsOverride = *target_topic("summit", "group:doors", "override");
const std::vector<std::string> kAll{"door-1", "door-2", "kiosk-1"};

// PUT /api/overrides?target=...: the status and the answer.
std::pair<int, std::string> put_override(const Venue& v, const std::string& target, const std::string& body) {
    auto res = v.http().Put("/api/overrides?target=" + target, body, "application/json");
    return res ? std::pair{res->status, res->body} : std::pair{0, std::string("no answer")};
}

// The issued time of the override published for `target` (GET /api/overrides), 0 when none.
int64_t issued_for(const Venue& v, const std::string& target) {
    auto res = v.http().Get("/api/overrides");
    if (!res || res->status != 200) return 0;
    const json listed = json::parse(res->body);  // kept: the loop reads into it
    for (const json& t : listed.at("overrides"))
        if (t.at("target") == target) return t.at("issued").get<int64_t>();
    return 0;
}

// The screens show `mode`, `lang` and `power`, having applied the override issued at `issued`.
bool showing(const Venue& v, const std::vector<std::string>& ids, const std::string& mode, const std::string& lang,
             const std::string& power, int64_t issued) {
    return v.screens_reach(ids, [&](const ScreenStatus& s) {
        return s.mode == mode && s.lang == lang && s.power == power && s.override_ms == issued;
    });
}

ControlMessage override_message(const std::string& topic, content::ScreenOverride o, int64_t issued,
                                int64_t lasts_ms = 600000) {
    ControlMessage m;
    m.kind = ControlKind::Override;
    m.id = "o-" + std::to_string(issued % 1000000);
    m.issued_ms = issued;
    m.expires_ms = issued + lasts_ms;
    m.target = topic;
    m.screen_override = std::move(o);
    return m;
}

}  // namespace

TEST(FleetOverride, AScreensOverrideSwitchesThatScreenAndAGroupsItsGroupOnly) {
    Venue v;
    for (const std::string& id : kAll) v.start_player(id);
    ASSERT_TRUE(showing(v, kAll, "lobby", "ar", "on", 0)) << v.logs();

    // A lobby turned into a Russian kiosk: that screen alone.
    auto [status, answer] = put_override(v, "screen:door-1", R"({"mode":"kiosk","lang":"ru"})");
    ASSERT_EQ(status, 202) << answer;
    EXPECT_EQ(json::parse(answer).at("topic"), "majlis/summit/screens/door-1/override");
    const int64_t kiosk = issued_for(v, "screen:door-1");
    ASSERT_GT(kiosk, 0);
    ASSERT_TRUE(showing(v, {"door-1"}, "kiosk", "ru", "on", kiosk)) << v.logs();
    EXPECT_TRUE(showing(v, {"door-2", "kiosk-1"}, "lobby", "ar", "on", 0)) << v.logs();

    // The doors blanked for the night: door-1 keeps its own override's mode and language.
    ASSERT_EQ(put_override(v, "group:doors", R"({"power":"off"})").first, 202);
    const int64_t blank = issued_for(v, "group:doors");
    ASSERT_TRUE(showing(v, {"door-1"}, "kiosk", "ru", "off", blank)) << v.logs();
    ASSERT_TRUE(showing(v, {"door-2"}, "lobby", "ar", "off", blank)) << v.logs();
    EXPECT_TRUE(showing(v, {"kiosk-1"}, "lobby", "ar", "on", 0)) << v.logs();

    // A room sign for the Sarazm hall on door-2, over the group's blanking.
    ASSERT_EQ(put_override(v, "screen:door-2", R"({"mode":"room","hall":"sarazm"})").first, 202);
    const int64_t room = issued_for(v, "screen:door-2");
    ASSERT_TRUE(showing(v, {"door-2"}, "room", "ar", "off", room)) << v.logs();

    // Cleared: door-1 back to its own settings (still blanked by its group), then the group woken.
    ASSERT_EQ(put_override(v, "screen:door-1", "{}").first, 202);
    const int64_t cleared = issued_for(v, "screen:door-1");
    ASSERT_TRUE(showing(v, {"door-1"}, "lobby", "ar", "off", cleared)) << v.logs();
    ASSERT_EQ(put_override(v, "group:doors", "{}").first, 202);
    const int64_t woken = issued_for(v, "group:doors");
    ASSERT_TRUE(showing(v, {"door-1"}, "lobby", "ar", "on", woken)) << v.logs();
    ASSERT_TRUE(showing(v, {"door-2"}, "room", "ar", "on", woken)) << v.logs();

    // Broken bodies and targets are refused; each publish is audited.
    const auto broken = put_override(v, "screen:door-1", R"({"mode":"room"})");
    EXPECT_EQ(broken.first, 400);
    EXPECT_NE(broken.second.find("\"mode\" room needs a \"hall\""), std::string::npos) << broken.second;
    EXPECT_EQ(put_override(v, "group:a/b", "{}").first, 400);
    EXPECT_EQ(put_override(v, "all", R"({"power":"standby"})").first, 400);
    auto res = v.http().Put("/api/overrides?target=all&expires=9y", "{}", "application/json");
    EXPECT_TRUE(res && res->status == 400);
    const std::string audit = read_file(v.tmp / "audit.jsonl");
    EXPECT_NE(audit.find("\"kind\":\"override\",\"override\":{\"lang\":\"ru\",\"mode\":\"kiosk\"}"), std::string::npos)
        << audit;
    for (const std::string& id : kAll) v.stop_player(id);
}

TEST(FleetOverride, TheScreenCommandAndAnOverridesExpiry) {
    Venue v;
    v.start_player("door-1");
    v.start_player("kiosk-1");
    ASSERT_TRUE(showing(v, {"door-1", "kiosk-1"}, "lobby", "ar", "on", 0)) << v.logs();
    const std::string key = v.tmp / "keys/majlis.key";
    auto [code, out] = v.majlis_cli("screen", {"--key", key, "--screens", "screen:door-1", "--mode", "loop", "--lang",
                                               "en", "--expires", "4s"});
    ASSERT_EQ(code, 0) << out << v.logs();
    EXPECT_NE(out.find("({\"lang\":\"en\",\"mode\":\"loop\"}, expires in 4s) on majlis/summit/screens/door-1/override: "
                       "HTTP 202"),
              std::string::npos)
        << out;
    const int64_t loop = issued_for(v, "screen:door-1");
    ASSERT_TRUE(showing(v, {"door-1"}, "loop", "en", "on", loop)) << v.logs();
    EXPECT_TRUE(showing(v, {"kiosk-1"}, "lobby", "ar", "on", 0));
    // Expired: back to the screen's own settings, by itself.
    ASSERT_TRUE(showing(v, {"door-1"}, "lobby", "ar", "on", 0)) << v.logs();
    EXPECT_EQ(issued_for(v, "screen:door-1"), 0);
    // A hall alone is its room sign; --clear sends {}.
    std::tie(code, out) = v.majlis_cli("screen", {"--key", key, "--screens", "all", "--hall", "grand-foyer", "--power", "off"});
    ASSERT_EQ(code, 0) << out;
    const int64_t all = issued_for(v, "all");
    ASSERT_TRUE(showing(v, {"door-1", "kiosk-1"}, "room", "ar", "off", all)) << v.logs();
    std::tie(code, out) = v.majlis_cli("screen", {"--key", key, "--screens", "all", "--clear"});
    ASSERT_EQ(code, 0) << out;
    const int64_t cleared = issued_for(v, "all");
    ASSERT_TRUE(showing(v, {"door-1", "kiosk-1"}, "lobby", "ar", "on", cleared)) << v.logs();
    // Bad usage (2) sends nothing; another key: the hub's says no (1).
    std::tie(code, out) = v.majlis_cli("screen", {"--key", key, "--screens", "all", "--clear", "--lang", "ru"});
    EXPECT_EQ(code, 2) << out;
    EXPECT_NE(out.find("--clear takes none of"), std::string::npos) << out;
    std::tie(code, out) = v.majlis_cli("screen", {"--key", key, "--screens", "all"});
    EXPECT_EQ(code, 2) << out;
    std::tie(code, out) = v.majlis_cli("screen", {"--key", key, "--screens", "all", "--mode", "room"});
    EXPECT_EQ(code, 2) << out;
    std::tie(code, out) = v.majlis_cli("screen", {"--key", key, "--screens", "everyone", "--lang", "ru"});
    EXPECT_EQ(code, 2) << out;
    std::string error;
    ASSERT_TRUE(generate_keys(v.tmp / "other", error)) << error;
    std::tie(code, out) = v.majlis_cli("screen", {"--key", v.tmp / "other/majlis.key", "--screens", "all", "--lang", "ru"});
    EXPECT_EQ(code, 1);
    EXPECT_NE(out.find("is not the key of the hub"), std::string::npos) << out;
    EXPECT_EQ(issued_for(v, "all"), cleared);
    v.stop_player("door-1");
    v.stop_player("kiosk-1");
}

TEST(FleetOverride, ARestartedScreenAppliesItsCachedOverrideAtOnce) {
    Venue v;
    v.start_player("door-1");
    ASSERT_TRUE(showing(v, {"door-1"}, "lobby", "ar", "on", 0)) << v.logs();
    ASSERT_EQ(put_override(v, "group:doors", R"({"mode":"loop","lang":"tg"})").first, 202);
    const int64_t issued = issued_for(v, "group:doors");
    ASSERT_TRUE(showing(v, {"door-1"}, "loop", "tg", "on", issued)) << v.logs();
    v.stop_player("door-1");
    const std::string log = v.tmp / "door-1.log";
    const size_t before = read_file(log).size();
    v.start_player("door-1");
    ASSERT_TRUE(showing(v, {"door-1"}, "loop", "tg", "on", issued)) << v.logs();
    const std::string second_run = read_file(log).substr(before);
    const size_t kept = second_run.find("override of " + std::to_string(issued)), connected = second_run.find("connected to");
    ASSERT_NE(kept, std::string::npos) << second_run;
    EXPECT_LT(kept, connected) << second_run;
    v.stop_player("door-1");
}

TEST(FleetOverride, ForgedExpiredReplayedAndMisplacedOverridesAreRefused) {
    Venue v;
    v.start_player("door-1");
    ASSERT_TRUE(showing(v, {"door-1"}, "lobby", "ar", "on", 0)) << v.logs();
    auto refused = [&](const std::string& topic, const std::string& payload, const std::string& why) {
        v.expect_refused("door-1", topic, payload, why);
    };
    const content::ScreenOverride blank{"", "", "", "off"};
    refused(kDoorsOverride, sign_control(override_message(kDoorsOverride, blank, now_ms()), v.other_key()),
            "the signature does not match the control message and the trusted key");
    refused(kDoorsOverride, sign_control(override_message(kDoorsOverride, blank, now_ms() - 5000, 1000), *v.key),
            "expired at");
    const std::string on_live = group_live_topic("summit", "doors");
    refused(on_live, sign_control(override_message(on_live, blank, now_ms()), *v.key),
            "a message of kind override on a topic for live changes");
    const std::string other_screen = *target_topic("summit", "screen:door-2", "override");
    refused(kDoorsOverride, sign_control(override_message(other_screen, blank, now_ms()), *v.key),
            "not for this topic");
    EXPECT_TRUE(showing(v, {"door-1"}, "lobby", "ar", "on", 0)) << v.logs();
    // A replay: an override validly signed, sent again after a newer one on the same topic.
    const std::string older =
        sign_control(override_message(kDoorsOverride, content::ScreenOverride{"kiosk", "", "", ""}, now_ms() - 2000), *v.key);
    ASSERT_EQ(v.post(older).first, 202);
    const int64_t first = issued_for(v, "group:doors");
    ASSERT_TRUE(showing(v, {"door-1"}, "kiosk", "ar", "on", first)) << v.logs();
    const std::string newer = sign_control(override_message(kDoorsOverride, {}, now_ms()), *v.key);
    ASSERT_EQ(v.post(newer).first, 202);
    const int64_t second = issued_for(v, "group:doors");
    ASSERT_TRUE(showing(v, {"door-1"}, "lobby", "ar", "on", second)) << v.logs();
    EXPECT_EQ(v.post(older).first, 400);  // the hub knows it is old
    refused(kDoorsOverride, older, "replayed");
    EXPECT_TRUE(showing(v, {"door-1"}, "lobby", "ar", "on", second)) << v.logs();
    v.stop_player("door-1");
}

// The dashboard's controls in a real browser: a screen's room sign in Russian applied, its group
// blanked and woken, the screen cleared (tests/fleet/override_check.py says how).
TEST(FleetOverride, TheDashboardsControlsInChromium) {
    Venue v(Venue::Login::Operators);
    v.start_player("door-1");
    v.start_player("door-2");
    ASSERT_TRUE(showing(v, {"door-1", "door-2"}, "lobby", "ar", "on", 0)) << v.logs();
    const std::string out = v.tmp / "browser.log";
    std::vector<std::string> argv{MAJLIS_PYTHON, (kSource / "tests/fleet/override_check.py").string(),
                                  std::string("http://") + Venue::kOperator + ":" + Venue::kPassword + "@127.0.0.1:" +
                                      std::to_string(v.hub_port) + "/"};
    if (const char* png = std::getenv("MAJLIS_DASHBOARD_PNG")) argv.push_back(png);  // to look at it
    ChildProcess browser(argv, out);
    ASSERT_TRUE(eventually([&] { return !browser.running(); }, seconds(120))) << read_file(out);
    const int status = browser.stop(SIGTERM);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_file(out) << "\n" << v.logs();
    const std::string audit = read_file(v.tmp / "audit.jsonl");
    EXPECT_NE(audit.find("\"operator\":\"amina\""), std::string::npos) << audit;
    v.stop_player("door-1");
    v.stop_player("door-2");
}
