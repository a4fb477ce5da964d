// Signed control messages (app/fleet/control.h) without a broker: the message's JSON both ways
// and its refusals, the topics, and ControlCheck's rules one by one -- a forged, an unsigned, a
// tampered, an expired, a replayed message, one for another topic, one issued in the future --
// the redelivery that changes nothing, the alert shown (most severe, then latest), cancel and
// expiry ending it, and what the control folder keeps across a restart (re-verified).
#include "fleet/control.h"
#include "fleet/presence.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace majlis;
using namespace majlis::fleet;
using majlis::testing::TempFolder;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kNow = 1796586900000;
const std::string kTopic = "majlis/summit/groups/doors/alert";

struct Keys {
    TempFolder tmp{"majlis-control"};
    SecretKey key, other;
    Keys() {
        std::string error;
        EXPECT_TRUE(generate_keys(tmp / "a", error)) << error;
        EXPECT_TRUE(generate_keys(tmp / "b", error)) << error;
        key = load_secret_key(tmp / "a/majlis.key", error).value();
        other = load_secret_key(tmp / "b/majlis.key", error).value();
    }
};

content::Alert evacuate(const std::string& id = "evac-1") {
    content::Alert a;
    a.id = id;
    a.severity = content::AlertSeverity::Extreme;
    a.pictogram = content::AlertPictogram::Evacuate;
    a.texts = {{"ar", "أخلوا المبنى", "", "اخرجوا من الأبواب الشرقية"}, {"en", "Evacuate the building", "", "East exits"}};
    a.sent_ms = kNow;
    a.expires_ms = kNow + 60000;
    return a;
}

ControlMessage alert_message(const content::Alert& alert, const std::string& topic = kTopic, int64_t issued = kNow) {
    ControlMessage m;
    m.kind = ControlKind::Alert;
    m.id = "m" + std::to_string(issued);
    m.issued_ms = issued;
    m.expires_ms = alert.expires_ms;
    m.target = topic;
    m.alert = alert;
    return m;
}

ControlMessage cancel_message(const std::string& alert_id, int64_t issued, const std::string& topic = kTopic) {
    ControlMessage m;
    m.kind = ControlKind::Cancel;
    m.id = "c" + std::to_string(issued);
    m.issued_ms = issued;
    m.expires_ms = issued + 60000;
    m.target = topic;
    m.cancels = alert_id;
    return m;
}

Log quiet{[](LogLevel, std::string_view) {}};

ControlCheck screen_check(const SecretKey& key, const std::string& dir = "") {
    const auto topics = screen_alert_topics("summit", "door-1", {"doors"});
    return ControlCheck(key.public_key(),
                        [topics](std::string_view t) { return std::find(topics.begin(), topics.end(), t) != topics.end(); },
                        dir, quiet);
}

std::string refused(ControlCheck& check, const std::string& payload, const std::string& topic = kTopic,
                    int64_t now = kNow) {
    const auto r = check.accept(payload, topic, now, 0);
    EXPECT_EQ(r.verdict, ControlCheck::Verdict::Refused);
    return r.why;
}

}  // namespace

TEST(ControlMessage, WritesAndReadsBack) {
    for (const ControlMessage& m : {alert_message(evacuate()), cancel_message("evac-1", kNow + 5)}) {
        std::string error;
        const auto back = ControlMessage::parse(m.to_json(), &error);
        ASSERT_TRUE(back) << error;
        EXPECT_EQ(*back, m);
    }
    EXPECT_EQ(cancel_message("evac-1", kNow).to_json(),
              "{\"cancels\":\"evac-1\",\"expires\":1796586960000,\"id\":\"c1796586900000\",\"issued\":1796586900000,"
              "\"kind\":\"cancel\",\"target\":\"majlis/summit/groups/doors/alert\"}");
}

TEST(ControlMessage, RefusesWhatIsNotOne) {
    const std::string good = alert_message(evacuate()).to_json();
    auto why = [](const std::string& line) {
        std::string error;
        EXPECT_FALSE(ControlMessage::parse(line, &error)) << line;
        return error;
    };
    auto with = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const size_t at = s.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return s.replace(at, from.size(), to);
    };
    EXPECT_EQ(why("[]"), "not a JSON object");
    EXPECT_EQ(why(with("\"kind\":\"alert\"", "\"kind\":\"blank\"")), "unknown kind \"blank\"");
    EXPECT_EQ(why(with("\"kind\":\"alert\"", "\"kind\":\"alert\",\"extra\":1")), "an alert message has an unknown field \"extra\"");
    EXPECT_EQ(why(with("\"issued\":1796586900000", "\"issued\":1796586990000")), "\"expires\" is not after \"issued\"");
    EXPECT_EQ(why(with("\"id\":\"m1796586900000\"", "\"id\":\"m/1\"")), "\"id\" is not a valid message id");
    EXPECT_EQ(why(with("\"expires\":1796586960000,\"id\":\"evac-1\"", "\"expires\":1796586950000,\"id\":\"evac-1\"")),
              "alert: its expires is not the message's");
    EXPECT_EQ(why(with("\"severity\":\"extreme\"", "\"severity\":\"dire\"")), "alert: \"severity\" is not extreme, severe or moderate");
    EXPECT_EQ(why(with("\"lang\":\"ar\"", "\"lang\":\"en\"")), "alert: the alert has two texts in \"en\"");
    EXPECT_EQ(why(with("\"headline\":\"Evacuate the building\"", "\"headline\":\"\"")),
              "alert: the alert's text in \"en\" has no headline");
    EXPECT_EQ(why(with("\"lang\":\"ar\"", "\"lang\":\"ar\",\"colour\":\"red\"")), "alert: texts: a text has an unknown field \"colour\"");
    EXPECT_EQ(why(cancel_message("evac 1", kNow).to_json()), "\"cancels\" is not an alert id");
}

TEST(ControlMessage, Topics) {
    EXPECT_EQ(screen_alert_topics("summit", "door-1", {"doors", "hall-a"}),
              (std::vector<std::string>{"majlis/summit/alert", "majlis/summit/groups/doors/alert",
                                        "majlis/summit/groups/hall-a/alert", "majlis/summit/screens/door-1/alert"}));
    EXPECT_TRUE(is_alert_topic("summit", "majlis/summit/alert"));
    EXPECT_TRUE(is_alert_topic("summit", "majlis/summit/screens/door-1/alert"));
    EXPECT_FALSE(is_alert_topic("summit", "majlis/other/alert"));
    EXPECT_FALSE(is_alert_topic("summit", "majlis/summit/screens/door-1/command"));
    EXPECT_FALSE(is_alert_topic("summit", "majlis/summit/groups/a/b/alert"));
    EXPECT_FALSE(is_alert_topic("summit", "majlis/summit/groups/+/alert"));
}

TEST(ControlCheck, EachRefusal) {
    Keys keys;
    ControlCheck check = screen_check(keys.key);
    const ControlMessage m = alert_message(evacuate());
    const std::string good = sign_control(m, keys.key);

    EXPECT_EQ(refused(check, sign_control(m, keys.other)), "the signature does not match the control message and the trusted key");
    EXPECT_EQ(refused(check, m.to_json()), "not signed");
    EXPECT_EQ(refused(check, m.to_json() + "\n"), "the signature is not the base64 of 64 bytes");
    std::string tampered = good;
    tampered[tampered.find("East")] = 'W';
    EXPECT_EQ(refused(check, tampered), "the signature does not match the control message and the trusted key");
    EXPECT_EQ(refused(check, sign_control(alert_message(evacuate(), "majlis/summit/alert"), keys.key)),
              "signed for majlis/summit/alert, not for this topic");
    EXPECT_EQ(refused(check, good, "majlis/summit/groups/hall-b/alert"), "not a topic this screen reads alerts or live changes on");
    EXPECT_EQ(refused(check, good, kTopic, kNow + 60000), "expired at 1796586960000 ms (the hub's time now: 1796586960000)");
    content::Alert later = evacuate();
    later.expires_ms = kNow + 3600000;
    EXPECT_EQ(refused(check, sign_control(alert_message(later, kTopic, kNow + 60001), keys.key)),
              "issued at 1796586960001 ms, more than 60 s after the hub's time now (1796586900000)");
    // The hub's clock counts, not the screen's: 2 minutes behind the hub, the same message is in time.
    EXPECT_EQ(check.accept(sign_control(alert_message(later, kTopic, kNow + 60001), keys.key), kTopic, kNow, 120000).verdict,
              ControlCheck::Verdict::Accepted);
    ControlCheck no_key(std::nullopt, [](std::string_view) { return true; }, "", quiet);
    EXPECT_EQ(refused(no_key, good), "no trusted key (--trust) to verify control messages with");
}

TEST(ControlCheck, ReplaysAreRefusedAndRedeliveriesChangeNothing) {
    Keys keys;
    ControlCheck check = screen_check(keys.key);
    const std::string first = sign_control(alert_message(evacuate(), kTopic, kNow - 1000), keys.key);
    const std::string second = sign_control(alert_message(evacuate("evac-2"), kTopic, kNow), keys.key);
    EXPECT_EQ(check.accept(first, kTopic, kNow, 0).verdict, ControlCheck::Verdict::Accepted);
    EXPECT_EQ(check.accept(second, kTopic, kNow, 0).verdict, ControlCheck::Verdict::Accepted);
    EXPECT_EQ(refused(check, first),
              "issued at 1796586899000 ms, not after message m1796586900000 (issued at 1796586900000) on this topic: replayed");
    EXPECT_EQ(check.accept(second, kTopic, kNow + 10, 0).verdict, ControlCheck::Verdict::Redelivered);
    EXPECT_EQ(check.active(kNow, 0)->id, "evac-2");
    // Another message issued at the same millisecond is not newer either.
    ControlMessage same = alert_message(evacuate("evac-3"), kTopic, kNow);
    same.id = "other";
    EXPECT_NE(refused(check, sign_control(same, keys.key)).find("replayed"), std::string::npos);
}

TEST(ControlCheck, TheMostSevereThenTheLatestIsShownUntilCancelledOrExpired) {
    Keys keys;
    ControlCheck check = screen_check(keys.key);
    EXPECT_EQ(check.active(kNow, 0), nullptr);
    content::Alert moderate = evacuate("notice");
    moderate.severity = content::AlertSeverity::Moderate;
    moderate.expires_ms = kNow + 600000;
    const auto venue = "majlis/summit/alert", own = "majlis/summit/screens/door-1/alert";
    ASSERT_EQ(check.accept(sign_control(alert_message(moderate, venue, kNow), keys.key), venue, kNow, 0).verdict,
              ControlCheck::Verdict::Accepted);
    EXPECT_EQ(check.active(kNow, 0)->id, "notice");
    ASSERT_EQ(check.accept(sign_control(alert_message(evacuate(), kTopic, kNow - 5), keys.key), kTopic, kNow, 0).verdict,
              ControlCheck::Verdict::Accepted);
    const auto shown = check.active(kNow, 0);
    EXPECT_EQ(shown->id, "evac-1");                   // extreme over moderate, though older
    EXPECT_EQ(check.active(kNow + 1, 0), shown);      // the same pointer while it stays the one
    content::Alert also_extreme = evacuate("fire-2");
    ASSERT_EQ(check.accept(sign_control(alert_message(also_extreme, own, kNow), keys.key), own, kNow, 0).verdict,
              ControlCheck::Verdict::Accepted);
    EXPECT_EQ(check.active(kNow, 0)->id, "fire-2");   // equally severe: the latest issued
    EXPECT_EQ(check.active_alerts(kNow, 0).size(), 3u);
    // The cancel on its topic ends it; then the group's; expiry ends the rest.
    ASSERT_EQ(check.accept(sign_control(cancel_message("fire-2", kNow + 1, own), keys.key), own, kNow + 1, 0).verdict,
              ControlCheck::Verdict::Accepted);
    EXPECT_EQ(check.active(kNow + 1, 0)->id, "evac-1");
    EXPECT_EQ(check.active(kNow + 60000, 0)->id, "notice");  // evac-1 expired
    EXPECT_EQ(check.active(kNow + 600000, 0), nullptr);
    EXPECT_TRUE(check.active_alerts(kNow + 600000, 0).empty());
}

TEST(ControlCheck, WhatWasAcceptedSurvivesARestartVerifiedAgain) {
    Keys keys;
    const std::string dir = keys.tmp / "cache/control";
    const std::string old_one = sign_control(alert_message(evacuate("old"), kTopic, kNow - 2000), keys.key);
    {
        ControlCheck check = screen_check(keys.key, dir);
        ASSERT_EQ(check.accept(old_one, kTopic, kNow, 0).verdict, ControlCheck::Verdict::Accepted);
        ASSERT_EQ(check.accept(sign_control(alert_message(evacuate(), kTopic, kNow), keys.key), kTopic, kNow, 0).verdict,
                  ControlCheck::Verdict::Accepted);
    }
    EXPECT_TRUE(fs::is_regular_file(fs::path(dir) / "majlis.summit.groups.doors.alert"));
    {
        ControlCheck check = screen_check(keys.key, dir);
        ASSERT_NE(check.active(kNow, 0), nullptr);  // at once, with no message received
        EXPECT_EQ(check.active(kNow, 0)->id, "evac-1");
        EXPECT_NE(refused(check, old_one).find("replayed"), std::string::npos);  // after a restart too
    }
    // Another key's check (a screen given a new --trust) and a tampered file: not taken, removed.
    {
        ControlCheck check = screen_check(keys.other, dir);
        EXPECT_EQ(check.active(kNow, 0), nullptr);
    }
    EXPECT_FALSE(fs::exists(fs::path(dir) / "majlis.summit.groups.doors.alert"));
    {
        ControlCheck check = screen_check(keys.key, dir);
        ASSERT_EQ(check.accept(old_one, kTopic, kNow, 0).verdict, ControlCheck::Verdict::Accepted);
    }
    std::string text = majlis::testing::read_file(fs::path(dir) / "majlis.summit.groups.doors.alert");
    text[text.find("East")] = 'W';
    std::ofstream(fs::path(dir) / "majlis.summit.groups.doors.alert", std::ios::binary) << text;
    ControlCheck check = screen_check(keys.key, dir);
    EXPECT_EQ(check.active(kNow, 0), nullptr);
    EXPECT_FALSE(fs::exists(fs::path(dir) / "majlis.summit.groups.doors.alert"));
}

// Live changes (kind "live"): the message both ways, the topics, the merge of a screen's sets.
namespace {

content::SessionChange delay(const std::string& session, int minutes) {
    content::SessionChange c;
    c.session = session;
    c.based_on = "1946c44ac1a828fb";
    c.delay_minutes = minutes;
    return c;
}

content::LiveAnnouncement announcement(const std::string& id, const std::string& en) {
    content::LiveAnnouncement a;
    a.id = id;
    a.text = {{"en", en}};
    return a;
}

ControlMessage live_message(content::LiveChanges changes, const std::string& topic, int64_t issued = kNow) {
    ControlMessage m;
    m.kind = ControlKind::Live;
    m.id = "l" + std::to_string(issued);
    m.issued_ms = issued;
    m.expires_ms = issued + 60000;
    m.target = topic;
    m.live = std::move(changes);
    return m;
}

ControlCheck live_check(const SecretKey& key, const std::string& dir = "") {
    const auto topics = screen_live_topics("summit", "door-1", {"doors", "hall-a"});
    return ControlCheck(key.public_key(),
                        [topics](std::string_view t) { return std::find(topics.begin(), topics.end(), t) != topics.end(); },
                        dir, quiet);
}

const std::string kVenueLive = "majlis/summit/live", kDoorsLive = "majlis/summit/groups/doors/live",
                  kHallLive = "majlis/summit/groups/hall-a/live", kScreenLive = "majlis/summit/screens/door-1/live";

}  // namespace

TEST(LiveMessage, WritesAndReadsBackAndRefusesABrokenBody) {
    content::LiveChanges changes;
    changes.sessions = {delay("opening", 20)};
    changes.announcements = {announcement("late", "The opening starts 20 minutes late")};
    for (const ControlMessage& m : {live_message(changes, kDoorsLive), live_message({}, kVenueLive)}) {
        std::string error;
        const auto back = ControlMessage::parse(m.to_json(), &error);
        ASSERT_TRUE(back) << error;
        EXPECT_EQ(*back, m);
    }
    EXPECT_EQ(live_message({}, kVenueLive).to_json(),
              "{\"expires\":1796586960000,\"id\":\"l1796586900000\",\"issued\":1796586900000,\"kind\":\"live\",\"live\":{},"
              "\"target\":\"majlis/summit/live\"}");
    std::string line = live_message(changes, kDoorsLive).to_json(), error;
    line.replace(line.find("\"delay_minutes\":20"), 18, "\"delay_minutes\":999");
    EXPECT_FALSE(ControlMessage::parse(line, &error));
    EXPECT_EQ(error, "live: sessions[0].delay_minutes is out of range (0 to 720)");
    line = live_message({}, kVenueLive).to_json();
    line.replace(line.find("\"live\":{}"), 9, "\"live\":[]");
    EXPECT_FALSE(ControlMessage::parse(line, &error));
    EXPECT_EQ(error, "\"live\" is not an object");
}

TEST(LiveMessage, Topics) {
    EXPECT_EQ(screen_live_topics("summit", "door-1", {"doors"}),
              (std::vector<std::string>{kVenueLive, kDoorsLive, kScreenLive}));
    EXPECT_TRUE(is_live_topic("summit", kScreenLive));
    EXPECT_FALSE(is_live_topic("summit", "majlis/summit/alert"));
    EXPECT_TRUE(is_control_topic("summit", "majlis/summit/alert"));
    EXPECT_TRUE(is_control_topic("summit", kHallLive));
    EXPECT_FALSE(is_control_topic("summit", "majlis/summit/groups/+/live"));
    EXPECT_EQ(target_topic("summit", "all", "live"), kVenueLive);
    EXPECT_EQ(target_topic("summit", "group:doors", "live"), kDoorsLive);
    EXPECT_EQ(target_topic("summit", "screen:door-1", "live"), kScreenLive);
    EXPECT_EQ(target_topic("summit", "group:a/b", "live"), std::nullopt);
    EXPECT_EQ(target_topic("summit", "everyone", "live"), std::nullopt);
}

TEST(LiveMessage, SetsMergeTheMostSpecificTargetWinning) {
    content::LiveChanges venue, group, screen;
    venue.sessions = {delay("opening", 10), delay("lunch", 15)};
    venue.announcements = {announcement("welcome", "Welcome"), announcement("late", "Late (venue)")};
    group.sessions = {delay("opening", 20)};
    group.announcements = {announcement("late", "Late (doors)")};
    screen.sessions = {delay("press", 5)};
    const content::LiveChanges merged = merge_live_changes({&venue, &group, &screen});
    EXPECT_EQ(merged.sessions, (std::vector<content::SessionChange>{delay("opening", 20), delay("lunch", 15), delay("press", 5)}));
    EXPECT_EQ(merged.announcements, (std::vector<content::LiveAnnouncement>{announcement("welcome", "Welcome"),
                                                                            announcement("late", "Late (doors)")}));
    EXPECT_TRUE(merge_live_changes({}).empty());
    EXPECT_EQ(merge_live_changes({&venue}), venue);
}

TEST(LiveMessage, AScreensCheckMergesItsTopicsAndKeepsThemAcrossARestart) {
    Keys keys;
    const std::string dir = keys.tmp / "cache/control";
    content::LiveChanges venue, doors, hall, screen;
    venue.sessions = {delay("opening", 10), delay("lunch", 15)};
    doors.sessions = {delay("opening", 20)};
    hall.sessions = {delay("opening", 30)};
    screen.announcements = {announcement("late", "Late")};
    {
        ControlCheck check = live_check(keys.key, dir);
        EXPECT_TRUE(check.live(kNow, 0).changes->empty());
        EXPECT_EQ(check.live(kNow, 0).issued_ms, 0);
        // The screen's set first, then a group's issued later, then the venue's: the order they
        // come in does not matter, only how specific their targets are.
        ASSERT_EQ(check.accept(sign_control(live_message(screen, kScreenLive, kNow), keys.key), kScreenLive, kNow, 0).verdict,
                  ControlCheck::Verdict::Accepted);
        ASSERT_EQ(check.accept(sign_control(live_message(hall, kHallLive, kNow + 2), keys.key), kHallLive, kNow, 0).verdict,
                  ControlCheck::Verdict::Accepted);
        ASSERT_EQ(check.accept(sign_control(live_message(doors, kDoorsLive, kNow + 1), keys.key), kDoorsLive, kNow, 0).verdict,
                  ControlCheck::Verdict::Accepted);
        ASSERT_EQ(check.accept(sign_control(live_message(venue, kVenueLive, kNow + 3), keys.key), kVenueLive, kNow, 0).verdict,
                  ControlCheck::Verdict::Accepted);
        const ControlCheck::Live live = check.live(kNow, 0);
        EXPECT_EQ(live.issued_ms, kNow + 3);
        // Between two groups, the later issued (hall-a's) wins; a group's over the venue's.
        EXPECT_EQ(live.changes->sessions, (std::vector<content::SessionChange>{delay("opening", 30), delay("lunch", 15)}));
        EXPECT_EQ(live.changes->announcements, screen.announcements);
        EXPECT_EQ(check.active(kNow, 0), nullptr);  // live sets are no alerts
        // A live message is refused on an alert topic (and an alert on a live topic).
        const std::string on_alert = sign_control(live_message(venue, "majlis/summit/alert", kNow + 4), keys.key);
        ControlCheck both(keys.key.public_key(), [](std::string_view) { return true; }, "", quiet);
        EXPECT_NE(both.accept(on_alert, "majlis/summit/alert", kNow, 0).why.find("a message of kind live on a topic for alerts"),
                  std::string::npos);
        ControlMessage alert = alert_message(evacuate(), kVenueLive);
        EXPECT_NE(both.accept(sign_control(alert, keys.key), kVenueLive, kNow, 0).why.find("a message of kind alert on a topic for live changes"),
                  std::string::npos);
        // {} withdraws a target's set; expiry ends the others.
        ASSERT_EQ(check.accept(sign_control(live_message({}, kHallLive, kNow + 5), keys.key), kHallLive, kNow, 0).verdict,
                  ControlCheck::Verdict::Accepted);
        EXPECT_EQ(check.live(kNow, 0).changes->sessions,
                  (std::vector<content::SessionChange>{delay("opening", 20), delay("lunch", 15)}));
        EXPECT_EQ(check.live(kNow + 70000, 0).changes->sessions, (std::vector<content::SessionChange>{}));
        EXPECT_EQ(check.active_live(kNow, 0).size(), 4u);
    }
    // After a restart, at once: the same sets, and an old one replayed is refused.
    ControlCheck check = live_check(keys.key, dir);
    EXPECT_EQ(check.live(kNow, 0).changes->sessions,
              (std::vector<content::SessionChange>{delay("opening", 20), delay("lunch", 15)}));
    EXPECT_EQ(check.live(kNow, 0).issued_ms, kNow + 5);
    EXPECT_NE(refused(check, sign_control(live_message(hall, kHallLive, kNow + 2), keys.key), kHallLive).find("replayed"),
              std::string::npos);
}

// Screen overrides (kind "override"): a kiosk turned into a hall sign, a delegation's language,
// every screen blanked for the night.
namespace {

content::ScreenOverride screen_override(std::string mode, std::string hall, std::string lang, std::string power) {
    return content::ScreenOverride{std::move(mode), std::move(hall), std::move(lang), std::move(power)};
}

ControlMessage override_message(const content::ScreenOverride& o, const std::string& topic, int64_t issued = kNow) {
    ControlMessage m;
    m.kind = ControlKind::Override;
    m.id = "o" + std::to_string(issued);
    m.issued_ms = issued;
    m.expires_ms = issued + 60000;
    m.target = topic;
    m.screen_override = o;
    return m;
}

const std::string kVenueOverride = "majlis/summit/override", kDoorsOverride = "majlis/summit/groups/doors/override",
                  kHallOverride = "majlis/summit/groups/hall-a/override",
                  kScreenOverride = "majlis/summit/screens/door-1/override";

ControlCheck override_check(const SecretKey& key, const std::string& dir = "") {
    const auto topics = screen_control_topics("summit", "door-1", {"doors", "hall-a"}, "override");
    return ControlCheck(key.public_key(),
                        [topics](std::string_view t) { return std::find(topics.begin(), topics.end(), t) != topics.end(); },
                        dir, quiet);
}

}  // namespace

TEST(OverrideMessage, WritesAndReadsBackAndRefusesABrokenOverride) {
    for (const ControlMessage& m : {override_message(screen_override("room", "hall-a", "ru", "on"), kScreenOverride),
                                    override_message(screen_override("kiosk", "", "", ""), kDoorsOverride),
                                    override_message(screen_override("", "", "", "off"), kVenueOverride),
                                    override_message({}, kVenueOverride)}) {
        std::string error;
        const auto back = ControlMessage::parse(m.to_json(), &error);
        ASSERT_TRUE(back) << error;
        EXPECT_EQ(*back, m);
    }
    EXPECT_EQ(override_message(screen_override("", "", "", "off"), kVenueOverride).to_json(),
              "{\"expires\":1796586960000,\"id\":\"o1796586900000\",\"issued\":1796586900000,\"kind\":\"override\","
              "\"override\":{\"power\":\"off\"},\"target\":\"majlis/summit/override\"}");
    auto why = [](const std::string& object) {
        std::string line = override_message({}, kVenueOverride).to_json(), error;
        line.replace(line.find("\"override\":{}"), 13, "\"override\":" + object);
        EXPECT_FALSE(ControlMessage::parse(line, &error)) << object;
        return error;
    };
    EXPECT_EQ(why(R"({"mode":"hall"})"), "override: \"mode\" is not lobby, room, kiosk or loop");
    EXPECT_EQ(why(R"({"mode":"room"})"), "override: \"mode\" room needs a \"hall\"");
    EXPECT_EQ(why(R"({"hall":"hall-a"})"), "override: \"hall\" is given with mode room only");
    EXPECT_EQ(why(R"({"mode":"kiosk","hall":"hall-a"})"), "override: \"hall\" is given with mode room only");
    EXPECT_EQ(why(R"({"mode":"room","hall":"Hall A"})"), "override: \"hall\" is not a hall id");
    EXPECT_EQ(why(R"({"lang":"english"})"), "override: \"lang\" is not a language code");
    EXPECT_EQ(why(R"({"power":"standby"})"), "override: \"power\" is not on or off");
    EXPECT_EQ(why(R"({"mode":""})"), "override: \"mode\" is empty (leave it out: the screen's own)");
    EXPECT_EQ(why(R"({"lang":7})"), "override: \"lang\" is not a string");
    EXPECT_EQ(why(R"({"brightness":"50%"})"), "override: \"override\" has an unknown field \"brightness\"");
    EXPECT_EQ(why(R"([])"), "override: is not an object");
    EXPECT_EQ(why(R"({"lang":")" + std::string(100, 'a') + "\"}"), "override: \"lang\" is too long");
    // The dashboard's body, read as strictly.
    std::string error;
    EXPECT_EQ(parse_override_json(R"({"mode":"loop","lang":"tg"})", &error), screen_override("loop", "", "tg", ""));
    EXPECT_FALSE(parse_override_json("{", &error));
    EXPECT_EQ(error, "not JSON");
    EXPECT_EQ(override_json({}), "{}");
}

TEST(OverrideMessage, OneTopicBuilderForEveryKind) {
    EXPECT_EQ(screen_control_topics("summit", "door-1", {"doors", "hall-a"}, "override"),
              (std::vector<std::string>{kVenueOverride, kDoorsOverride, kHallOverride, kScreenOverride}));
    EXPECT_EQ(screen_control_topics("summit", "door-1", {"doors"}, "alert"), screen_alert_topics("summit", "door-1", {"doors"}));
    EXPECT_EQ(target_topic("summit", "all", "override"), kVenueOverride);
    EXPECT_EQ(target_topic("summit", "group:doors", "override"), kDoorsOverride);
    EXPECT_EQ(target_topic("summit", "screen:door-1", "override"), kScreenOverride);
    EXPECT_EQ(target_topic("summit", "screen:door-1", "alert"), "majlis/summit/screens/door-1/alert");
    EXPECT_EQ(target_topic("summit", "screen:", "override"), std::nullopt);
    EXPECT_TRUE(is_control_topic("summit", kHallOverride));
    EXPECT_TRUE(is_control_topic_of("summit", kScreenOverride, "override"));
    EXPECT_FALSE(is_control_topic_of("summit", kScreenOverride, "live"));
    EXPECT_FALSE(is_control_topic("summit", "majlis/summit/screens/+/override"));
    EXPECT_FALSE(is_control_topic("other", kVenueOverride));
    EXPECT_STREQ(control_topic_leaf(ControlKind::Cancel), "alert");
    EXPECT_STREQ(control_topic_leaf(ControlKind::Override), "override");
}

TEST(OverrideMessage, OverridesMergeFieldByFieldTheMostSpecificWinning) {
    const auto venue = screen_override("", "", "en", "off"), group = screen_override("room", "hall-a", "", ""),
               screen = screen_override("kiosk", "", "", "on");
    // The screen's mode replaces the group's room and takes no hall along; the venue's language
    // stays; the screen's power wins.
    EXPECT_EQ(merge_screen_overrides({&venue, &group, &screen}), screen_override("kiosk", "", "en", "on"));
    EXPECT_EQ(merge_screen_overrides({&venue, &group}), screen_override("room", "hall-a", "en", "off"));
    EXPECT_EQ(merge_screen_overrides({}), content::ScreenOverride{});
    EXPECT_EQ(merge_screen_overrides({&group, &venue}), screen_override("room", "hall-a", "en", "off"));
}

TEST(OverrideMessage, AScreensCheckMergesItsTopicsAndKeepsThemAcrossARestart) {
    Keys keys;
    const std::string dir = keys.tmp / "cache/control";
    {
        ControlCheck check = override_check(keys.key, dir);
        EXPECT_EQ(check.screen_override(kNow, 0).issued_ms, 0);
        EXPECT_TRUE(check.screen_override(kNow, 0).settings.empty());
        auto accept = [&](const content::ScreenOverride& o, const std::string& topic, int64_t issued) {
            return check.accept(sign_control(override_message(o, topic, issued), keys.key), topic, kNow, 0).verdict;
        };
        ASSERT_EQ(accept(screen_override("", "", "", "on"), kScreenOverride, kNow), ControlCheck::Verdict::Accepted);
        ASSERT_EQ(accept(screen_override("room", "hall-b", "ar", ""), kHallOverride, kNow + 2), ControlCheck::Verdict::Accepted);
        ASSERT_EQ(accept(screen_override("room", "hall-a", "ru", ""), kDoorsOverride, kNow + 1), ControlCheck::Verdict::Accepted);
        ASSERT_EQ(accept(screen_override("loop", "", "en", "off"), kVenueOverride, kNow + 3), ControlCheck::Verdict::Accepted);
        // Between two groups the later issued (hall-a's); the screen's power over the venue's.
        EXPECT_EQ(check.screen_override(kNow, 0).settings, screen_override("room", "hall-b", "ar", "on"));
        EXPECT_EQ(check.screen_override(kNow, 0).issued_ms, kNow + 3);
        EXPECT_EQ(check.active_overrides(kNow, 0).size(), 4u);
        EXPECT_EQ(check.active(kNow, 0), nullptr);  // no alert
        EXPECT_TRUE(check.live(kNow, 0).changes->empty());
        // {} gives a target's fields back; expiry ends the rest.
        ASSERT_EQ(accept({}, kHallOverride, kNow + 5), ControlCheck::Verdict::Accepted);
        EXPECT_EQ(check.screen_override(kNow, 0).settings, screen_override("room", "hall-a", "ru", "on"));
        EXPECT_TRUE(check.screen_override(kNow + 70000, 0).settings.empty());
        EXPECT_EQ(check.screen_override(kNow + 70000, 0).issued_ms, 0);
        // An override on a live topic is refused, and a live set on an override topic.
        ControlCheck both(keys.key.public_key(), [](std::string_view) { return true; }, "", quiet);
        const std::string on_live = sign_control(override_message({}, kScreenLive), keys.key);
        EXPECT_EQ(both.accept(on_live, kScreenLive, kNow, 0).why, "a message of kind override on a topic for live changes");
        const std::string live_on = sign_control(live_message({}, kScreenOverride), keys.key);
        EXPECT_EQ(both.accept(live_on, kScreenOverride, kNow, 0).why, "a message of kind live on a topic for overrides");
    }
    // After a restart, at once: the same override, and an old one replayed is refused.
    ControlCheck check = override_check(keys.key, dir);
    EXPECT_EQ(check.screen_override(kNow, 0).settings, screen_override("room", "hall-a", "ru", "on"));
    EXPECT_EQ(check.screen_override(kNow, 0).issued_ms, kNow + 5);
    EXPECT_NE(refused(check, sign_control(override_message(screen_override("", "", "", "off"), kHallOverride, kNow + 2),
                                          keys.key),
                      kHallOverride)
                  .find("replayed"),
              std::string::npos);
    // Forged and expired ones too.
    EXPECT_EQ(refused(check, sign_control(override_message({}, kScreenOverride, kNow + 9), keys.other), kScreenOverride),
              "the signature does not match the control message and the trusted key");
    EXPECT_NE(refused(check, sign_control(override_message({}, kScreenOverride, kNow - 120000), keys.key), kScreenOverride)
                  .find("expired"),
              std::string::npos);
}
