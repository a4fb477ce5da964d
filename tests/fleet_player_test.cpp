// Players on the fleet, as a venue runs them: a real mosquitto (tests/fleet/broker.h), the built
// `majlis hub` and `majlis --hub ... --headless --mqtt ...` players, each its own process on
// loopback ports and temporary folders. What the test sees is what the dashboard sees: the
// screens' retained statuses (a FleetView logged in as the hub) and the hub's HTTP API and
// uploaded pictures. Covered: a change of the hub's content reaches every screen; the broker
// restarted, presence comes back; a killed player goes offline; a player with the hub down shows
// its cache and catches up when the hub comes; `screenshot` brings a PNG of the screen's size
// with something on it; `identify` shows on the next one; thumbnails (a new content's after the
// player's random delay); a windowed player's frame
// (a private Xvfb); `reload` checks the hub at once; a refused upload is sent once and reported;
// the clock offset to the hub, measured on each manifest fetch (and, against a hub whose clock is
// 5 s ahead, 5 s).
#include "fleet/agent.h"
#include "fleet/sync.h"
#include "fleet/venue.h"
#include "platform.h"
#include "screens/screens.h"

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

using namespace majlis;
using namespace majlis::testing::fleet_venue;

namespace {

std::vector<std::string> accounts(const std::vector<std::string>& screens) {
    std::vector<std::string> users{"hub"};
    users.insert(users.end(), screens.begin(), screens.end());
    return users;
}

// A venue: broker, keys, the content folder staff edit, the hub (a `majlis hub` process on a
// port of its own, started and stopped at will) and players; a FleetView watches the screens.
struct PlayerVenue {
    TempFolder tmp{"majlis-player"};
    fs::path content = tmp.path / "content";
    Broker broker;
    int hub_port = majlis::testing::free_loopback_port();
    std::unique_ptr<ChildProcess> hub;
    std::map<std::string, std::unique_ptr<ChildProcess>> players;
    std::map<std::string, std::vector<std::string>> groups;  // a player's --group flags, by id
    Log quiet{[](LogLevel, std::string_view) {}};
    std::unique_ptr<FleetView> view;

    explicit PlayerVenue(const std::vector<std::string>& screens) : broker(accounts(screens)) {
        fs::copy(kDemoContent, content, fs::copy_options::recursive);
        std::string error;
        EXPECT_TRUE(generate_keys(tmp / "keys", error)) << error;
        view = std::make_unique<FleetView>(settings("hub"), quiet);
    }
    ~PlayerVenue() {
        for (auto& [id, p] : players) p->stop(SIGTERM);
        if (hub) hub->stop(SIGTERM);
    }
    // SIGTERM to every process still running: each stops cleanly (exit 0; under ASan, also no
    // leak and no error report in the players and the hub).
    void stop_all() {
        for (auto& [id, p] : players)
            if (p->running()) {
                const int status = p->stop(SIGTERM);
                EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << id << ": " << status << "\n" << logs();
            }
        if (hub && hub->running()) {
            const int status = hub->stop(SIGTERM);
            EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "hub: " << status << "\n" << logs();
        }
    }
    MqttSettings settings(const std::string& user) const {
        MqttSettings s = settings_for(broker, user);
        std::string error;
        if (user == "hub") s.command_key = load_secret_key(tmp / "keys/majlis.key", error);  // signs commands
        return s;
    }
    std::string hub_url() const { return "http://127.0.0.1:" + std::to_string(hub_port); }

    void start_hub() {
        hub = std::make_unique<ChildProcess>(
            std::vector<std::string>{MAJLIS_BIN, "--data", kSource.string(), "hub", "--content", content.string(),
                                     "--key", tmp / "keys/majlis.key", "--listen", "127.0.0.1:" + std::to_string(hub_port),
                                     "--state", tmp / "state", "--mqtt", broker.url("hub"), "--venue", "summit"},
            tmp / "hub.log");
        ASSERT_TRUE(eventually([&] { return served_sequence() > 0; }, seconds(20))) << logs();
    }
    // A player of this venue's hub (or of `hub` with the key `trust`): headless unless `window`.
    void start_player(const std::string& id, const std::string& size = "320x180", bool window = false,
                      const std::string& hub = "", const std::string& trust = "") {
        std::vector<std::string> argv{MAJLIS_BIN, "--data", kSource.string(), "--hub", hub.empty() ? hub_url() : hub,
                                      "--trust", trust.empty() ? tmp / "keys/majlis.pub" : trust, "--mqtt",
                                      broker.url(id), "--venue", "summit", "--screen-id", id, "--cache",
                                      tmp / ("cache-" + id), "--window", size, "--thumbnail", "0", "--thumbnail-spread", "0",
                                      "--poll", "3600"};
        if (!window) argv.push_back("--headless");
        for (const std::string& g : groups[id]) argv.insert(argv.end(), {"--group", g});
        players[id] = std::make_unique<ChildProcess>(argv, tmp / (id + ".log"));
    }
    httplib::Client http() const {
        httplib::Client c("127.0.0.1", hub_port);
        c.set_connection_timeout(2);
        c.set_read_timeout(10);
        return c;
    }
    uint64_t served_sequence() const {
        auto res = http().Get("/bundle/manifest.json");
        if (!res || res->status != 200) return 0;
        return json::parse(res->body).at("sequence").get<uint64_t>();
    }
    bool command(const std::string& id, const std::string& what) const {
        auto res = http().Post("/api/screens/" + id + "/command", json{{"command", what}}.dump(), "application/json");
        return res && res->status == 202;
    }
    std::string picture(const std::string& id, const std::string& name) const {
        auto res = http().Get("/screens/" + id + "/" + name + ".png");
        return res && res->status == 200 ? res->body : "";
    }
    // Every named screen's status satisfies `ok`.
    bool screens_reach(const std::vector<std::string>& ids, const std::function<bool(const FleetView::Screen&)>& ok,
                       milliseconds timeout) const {
        return view->wait_for(
            [&](const FleetView::Screens& all) {
                for (const std::string& id : ids) {
                    auto it = all.find(id);
                    if (it == all.end() || !ok(it->second)) return false;
                }
                return true;
            },
            timeout);
    }
    std::string logs() const {
        std::string out = "--- hub\n" + read_file(tmp / "hub.log");
        for (const auto& [id, p] : players) out += "--- " + id + "\n" + read_file(tmp / (id + ".log"));
        for (const auto& [id, s] : view->screens()) out += "--- status " + id + ": " + s.status.to_json() + "\n";
        return out;
    }
};

struct Decoded {
    int width = 0, height = 0;
    std::vector<uint8_t> rgba;
    size_t colours() const {  // distinct colours (up to 1000)
        std::set<uint32_t> seen;
        for (size_t i = 0; i + 3 < rgba.size() && seen.size() < 1000; i += 4)
            seen.insert(uint32_t(rgba[i]) | uint32_t(rgba[i + 1]) << 8 | uint32_t(rgba[i + 2]) << 16);
        return seen.size();
    }
    double share_of(ImU32 c) const {  // of the pixels that are colour c (IM_COL32: R in the low byte)
        size_t n = 0;
        for (size_t i = 0; i + 3 < rgba.size(); i += 4)
            n += rgba[i] == (c & 0xff) && rgba[i + 1] == ((c >> 8) & 0xff) && rgba[i + 2] == ((c >> 16) & 0xff);
        return rgba.empty() ? 0 : double(n) / double(rgba.size() / 4);
    }
};

Decoded decode(const std::string& png) {
    TempFolder tmp("majlis-png");
    std::ofstream(tmp / "p.png", std::ios::binary) << png;
    Decoded d;
    EXPECT_TRUE(platform::read_png(tmp / "p.png", d.width, d.height, d.rgba)) << png.size() << " bytes";
    return d;
}

// The bundle folder `majlis publish` writes, served by a plain static server (cpp-httplib) that
// also takes the screens' PUTs -- and refuses them (HTTP 500), counting them.
struct StaticHub {
    TempFolder tmp{"majlis-static"};
    std::optional<SecretKey> key;
    Log quiet{[](LogLevel, std::string_view) {}};
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::atomic<int> puts{0}, screenshots{0};  // PUTs, and of them the screenshots
    StaticHub() {
        std::string error;
        EXPECT_TRUE(generate_keys(tmp / "keys", error)) << error;
        key = load_secret_key(tmp / "keys/majlis.key", error);
        fs::copy(kDemoContent, tmp / "content", fs::copy_options::recursive);
        publish();
        server.set_mount_point("/summit", tmp / "bundle");
        server.Put(R"(/screens/.*)", [this](const httplib::Request& req, httplib::Response& res) {
            ++puts;
            if (req.path.find("/screenshot.png") != std::string::npos) ++screenshots;
            res.status = 500;
        });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::sleep_for(milliseconds(1));
    }
    ~StaticHub() {
        server.stop();
        thread.join();
    }
    uint64_t publish() {
        const PublishResult r = publish_bundle(tmp / "content", *key, tmp / "bundle", {}, quiet);
        EXPECT_EQ(r.status, PublishStatus::Published);
        return r.sequence;
    }
};

bool online_with(const FleetView::Screen& s, uint64_t sequence) {
    return s.online && s.status.online && s.status.sequence == int64_t(sequence);
}

}  // namespace

// (a) a change in the hub's content folder reaches every player; (g) each reports its clock
// offset to the hub (near 0 on loopback); (c) the broker restarted, they come back; (d) a
// killed player is offline within the keepalive (its last will, at once when its socket closes).
TEST(FleetPlayer, fleet_player_three_screens_follow_the_hub_and_the_broker) {
    PlayerVenue venue({"p1", "p2", "p3"});
    ASSERT_TRUE(venue.broker.running()) << venue.broker.log();
    venue.start_hub();
    const uint64_t seq1 = venue.served_sequence();
    const std::vector<std::string> ids{"p1", "p2", "p3"};
    for (const std::string& id : ids) venue.start_player(id);
    // The sequence is published the moment the bundle is swapped in; the language once the
    // content is shown, at the loop's next update (a second later at most; slower under ASan).
    ASSERT_TRUE(venue.screens_reach(
        ids, [&](const auto& s) { return online_with(s, seq1) && !s.status.lang.empty(); }, seconds(30)))
        << venue.logs();
    for (const auto& [id, s] : venue.view->screens()) {
        EXPECT_EQ(s.status.mode, "lobby") << id;
        EXPECT_EQ(s.status.width, 320) << id;
        EXPECT_EQ(s.status.height, 180) << id;
        EXPECT_EQ(s.status.last_error, "") << id;
        EXPECT_GT(s.status.rss_mb, 0) << id;
        EXPECT_LT(std::abs(s.status.clock_offset_ms), 500) << id;
    }

    append_file(venue.content / "event.toml", "\n# edited at the venue\n");
    ASSERT_TRUE(eventually([&] { return venue.served_sequence() > seq1; }, seconds(20))) << venue.logs();
    const uint64_t seq2 = venue.served_sequence();
    // The announcement makes each screen check at once (their poll is a minute away).
    EXPECT_TRUE(venue.screens_reach(ids, [&](const auto& s) { return online_with(s, seq2); }, seconds(15)))
        << venue.logs();

    venue.broker.stop();
    const auto restarted = std::chrono::system_clock::now();
    ASSERT_TRUE(venue.broker.restart()) << venue.broker.log();
    EXPECT_TRUE(venue.screens_reach(
        ids, [&](const auto& s) { return s.last_seen > restarted && online_with(s, seq2); }, seconds(20)))
        << venue.logs();

    venue.players["p3"]->signal(SIGKILL);
    EXPECT_TRUE(venue.screens_reach({"p3"}, [](const auto& s) { return !s.online; }, seconds(30))) << venue.logs();
    EXPECT_TRUE(venue.view->screen("p1")->online);
    venue.stop_all();
}

// (b) a player started while the hub is down shows the bundle in its cache, and catches up as
// soon as the hub is back (its announcement on the broker).
TEST(FleetPlayer, fleet_player_starts_from_its_cache_with_the_hub_down_and_catches_up) {
    PlayerVenue venue({"p1"});
    venue.start_hub();
    const uint64_t seq1 = venue.served_sequence();
    venue.start_player("p1");
    ASSERT_TRUE(venue.screens_reach({"p1"}, [&](const auto& s) { return online_with(s, seq1); }, seconds(30)))
        << venue.logs();
    venue.players["p1"]->stop(SIGTERM);
    venue.hub->stop(SIGTERM);
    append_file(venue.content / "event.toml", "\n# edited while the hub was down\n");

    venue.start_player("p1");
    ASSERT_TRUE(venue.screens_reach(
        {"p1"}, [&](const auto& s) { return online_with(s, seq1) && !s.status.last_error.empty(); }, seconds(30)))
        << venue.logs();
    EXPECT_EQ(venue.view->screen("p1")->status.mode, "lobby");

    venue.start_hub();
    const uint64_t seq2 = venue.served_sequence();
    ASSERT_GT(seq2, seq1);
    EXPECT_TRUE(venue.screens_reach(
        {"p1"}, [&](const auto& s) { return online_with(s, seq2) && s.status.last_error.empty(); }, seconds(15)))
        << venue.logs();
    venue.stop_all();
}

// (e) `screenshot`: a PNG of the screen's size with something on it reaches the hub; a
// thumbnail, 480 px wide, came at start; (f) `identify`: the next screenshot shows the screen's
// id and address on the identify band, which the first one did not.
TEST(FleetPlayer, fleet_player_screenshot_and_identify) {
    PlayerVenue venue({"p1"});
    venue.start_hub();
    venue.start_player("p1", "640x360");
    ASSERT_TRUE(venue.screens_reach({"p1"}, [&](const auto& s) { return s.status.sequence > 0; }, seconds(30)))
        << venue.logs();

    ASSERT_TRUE(venue.command("p1", "screenshot"));
    std::string first;
    ASSERT_TRUE(eventually([&] { return !(first = venue.picture("p1", "screenshot")).empty(); }, seconds(20)))
        << venue.logs();
    const Decoded before = decode(first);
    EXPECT_EQ(before.width, 640);
    EXPECT_EQ(before.height, 360);
    EXPECT_GT(before.colours(), 20u);  // the lobby: text, cards, not a blank frame
    EXPECT_LT(before.share_of(screens::kIdentifyGround), 0.01);

    ASSERT_TRUE(venue.command("p1", "identify"));
    ASSERT_TRUE(venue.command("p1", "screenshot"));  // after identify: the same topic keeps the order
    std::string second;
    ASSERT_TRUE(eventually(
        [&] {
            second = venue.picture("p1", "screenshot");
            return !second.empty() && second != first;
        },
        seconds(20)))
        << venue.logs();
    const Decoded after = decode(second);
    EXPECT_EQ(after.width, 640);
    EXPECT_GT(after.share_of(screens::kIdentifyGround), 0.15);

    const std::string thumbnail = venue.picture("p1", "thumbnail");
    ASSERT_FALSE(thumbnail.empty()) << venue.logs();
    const Decoded small = decode(thumbnail);
    EXPECT_EQ(small.width, 480);
    EXPECT_EQ(small.height, 270);
    EXPECT_GT(small.colours(), 20u);
    venue.stop_all();
}

// screens.toml in the hub's bundle drives the venue: three headless players with different ids
// and groups land in three different roles (their statuses: mode, language, rotation), and the
// file changed at the hub changes the roles at once, with no restart.
TEST(FleetPlayer, fleet_player_screens_toml_gives_each_screen_its_role) {
    const std::vector<std::string> ids{"door", "kiosk", "wall"};
    PlayerVenue venue(ids);
    std::string screens = R"([default]
mode = "loop"
lang = "en"

[group.doors]
mode = "room"
lang = "ru"

[group.kiosks]
mode = "kiosk"

[screen.door]
hall = "sarazm"
rotate = 90

[screen.kiosk]
lang = "tg"
)";
    write_file(venue.content / "screens.toml", screens);
    venue.groups = {{"door", {"doors"}}, {"kiosk", {"kiosks", "doors"}}};  // wall: none
    venue.start_hub();
    const uint64_t seq1 = venue.served_sequence();
    for (const std::string& id : ids) venue.start_player(id);
    auto role = [&](const std::string& id, uint64_t seq, const char* mode, const char* hall, const char* lang,
                    int rotation) {
        return venue.screens_reach(
            {id},
            [&](const auto& s) {
                return online_with(s, seq) && s.status.mode == mode && s.status.hall == hall && s.status.lang == lang &&
                       s.status.rotation == rotation;
            },
            seconds(30));
    };
    EXPECT_TRUE(role("door", seq1, "room", "sarazm", "ru", 90)) << venue.logs();
    EXPECT_TRUE(role("kiosk", seq1, "kiosk", "", "tg", 0)) << venue.logs();  // kiosks' mode, its own language
    EXPECT_TRUE(role("wall", seq1, "loop", "", "en", 0)) << venue.logs();    // [default]
    for (const std::string& id : ids) EXPECT_EQ(venue.view->screen(id)->status.last_error, "") << id;

    // Published again: the wall becomes the press centre's sign, the door turns upside down.
    screens.replace(screens.find("rotate = 90"), 11, "rotate = 180");
    write_file(venue.content / "screens.toml", screens + "\n[screen.wall]\nmode = \"room\"\nhall = \"press-centre\"\n");
    ASSERT_TRUE(eventually([&] { return venue.served_sequence() > seq1; }, seconds(20))) << venue.logs();
    const uint64_t seq2 = venue.served_sequence();
    EXPECT_TRUE(role("wall", seq2, "room", "press-centre", "en", 0)) << venue.logs();
    EXPECT_TRUE(role("door", seq2, "room", "sarazm", "ru", 180)) << venue.logs();
    EXPECT_TRUE(role("kiosk", seq2, "kiosk", "", "tg", 0)) << venue.logs();
    venue.stop_all();
}

// (g) the offset is measured, not assumed: against a hub whose clock is 5 s ahead (its
// X-Majlis-Time header), the sync reports +5 s; against a static server 3 s ahead, its Date
// header's whole seconds give +3 s to within a second.
TEST(FleetPlayer, fleet_player_measures_the_clock_offset_on_each_manifest_fetch) {
    TempFolder tmp("majlis-clock");
    std::string error;
    ASSERT_TRUE(generate_keys(tmp / "keys", error)) << error;
    auto secret = load_secret_key(tmp / "keys/majlis.key", error);
    auto pub = load_public_key(tmp / "keys/majlis.pub", error);
    ASSERT_TRUE(secret && pub) << error;
    Log quiet{[](LogLevel, std::string_view) {}};
    ASSERT_EQ(publish_bundle(kDemoContent.string(), *secret, tmp / "bundle", {}, quiet).status, PublishStatus::Published);

    for (const bool majlis_time : {true, false}) {
        httplib::Server server;
        server.set_mount_point("/", tmp / "bundle");
        server.set_post_routing_handler([&](const httplib::Request&, httplib::Response& res) {
            const int64_t now = std::chrono::duration_cast<milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
            if (majlis_time) {
                res.set_header("X-Majlis-Time", std::to_string(now + 5000));
            } else {  // as nginx says it: whole seconds, 3 s ahead
                const time_t t = time_t((now + 3000) / 1000);
                std::tm tm{};
                gmtime_r(&t, &tm);
                char date[64];
                std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
                res.set_header("Date", date);
            }
        });
        const int port = server.bind_to_any_port("127.0.0.1");
        std::thread serving([&] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::sleep_for(milliseconds(1));
        SyncConfig config;
        config.manifest_url = "http://127.0.0.1:" + std::to_string(port) + "/manifest.json";
        config.trusted = *pub;
        config.cache_dir = tmp / (majlis_time ? "cache-a" : "cache-b");
        {
            BundleSync sync(config, quiet);
            EXPECT_FALSE(sync.status().clock_offset_ms.has_value());
            EXPECT_TRUE(sync.check());
            const std::optional<int64_t> offset = sync.status().clock_offset_ms;
            ASSERT_TRUE(offset.has_value()) << (majlis_time ? "X-Majlis-Time" : "Date");
            if (majlis_time) EXPECT_NEAR(double(*offset), 5000, 300);
            else EXPECT_NEAR(double(*offset), 3000, 1000);
        }
        server.stop();
        serving.join();
    }
}

// The thumbnail's scaling: a box filter to the width asked, the height in proportion; a
// narrower picture is kept as it is.
TEST(FleetPlayer, fleet_player_thumbnail_scales_down_keeping_the_proportions) {
    AgentPicture p;
    p.width = 1920;
    p.height = 1080;
    p.rgba.assign(size_t(p.width) * p.height * 4, 0);
    for (int y = 0; y < p.height; ++y)
        for (int x = p.width / 2; x < p.width; ++x) {  // the right half white
            uint8_t* q = &p.rgba[(size_t(y) * p.width + x) * 4];
            q[0] = q[1] = q[2] = q[3] = 255;
        }
    const AgentPicture t = scale_to_width(p, 480);
    EXPECT_EQ(t.width, 480);
    EXPECT_EQ(t.height, 270);
    ASSERT_EQ(t.rgba.size(), size_t(480) * 270 * 4);
    EXPECT_EQ(t.rgba[0], 0);
    EXPECT_EQ(t.rgba[(size_t(100) * 480 + 479) * 4], 255);
    const AgentPicture same = scale_to_width(t, 640);
    EXPECT_EQ(same.width, 480);
    EXPECT_EQ(same.rgba, t.rgba);
    EXPECT_EQ(hub_origin("http://hub.lan:8080"), "http://hub.lan:8080");
    EXPECT_EQ(hub_origin("https://cdn.org/summit/manifest.json"), "https://cdn.org");
    EXPECT_EQ(hub_origin("ftp://x"), "");
}

// The window's screenshot: the back buffer read after rendering, before the swap (a real GLX
// window on a private X server), at the window's size.
TEST(FleetPlayer, fleet_player_in_a_window_sends_its_frame) {
    PlayerVenue venue({"w1"});
    XServer x(venue.tmp);
    ASSERT_FALSE(x.display.empty()) << read_file(venue.tmp / "xvfb.log");
    venue.start_hub();
    ::setenv("DISPLAY", x.display.c_str(), 1);
    venue.start_player("w1", "400x300", true);
    ::unsetenv("DISPLAY");
    ASSERT_TRUE(venue.screens_reach({"w1"}, [&](const auto& s) { return s.status.sequence > 0; }, seconds(30)))
        << venue.logs();
    ASSERT_TRUE(venue.command("w1", "screenshot"));
    std::string png;
    ASSERT_TRUE(eventually([&] { return !(png = venue.picture("w1", "screenshot")).empty(); }, seconds(20)))
        << venue.logs();
    const Decoded shot = decode(png);
    EXPECT_EQ(shot.width, 400);
    EXPECT_EQ(shot.height, 300);
    EXPECT_GT(shot.colours(), 20u);
    const ScreenStatus status = venue.view->screen("w1")->status;
    EXPECT_EQ(status.width, 400);
    EXPECT_EQ(status.height, 300);
    venue.stop_all();
}

// A command signed by another key than the operator's (someone who has the broker's "hub"
// password, not the key) does nothing: no identify band on the next screenshot, and the status
// says why; a signed command still works, and clears that.
TEST(FleetPlayer, fleet_player_refuses_a_command_not_signed_by_its_trusted_key) {
    PlayerVenue venue({"p1"});
    venue.start_hub();
    venue.start_player("p1", "640x360");
    ASSERT_TRUE(venue.screens_reach({"p1"}, [&](const auto& s) { return s.status.sequence > 0; }, seconds(30)))
        << venue.logs();
    std::string error;
    ASSERT_TRUE(generate_keys(venue.tmp / "forger", error)) << error;
    MqttSettings forger = venue.settings("hub");
    forger.command_key = load_secret_key(venue.tmp / "forger/majlis.key", error);
    FleetView forged(forger, venue.quiet);
    ASSERT_TRUE(eventually([&] { return forged.connected(); }, seconds(10)));
    ASSERT_TRUE(forged.send_command(FleetView::Target::Screen, "p1", "identify"));
    ASSERT_TRUE(venue.screens_reach(
        {"p1"},
        [&](const auto& s) {
            return s.status.last_error.find("refused 1 command(s), the last: the signature does not match the "
                                            "command and the trusted key") != std::string::npos;
        },
        seconds(15)))
        << venue.logs();

    ASSERT_TRUE(venue.command("p1", "screenshot"));
    std::string png;
    ASSERT_TRUE(eventually([&] { return !(png = venue.picture("p1", "screenshot")).empty(); }, seconds(20)))
        << venue.logs();
    EXPECT_LT(decode(png).share_of(screens::kIdentifyGround), 0.01);  // no identify band
    EXPECT_TRUE(venue.screens_reach(
        {"p1"}, [&](const auto& s) { return s.status.last_error.find("refused") == std::string::npos; }, seconds(15)))
        << venue.logs();
    venue.stop_all();
}

// `reload` checks the hub at once (no announcement here: a static server, a poll an hour away);
// an upload the server refuses is sent once, not retried, and reported in the status.
TEST(FleetPlayer, fleet_player_reload_checks_the_hub_and_a_refused_upload_is_not_retried) {
    StaticHub hub;
    PlayerVenue venue({"s1"});
    const std::string url = "http://127.0.0.1:" + std::to_string(hub.port) + "/summit/";
    venue.start_player("s1", "320x180", false, url, hub.tmp / "keys/majlis.pub");
    ASSERT_TRUE(venue.screens_reach({"s1"}, [&](const auto& s) { return s.status.sequence > 0; }, seconds(30)))
        << venue.logs();
    const int64_t first = venue.view->screen("s1")->status.sequence;

    append_file(hub.tmp.path / "content" / "event.toml", "\n# edited\n");
    const uint64_t seq2 = hub.publish();
    ASSERT_GT(int64_t(seq2), first);
    MqttSettings as_hub = venue.settings("hub");  // commands signed with this hub's key
    std::string error;
    as_hub.command_key = load_secret_key(hub.tmp / "keys/majlis.key", error);
    FleetView operator_view(as_hub, venue.quiet);
    ASSERT_TRUE(eventually([&] { return operator_view.connected(); }, seconds(10))) << error;
    ASSERT_TRUE(operator_view.send_command(FleetView::Target::Screen, "s1", "reload"));
    EXPECT_TRUE(venue.screens_reach({"s1"}, [&](const auto& s) { return online_with(s, seq2); }, seconds(15)))
        << venue.logs();

    // The thumbnails (at start, after each new content) are sent, and refused: the status says
    // so, and they are not sent again (no PUT for 1.5 s).
    EXPECT_TRUE(venue.screens_reach(
        {"s1"}, [](const auto& s) { return s.status.last_error.find("thumbnail: ") != std::string::npos; },
        seconds(15)))
        << venue.logs();
    ASSERT_TRUE(eventually(
        [&] {
            const int now = hub.puts;
            std::this_thread::sleep_for(milliseconds(1500));
            return now > 0 && now == hub.puts;
        },
        seconds(15)));
    ASSERT_TRUE(operator_view.send_command(FleetView::Target::Screen, "s1", "screenshot"));
    // Reported, and still reported whatever thumbnail comes after it (a busy machine may send the
    // new content's thumbnail only after the screenshot): each kind keeps its own error.
    EXPECT_TRUE(venue.screens_reach(
        {"s1"},
        [](const auto& s) {
            return s.status.last_error.find("screenshot: ") != std::string::npos &&
                   s.status.last_error.find("HTTP 500") != std::string::npos;
        },
        seconds(15)))
        << venue.logs();
    std::this_thread::sleep_for(seconds(2));
    EXPECT_EQ(hub.screenshots, 1) << "a refused screenshot is not sent again";
    venue.stop_all();
}

// The status carries a new bundle's sequence as soon as it is swapped in (bundle_swapped, from the
// sync's thread, as app/cli.cpp wires it), though the loop -- which also renders thumbnails,
// seconds each on a busy machine -- gives no update after its first.
TEST(FleetPlayer, fleet_player_status_tells_a_new_bundle_at_once_without_the_loop) {
    PlayerVenue venue({"p1"});
    StaticHub hub;
    TempFolder tmp("majlis-swapped");
    const std::string bundles = "http://127.0.0.1:" + std::to_string(hub.port) + "/summit/";
    std::string error;
    SyncConfig sync_config;
    sync_config.manifest_url = bundles + "manifest.json";
    sync_config.trusted = load_public_key(hub.tmp / "keys/majlis.pub", error).value();
    sync_config.cache_dir = tmp / "cache";
    sync_config.poll_s = 3600;
    BundleSync sync(sync_config, venue.quiet);
    AgentConfig agent_config;
    agent_config.screen_id = "p1";
    agent_config.mqtt = venue.settings("p1");
    agent_config.hub = bundles;
    agent_config.thumbnail_s = 0;
    ScreenAgent agent(agent_config, &sync, {}, venue.quiet);
    sync.on_swapped = [&agent](uint64_t) { agent.bundle_swapped(); };
    Shown shown;
    shown.mode = "lobby";
    shown.lang = "en";
    shown.content_generation = 1;
    agent.update(shown);  // the loop's turn with content on screen; from here on it is busy
    sync.start();
    ASSERT_TRUE(sync.wait_checks(1, 10000));
    const uint64_t first = sync.status().sequence;
    ASSERT_GT(first, 0u);
    ASSERT_TRUE(venue.screens_reach({"p1"}, [&](const auto& s) { return online_with(s, first); }, seconds(5)))
        << venue.logs();

    append_file(hub.tmp / "content/event.toml", "\n# edited\n");
    const uint64_t second = hub.publish();
    sync.check_now();  // the hub's announcement
    ASSERT_TRUE(sync.wait_checks(2, 10000));
    ASSERT_EQ(sync.status().sequence, second);
    EXPECT_TRUE(venue.screens_reach({"p1"}, [&](const auto& s) { return online_with(s, second); }, seconds(1)))
        << venue.logs();
    EXPECT_EQ(venue.view->screen("p1")->status.mode, "lobby") << "the loop's measures are kept";
}

// One swap, one reload: a player's content folder (the cache's `current`) is reloaded by the
// swap's reload_now alone, not again by the watcher seeing the symlink swapped or the link
// counts the cache's cleaning changes under the shown files (each reload a thumbnail more).
TEST(FleetPlayer, fleet_player_reloads_once_per_bundle) {
    PlayerVenue venue({"p1"});
    venue.start_hub();
    venue.start_player("p1");
    const uint64_t seq1 = venue.served_sequence();
    ASSERT_TRUE(venue.screens_reach({"p1"}, [&](const auto& s) { return online_with(s, seq1); }, seconds(30)))
        << venue.logs();
    for (int edit = 0; edit < 3; ++edit) {
        const uint64_t before = venue.served_sequence();
        append_file(venue.content / "event.toml", "\n# edit " + std::to_string(edit) + "\n");
        ASSERT_TRUE(eventually([&] { return venue.served_sequence() > before; }, seconds(20))) << venue.logs();
        const uint64_t seq = venue.served_sequence();
        ASSERT_TRUE(venue.screens_reach({"p1"}, [&](const auto& s) { return online_with(s, seq); }, seconds(15)))
            << venue.logs();
    }
    // What the cache's cleaning does to the shown files when it removes an old bundle: a link to
    // the same object made and removed elsewhere (their link count, so their ctime, changes).
    const fs::path shown = venue.tmp / "cache-p1/current/event.toml", link = venue.tmp / "cache-p1/a-link";
    fs::create_hard_link(shown, link);
    fs::remove(link);
    std::this_thread::sleep_for(milliseconds(1500));  // past the watcher's settle time
    const std::string log = read_file(venue.tmp / "p1.log");
    size_t loads = 0;
    for (size_t at = log.find("loaded version"); at != std::string::npos; at = log.find("loaded version", at + 1))
        ++loads;
    EXPECT_EQ(loads, 4u) << "the first bundle and three edits\n" << log;
    venue.stop_all();
}

// A fresh player whose hub is not there yet: no error about its empty cache (no `current`), but
// that it waits for its first bundle from the hub.
TEST(FleetPlayer, fleet_player_fresh_says_it_waits_for_its_first_bundle) {
    PlayerVenue venue({"p1"});
    venue.start_player("p1");  // the hub is not started
    const fs::path log = venue.tmp / "p1.log";
    ASSERT_TRUE(eventually([&] { return read_file(log).find("hub unreachable") != std::string::npos; }, seconds(20)))
        << read_file(log);
    EXPECT_NE(read_file(log).find("is waiting for its first bundle from " + venue.hub_url()), std::string::npos)
        << read_file(log);
    EXPECT_EQ(read_file(log).find("does not exist"), std::string::npos) << read_file(log);
    venue.stop_all();
}

// A player without a broker is on no dashboard: it follows its hub and sends nothing (no
// thumbnail PUT at start or after its first bundle).
TEST(FleetPlayer, fleet_player_without_a_broker_sends_nothing) {
    StaticHub hub;
    TempFolder tmp("majlis-alone");
    ChildProcess player({MAJLIS_BIN, "--data", kSource.string(), "--hub",
                         "http://127.0.0.1:" + std::to_string(hub.port) + "/summit/", "--trust",
                         hub.tmp / "keys/majlis.pub", "--headless", "--screen-id", "alone", "--cache", tmp / "cache",
                         "--window", "320x180"},
                        tmp / "player.log");
    ASSERT_TRUE(eventually([&] { return read_file(tmp / "player.log").find("swapped in bundle") != std::string::npos; },
                           seconds(20)))
        << read_file(tmp / "player.log");
    std::this_thread::sleep_for(milliseconds(1500));
    EXPECT_EQ(hub.puts, 0) << read_file(tmp / "player.log");
    const int status = player.stop(SIGTERM);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_file(tmp / "player.log");
}

// A new content version's thumbnail waits the player's delay (drawn from 0 to
// thumbnail_spread_s), so that a venue's screens, all taking a bundle in the same second, do not
// all upload in it; the first frame's goes at once. The loop is played here: an update and a
// capture every 20 ms, each PUT counted by a static hub.
TEST(FleetPlayer, fleet_player_spreads_a_new_contents_thumbnail_over_its_delay) {
    PlayerVenue venue({"p1"});
    StaticHub hub;
    AgentConfig config;
    config.screen_id = "p1";
    config.mqtt = venue.settings("p1");
    config.hub = "http://127.0.0.1:" + std::to_string(hub.port) + "/summit/";
    config.thumbnail_s = 0;
    config.thumbnail_spread_s = 3;
    ScreenAgent::Hooks hooks;
    hooks.encode_png = [](const AgentPicture&, std::string& png) {
        png = "a picture";
        return true;
    };
    // A player whose delay is long enough to tell from none (5 in 6 are).
    std::unique_ptr<ScreenAgent> player;
    while (!player || player->thumbnail_delay_s() < 0.5)
        player = std::make_unique<ScreenAgent>(config, nullptr, hooks, venue.quiet);
    ScreenAgent& agent = *player;
    const double delay = agent.thumbnail_delay_s();
    ASSERT_LT(delay, 3);
    // Until `puts` thumbnails have reached the hub (or `timeout`): the loop's turns.
    Shown shown;
    auto loop_until = [&](int puts, milliseconds timeout) {
        return eventually(
            [&] {
                agent.update(shown);
                if (agent.capture_wanted()) agent.picture_taken({4, 2, std::vector<uint8_t>(32, 200)});
                return hub.puts >= puts;
            },
            timeout);
    };
    shown.content_generation = 1;
    ASSERT_TRUE(loop_until(1, seconds(2)));  // the first frame's, at once

    shown.content_generation = 2;  // a bundle swapped in
    const auto swapped = std::chrono::steady_clock::now();
    ASSERT_TRUE(loop_until(2, seconds(6)));
    const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - swapped).count();
    EXPECT_GE(waited, delay);
    EXPECT_LT(waited, delay + 1.5);
    EXPECT_FALSE(loop_until(3, milliseconds(500))) << "one thumbnail per new content";

    // Each player draws its own delay: ten draws are not all the same.
    config.mqtt.url.port = 1;  // no broker needed for that
    std::set<double> delays;
    for (int i = 0; i < 10; ++i) {
        const double d = ScreenAgent(config, nullptr, {}, venue.quiet).thumbnail_delay_s();
        EXPECT_TRUE(d >= 0 && d < 3) << d;
        delays.insert(d);
    }
    EXPECT_GT(delays.size(), 1u);
}
