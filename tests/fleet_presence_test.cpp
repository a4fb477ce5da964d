// Presence over MQTT 5 against a real mosquitto (tests/fleet/broker.h): statuses, the last will,
// the keepalive, reconnection, bundle announcements, commands, and the broker's ACL and
// passwords; and the parsers on their own (app/fleet/presence.h).
#include "fleet/presence.h"

#include "fleet/venue.h"

#include <gtest/gtest.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <signal.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

using namespace majlis;
using namespace majlis::testing::fleet_venue;
using Clock = std::chrono::steady_clock;

namespace {

// The operator's key pair of these tests (commands are signed: presence.h, CommandCheck), and
// another one that is not trusted.
struct KeyPair {
    SecretKey secret;
    PublicKey pub;
};
KeyPair make_keys() {
    majlis::testing::TempFolder folder{"majlis-keys"};
    std::string error;
    EXPECT_TRUE(generate_keys(folder / "k", error)) << error;
    KeyPair k{load_secret_key(folder / "k/majlis.key", error).value_or(SecretKey{}), {}};
    k.pub = k.secret.public_key();
    return k;
}
const KeyPair& operator_keys() {
    static const KeyPair keys = make_keys();
    return keys;
}

// An account's settings whose commands are signed and checked with the operator's keys.
MqttSettings signed_settings(const Broker& broker, const std::string& user, int keepalive_s = 30) {
    MqttSettings s = settings_for(broker, user, operator_keys().pub);
    s.keepalive_s = keepalive_s;
    s.command_key = operator_keys().secret;
    return s;
}

// What a screen's callbacks received.
struct Inbox {
    std::mutex mutex;
    std::vector<std::pair<int64_t, std::string>> bundles;
    std::vector<std::pair<std::string, std::string>> commands;
    std::vector<std::string> refused;
    ScreenPresence::Callbacks callbacks() {
        ScreenPresence::Callbacks c;  // set by name: presence.h adds callbacks
        c.on_bundle = [this](int64_t sequence, const std::string& url) {
            std::lock_guard<std::mutex> lock(mutex);
            bundles.emplace_back(sequence, url);
        };
        c.on_command = [this](const std::string& command, const std::string& request) {
            std::lock_guard<std::mutex> lock(mutex);
            commands.emplace_back(command, request);
        };
        c.on_refused = [this](const std::string& why) {
            std::lock_guard<std::mutex> lock(mutex);
            refused.push_back(why);
        };
        return c;
    }
    size_t refused_count() {
        std::lock_guard<std::mutex> lock(mutex);
        return refused.size();
    }
    size_t command_count() {
        std::lock_guard<std::mutex> lock(mutex);
        return commands.size();
    }
};

ScreenStatus sample_status() {
    ScreenStatus s;
    s.version = "0.9.0";
    s.sequence = 1796500000;
    s.content_version = std::string(64, 'a');
    s.mode = "lobby";
    s.lang = "ar";
    s.uptime_s = 3600;
    s.fps = 59.5;
    s.rss_mb = 87.25;
    s.last_error = "event.toml:3:1: error: خطأ";
    s.clock_offset_ms = -12;
    s.width = 1920;
    s.height = 1080;
    s.rotation = 90;
    s.temperature_c = 51.5;
    s.address = "10.0.0.7";
    return s;
}

bool wait_online(const FleetView& view, const std::string& id, bool want = true, milliseconds timeout = seconds(5)) {
    return view.wait_for(
        [&](const FleetView::Screens& screens) {
            auto it = screens.find(id);
            return it != screens.end() && it->second.online == want;
        },
        timeout);
}

// The fleet_screen helper as a child process; its log in the broker's folder's neighbour.
struct ScreenProcess {
    majlis::testing::TempFolder folder{"majlis-screen"};
    ChildProcess process;
    ScreenProcess(const Broker& broker, const std::string& id, int keepalive_s)
        : process({FLEET_SCREEN_BIN, broker.url(id), "summit", id, std::to_string(keepalive_s)}, folder / "screen.log") {}
    std::string log() const {
        std::ifstream in(folder / "screen.log");
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Against a real broker.

TEST(FleetPresence, fleet_status_reaches_a_view_with_every_field_and_stays_retained) {
    Broker broker({"hub", "lobby-1"});
    ASSERT_TRUE(broker.running()) << broker.log();
    LogLines logs;
    FleetView view(signed_settings(broker, "hub"), logs.log);
    Inbox inbox;
    ScreenPresence screen(signed_settings(broker, "lobby-1"), "lobby-1", {"lobby", "ground-floor"}, sample_status(),
                          inbox.callbacks(), logs.log);
    ASSERT_TRUE(wait_online(view, "lobby-1")) << logs.all() << broker.log();

    ScreenStatus expected = sample_status();
    expected.id = "lobby-1";
    expected.online = true;
    expected.groups = {"lobby", "ground-floor"};
    ScreenStatus seen = view.screen("lobby-1")->status;
    EXPECT_EQ(seen.time.size(), 20u) << seen.time;  // 2026-12-06T19:55:00Z
    expected.time = seen.time;
    EXPECT_EQ(seen, expected) << seen.to_json();

    // A change of state goes out at once; a view started later gets the retained status.
    ScreenStatus changed = sample_status();
    changed.mode = "room";
    changed.hall = "sarazm";
    changed.temperature_c.reset();
    screen.update(changed);
    ASSERT_TRUE(view.wait_for([](const auto& s) { return s.at("lobby-1").status.mode == "room"; }, seconds(5)));
    FleetView later(signed_settings(broker, "hub"), logs.log);
    ASSERT_TRUE(wait_online(later, "lobby-1")) << logs.all();
    EXPECT_EQ(later.screen("lobby-1")->status.mode, "room");
    EXPECT_EQ(later.screen("lobby-1")->status.hall, "sarazm");
    EXPECT_FALSE(later.screen("lobby-1")->status.temperature_c);
}

TEST(FleetPresence, fleet_status_goes_out_on_change_and_every_period_not_on_every_update) {
    Broker broker({"hub", "lobby-1"});
    ASSERT_TRUE(broker.running()) << broker.log();
    LogLines logs;
    FleetView view(signed_settings(broker, "hub"), logs.log);
    MqttSettings settings = signed_settings(broker, "lobby-1");
    settings.status_period = milliseconds(1000);
    ScreenPresence screen(settings, "lobby-1", {}, sample_status(), {}, logs.log);
    ASSERT_TRUE(wait_online(view, "lobby-1")) << logs.all();
    auto fps_is = [&](double fps) {
        return view.wait_for([&](const auto& s) { return s.at("lobby-1").status.fps == fps; }, milliseconds(500));
    };
    ScreenStatus s = sample_status();
    s.fps = 30;  // a measurement: waits for the period
    screen.update(s);
    EXPECT_FALSE(fps_is(30));
    std::this_thread::sleep_for(milliseconds(600));
    screen.update(s);  // now the last status is over a period old
    EXPECT_TRUE(fps_is(30)) << logs.all();
    s.fps = 24;
    s.lang = "ru";  // the state changed: at once
    screen.update(s);
    EXPECT_TRUE(fps_is(24)) << logs.all();
}

TEST(FleetPresence, fleet_screen_without_a_broker_starts_and_stops_at_once) {
    LogLines logs;
    MqttSettings settings;
    settings.url = MqttUrl{"lobby-1", "x", "127.0.0.1", 1};  // nothing listens on port 1
    settings.venue = "summit";
    auto started = Clock::now();
    {
        ScreenPresence screen(settings, "lobby-1", {}, sample_status(), {}, logs.log);
        std::this_thread::sleep_for(milliseconds(1500));  // into the reconnect backoff
        EXPECT_FALSE(screen.connected());
        screen.update(sample_status());
    }
    EXPECT_LT(Clock::now() - started, milliseconds(2500));
    EXPECT_TRUE(logs.has("cannot reach the broker at mqtt://lobby-1:***@127.0.0.1:1")) << logs.all();

    // An id that would make another topic (majlis/summit/screens/+/status) never connects.
    ScreenPresence wildcard(settings, "+", {}, sample_status(), {}, logs.log);
    ScreenPresence bad_group(settings, "lobby-1", {"doors/#"}, sample_status(), {}, logs.log);
    EXPECT_TRUE(logs.has("not connecting: the screen id \"+\" is not [A-Za-z0-9_-]{1,64}")) << logs.all();
    EXPECT_TRUE(logs.has("not connecting: the group \"doors/#\" is not [A-Za-z0-9_-]{1,64}")) << logs.all();
}

TEST(FleetPresence, fleet_bundle_announcement_reaches_screens_now_and_later) {
    Broker broker({"hub", "lobby-1", "door-2"});
    ASSERT_TRUE(broker.running()) << broker.log();
    LogLines logs;
    FleetView hub(signed_settings(broker, "hub"), logs.log);
    Inbox first_inbox;
    ScreenPresence first(signed_settings(broker, "lobby-1"), "lobby-1", {}, {}, first_inbox.callbacks(), logs.log);
    ASSERT_TRUE(wait_online(hub, "lobby-1")) << logs.all();

    const std::string version(64, 'b');
    ASSERT_TRUE(hub.publish_bundle_announcement(1796500042, "http://10.0.0.1:8080/bundle/manifest.json", version))
        << logs.all();
    ASSERT_TRUE(eventually([&] {
        std::lock_guard<std::mutex> lock(first_inbox.mutex);
        return !first_inbox.bundles.empty();
    })) << logs.all();
    EXPECT_EQ(first_inbox.bundles[0], std::make_pair(int64_t(1796500042), std::string("http://10.0.0.1:8080/bundle/manifest.json")));

    // Retained: a screen that connects afterwards learns of it on connect.
    Inbox later_inbox;
    ScreenPresence later(signed_settings(broker, "door-2"), "door-2", {}, {}, later_inbox.callbacks(), logs.log);
    ASSERT_TRUE(eventually([&] {
        std::lock_guard<std::mutex> lock(later_inbox.mutex);
        return !later_inbox.bundles.empty();
    })) << logs.all();
    EXPECT_EQ(later_inbox.bundles[0].first, 1796500042);

    // A bad announcement is refused before it goes out.
    EXPECT_FALSE(hub.publish_bundle_announcement(7, "file:///etc/passwd", version));
    EXPECT_TRUE(logs.has("not announcing bundle 7: \"manifest\" is not an http:// or https:// URL")) << logs.all();
}

TEST(FleetPresence, fleet_commands_reach_their_screen_or_group_and_no_other) {
    Broker broker({"hub", "lobby-1", "door-2"});
    ASSERT_TRUE(broker.running()) << broker.log();
    LogLines logs;
    FleetView hub(signed_settings(broker, "hub"), logs.log);
    Inbox lobby, door;
    ScreenPresence lobby_screen(signed_settings(broker, "lobby-1"), "lobby-1", {"lobby"}, {}, lobby.callbacks(), logs.log);
    ScreenPresence door_screen(signed_settings(broker, "door-2"), "door-2", {"doors"}, {}, door.callbacks(), logs.log);
    ASSERT_TRUE(wait_online(hub, "lobby-1") && wait_online(hub, "door-2")) << logs.all();

    auto request = hub.send_command(FleetView::Target::Screen, "lobby-1", "identify");
    ASSERT_TRUE(request) << logs.all();
    ASSERT_TRUE(eventually([&] { return lobby.command_count() == 1; })) << logs.all();
    EXPECT_EQ(lobby.commands[0], std::make_pair(std::string("identify"), *request));

    auto group_request = hub.send_command(FleetView::Target::Group, "doors", "screenshot");
    ASSERT_TRUE(group_request);
    ASSERT_TRUE(eventually([&] { return door.command_count() == 1; })) << logs.all();
    EXPECT_EQ(door.commands[0], std::make_pair(std::string("screenshot"), *group_request));

    // A command the operator's key did not sign is refused, even from the broker's user "hub"
    // (the broker is not the operator); an unknown command is refused even when signed; one the
    // hub is asked for is not sent.
    RawClient raw_hub(broker, "hub", broker.password("hub"));
    const std::string lobby_topic = screen_command_topic("summit", "lobby-1");
    EXPECT_LT(raw_hub.publish(lobby_topic, R"({"command":"identify","request":"r1"})"), 0x80);
    ASSERT_TRUE(eventually([&] { return lobby.refused_count() == 1; })) << logs.all();
    EXPECT_EQ(lobby.refused[0], "not signed");
    const int64_t now = std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string line = R"({"command":"format-disk","request":"r2","target":")" + lobby_topic + R"(","time":)" +
                             std::to_string(now) + "}";
    EXPECT_LT(raw_hub.publish(lobby_topic, line + "\n" + sign(line, operator_keys().secret)), 0x80);
    ASSERT_TRUE(eventually([&] { return lobby.refused_count() == 2; })) << logs.all();
    EXPECT_EQ(lobby.refused[1], "unknown command \"format-disk\"");
    EXPECT_FALSE(hub.send_command(FleetView::Target::Screen, "lobby-1", "format-disk"));
    // Nothing else arrived anywhere: each screen got exactly its one command.
    std::this_thread::sleep_for(milliseconds(200));
    EXPECT_EQ(lobby.command_count(), 1u);
    EXPECT_EQ(door.command_count(), 1u);
}

TEST(FleetPresence, fleet_killed_screen_is_shown_offline_by_its_last_will) {
    Broker broker({"hub", "pillar-3"});
    ASSERT_TRUE(broker.running()) << broker.log();
    LogLines logs;
    FleetView hub(signed_settings(broker, "hub"), logs.log);
    const int keepalive_s = 5;  // libmosquitto's minimum
    ScreenProcess screen(broker, "pillar-3", keepalive_s);
    ASSERT_TRUE(wait_online(hub, "pillar-3", true, seconds(10))) << screen.log() << broker.log();

    auto killed = Clock::now();
    screen.process.signal(SIGKILL);
    ASSERT_TRUE(wait_online(hub, "pillar-3", false, milliseconds(keepalive_s * 1500 + 2000))) << broker.log();
    auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - killed).count();
    RecordProperty("offline_after_ms", std::to_string(took));
    EXPECT_EQ(hub.screen("pillar-3")->status.version, "test");  // the will says only "offline"
}

TEST(FleetPresence, fleet_frozen_screen_is_shown_offline_after_its_keepalive) {
    // SIGSTOP keeps the socket open, as a screen that lost power or its network would: only the
    // keepalive finds it. mosquitto drops a client 1.5 x its keepalive after the last packet,
    // checking every few seconds (2.0.11: about 11 s for 5 s here). The slowest test (~11 s).
    Broker broker({"hub", "pillar-3"});
    ASSERT_TRUE(broker.running()) << broker.log();
    LogLines logs;
    FleetView hub(signed_settings(broker, "hub"), logs.log);
    const int keepalive_s = 5;  // libmosquitto's minimum
    ScreenProcess screen(broker, "pillar-3", keepalive_s);
    ASSERT_TRUE(wait_online(hub, "pillar-3", true, seconds(10))) << screen.log() << broker.log();
    ASSERT_TRUE(screen.process.running()) << screen.log() << broker.log();
    screen.process.signal(SIGSTOP);
    EXPECT_FALSE(wait_online(hub, "pillar-3", false, milliseconds(keepalive_s * 1000)))  // not while it may be idle
        << screen.log() << broker.log();
    ASSERT_TRUE(wait_online(hub, "pillar-3", false, milliseconds(keepalive_s * 1500 + 8000))) << broker.log();
    EXPECT_TRUE(broker.log().find("Client pillar-3 has exceeded timeout, disconnecting.") != std::string::npos) << broker.log();
    screen.process.signal(SIGKILL);
}

TEST(FleetPresence, fleet_screen_stopped_cleanly_says_it_is_offline) {
    Broker broker({"hub", "lobby-1"});
    ASSERT_TRUE(broker.running()) << broker.log();
    LogLines logs;
    FleetView hub(signed_settings(broker, "hub"), logs.log);
    {
        ScreenPresence screen(signed_settings(broker, "lobby-1"), "lobby-1", {}, sample_status(), {}, logs.log);
        ASSERT_TRUE(wait_online(hub, "lobby-1")) << logs.all();
    }
    ASSERT_TRUE(wait_online(hub, "lobby-1", false, seconds(2))) << logs.all();
    EXPECT_FALSE(logs.has("not acknowledged")) << logs.all();
    // Its own offline status, not the will: it still says what it was showing.
    FleetView later(signed_settings(broker, "hub"), logs.log);
    ASSERT_TRUE(later.wait_for([](const auto& s) { return s.count("lobby-1") > 0; }, seconds(5)));
    EXPECT_EQ(later.screen("lobby-1")->status.mode, "lobby");
}

TEST(FleetPresence, fleet_broker_restarted_presence_comes_back) {
    Broker broker({"hub", "lobby-1"});
    ASSERT_TRUE(broker.running()) << broker.log();
    LogLines logs;
    FleetView hub(signed_settings(broker, "hub"), logs.log);
    MqttSettings screen_settings = signed_settings(broker, "lobby-1");
    ScreenPresence screen(screen_settings, "lobby-1", {}, sample_status(), {}, logs.log);
    ASSERT_TRUE(wait_online(hub, "lobby-1")) << logs.all();

    broker.stop();
    ASSERT_TRUE(eventually([&] { return !hub.connected() && !screen.connected(); })) << logs.all();
    auto restarted = std::chrono::system_clock::now();
    ASSERT_TRUE(broker.restart()) << broker.log();
    // No persistence: the broker forgot every retained status, so what the view sees now the
    // screen published again after reconnecting.
    ASSERT_TRUE(hub.wait_for(
        [&](const auto& s) {
            auto it = s.find("lobby-1");
            return it != s.end() && it->second.online && it->second.last_seen >= restarted;
        },
        seconds(10)))
        << logs.all() << broker.log();
    EXPECT_TRUE(screen.connected() && hub.connected());
    EXPECT_TRUE(logs.has("lost the broker")) << logs.all();
}

TEST(FleetPresence, fleet_screen_cannot_publish_another_screens_status) {
    Broker broker({"hub", "lobby-1", "door-2"});
    ASSERT_TRUE(broker.running()) << broker.log();
    LogLines logs;
    FleetView hub(signed_settings(broker, "hub"), logs.log);

    // door-2 writes lobby-1's status: the broker says "not authorized" and drops it.
    RawClient door(broker, "door-2", broker.password("door-2"));
    ScreenStatus forged = sample_status();
    forged.id = "lobby-1";
    forged.online = true;
    EXPECT_EQ(door.publish(status_topic("summit", "lobby-1"), forged.to_json()), MQTT_RC_NOT_AUTHORIZED);
    // Its own status goes through (the ACL is not simply closed).
    ScreenStatus own = forged;
    own.id = "door-2";
    EXPECT_LT(door.publish(status_topic("summit", "door-2"), own.to_json()), 0x80);
    ASSERT_TRUE(wait_online(hub, "door-2")) << broker.log();
    EXPECT_FALSE(hub.screen("lobby-1"));

    // The player's own code logs the refusal: door-2's credentials on a player set up as lobby-1.
    MqttSettings wrong = signed_settings(broker, "door-2");
    ScreenPresence impostor(wrong, "lobby-1", {}, forged, {}, logs.log);
    ASSERT_TRUE(eventually([&] {
        return logs.has("the broker refused the message on majlis/summit/screens/lobby-1/status: Not authorized");
    })) << logs.all() << broker.log();
    std::this_thread::sleep_for(milliseconds(200));
    EXPECT_FALSE(hub.screen("lobby-1"));

    // The hub may write anything, but a status whose payload names another screen is ignored.
    RawClient raw_hub(broker, "hub", broker.password("hub"));
    EXPECT_LT(raw_hub.publish(status_topic("summit", "pillar-9"), own.to_json()), 0x80);
    ASSERT_TRUE(eventually([&] { return logs.has("majlis/summit/screens/pillar-9/status that says it is from \"door-2\""); }))
        << logs.all();
    EXPECT_FALSE(hub.screen("pillar-9"));
}

TEST(FleetPresence, fleet_wrong_password_is_refused_and_logged) {
    Broker broker({"hub", "lobby-1"});
    ASSERT_TRUE(broker.running()) << broker.log();
    LogLines logs;
    FleetView hub(signed_settings(broker, "hub"), logs.log);
    MqttSettings wrong = signed_settings(broker, "lobby-1");
    wrong.url.password = "not-" + wrong.url.password;
    ScreenPresence screen(wrong, "lobby-1", {}, sample_status(), {}, logs.log);
    ASSERT_TRUE(eventually([&] { return logs.has("refused the connection as \"lobby-1\""); })) << logs.all();
    EXPECT_FALSE(screen.connected());
    EXPECT_FALSE(logs.has(wrong.url.password)) << "the password must never reach the log";
    EXPECT_FALSE(hub.screen("lobby-1"));
}

// ---------------------------------------------------------------------------------------------
// The parsers and helpers on their own.

TEST(FleetPresence, fleet_status_parser_is_strict_and_bounded) {
    ScreenStatus s = sample_status();
    s.id = "lobby-1";
    s.online = true;
    s.groups = {"lobby"};
    s.time = "2026-12-06T19:55:00Z";
    std::string error;
    auto back = ScreenStatus::parse(s.to_json(), &error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(*back, s);
    s.power = "off";  // blanked by an override (control.h) issued then
    s.override_ms = 1796586900000;
    back = ScreenStatus::parse(s.to_json(), &error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(*back, s);
    EXPECT_FALSE(back->same_state(sample_status()));

    auto refused = [](const std::string& payload) {
        std::string why;
        auto r = ScreenStatus::parse(payload, &why);
        return r ? std::string("accepted") : why;
    };
    EXPECT_EQ(refused(R"({"id":"lobby-1","online":false})"), "accepted");  // a last will
    EXPECT_EQ(refused(R"({"id":"lobby-1","online":true,"future_field":[1,2]})"), "accepted");
    EXPECT_EQ(refused("[]"), "not a JSON object");
    EXPECT_EQ(refused("{\"id\":"), "not JSON");
    EXPECT_EQ(refused(R"({"online":true})"), "\"id\" is missing");
    EXPECT_EQ(refused(R"({"id":"lobby 1","online":true})"), "\"id\" is not a valid screen id");
    EXPECT_EQ(refused(R"({"id":"lobby-1"})"), "\"online\" is missing");
    EXPECT_EQ(refused(R"({"id":"lobby-1","online":"yes"})"), "\"online\" is not true or false");
    EXPECT_EQ(refused(R"({"id":"a","online":true,"sequence":-1})"), "\"sequence\" is out of range");
    EXPECT_EQ(refused(R"({"id":"a","online":true,"sequence":1.5})"), "\"sequence\" is not an integer");
    EXPECT_EQ(refused(R"({"id":"a","online":true,"fps":1e400})"), "not JSON");
    EXPECT_EQ(refused(R"({"id":"a","online":true,"rotation":45})"), "\"rotation\" is not 0, 90, 180 or 270");
    EXPECT_EQ(refused(R"({"id":"a","online":true,"groups":["x","../y"]})"), "\"groups\" holds something that is not a valid group id");
    EXPECT_EQ(refused(R"({"id":"a","online":true,"content_version":"ABC"})"), "\"content_version\" is not 64 lowercase hex digits");
    EXPECT_EQ(refused(R"({"id":"a","online":true,"last_error":")" + std::string(2000, 'x') + "\"}"), "\"last_error\" is too long");
    EXPECT_EQ(refused(std::string(20000, ' ')), "payload of 20000 bytes (at most 16384)");
    EXPECT_EQ(refused(R"({"id":"a","online":true,"temperature_c":-300})"), "\"temperature_c\" is out of range");
    EXPECT_EQ(refused(R"({"id":"a","online":true,"power":"standby"})"), "\"power\" is not on or off");
    EXPECT_EQ(refused(R"({"id":"a","online":true,"override":-1})"), "\"override\" is out of range");
}

TEST(FleetPresence, fleet_bundle_and_command_parsers) {
    std::string error;
    BundleAnnouncement a{42, "https://cdn.example/v/manifest.json", std::string(64, 'c')};
    ASSERT_EQ(BundleAnnouncement::parse(a.to_json(), &error), a) << error;
    EXPECT_FALSE(BundleAnnouncement::parse(R"({"sequence":0,"manifest":"http://h/m","content_version":""})", &error));
    EXPECT_EQ(error, "\"sequence\" is out of range");
    EXPECT_FALSE(BundleAnnouncement::parse(R"({"sequence":1,"manifest":"http://h/ m","content_version":""})", &error));
    EXPECT_EQ(error, "\"manifest\" holds spaces or control characters");

    Command c{"reload", "abc123", 1796586900123, "majlis/summit/screens/lobby-1/command"};
    ASSERT_EQ(Command::parse(c.to_json(), &error), c) << error;
    EXPECT_FALSE(Command::parse(R"({"command":"reload","request":"r","time":1})", &error));
    EXPECT_EQ(error, "\"target\" is missing");
    EXPECT_FALSE(Command::parse(R"({"command":"rm","request":"r"})", &error));
    EXPECT_EQ(error, "unknown command \"rm\"");
    EXPECT_FALSE(Command::parse(R"({"command":"identify","request":"a/b"})", &error));
    EXPECT_EQ(error, "\"request\" is not a valid request id");
}

// Only a command the trusted key signed, for the topic it came on, near the hub's time and not
// seen before does anything.
TEST(FleetPresence, fleet_command_check_refuses_unsigned_forged_retargeted_stale_and_replayed_commands) {
    const std::string lobby = screen_command_topic("summit", "lobby-1"), door = screen_command_topic("summit", "door-2");
    const int64_t now = 1796586900000, offset = 5000;  // the hub's clock is 5 s ahead of this screen's
    const Command identify{"identify", "r1", now + offset, lobby};
    const std::string good = sign_command(identify, operator_keys().secret);
    auto refusal = [&](CommandCheck& check, const std::string& payload, const std::string& topic, int64_t at) {
        std::string why;
        auto accepted = check.accept(payload, topic, at, offset, &why);
        EXPECT_FALSE(accepted) << payload;
        EXPECT_FALSE(why.empty());
        return why;
    };
    CommandCheck check(operator_keys().pub);
    EXPECT_EQ(refusal(check, identify.to_json(), lobby, now), "not signed");
    EXPECT_EQ(refusal(check, identify.to_json() + "\n", lobby, now), "the signature is not the base64 of 64 bytes");
    EXPECT_EQ(refusal(check, identify.to_json() + "\n" + sign(identify.to_json(), make_keys().secret), lobby, now),
              "the signature does not match the command and the trusted key");
    Command changed = identify;  // signed, then altered on the way
    changed.command = "reload";
    EXPECT_EQ(refusal(check, changed.to_json() + good.substr(good.find('\n')), lobby, now),
              "the signature does not match the command and the trusted key");
    EXPECT_EQ(refusal(check, good, door, now), "signed for " + lobby + ", not for this topic");
    // 61 s late by the hub's clock (56 s by this screen's: the offset counts), or 61 s early.
    EXPECT_NE(refusal(check, good, lobby, now + 61000).find("more than 60 s"), std::string::npos);
    EXPECT_NE(refusal(check, good, lobby, now - 66000).find("more than 60 s"), std::string::npos);

    std::string why;
    auto accepted = check.accept(good, lobby, now - 58000, offset, &why);  // 63 s off this screen's clock
    ASSERT_TRUE(accepted) << why;
    EXPECT_EQ(*accepted, identify);
    EXPECT_EQ(refusal(check, good, lobby, now + 1000), "request r1 was already done: replayed");
    Command next = identify;  // the next command is a new request
    next.request = "r2";
    EXPECT_TRUE(check.accept(sign_command(next, operator_keys().secret), lobby, now, offset, &why)) << why;

    CommandCheck untrusting(std::nullopt);  // a screen without --trust does nothing it is told
    EXPECT_EQ(refusal(untrusting, good, lobby, now), "no trusted key (--trust) to verify commands with");
}

TEST(FleetPresence, fleet_mqtt_url_takes_only_what_it_understands) {
    std::string error;
    auto url = MqttUrl::parse("mqtt://lobby-1:s%40cret:x@broker.venue.lan:1884", &error);
    ASSERT_TRUE(url) << error;
    EXPECT_EQ(url->user, "lobby-1");
    EXPECT_EQ(url->password, "s@cret:x");
    EXPECT_EQ(url->host, "broker.venue.lan");
    EXPECT_EQ(url->port, 1884);
    EXPECT_EQ(url->redacted(), "mqtt://lobby-1:***@broker.venue.lan:1884");

    url = MqttUrl::parse("mqtt://hub@[fd00::1]", &error);
    ASSERT_TRUE(url) << error;
    EXPECT_EQ(url->host, "fd00::1");
    EXPECT_EQ(url->port, 1883);
    EXPECT_EQ(url->password, "");

    auto refused = [](const std::string& text) {
        std::string why;
        return MqttUrl::parse(text, &why) ? std::string("accepted") : why;
    };
    EXPECT_EQ(refused("mqtts://a:b@h:8883"), "MQTT URL \"mqtts://a:b@h:8883\": mqtts:// (TLS) is not supported; use mqtt://user:password@host:port");
    EXPECT_EQ(refused("http://a:b@h"), "MQTT URL \"http://a:b@h\": expected mqtt://user:password@host:port");
    EXPECT_EQ(refused("mqtt://h:1883"), "MQTT URL \"mqtt://h:1883\": no user name (mqtt://user:password@host:port)");
    EXPECT_EQ(refused("mqtt://a:b@h:1883/x"), "MQTT URL \"mqtt://a:b@h:1883/x\": a path, query or fragment is not allowed");
    EXPECT_EQ(refused("mqtt://a:b@h:99999"), "MQTT URL \"mqtt://a:b@h:99999\": the port is not between 1 and 65535");
    EXPECT_EQ(refused("mqtt://a:b@h:"), "MQTT URL \"mqtt://a:b@h:\": the port is not a number");
    EXPECT_EQ(refused("mqtt://a:b@h_x"), "MQTT URL \"mqtt://a:b@h_x\": a host name with characters a host name cannot have");
    EXPECT_EQ(refused("mqtt://a:%zz@h"), "MQTT URL \"mqtt://a:%zz@h\": a broken %-escape in the user name or password");
    EXPECT_EQ(refused("mqtt://:b@h"), "MQTT URL \"mqtt://:b@h\": no user name (mqtt://user:password@host:port)");

    majlis::testing::TempFolder folder;
    std::ofstream(folder / "password") << "from-a-file\r\nsecond line\n";
    EXPECT_EQ(read_password_file(folder / "password", &error), "from-a-file");
    std::ofstream(folder / "empty") << "\n";
    EXPECT_FALSE(read_password_file(folder / "empty", &error));
    EXPECT_EQ(error, "the MQTT password file " + (folder / "empty") + " has no password on its first line");
}

TEST(FleetPresence, fleet_health_helpers) {
    majlis::testing::TempFolder folder;
    EXPECT_FALSE(temperature_c(folder.path.string()));  // no thermal zones: absent, not 0
    std::filesystem::create_directories(folder.path / "thermal_zone0");
    std::filesystem::create_directories(folder.path / "thermal_zone1");
    std::filesystem::create_directories(folder.path / "cooling_device0");
    std::ofstream(folder / "thermal_zone0/temp") << "48500\n";
    std::ofstream(folder / "thermal_zone1/temp") << "61250\n";
    std::ofstream(folder / "cooling_device0/temp") << "99000\n";
    EXPECT_EQ(temperature_c(folder.path.string()), 61.25);

    auto rss = process_rss_mb();
    ASSERT_TRUE(rss);
    EXPECT_GT(*rss, 1.0);
    EXPECT_LT(*rss, 4096.0);
    EXPECT_GE(process_uptime_s(), 0);
    EXPECT_LT(process_uptime_s(), 600);  // this test process started moments ago
    std::string address = primary_address();
    EXPECT_TRUE(address.empty() || address.find_first_not_of("0123456789abcdef.:") == std::string::npos) << address;
    EXPECT_EQ(utc_time_now().size(), 20u);
}
