// Live session changes and announcements on a venue, end to end (control.h, kind "live"): a real
// mosquitto, the built `majlis hub` and headless players as processes (tests/fleet/venue.h), the
// sets sent the ways an operator sends them: the dashboard's PUT /api/live (the hub signs) and
// `majlis live` (signed on the operator's machine, POST /api/control). What the test sees is each
// screen's retained status, whose "live" is the issued time of the newest live set it applied and
// whose last_error says what it refused. Covered: a session delayed for every screen reaches them
// all, and the hub lists it (GET /api/live, GET /api/sessions gives what it is made against); a
// group's set reaches that group only; a forged, an expired and a replayed live message, and a
// live message on an alert topic, refused by the screen; a restarted player applies its cached
// set before the broker answers; a windowed player (Xvfb) acknowledges the set its frame was
// drawn with, and an alert and its cancel, and exits cleanly; `majlis live` with a file, a
// broken file and another key.
#include "fleet/venue.h"

#include <fstream>

using namespace majlis;
using namespace majlis::fleet;
using namespace majlis::testing::fleet_venue;

namespace {

const std::string kDoorsLive = group_live_topic("summit", "doors");

// The demo's sessions as the hub offers them (GET /api/sessions).
json sessions_of(const Venue& v) {
    auto res = v.http().Get("/api/sessions");
    EXPECT_TRUE(res && res->status == 200);
    return res ? json::parse(res->body) : json::object();
}

// A body delaying `session` (an object of /api/sessions) by `minutes`.
std::string delay_body(const json& session, int minutes) {
    return json{{"sessions", json::array({{{"session", session.at("id")},
                                           {"based_on", session.at("fingerprint")},
                                           {"delay_minutes", minutes}}})}}
        .dump();
}

// PUT /api/live?target=...: the status and the answer.
std::pair<int, std::string> put_live(const Venue& v, const std::string& target, const std::string& body) {
    auto res = v.http().Put("/api/live?target=" + target, body, "application/json");
    return res ? std::pair{res->status, res->body} : std::pair{0, std::string("no answer")};
}

// The issued time of the set published for `target` (GET /api/live), 0 when none.
int64_t issued_for(const Venue& v, const std::string& target) {
    auto res = v.http().Get("/api/live");
    if (!res || res->status != 200) return 0;
    const json listed = json::parse(res->body);
    for (const json& t : listed.at("live"))
        if (t.at("target") == target) return t.at("issued").get<int64_t>();
    return 0;
}

bool applied(const Venue& v, const std::vector<std::string>& ids, int64_t issued) {
    return v.screens_reach(ids, [&](const ScreenStatus& s) { return s.live == issued; });
}

ControlMessage live_message(const std::string& topic, content::LiveChanges changes, int64_t issued, int64_t lasts_ms = 600000) {
    ControlMessage m;
    m.kind = ControlKind::Live;
    m.id = "l-" + std::to_string(issued % 1000000);
    m.issued_ms = issued;
    m.expires_ms = issued + lasts_ms;
    m.target = topic;
    m.live = std::move(changes);
    return m;
}

content::LiveChanges an_announcement(const std::string& id) {
    content::LiveChanges c;
    c.announcements.push_back({id, {{"en", "Coffee in the foyer"}}, std::nullopt, std::nullopt});
    return c;
}

}  // namespace

TEST(FleetLive, ASessionDelayedThroughTheHubReachesEveryScreen) {
    Venue v;
    for (const char* id : {"door-1", "door-2", "kiosk-1"}) v.start_player(id);
    ASSERT_TRUE(applied(v, {"door-1", "door-2", "kiosk-1"}, 0)) << v.logs();
    const json offered = sessions_of(v);
    ASSERT_FALSE(offered.at("sessions").empty()) << offered;
    ASSERT_FALSE(offered.at("halls").empty()) << offered;
    const json opening = offered.at("sessions").at(0);
    EXPECT_EQ(opening.at("fingerprint").get<std::string>().size(), 16u);
    EXPECT_FALSE(opening.at("title").empty()) << opening;

    const auto [status, answer] = put_live(v, "all", delay_body(opening, 20));
    ASSERT_EQ(status, 202) << answer;
    EXPECT_EQ(json::parse(answer).at("topic"), venue_live_topic("summit"));
    const int64_t issued = issued_for(v, "all");
    ASSERT_GT(issued, 0);
    ASSERT_TRUE(applied(v, {"door-1", "door-2", "kiosk-1"}, issued)) << v.logs();
    // The hub lists what is in force, and it lasts at least 7 days.
    auto res = v.http().Get("/api/live");
    const json listed = json::parse(res->body).at("live").at(0);
    EXPECT_EQ(listed.at("changes").at("sessions").at(0).at("delay_minutes"), 20);
    EXPECT_GE(listed.at("expires").get<int64_t>() - issued, 7 * 24 * 3600 * 1000LL);
    // {} withdraws it: a newer set, applied everywhere.
    ASSERT_EQ(put_live(v, "all", "{}").first, 202);
    const int64_t withdrawn = issued_for(v, "all");
    ASSERT_GT(withdrawn, issued);
    ASSERT_TRUE(applied(v, {"door-1", "door-2", "kiosk-1"}, withdrawn)) << v.logs();
    // A broken body or target is refused with its first problem; each publish is audited.
    auto refused = put_live(v, "all", "{\"sessions\":[{\"session\":\"opening\"}]}");
    EXPECT_EQ(refused.first, 400);
    EXPECT_NE(refused.second.find("sessions[0]"), std::string::npos) << refused.second;
    EXPECT_EQ(put_live(v, "group:a/b", "{}").first, 400);
    const std::string audit = read_file(v.tmp / "audit.jsonl");
    EXPECT_NE(audit.find("\"kind\":\"live\""), std::string::npos) << audit;
    EXPECT_NE(audit.find("\"live\":{\"announcements\":0,\"sessions\":1}"), std::string::npos) << audit;
    for (const char* id : {"door-1", "door-2", "kiosk-1"}) v.stop_player(id);
}

TEST(FleetLive, AGroupsSetReachesOnlyItsScreens) {
    Venue v;
    for (const char* id : {"door-1", "door-2", "kiosk-1"}) v.start_player(id);
    ASSERT_TRUE(applied(v, {"door-1", "door-2", "kiosk-1"}, 0)) << v.logs();
    const json opening = sessions_of(v).at("sessions").at(0);
    ASSERT_EQ(put_live(v, "group:doors", delay_body(opening, 15)).first, 202);
    const int64_t issued = issued_for(v, "group:doors");
    ASSERT_TRUE(applied(v, {"door-1", "door-2"}, issued)) << v.logs();
    EXPECT_EQ(v.view->screen("kiosk-1")->status.live, 0);
    // One screen's own set: that screen only, on top of its group's.
    ASSERT_EQ(put_live(v, "screen:door-2", json{{"announcements", json::array({{{"id", "here"}, {"text", {{"en", "This door is closed"}}}}})}}.dump()).first, 202);
    const int64_t own = issued_for(v, "screen:door-2");
    ASSERT_TRUE(applied(v, {"door-2"}, own)) << v.logs();
    EXPECT_EQ(v.view->screen("door-1")->status.live, issued);
    EXPECT_EQ(v.view->screen("kiosk-1")->status.live, 0);
    for (const char* id : {"door-1", "door-2", "kiosk-1"}) v.stop_player(id);
}

TEST(FleetLive, ForgedExpiredAndReplayedLiveMessagesAreRefused) {
    Venue v;
    v.start_player("door-1");
    ASSERT_TRUE(applied(v, {"door-1"}, 0)) << v.logs();
    auto refused = [&](const std::string& topic, const std::string& payload, const std::string& why) {
        v.expect_refused("door-1", topic, payload, why);
    };
    const SecretKey other = v.other_key();
    refused(kDoorsLive, sign_control(live_message(kDoorsLive, an_announcement("forged"), now_ms()), other),
            "the signature does not match the control message and the trusted key");
    refused(kDoorsLive, sign_control(live_message(kDoorsLive, an_announcement("old"), now_ms() - 5000, 1000), *v.key),
            "expired at");
    const std::string on_alert = group_alert_topic("summit", "doors");
    refused(on_alert, sign_control(live_message(on_alert, an_announcement("astray"), now_ms()), *v.key),
            "a message of kind live on a topic for alerts");
    // A replay: a set validly signed, sent again after a newer one on the same topic.
    const std::string older = sign_control(live_message(kDoorsLive, an_announcement("first"), now_ms() - 2000), *v.key);
    ASSERT_EQ(v.post(older).first, 202);
    const int64_t first = issued_for(v, "group:doors");
    ASSERT_TRUE(applied(v, {"door-1"}, first)) << v.logs();
    const std::string newer = sign_control(live_message(kDoorsLive, an_announcement("second"), now_ms()), *v.key);
    ASSERT_EQ(v.post(newer).first, 202);
    const int64_t second = issued_for(v, "group:doors");
    ASSERT_TRUE(applied(v, {"door-1"}, second)) << v.logs();
    EXPECT_EQ(v.post(older).first, 400);  // the hub knows it is old
    refused(kDoorsLive, older, "replayed");
    EXPECT_EQ(v.view->screen("door-1")->status.live, second);
    v.stop_player("door-1");
}

TEST(FleetLive, ARestartedScreenAppliesItsCachedSetAtOnce) {
    Venue v;
    v.start_player("door-1");
    ASSERT_TRUE(applied(v, {"door-1"}, 0)) << v.logs();
    const json opening = sessions_of(v).at("sessions").at(0);
    ASSERT_EQ(put_live(v, "group:doors", delay_body(opening, 30)).first, 202);
    const int64_t issued = issued_for(v, "group:doors");
    ASSERT_TRUE(applied(v, {"door-1"}, issued)) << v.logs();
    v.stop_player("door-1");
    const std::string log = v.tmp / "door-1.log";
    const size_t before = read_file(log).size();
    v.start_player("door-1");
    ASSERT_TRUE(applied(v, {"door-1"}, issued)) << v.logs();
    const std::string second_run = read_file(log).substr(before);
    const size_t kept = second_run.find("live changes of " + std::to_string(issued)), connected = second_run.find("connected to");
    ASSERT_NE(kept, std::string::npos) << second_run;
    EXPECT_LT(kept, connected) << second_run;
    v.stop_player("door-1");
}

// A player that draws (a window on a private X server) says a set is applied once a frame was
// drawn with it, the empty set that withdraws everything too.
TEST(FleetLive, AWindowedScreenAcknowledgesTheSetItsFrameWasDrawnWith) {
    Venue v;
    majlis::testing::XServer x(v.tmp);
    ASSERT_FALSE(x.display.empty()) << read_file(v.tmp / "xvfb.log");
    v.players["door-1"] = std::make_unique<majlis::testing::ChildProcess>(
        std::vector<std::string>{"/usr/bin/env", "DISPLAY=" + x.display, MAJLIS_BIN, "--data", kSource.string(),
                                 "--content", kDemo.string(), "--window", "320x180", "--trust", v.tmp / "keys/majlis.pub",
                                 "--mqtt", v.broker.url("door-1"), "--venue", "summit", "--screen-id", "door-1",
                                 "--group", "doors", "--cache", v.tmp / "cache-door-1"},
        v.tmp / "door-1.log");
    ASSERT_TRUE(applied(v, {"door-1"}, 0)) << v.logs();
    const json opening = sessions_of(v).at("sessions").at(0);
    ASSERT_EQ(put_live(v, "group:doors", delay_body(opening, 10)).first, 202);
    const int64_t issued = issued_for(v, "group:doors");
    ASSERT_TRUE(applied(v, {"door-1"}, issued)) << v.logs();
    ASSERT_EQ(put_live(v, "group:doors", "{}").first, 202);
    const int64_t withdrawn = issued_for(v, "group:doors");
    ASSERT_TRUE(applied(v, {"door-1"}, withdrawn)) << v.logs();
    // An alert and its cancel, each acknowledged once a frame showed it (WindowOptions::report_now
    // reports it at once: tests/window_report_test.cpp).
    const std::string doors_alert = group_alert_topic("summit", "doors");
    ASSERT_EQ(v.post(sign_control(v.alert("evac-doors", doors_alert), *v.key)).first, 202);
    ASSERT_TRUE(v.showing({"door-1"}, "evac-doors")) << v.logs();
    ASSERT_EQ(v.post(sign_control(v.cancel("evac-doors", doors_alert), *v.key)).first, 202);
    ASSERT_TRUE(v.showing({"door-1"}, "")) << v.logs();
    // A clean exit, under ASan too: ctest preloads tests/sanitizers/keep_dri_loaded.c, so Mesa's
    // driver stays mapped and the blocks it keeps are not reported as leaks (run by hand, the
    // sanitizer build needs the same LD_PRELOAD; ctest_env.cmake says it).
    v.stop_player("door-1");
}

TEST(FleetLive, TheLiveCommandEndToEnd) {
    Venue v;
    v.start_player("door-1");
    v.start_player("kiosk-1");
    ASSERT_TRUE(applied(v, {"door-1", "kiosk-1"}, 0)) << v.logs();
    const std::string key = v.tmp / "keys/majlis.key";
    const json opening = sessions_of(v).at("sessions").at(0);
    std::ofstream(v.tmp / "changes.json") << delay_body(opening, 25);
    auto [code, out] = v.majlis_cli("live", {"--key", key, "--file", v.tmp / "changes.json", "--screens", "group:doors",
                                             "--expires", "2d"});
    ASSERT_EQ(code, 0) << out << v.logs();
    EXPECT_NE(out.find("(1 session changes, 0 announcements, expires in 172800s) on " + kDoorsLive + ": HTTP 202"),
              std::string::npos)
        << out;
    const int64_t issued = issued_for(v, "group:doors");
    ASSERT_TRUE(applied(v, {"door-1"}, issued)) << v.logs();
    EXPECT_EQ(v.view->screen("kiosk-1")->status.live, 0);
    // A broken file: nothing sent (2); another key: the hub's says no (1).
    std::ofstream(v.tmp / "broken.json") << "{\"sessions\":[{\"session\":\"opening\",\"based_on\":\"x\"}]}";
    std::tie(code, out) = v.majlis_cli("live", {"--key", key, "--file", v.tmp / "broken.json"});
    EXPECT_EQ(code, 2) << out;
    EXPECT_NE(out.find("sessions[0].based_on"), std::string::npos) << out;
    std::string error;
    ASSERT_TRUE(generate_keys(v.tmp / "other", error)) << error;
    std::tie(code, out) = v.majlis_cli("live", {"--key", v.tmp / "other/majlis.key", "--file", v.tmp / "changes.json"});
    EXPECT_EQ(code, 1);
    EXPECT_NE(out.find("is not the key of the hub"), std::string::npos) << out;
    EXPECT_EQ(issued_for(v, "all"), 0);
    v.stop_player("door-1");
    v.stop_player("kiosk-1");
}
