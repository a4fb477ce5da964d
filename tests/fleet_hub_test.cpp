// The hub (app/fleet/hub.h) in-process on a free loopback port, with a real mosquitto
// (tests/fleet/broker.h) where MQTT matters: a change in the content folder is a new bundle over
// HTTP and a retained announcement; broken content publishes nothing and is reported; bad
// requests are refused and the hub lives on; screenshots are stored and served; commands reach a
// screen and its group; operators log in, and the operators file is read again when it changes;
// a retired screen is forgotten; `majlis hub` through the binary stops cleanly on SIGTERM; and the
// dashboard in a real headless Chromium (tests/fleet/dashboard_check.py, Debian's
// python3-selenium, chromium and chromium-driver) lists a screen and shows its new screenshot.
#include "fleet/hub.h"
#include "fleet/operators.h"

#include "content/schedule_fetch.h"
#include "fleet/venue.h"
#include "platform.h"
#include "schedule_server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>

#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <regex>
#include <thread>

using namespace majlis;
using namespace majlis::testing::fleet_venue;

namespace {

// A PNG of w x h pixels of one colour, as a screen would upload it.
std::string png_bytes(int w, int h, uint8_t r, uint8_t g, uint8_t b) {
    TempFolder tmp("majlis-png");
    std::vector<uint8_t> rgba;
    for (int i = 0; i < w * h; ++i) rgba.insert(rgba.end(), {r, g, b, 255});
    EXPECT_TRUE(platform::write_png(tmp / "p.png", w, h, rgba));
    return read_file(tmp / "p.png");
}

// A content folder (a copy of the demo), a key, and a hub on a free loopback port.
struct Site {
    TempFolder tmp{"majlis-hub"};
    fs::path content = tmp.path / "content";
    LogLines log;
    std::unique_ptr<Hub> hub;

    Site() {
        fs::copy(kDemoContent, content, fs::copy_options::recursive);
        std::string error;
        EXPECT_TRUE(generate_keys(tmp / "keys", error)) << error;
    }
    int schedule_poll_ms = 0;  // HubConfig's
    HubConfig config(const std::string& mqtt = "") {
        HubConfig c;
        c.schedule_poll_ms = schedule_poll_ms;
        c.content_dir = content.string();
        c.key_path = tmp / "keys/majlis.key";
        c.listen = "127.0.0.1:0";
        c.mqtt = mqtt;
        c.venue = "summit";
        c.state_dir = tmp / "state";
        c.dashboard_dir = (kSource / "assets" / "dashboard").string();
        return c;
    }
    void start(const std::string& mqtt = "") {
        std::string error;
        hub = Hub::start(config(mqtt), log.log, error);
        ASSERT_TRUE(hub) << error << "\n" << log.all();
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", hub->port());
        c.set_connection_timeout(5);
        c.set_read_timeout(10);
        return c;
    }
    uint64_t served_sequence() const {
        auto res = client().Get("/bundle/manifest.json");
        if (!res || res->status != 200) return 0;
        return json::parse(res->body).at("sequence").get<uint64_t>();
    }
    PublicKey trusted() const {  // the hub's public key: what its screens are given (--trust)
        std::string error;
        auto key = load_public_key(tmp / "keys/majlis.pub", error);
        EXPECT_TRUE(key) << error;
        return key.value_or(PublicKey{});
    }
    json api() const {
        auto res = client().Get("/api/screens");
        EXPECT_TRUE(res && res->status == 200);
        return res ? json::parse(res->body) : json{};
    }
};

// What a screen's presence received.
struct Inbox {
    std::mutex mutex;
    std::vector<std::pair<int64_t, std::string>> bundles;
    std::vector<std::string> commands;
    ScreenPresence::Callbacks callbacks() {
        ScreenPresence::Callbacks c;
        c.on_bundle = [this](int64_t sequence, const std::string& url) {
            std::lock_guard<std::mutex> lock(mutex);
            bundles.emplace_back(sequence, url);
        };
        c.on_command = [this](const std::string& command, const std::string&) {
            std::lock_guard<std::mutex> lock(mutex);
            commands.push_back(command);
        };
        return c;
    }
    std::optional<std::pair<int64_t, std::string>> last_bundle() {
        std::lock_guard<std::mutex> lock(mutex);
        if (bundles.empty()) return std::nullopt;
        return bundles.back();
    }
    bool got(const std::string& command) {
        std::lock_guard<std::mutex> lock(mutex);
        return std::find(commands.begin(), commands.end(), command) != commands.end();
    }
};

TEST(FleetHub, fleet_hub_publishes_a_change_serves_it_and_announces_it) {
    Broker broker({"hub", "lobby-1", "lobby-2"});
    ASSERT_TRUE(broker.running()) << broker.log();
    Site site;
    site.start(broker.url("hub"));
    auto http = site.client();

    auto first = http.Get("/bundle/manifest.json");
    ASSERT_TRUE(first && first->status == 200) << site.log.all();
    const std::string etag = first->get_header_value("ETag");
    EXPECT_EQ(etag, "\"" + sha256_hex(first->body) + "\"");
    const uint64_t seq1 = json::parse(first->body).at("sequence").get<uint64_t>();
    EXPECT_GT(seq1, 0u);
    auto again = http.Get("/bundle/manifest.json", {{"If-None-Match", etag}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304);
    EXPECT_TRUE(again->body.empty());
    // The pair verifies with the publisher's public key.
    auto sig = http.Get("/bundle/manifest.json.sig");
    ASSERT_TRUE(sig && sig->status == 200);
    std::string error;
    auto pub = load_public_key(site.tmp / "keys/majlis.pub", error);
    ASSERT_TRUE(pub) << error;
    EXPECT_TRUE(verify_signed_manifest(first->body, sig->body, *pub, 0).ok());

    // The announcement is retained: a screen that connects now gets it.
    Inbox early;
    ScreenPresence screen1(settings_for(broker, "lobby-1"), "lobby-1", {"hall-a"}, {}, early.callbacks(), site.log.log);
    ASSERT_TRUE(eventually([&] { return early.last_bundle().has_value(); }, seconds(10))) << site.log.all();
    EXPECT_EQ(early.last_bundle()->first, int64_t(seq1));
    EXPECT_EQ(early.last_bundle()->second, site.hub->public_url() + "/bundle/manifest.json");
    EXPECT_EQ(site.hub->public_url(), "http://127.0.0.1:" + std::to_string(site.hub->port()));

    // One edit: a new sequence, served (the old ETag no longer matches) and announced.
    append_file(site.content / "event.toml", "\n# edited at the venue\n");
    ASSERT_TRUE(site.hub->wait_idle(seconds(15)));
    auto second = http.Get("/bundle/manifest.json", {{"If-None-Match", etag}});
    ASSERT_TRUE(second);
    ASSERT_EQ(second->status, 200) << site.log.all();
    const json manifest = json::parse(second->body);
    const uint64_t seq2 = manifest.at("sequence").get<uint64_t>();
    EXPECT_GT(seq2, seq1);
    EXPECT_EQ(site.hub->report().sequence, seq2);
    EXPECT_TRUE(eventually([&] { return early.last_bundle()->first == int64_t(seq2); }, seconds(10)));
    Inbox late;
    ScreenPresence screen2(settings_for(broker, "lobby-2"), "lobby-2", {}, {}, late.callbacks(), site.log.log);
    ASSERT_TRUE(eventually([&] { return late.last_bundle().has_value(); }, seconds(10)));
    EXPECT_EQ(late.last_bundle()->first, int64_t(seq2));

    // The edited file's object: its bytes, immutable, ETag = its name.
    std::string sha;
    for (const auto& f : manifest.at("files"))
        if (f.at("path") == "event.toml") sha = f.at("sha256");
    ASSERT_FALSE(sha.empty());
    auto object = http.Get("/bundle/objects/" + sha);
    ASSERT_TRUE(object && object->status == 200);
    EXPECT_EQ(object->body, read_file(site.content / "event.toml"));
    EXPECT_EQ(object->get_header_value("ETag"), "\"" + sha + "\"");
    EXPECT_EQ(object->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
    auto cached = http.Get("/bundle/objects/" + sha, {{"If-None-Match", "\"" + sha + "\""}});
    ASSERT_TRUE(cached);
    EXPECT_EQ(cached->status, 304);
}

// A broker without persistence forgets retained messages when it restarts: the hub announces
// again once it is back, so a screen connecting afterwards still learns of the bundle.
TEST(FleetHub, fleet_hub_announces_again_after_the_broker_restarts) {
    Broker broker({"hub", "lobby-1"});
    ASSERT_TRUE(broker.running()) << broker.log();
    Site site;
    site.start(broker.url("hub"));
    const uint64_t seq = site.served_sequence();
    ASSERT_TRUE(eventually([&] { return site.hub->report().mqtt == "connected"; }, seconds(10)));
    std::this_thread::sleep_for(milliseconds(500));  // announced
    broker.stop();
    ASSERT_TRUE(broker.restart()) << broker.log();
    Inbox screen;
    ScreenPresence presence(settings_for(broker, "lobby-1"), "lobby-1", {}, {}, screen.callbacks(), site.log.log);
    ASSERT_TRUE(eventually([&] { return screen.last_bundle().has_value(); }, seconds(15))) << site.log.all();
    EXPECT_EQ(screen.last_bundle()->first, int64_t(seq));
}

TEST(FleetHub, fleet_hub_publishes_nothing_from_broken_content_and_says_why) {
    Site site;
    site.start();
    const uint64_t seq1 = site.served_sequence();
    ASSERT_GT(seq1, 0u) << site.log.all();
    EXPECT_TRUE(site.api()["hub"]["errors"].empty());

    append_file(site.content / "agenda.toml", "\n[[[ this is not TOML\n");
    ASSERT_TRUE(site.hub->wait_idle(seconds(15)));
    EXPECT_EQ(site.served_sequence(), seq1);  // players keep the last bundle
    const json hub = site.api()["hub"];
    EXPECT_EQ(hub["sequence"], seq1);
    ASSERT_FALSE(hub["errors"].empty()) << hub.dump();
    EXPECT_NE(hub["errors"][0].get<std::string>().find("agenda.toml"), std::string::npos) << hub.dump();

    // A hub restarted while the folder is broken serves the last bundle at once.
    site.hub.reset();
    site.start();
    EXPECT_EQ(site.served_sequence(), seq1);
    EXPECT_FALSE(site.api()["hub"]["errors"].empty());

    // Fixed: published again, the banner goes.
    fs::remove(site.content / "agenda.toml");
    fs::copy_file(kDemoContent / "agenda.toml", site.content / "agenda.toml");
    append_file(site.content / "agenda.toml", "\n# fixed\n");
    ASSERT_TRUE(site.hub->wait_idle(seconds(15)));
    EXPECT_GT(site.served_sequence(), seq1);
    EXPECT_TRUE(site.api()["hub"]["errors"].empty()) << site.api().dump();
}

// A hub whose content follows a conference's schedule URL (content/schedule_fetch.h): the
// fetched export is published to the screens; a fetch that fails keeps it published and is a
// warning on /api/screens and on the dashboard (seen in Chromium: tests/fleet/warnings_check.py),
// gone after the next good fetch.
TEST(FleetHub, fleet_hub_reports_a_failing_schedule_fetch_and_keeps_the_copy) {
    majlis::testing::ScheduleServer server{read_file(std::string(MAJLIS_TEST_DATA_DIR) + "/schedules/congress.xml")};
    Site site;
    site.schedule_poll_ms = 300;
    fs::remove_all(site.content);
    fs::create_directories(site.content);
    const std::string url = server.url();
    write_file(site.content / "event.toml", "languages.display = [\"en\"]\nlanguages.default = \"en\"\n"
                                            "time_zone = \"Europe/Berlin\"\n[schedule]\nurl = \"" + url + "\"\n");
    site.start();
    auto fetched_in_bundle = [&] {
        const uint64_t seq = site.served_sequence();
        if (seq == 0) return false;
        const json manifest = json::parse(site.client().Get("/bundle/manifest.json")->body);
        for (const auto& f : manifest.at("files"))
            if (f.at("path") == content::fetched_schedule_path(url)) return true;
        return false;
    };
    ASSERT_TRUE(eventually(fetched_in_bundle, seconds(15))) << site.log.all();
    const uint64_t seq = site.served_sequence();
    auto warnings = [&] { return site.api()["hub"]["warnings"].dump(); };
    EXPECT_EQ(warnings().find("fetch"), std::string::npos) << warnings();

    server.answer(500);
    const std::string failed = "the last fetch failed (" + url + ": HTTP status 500)";
    ASSERT_TRUE(eventually([&] { return warnings().find(failed) != std::string::npos; }, seconds(15)))
        << warnings() << "\n" << site.log.all();
    EXPECT_TRUE(site.api()["hub"]["errors"].empty());
    EXPECT_EQ(site.served_sequence(), seq);  // the copy fetched before stays published
    EXPECT_TRUE(fetched_in_bundle());

    const std::string out = site.tmp / "browser.log";
    std::vector<std::string> argv{MAJLIS_PYTHON, (kSource / "tests/fleet/warnings_check.py").string(),
                                  "http://127.0.0.1:" + std::to_string(site.hub->port()) + "/", failed};
    if (const char* png = std::getenv("MAJLIS_DASHBOARD_PNG")) argv.push_back(png);  // to look at it
    ChildProcess browser(argv, out);
    ASSERT_TRUE(eventually([&] { return !browser.running(); }, seconds(60))) << read_file(out);
    const int status = browser.stop(SIGTERM);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_file(out);

    server.answer(200);
    EXPECT_TRUE(eventually([&] { return warnings().find(failed) == std::string::npos; }, seconds(15))) << warnings();
}

TEST(FleetHub, fleet_hub_refuses_a_symlink_in_the_content_and_reports_it) {
    Site site;
    site.start();
    const uint64_t seq1 = site.served_sequence();
    ASSERT_GT(seq1, 0u);
    fs::create_symlink("/etc/passwd", site.content / "passwd.md");
    append_file(site.content / "event.toml", "\n# and a change\n");
    ASSERT_TRUE(site.hub->wait_idle(seconds(15)));
    EXPECT_EQ(site.served_sequence(), seq1);
    const json errors = site.api()["hub"]["errors"];
    ASSERT_FALSE(errors.empty());
    EXPECT_NE(errors.dump().find("passwd.md"), std::string::npos) << errors.dump();
}

TEST(FleetHub, fleet_hub_refuses_bad_requests_and_lives_on) {
    Site site;
    site.start();
    auto http = site.client();
    auto status = [&](const char* method, const std::string& path, const std::string& body = "",
                      const char* type = "application/octet-stream") {
        httplib::Request req;
        req.method = method;
        req.path = path;
        req.body = body;
        if (!body.empty()) req.set_header("Content-Type", type);
        auto res = http.send(req);
        return res ? res->status : -1;
    };
    const std::string png = png_bytes(8, 8, 10, 20, 30);
    const std::string upper(64, 'A');
    EXPECT_EQ(status("GET", "/bundle/objects/xyz"), 400);
    EXPECT_EQ(status("GET", "/bundle/objects/" + upper), 400);
    EXPECT_EQ(status("GET", "/bundle/objects/" + std::string(64, 'a')), 404);
    EXPECT_EQ(status("GET", "/bundle/objects/../manifest.json"), 404);
    EXPECT_EQ(status("GET", "/bundle/objects/..%2Fmanifest.json"), 404);
    EXPECT_EQ(status("GET", "/..%2F..%2Fetc%2Fpasswd"), 404);
    EXPECT_EQ(status("GET", "/../../etc/passwd"), 404);
    EXPECT_EQ(status("GET", "/screens/..%2F..%2Fbundle/thumbnail.png"), 404);
    EXPECT_EQ(status("GET", "/screens/../thumbnail.png"), 400);
    EXPECT_EQ(status("PUT", "/screens/%2E%2E/thumbnail.png", png), 400);
    EXPECT_EQ(status("GET", "/screens/lobby-1/passwd"), 404);
    EXPECT_EQ(status("GET", "/screens/lobby-1/thumbnail.png"), 404);  // none yet
    EXPECT_EQ(status("POST", "/bundle/manifest.json", "x"), 405);
    EXPECT_EQ(status("DELETE", "/api/screens"), 405);
    // Uploads: a PNG, at most 16 MiB, for a screen id, under one of two names.
    EXPECT_EQ(status("PUT", "/screens/lobby-1/thumbnail.png", "GIF89a not a png at all, no no no no"), 415);
    EXPECT_EQ(status("PUT", "/screens/lobby-1/thumbnail.png", png.substr(0, 20)), 415);
    EXPECT_EQ(status("PUT", "/screens/lobby.1/thumbnail.png", png), 400);
    EXPECT_EQ(status("PUT", "/screens/" + std::string(65, 'a') + "/thumbnail.png", png), 400);
    EXPECT_EQ(status("PUT", "/screens/lobby-1/evil.png", png), 404);
    std::string huge = png;
    huge.resize(kMaxUploadBytes + 1, '\0');
    EXPECT_EQ(status("PUT", "/screens/lobby-1/screenshot.png", huge), 413);
    // Commands: a known one, as JSON, to a valid id (and this hub has no broker).
    EXPECT_EQ(status("POST", "/api/screens/lobby-1/command", R"({"command":"format-disk"})", "application/json"), 400);
    EXPECT_EQ(status("POST", "/api/screens/lobby-1/command", R"({"command":1})", "application/json"), 400);
    EXPECT_EQ(status("POST", "/api/screens/lobby-1/command", "{not json", "application/json"), 400);
    EXPECT_EQ(status("POST", "/api/screens/a b/command", R"({"command":"reload"})", "application/json"), 400);
    EXPECT_EQ(status("POST", "/api/groups/lobby-1/command", std::string(kMaxCommandBytes + 1, ' '), "application/json"),
              413);
    EXPECT_EQ(status("POST", "/api/screens/lobby-1/command", R"({"command":"reload"})", "application/json"), 503);
    EXPECT_EQ(status("GET", "/api/screens/lobby-1/command"), 405);
    // Still serving, and nothing was stored.
    EXPECT_GT(site.served_sequence(), 0u);
    EXPECT_FALSE(fs::exists(site.tmp.path / "state/screens/lobby-1"));
    EXPECT_TRUE(fs::is_empty(site.tmp.path / "state/screens"));
}

// Pictures are taken only from a screen online now, a screenshot only once per screenshot asked
// (to the screen or a group it is in): a screen holds no operator's password (hub.h).
TEST(FleetHub, fleet_hub_stores_and_serves_a_screens_pictures) {
    Broker broker({"hub", "lobby-1"});
    ASSERT_TRUE(broker.running()) << broker.log();
    Site site;
    site.start(broker.url("hub"));
    auto http = site.client();
    const std::string shot = png_bytes(64, 36, 200, 40, 40), thumb = png_bytes(16, 9, 40, 200, 40);
    auto put = [&](const std::string& name, const std::string& png) {
        auto res = http.Put("/screens/lobby-1/" + name, png, "image/png");
        return res ? res->status : -1;
    };
    auto ask = [&](const std::string& target) {
        auto res = http.Post("/api/" + target + "/command", R"({"command":"screenshot"})", "application/json");
        return res ? res->status : -1;
    };
    EXPECT_EQ(put("thumbnail.png", thumb), 403);  // not online
    Inbox inbox;
    ScreenPresence screen(settings_for(broker, "lobby-1", site.trusted()), "lobby-1", {"hall-a"}, {}, inbox.callbacks(),
                          site.log.log);
    ASSERT_TRUE(eventually([&] { return site.api()["screens"].size() == 1; }, seconds(10))) << site.log.all();
    EXPECT_EQ(put("screenshot.png", shot), 403);  // online, but not asked
    ASSERT_EQ(ask("screens/lobby-1"), 202);
    EXPECT_EQ(put("screenshot.png", shot), 204);
    EXPECT_EQ(put("screenshot.png", shot), 403);  // once per screenshot asked
    EXPECT_EQ(put("thumbnail.png", thumb), 204);
    auto got = http.Get("/screens/lobby-1/screenshot.png");
    ASSERT_TRUE(got && got->status == 200);
    EXPECT_EQ(got->body, shot);
    EXPECT_EQ(got->get_header_value("Content-Type"), "image/png");
    EXPECT_EQ(got->get_header_value("Cache-Control"), "no-store");
    // Replaced whole: a second upload is what is served, and no temporary file is left.
    const std::string shot2 = png_bytes(64, 36, 10, 10, 200);
    ASSERT_EQ(ask("groups/hall-a"), 202);  // through its group
    EXPECT_EQ(put("screenshot.png", shot2), 204);
    EXPECT_EQ(http.Get("/screens/lobby-1/screenshot.png")->body, shot2);
    EXPECT_EQ(http.Get("/screens/lobby-1/thumbnail.png")->body, thumb);
    size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(site.tmp.path / "state/screens/lobby-1")) ++files;
    EXPECT_EQ(files, 2u);
}

TEST(FleetHub, fleet_hub_lists_screens_and_sends_them_commands) {
    Broker broker({"hub", "lobby-1", "door-2"});
    ASSERT_TRUE(broker.running()) << broker.log();
    Site site;
    site.start(broker.url("hub"));
    const uint64_t seq = site.served_sequence();
    ASSERT_GT(seq, 0u);

    ScreenStatus current;
    current.sequence = int64_t(seq);
    current.width = 1920;
    current.height = 1080;
    current.rotation = 90;
    ScreenStatus behind;
    behind.sequence = int64_t(seq) - 1;
    behind.clock_offset_ms = -800;
    Inbox lobby, door;
    ScreenPresence s1(settings_for(broker, "lobby-1", site.trusted()), "lobby-1", {"hall-a"}, current, lobby.callbacks(),
                      site.log.log);
    ScreenPresence s2(settings_for(broker, "door-2", site.trusted()), "door-2", {"doors", "hall-a"}, behind, door.callbacks(),
                      site.log.log);
    json screens;
    ASSERT_TRUE(eventually(
        [&] {
            screens = site.api()["screens"];
            return screens.size() == 2 && screens[0]["online"] == true && screens[1]["online"] == true;
        },
        seconds(10)))
        << screens.dump() << site.log.all();
    const json& d = screens[0]["id"] == "door-2" ? screens[0] : screens[1];
    const json& l = screens[0]["id"] == "lobby-1" ? screens[0] : screens[1];
    EXPECT_EQ(l["stale"], false);
    EXPECT_EQ(l["clock_flag"], false);
    EXPECT_EQ(l["rotation"], 90);
    EXPECT_EQ(l["thumbnail"], 0);
    EXPECT_EQ(d["stale"], true);
    EXPECT_EQ(d["clock_flag"], true);
    EXPECT_EQ(d["groups"], json::array({"doors", "hall-a"}));

    auto http = site.client();
    auto identify = http.Post("/api/screens/lobby-1/command", R"({"command":"identify"})", "application/json");
    ASSERT_TRUE(identify);
    EXPECT_EQ(identify->status, 202);
    EXPECT_TRUE(valid_fleet_id(json::parse(identify->body).at("request").get<std::string>()));
    ASSERT_TRUE(eventually([&] { return lobby.got("identify"); }));
    ASSERT_TRUE(http.Post("/api/groups/doors/command", R"({"command":"reload"})", "application/json"));
    ASSERT_TRUE(eventually([&] { return door.got("reload"); }));
    std::this_thread::sleep_for(milliseconds(300));
    EXPECT_FALSE(lobby.got("reload"));  // not in that group
    EXPECT_FALSE(door.got("identify"));
}

// `majlis passwd` writes name:HASH (Argon2id) that the hub checks; with --operators every
// request but the bundle's and the screens' uploads needs an operator's name and password
// (401 without, 401 and a logged failure with a wrong one); without --operators the hub starts
// only on loopback or with an explicit --no-auth.
TEST(FleetHub, fleet_hub_asks_operators_to_log_in) {
    Site site;
    const std::string file = site.tmp / "operators";
    const std::string out = site.tmp / "passwd.log";
    for (const auto& [name, exit_code] : {std::pair{"Ali", 0}, {"wrong:name", 2}, {"staff", 0}}) {
        ChildProcess passwd({"/bin/sh", "-c", "printf 'sesame %s\\n' \"$1\" | \"$2\" passwd \"$3\" \"$1\"", "sh", name,
                             MAJLIS_BIN, file},
                            out);
        const int status = passwd.stop(0, seconds(20));
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == exit_code) << name << "\n" << read_file(out);
    }
    const std::string text = read_file(file);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
    EXPECT_EQ(text.rfind("Ali:$argon2id$", 0), 0u) << text;
    EXPECT_EQ(fs::status(file).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);

    HubConfig open_config = site.config();
    open_config.listen = "0.0.0.0:0";  // the LAN, and no --operators: refused
    std::string error;
    EXPECT_FALSE(Hub::start(open_config, site.log.log, error));
    EXPECT_NE(error.find("--operators"), std::string::npos) << error;
    open_config.no_auth = true;  // unless said so
    EXPECT_TRUE(Hub::start(open_config, site.log.log, error)) << error;
    EXPECT_NE(site.log.all().find("--no-auth: anyone"), std::string::npos);

    HubConfig config = site.config();
    config.operators_file = file;
    site.hub = Hub::start(config, site.log.log, error);
    ASSERT_TRUE(site.hub) << error;
    auto status = [&](const std::string& method, const std::string& path, const std::string& user,
                      const std::string& password) {
        httplib::Client c = site.client();
        if (!user.empty()) c.set_basic_auth(user, password);
        auto res = method == "GET"      ? c.Get(path)
                   : method == "PUT"    ? c.Put(path, png_bytes(16, 9, 1, 2, 3), "image/png")
                   : method == "DELETE" ? c.Delete(path)
                                        : c.Post(path, R"({"command":"identify"})", "application/json");
        return res ? res->status : -1;
    };
    for (const char* path : {"/", "/dashboard.js", "/api/screens", "/screens/lobby-1/thumbnail.png"})
        EXPECT_EQ(status("GET", path, "", ""), 401) << path;
    EXPECT_EQ(status("POST", "/api/screens/lobby-1/command", "", ""), 401);
    EXPECT_EQ(status("DELETE", "/api/screens/lobby-1", "", ""), 401);
    EXPECT_EQ(status("POST", "/api/groups/doors/command", "Ali", "sesame Noor"), 401);  // Noor's password
    EXPECT_EQ(status("GET", "/api/screens", "Eve", "sesame Ali"), 401);                 // no such operator
    EXPECT_NE(site.log.all().find("a failed login"), std::string::npos);
    auto asked = site.client().Get("/api/screens");
    ASSERT_TRUE(asked);
    EXPECT_EQ(asked->get_header_value("WWW-Authenticate"), "Basic realm=\"majlis hub\", charset=\"UTF-8\"");

    EXPECT_EQ(status("GET", "/api/screens", "Ali", "sesame Ali"), 200);
    EXPECT_EQ(status("GET", "/", "staff", "sesame staff"), 200);
    EXPECT_EQ(status("GET", "/api/screens", "staff", "sesame staff"), 200);  // remembered, still good
    EXPECT_EQ(status("POST", "/api/screens/lobby-1/command", "Ali", "sesame Ali"), 503);  // past the login: no broker
    EXPECT_EQ(status("GET", "/bundle/manifest.json", "", ""), 200);  // signed: open to all
    EXPECT_EQ(status("PUT", "/screens/lobby-1/thumbnail.png", "", ""), 403);  // no login asked: not online
}

// The operators file is read again when it changes, without restarting the hub: an operator
// added can log in, one removed is out at once (even with a login the hub remembered); a broken
// file is logged and the operators read before are kept.
TEST(FleetHub, fleet_hub_reads_the_operators_file_again_when_it_changes) {
    Site site;
    const std::string file = site.tmp / "operators";
    std::string error;
    ASSERT_TRUE(set_operator_password(file, "Ali", "sesame Ali", error)) << error;
    HubConfig config = site.config();
    config.operators_file = file;
    site.hub = Hub::start(config, site.log.log, error);
    ASSERT_TRUE(site.hub) << error;
    auto status = [&](const std::string& user, const std::string& password) {
        httplib::Client c = site.client();
        c.set_basic_auth(user, password);
        auto res = c.Get("/api/screens");
        return res ? res->status : -1;
    };
    // Past Operators::kRecheck since the hub last looked, and a new mtime even on a coarse clock.
    auto after_a_while = [] { std::this_thread::sleep_for(Operators::kRecheck + milliseconds(100)); };
    EXPECT_EQ(status("Ali", "sesame Ali"), 200);
    EXPECT_EQ(status("Noor", "sesame Noor"), 401);

    after_a_while();
    ASSERT_TRUE(set_operator_password(file, "Noor", "sesame Noor", error)) << error;
    EXPECT_TRUE(eventually([&] { return status("Noor", "sesame Noor") == 200; }, seconds(10))) << site.log.all();
    EXPECT_TRUE(site.log.has("read again: 2 operator(s)")) << site.log.all();

    after_a_while();
    const std::string good = read_file(file);
    append_file(file, "a line that is not name:HASH\n");
    EXPECT_TRUE(eventually([&] { return status("Noor", "sesame Noor") == 200 && site.log.has(":3: not name:HASH"); },
                           seconds(10)))
        << site.log.all();
    EXPECT_TRUE(site.log.has("the 2 operator(s) read before are kept")) << site.log.all();
    EXPECT_EQ(status("Ali", "sesame Ali"), 200);  // not remembered since the last reading: checked
    EXPECT_EQ(status("Noor", "sesame Noor"), 200);

    after_a_while();
    write_file(file, good.substr(good.find('\n') + 1));  // Noor alone
    EXPECT_TRUE(eventually([&] { return status("Ali", "sesame Ali") == 401; }, seconds(10))) << site.log.all();
    EXPECT_EQ(status("Noor", "sesame Noor"), 200);
}

// A screen retired for good: DELETE /api/screens/<id> clears its retained status on the broker
// (every view loses it, a hub started later too) and removes its pictures; refused while the
// screen is online (it would be back at once).
TEST(FleetHub, fleet_hub_forgets_a_retired_screen) {
    Broker broker({"hub", "lobby-1", "door-2"});
    ASSERT_TRUE(broker.running()) << broker.log();
    Site site;
    site.start(broker.url("hub"));
    auto http = site.client();
    auto presence = std::make_unique<ScreenPresence>(settings_for(broker, "lobby-1", site.trusted()), "lobby-1",
                                                     std::vector<std::string>{"hall-a"}, ScreenStatus{},
                                                     ScreenPresence::Callbacks{}, site.log.log);
    ScreenPresence door(settings_for(broker, "door-2", site.trusted()), "door-2", {"doors"}, {}, {}, site.log.log);
    ASSERT_TRUE(eventually([&] { return site.api()["screens"].size() == 2; }, seconds(10))) << site.log.all();
    EXPECT_EQ(http.Put("/screens/lobby-1/thumbnail.png", png_bytes(16, 9, 40, 200, 40), "image/png")->status, 204);
    ASSERT_EQ(http.Post("/api/screens/lobby-1/command", R"({"command":"screenshot"})", "application/json")->status,
              202);
    EXPECT_EQ(http.Put("/screens/lobby-1/screenshot.png", png_bytes(64, 36, 200, 40, 40), "image/png")->status, 204);

    EXPECT_EQ(http.Delete("/api/screens/lobby-1")->status, 409);  // online
    EXPECT_EQ(http.Delete("/api/screens/lobby.1")->status, 400);
    EXPECT_EQ(http.Get("/api/screens/lobby-1")->status, 405);
    presence.reset();  // its offline status, retained
    json screens;
    ASSERT_TRUE(eventually([&] {
        screens = site.api()["screens"];
        for (const json& s : screens)
            if (s["id"] == "lobby-1") return s["online"] == false;
        return false;
    }, seconds(15))) << screens.dump() << site.log.all();

    auto forgotten = http.Delete("/api/screens/lobby-1");
    ASSERT_TRUE(forgotten);
    EXPECT_EQ(forgotten->status, 204) << forgotten->body;
    screens = site.api()["screens"];
    ASSERT_EQ(screens.size(), 1u) << screens.dump();
    EXPECT_EQ(screens[0]["id"], "door-2");
    EXPECT_EQ(http.Get("/screens/lobby-1/thumbnail.png")->status, 404);
    EXPECT_EQ(http.Get("/screens/lobby-1/screenshot.png")->status, 404);
    EXPECT_FALSE(fs::exists(site.tmp.path / "state/screens/lobby-1"));
    EXPECT_TRUE(site.log.has("screen lobby-1 forgotten")) << site.log.all();
    // The broker holds no status of it any more: a view connecting now sees door-2 alone.
    FleetView later(settings_for(broker, "hub"), site.log.log);
    EXPECT_TRUE(later.wait_for([](const FleetView::Screens& all) { return all.count("door-2") == 1; }, seconds(10)));
    std::this_thread::sleep_for(milliseconds(300));  // retained messages come together, but be sure
    EXPECT_EQ(later.screens().count("lobby-1"), 0u);
}

// The binary: `majlis hub` serves, and SIGTERM stops it cleanly (exit 0).
TEST(FleetHub, fleet_hub_binary_serves_and_stops_on_sigterm) {
    Site site;
    const std::string out = site.tmp / "hub.log";
    ChildProcess hub({MAJLIS_BIN, "--data", kSource.string(), "hub", "--content", site.content.string(), "--key",
                      site.tmp / "keys/majlis.key", "--listen", "127.0.0.1:0", "--state", site.tmp / "state"},
                     out);
    std::smatch m;
    std::string log;
    const std::regex serving("serving http://127\\.0\\.0\\.1:([0-9]+)/");
    ASSERT_TRUE(eventually(
        [&] {
            log = read_file(out);
            return std::regex_search(log, m, serving);
        },
        seconds(20)))
        << log;
    httplib::Client http("127.0.0.1", std::stoi(m[1]));
    auto index = http.Get("/");
    ASSERT_TRUE(index && index->status == 200);
    EXPECT_NE(index->body.find("dashboard.js"), std::string::npos);
    auto manifest = http.Get("/bundle/manifest.json");
    ASSERT_TRUE(manifest && manifest->status == 200) << read_file(out);
    const int status = hub.stop(SIGTERM);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << "\n" << read_file(out);
    EXPECT_NE(read_file(out).find("hub: stopping"), std::string::npos);
}

// A stand-in screen: its presence, and on "screenshot" a PUT of a new PNG (from its own thread,
// never the MQTT one), each one a new colour.
struct FakeScreen {
    std::string id, hub_url;
    int port;
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<std::string> asked;
    bool stopping = false;
    int shots = 0;
    std::thread worker;
    std::unique_ptr<ScreenPresence> presence;

    FakeScreen(const Broker& broker, std::string screen, int hub_port, int64_t sequence, const PublicKey& trust, Log& log)
        : id(std::move(screen)), port(hub_port) {
        worker = std::thread([this] { run(); });
        ScreenStatus s;
        s.sequence = sequence;
        s.mode = "lobby";
        s.lang = "en";
        s.width = 1920;
        s.height = 1080;
        ScreenPresence::Callbacks callbacks;
        callbacks.on_command = [this](const std::string& command, const std::string&) {
            std::lock_guard<std::mutex> lock(mutex);
            asked.push_back(command);
            cv.notify_all();
        };
        presence = std::make_unique<ScreenPresence>(settings_for(broker, id, trust), id,
                                                    std::vector<std::string>{"hall-a"}, s, callbacks, log);
    }
    ~FakeScreen() {
        presence.reset();
        {
            std::lock_guard<std::mutex> lock(mutex);
            stopping = true;
        }
        cv.notify_all();
        worker.join();
    }
    int shot_count() {
        std::lock_guard<std::mutex> lock(mutex);
        return shots;
    }
    void run() {
        std::unique_lock<std::mutex> lock(mutex);
        while (true) {
            cv.wait(lock, [&] { return stopping || !asked.empty(); });
            if (stopping) return;
            const std::string command = asked.front();
            asked.pop_front();
            if (command != "screenshot") continue;
            const int n = ++shots;
            lock.unlock();
            httplib::Client http("127.0.0.1", port);
            const uint8_t c = uint8_t(60 * n);
            http.Put("/screens/" + id + "/screenshot.png", png_bytes(320, 180, c, 120, 200), "image/png");
            http.Put("/screens/" + id + "/thumbnail.png", png_bytes(160, 90, c, 120, 200), "image/png");
            lock.lock();
        }
    }
};

TEST(FleetHub, fleet_hub_dashboard_in_chromium_lists_a_screen_and_shows_its_screenshot) {
    Broker broker({"hub", "lobby-1"});
    ASSERT_TRUE(broker.running()) << broker.log();
    Site site;
    HubConfig config = site.config(broker.url("hub"));  // the operator logs in (Basic, in the URL)
    config.operators_file = site.tmp / "operators";
    std::string error;
    ASSERT_TRUE(set_operator_password(config.operators_file, "ops", "sesame-42", error)) << error;
    site.hub = Hub::start(config, site.log.log, error);
    ASSERT_TRUE(site.hub) << error;
    const uint64_t seq = site.served_sequence();
    ASSERT_GT(seq, 0u);
    FakeScreen screen(broker, "lobby-1", site.hub->port(), int64_t(seq), site.trusted(), site.log.log);
    const std::string out = site.tmp / "browser.log";
    std::vector<std::string> argv{MAJLIS_PYTHON, (kSource / "tests/fleet/dashboard_check.py").string(),
                                  "http://ops:sesame-42@127.0.0.1:" + std::to_string(site.hub->port()) + "/", "lobby-1", std::to_string(seq), "160"};
    if (const char* png = std::getenv("MAJLIS_DASHBOARD_PNG")) argv.push_back(png);  // to look at it
    ChildProcess browser(argv, out);
    ASSERT_TRUE(eventually([&] { return !browser.running(); }, seconds(60))) << read_file(out);
    const int status = browser.stop(SIGTERM);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_file(out) << "\n" << site.log.all();
    EXPECT_EQ(screen.shot_count(), 1);
}

}  // namespace
