// Emergency alerts on a venue, end to end: a real mosquitto (tests/fleet/broker.h), the built
// `majlis hub` and headless `majlis --content ... --mqtt ...` players as processes, alerts signed
// with the operator's key (control.h) and sent the way an operator sends them: POST /api/control
// on the hub and `majlis alert`. What the test sees is what the dashboard sees: each screen's
// retained status, whose "alert" is the id of the alert it shows and whose last_error says what
// it refused. Covered: a forged, an unsigned, an expired and a replayed message each refused by
// the screen (published straight to the broker: someone with the broker's password, not the
// key) and by the hub; an alert to a group shown by that group's screens only, ended by a cancel
// and by its expiry; a screen restarted during an alert shows it at once from its cache; a screen
// that was down during the send shows it when it starts; `majlis alert` with a text file, with
// CAP (an Alert, then a Cancel naming it in its references), --cancel, and a key that is not
// the hub's. The venue (hub, broker, players) is tests/fleet/venue.h's.
#include "fleet/venue.h"

#include <fstream>

using namespace majlis;
using namespace majlis::testing::fleet_venue;

namespace {

const std::string kDoors = group_alert_topic("summit", "doors");

}  // namespace

TEST(FleetAlert, ForgedUnsignedExpiredAndReplayedMessagesAreRefused) {
    Venue v;
    v.start_player("door-1");
    ASSERT_TRUE(v.showing({"door-1"}, "")) << v.logs();
    // Someone with the broker's password (the hub's account) but not the operator's key.
    auto refused = [&](const std::string& payload, const std::string& why) {
        v.expect_refused("door-1", kDoors, payload, why);
    };
    const SecretKey other = v.other_key();
    refused(sign_control(v.alert("forged", kDoors), other),
            "the signature does not match the control message and the trusted key");
    refused(v.alert("unsigned", kDoors).to_json(), "not signed");
    refused(sign_control(v.alert("expired", kDoors, 1000, now_ms() - 5000), *v.key), "expired at");
    // The hub refuses the same, and writes each try in its audit log.
    EXPECT_EQ(v.post(sign_control(v.alert("forged", kDoors), other)).first, 400);
    EXPECT_EQ(v.post(v.alert("unsigned", kDoors).to_json()).first, 400);
    EXPECT_EQ(v.post(sign_control(v.alert("expired", kDoors, 1000, now_ms() - 5000), *v.key)).first, 400);
    // A replay: an old alert, validly signed, after a newer message on the same topic.
    const std::string old_alert = sign_control(v.alert("old", kDoors, 60000, now_ms() - 2000), *v.key);
    ASSERT_EQ(v.post(old_alert).first, 202);
    ASSERT_TRUE(v.showing({"door-1"}, "old")) << v.logs();
    ASSERT_EQ(v.post(sign_control(v.cancel("old", kDoors), *v.key)).first, 202);
    ASSERT_TRUE(v.showing({"door-1"}, "")) << v.logs();
    EXPECT_EQ(v.post(old_alert).first, 400);  // the hub knows it is old
    refused(old_alert, "replayed");
    EXPECT_EQ(v.view->screen("door-1")->status.alert, "");
    // Nothing forged was ever shown, and every try is in the audit log.
    EXPECT_FALSE(read_file(v.tmp / "door-1.log").find("showing alert forged") != std::string::npos);
    const std::string audit = read_file(v.tmp / "audit.jsonl");
    size_t lines = 0;
    for (size_t at = 0; (at = audit.find('\n', at)) != std::string::npos; ++at) ++lines;
    EXPECT_EQ(lines, 6u) << audit;
    EXPECT_NE(audit.find("\"result\":\"refused: the signature does not match"), std::string::npos) << audit;
    EXPECT_NE(audit.find("\"from\":\"127.0.0.1\""), std::string::npos) << audit;
    v.stop_player("door-1");
}

TEST(FleetAlert, AGroupsAlertIsShownByItsScreensOnlyUntilCancelledOrExpired) {
    Venue v;
    for (const char* id : {"door-1", "door-2", "kiosk-1"}) v.start_player(id);
    ASSERT_TRUE(v.showing({"door-1", "door-2", "kiosk-1"}, "")) << v.logs();
    const auto [status, answer] = v.post(sign_control(v.alert("evac-doors", kDoors), *v.key));
    ASSERT_EQ(status, 202) << answer;
    EXPECT_EQ(json::parse(answer).at("topic"), kDoors);
    ASSERT_TRUE(v.showing({"door-1", "door-2"}, "evac-doors")) << v.logs();
    EXPECT_EQ(v.view->screen("kiosk-1")->status.alert, "");
    // The hub lists it.
    auto res = v.http().Get("/api/alerts");
    ASSERT_TRUE(res && res->status == 200);
    const json alerts = json::parse(res->body).at("alerts");
    ASSERT_EQ(alerts.size(), 1u) << res->body;
    EXPECT_EQ(alerts[0].at("id"), "evac-doors");
    EXPECT_EQ(alerts[0].at("target"), kDoors);
    // A cancel ends it.
    ASSERT_EQ(v.post(sign_control(v.cancel("evac-doors", kDoors), *v.key)).first, 202);
    ASSERT_TRUE(v.showing({"door-1", "door-2"}, "")) << v.logs();
    // Its expiry ends one too: 3 s, then nothing, on the screen and on the hub.
    ASSERT_EQ(v.post(sign_control(v.alert("short", kDoors, 3000), *v.key)).first, 202);
    ASSERT_TRUE(v.showing({"door-1", "door-2"}, "short")) << v.logs();
    ASSERT_TRUE(v.showing({"door-1", "door-2"}, "", seconds(6))) << v.logs();
    res = v.http().Get("/api/alerts");
    EXPECT_TRUE(json::parse(res->body).at("alerts").empty()) << res->body;
    EXPECT_EQ(v.view->screen("kiosk-1")->status.alert, "");
    for (const char* id : {"door-1", "door-2", "kiosk-1"}) v.stop_player(id);
}

TEST(FleetAlert, AScreenRestartedOrDownDuringAnAlertShowsIt) {
    Venue v;
    v.start_player("door-1");
    ASSERT_TRUE(v.showing({"door-1"}, "")) << v.logs();
    ASSERT_EQ(v.post(sign_control(v.alert("evac-all", venue_alert_topic("summit")), *v.key)).first, 202);
    ASSERT_TRUE(v.showing({"door-1"}, "evac-all")) << v.logs();
    // door-2 was not running when it was sent: it shows it once it starts.
    v.start_player("door-2");
    EXPECT_TRUE(v.showing({"door-2"}, "evac-all")) << v.logs();
    // door-1 restarted: it shows the alert from its cache, before it hears from the broker.
    v.stop_player("door-1");
    const std::string log = v.tmp / "door-1.log";
    const size_t before = read_file(log).size();
    v.start_player("door-1");
    ASSERT_TRUE(v.showing({"door-1"}, "evac-all")) << v.logs();
    const std::string second_run = read_file(log).substr(before);
    const size_t shown = second_run.find("showing alert evac-all"), connected = second_run.find("connected to");
    ASSERT_NE(shown, std::string::npos) << second_run;
    EXPECT_LT(shown, connected) << second_run;
    v.stop_player("door-1");
    v.stop_player("door-2");
}

TEST(FleetAlert, TheAlertCommandEndToEnd) {
    Venue v;
    v.start_player("door-1");
    v.start_player("kiosk-1");
    ASSERT_TRUE(v.showing({"door-1", "kiosk-1"}, "")) << v.logs();
    const std::string key = v.tmp / "keys/majlis.key";

    // A text file to the doors.
    std::ofstream(v.tmp / "evac.toml") << "pictogram = \"evacuate\"\nheadline.en = \"Evacuate the building\"\n"
                                          "instruction.en = \"Leave by the east exits.\"\n";
    auto [code, out] = v.majlis_alert({"--key", key, "--text-file", v.tmp / "evac.toml", "--screens", "group:doors",
                                       "--severity", "extreme", "--expires", "10m"});
    ASSERT_EQ(code, 0) << out << v.logs();
    const size_t id_at = out.find("alert alert-");
    ASSERT_NE(id_at, std::string::npos) << out;
    const std::string id = out.substr(id_at + 6, out.find(' ', id_at + 6) - id_at - 6);
    EXPECT_NE(out.find("(extreme, actual, 1 languages, expires in 600s) on " + kDoors + ": HTTP 202"), std::string::npos)
        << out;
    ASSERT_TRUE(v.showing({"door-1"}, id)) << v.logs();
    EXPECT_EQ(v.view->screen("kiosk-1")->status.alert, "");
    std::tie(code, out) = v.majlis_alert({"--key", key, "--cancel", id});
    ASSERT_EQ(code, 0) << out;
    EXPECT_EQ(out, "cancel of " + id + " on " + kDoors + ": HTTP 202 {\"id\":" + out.substr(out.find("{\"id\":") + 6));
    ASSERT_TRUE(v.showing({"door-1"}, "")) << v.logs();
    std::tie(code, out) = v.majlis_alert({"--key", key, "--cancel", id});
    EXPECT_EQ(code, 1) << out;  // nothing active to cancel

    // CAP: an Alert to every screen, then a Cancel whose references name it.
    const std::string sent = "2026-12-06T19:55:00+05:00";
    std::ofstream(v.tmp / "alert.xml")
        << "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>cap-evac</identifier>"
           "<sender>security@summit.example</sender><sent>" << sent << "</sent><status>Exercise</status>"
           "<msgType>Alert</msgType><scope>Public</scope><info><language>ru</language><category>Fire</category>"
           "<event>Пожар</event><urgency>Immediate</urgency><severity>Severe</severity><certainty>Observed</certainty>"
           "<headline>Покиньте здание</headline></info></alert>";
    std::tie(code, out) = v.majlis_alert({"--key", key, "--cap", v.tmp / "alert.xml"});
    ASSERT_EQ(code, 0) << out;
    ASSERT_TRUE(v.showing({"door-1", "kiosk-1"}, "cap-evac")) << v.logs();
    std::ofstream(v.tmp / "cancel.xml")
        << "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>cap-end</identifier>"
           "<sender>security@summit.example</sender><sent>" << sent << "</sent><status>Exercise</status>"
           "<msgType>Cancel</msgType><scope>Public</scope>"
           "<references>security@summit.example,cap-evac," << sent << "</references></alert>";
    std::tie(code, out) = v.majlis_alert({"--key", key, "--cap", v.tmp / "cancel.xml"});
    ASSERT_EQ(code, 0) << out;
    EXPECT_NE(out.find("cancel of cap-evac on majlis/summit/alert: HTTP 202"), std::string::npos) << out;
    ASSERT_TRUE(v.showing({"door-1", "kiosk-1"}, "")) << v.logs();

    // Another key: the hub's public key says it is not this hub's; nothing is sent.
    std::string error;
    ASSERT_TRUE(generate_keys(v.tmp / "other", error)) << error;
    std::tie(code, out) = v.majlis_alert({"--key", v.tmp / "other/majlis.key", "--text-file", v.tmp / "evac.toml"});
    EXPECT_EQ(code, 1);
    EXPECT_NE(out.find("is not the key of the hub"), std::string::npos) << out;
    // Bad usage: 2.
    EXPECT_EQ(v.majlis_alert({"--key", key, "--text-file", v.tmp / "evac.toml", "--expires", "soon"}).first, 2);
    EXPECT_EQ(v.majlis_alert({"--key", key}).first, 2);
    v.stop_player("door-1");
    v.stop_player("kiosk-1");
}
