// A schedule export fetched from its URL (content/schedule_fetch.h) against a real HTTP server:
// cpp-httplib in this process on a free loopback port, serving tests/data/schedules/congress.xml
// with an ETag. First fetch -> the sessions; the same ETag -> 304 (counted on the server), the
// copy untouched; a changed export -> the new sessions; redirects, at most 5; a server answering 500, a malformed or
// too large export, a server gone -> the copy fetched before stays, the loader warns why; live
// content following the URL; `majlis check` fetching once; the lobby rendered from the
// URL-fed folder equal, pixel for pixel, to the one rendered from the same export as a file.
#include <gtest/gtest.h>

#include "content/content.h"
#include "content/schedule.h"
#include "content/schedule_fetch.h"
#include "core/log.h"
#include "fleet/bundle.h"
#include "schedule_server.h"
#include "test_support.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using namespace majlis::content;
using majlis::testing::read_file;
using majlis::testing::ScheduleServer;
using majlis::testing::TempFolder;
using majlis::testing::write_file;

namespace {

const std::string kData = std::string(MAJLIS_TEST_DATA_DIR) + "/schedules/";

std::string event_toml(const std::string& source) {
    return "languages.display = [\"en\", \"ar\"]\n"
           "languages.default = \"en\"\n"
           "time_zone = \"Europe/Berlin\"\n"
           "[schedule]\n" +
           source + "\n";
}

std::string closing_title(const Event& e) { return e.days.at(2).sessions.at(0).title.by_lang.at("en"); }

std::string with_closing_title(const std::string& title) {
    std::string xml = read_file(kData + "congress.xml");
    const std::string old_title = "<title>Closing</title>";
    xml.replace(xml.find(old_title), old_title.size(), "<title>" + title + "</title>");
    return xml;
}

std::string diagnostics(const LoadResult& r) {
    std::string out;
    for (const Diagnostic& d : r.diagnostics) out += d.format() + "\n";
    return out;
}

// The warning the loader gives on `url` (event.toml line 5, column 7) while fetches fail.
std::string failed_warning(const std::string& problem) {
    return "event.toml:5:7: warning: the last fetch failed (" + problem + "); showing the copy fetched before\n";
}

// The fetched copy's file name, written as '*' in the expected diagnostics.
std::string masked(std::string s, const std::string& url) {
    const std::string name = fetched_schedule_path(url);
    const std::string hex = name.substr(name.find('-') + 1);
    for (size_t at; (at = s.find(hex)) != std::string::npos;) s.replace(at, hex.size(), "*");
    return s;
}

}  // namespace

TEST(SchedulePoll, Intervals) {
    EXPECT_EQ(parse_poll("5m"), 300);
    EXPECT_EQ(parse_poll("30s"), 30);
    EXPECT_EQ(parse_poll("24h"), 86400);
    for (const char* bad : {"", "5", "m", "29s", "25h", "-5m", "5 m", "1d", "99999999m"})
        EXPECT_EQ(parse_poll(bad), std::nullopt) << bad;
}

TEST(ScheduleUrl, EventTomlProblems) {
    TempFolder dir("majlis-fetch");
    write_file(dir / "event.toml", event_toml("file = \"schedule.xml\"\nurl = \"https://example.org/s.xml\"\npoll = \"5s\""));
    write_file(dir / "schedule.xml", read_file(kData + "congress.xml"));
    EXPECT_EQ(masked(diagnostics(load_event(dir.path.string())), "https://example.org/s.xml"),
              "event.toml:6:7: error: give 'schedule.file' or 'schedule.url', not both\n"
              "event.toml:7:8: error: 'schedule.poll' must be a number and a unit, between \"30s\" and \"24h\" (\"5m\"), "
              "got '5s'\n");
    write_file(dir / "event.toml", event_toml("url = \"ftp://example.org/s.xml\""));
    EXPECT_EQ(diagnostics(load_event(dir.path.string())),
              "event.toml:5:7: error: 'schedule.url' must start with http:// or https://, got "
              "'ftp://example.org/s.xml'\n");
    EXPECT_EQ(schedule_source(dir.path.string()).value().url, "ftp://example.org/s.xml");
}

// Fetched, then 304 with the copy untouched, then a change; every failure keeps the copy and
// says why; a good fetch again clears the warning.
TEST(ScheduleUrl, FetchKeepsTheLastGoodCopy) {
    ScheduleServer server{read_file(kData + "congress.xml")};
    TempFolder dir("majlis-fetch");
    const std::string url = server.url();
    write_file(dir / "event.toml", event_toml("url = \"" + url + "\"\npoll = \"2m\""));
    const std::string d = dir.path.string();
    ASSERT_EQ(schedule_source(d).value().url, url);
    EXPECT_EQ(schedule_source(d).value().poll_s, 120);

    // Nothing fetched yet: an error, nothing shown.
    LoadResult r = load_event(d);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(masked(diagnostics(r), url),
              "event.toml:5:7: error: the schedule at " + url +
                  " has not been fetched yet (majlis fetches it into fetched/schedule-*; `majlis check` fetches it "
                  "once)\n");

    FetchResult f = fetch_schedule(d, url);
    EXPECT_EQ(f.kind, FetchResult::Fetched) << f.problem;
    r = load_event(d);
    ASSERT_TRUE(r.ok()) << diagnostics(r);
    EXPECT_EQ(masked(diagnostics(r), url), "");
    EXPECT_EQ(closing_title(*r.event), "Closing");
    EXPECT_EQ(r.event->halls.size(), 3u);

    const fs::path copy = dir.path / fetched_schedule_path(url);
    const auto written = fs::last_write_time(copy);
    f = fetch_schedule(d, url);
    EXPECT_EQ(f.kind, FetchResult::NotModified);
    EXPECT_EQ(server.not_modified(), 1);
    EXPECT_EQ(server.sent(), 1);
    EXPECT_EQ(fs::last_write_time(copy), written);

    server.serve(with_closing_title("Farewell"));
    EXPECT_EQ(fetch_schedule(d, url).kind, FetchResult::Fetched);
    EXPECT_EQ(closing_title(*load_event(d).event), "Farewell");

    std::string shown = "Farewell";
    auto fails = [&](const std::string& problem) {
        const FetchResult failed = fetch_schedule(d, url);
        EXPECT_EQ(failed.kind, FetchResult::Failed);
        EXPECT_EQ(failed.problem, url + ": " + problem);
        const LoadResult kept = load_event(d);
        ASSERT_TRUE(kept.ok()) << diagnostics(kept);
        EXPECT_EQ(closing_title(*kept.event), shown);
        EXPECT_EQ(masked(diagnostics(kept), url), failed_warning(url + ": " + problem));
    };
    server.answer(500);
    fails("HTTP status 500");
    server.answer(404);
    fails("HTTP status 404");
    server.serve(read_file(kData + "broken.xml"));
    fails("the export has errors: the export:4:20: error: malformed XML: Start-end tags mismatch");
    server.serve(std::string(kMaxScheduleBytes + 1, ' '));
    fails("the export is larger than 32 MiB");
    EXPECT_EQ(read_file(copy), with_closing_title("Farewell"));

    server.serve(with_closing_title("Goodbye"));
    EXPECT_EQ(fetch_schedule(d, url).kind, FetchResult::Fetched);
    r = load_event(d);
    EXPECT_EQ(masked(diagnostics(r), url), "");  // the warning is gone
    EXPECT_EQ(closing_title(*r.event), "Goodbye");
    shown = "Goodbye";

    server.stop();
    fails("Couldn't connect to server");
}

// The export is checked alone before it replaces the copy, but its time zone is the content's:
// an export whose times carry only +05:30 (no zone has it all year) is fetched, and placed in
// event.toml's Asia/Kolkata.
TEST(ScheduleUrl, TheContentsZoneCounts) {
    ScheduleServer server{read_file(kData + "congress.xml")};
    server.serve("<schedule><conference><acronym>t</acronym><title>T</title></conference><day><room name=\"A\">"
                 "<event id=\"1\"><title>E1</title><date>2026-12-27T10:00:00+05:30</date><duration>00:30</duration>"
                 "</event></room></day></schedule>\n");
    TempFolder dir("majlis-fetch");
    write_file(dir / "event.toml", "languages.display = [\"en\"]\nlanguages.default = \"en\"\n"
                                   "time_zone = \"Asia/Kolkata\"\n[schedule]\nurl = \"" + server.url() + "\"\n");
    const FetchResult f = fetch_schedule(dir.path.string(), server.url());
    EXPECT_EQ(f.kind, FetchResult::Fetched) << f.problem;
    const LoadResult r = load_event(dir.path.string());
    ASSERT_TRUE(r.ok()) << diagnostics(r);
    EXPECT_EQ(r.event->days.at(0).sessions.at(0).start.value, 10 * 60);
}

// An ETag file that holds a line break is no ETag: nothing it says becomes a header of its own.
TEST(ScheduleUrl, NoHeaderFromTheEtagFile) {
    ScheduleServer server{read_file(kData + "congress.xml")};
    TempFolder dir("majlis-fetch");
    const std::string url = server.url();
    ASSERT_EQ(fetch_schedule(dir.path.string(), url).kind, FetchResult::Fetched);
    const std::string name = fetched_schedule_path(url);
    write_file(dir.path / "fetched" / ("." + name.substr(name.find('/') + 1) + ".etag"), "\"x\"\r\nX-Injected: 1\n");
    EXPECT_EQ(fetch_schedule(dir.path.string(), url).kind, FetchResult::Fetched);
    EXPECT_EQ(server.sent(), 2);
    EXPECT_EQ(server.injected(), 0);
}

// Redirects are followed, at most 5 of them.
TEST(ScheduleUrl, Redirects) {
    ScheduleServer server{read_file(kData + "congress.xml")};
    TempFolder dir("majlis-fetch");
    EXPECT_EQ(fetch_schedule(dir.path.string(), server.url("/moved")).kind, FetchResult::Fetched);
    EXPECT_EQ(read_file(dir.path / fetched_schedule_path(server.url("/moved"))), read_file(kData + "congress.xml"));
    const FetchResult loop = fetch_schedule(dir.path.string(), server.url("/loop"));
    EXPECT_EQ(loop.kind, FetchResult::Failed);
    EXPECT_EQ(loop.problem, server.url("/loop") + ": Number of redirects hit maximum amount");
}

// A URL source that disappears keeps the last good schedule on screen: live content fetching
// on its own thread (a short poll), a change shown, a server gone and a 500 reported as
// warnings while the sessions stay.
TEST(ScheduleUrl, LiveContentFollowsTheUrl) {
    ScheduleServer server{read_file(kData + "congress.xml")};
    TempFolder dir("majlis-fetch");
    const std::string url = server.url();
    write_file(dir / "event.toml", event_toml("url = \"" + url + "\""));
    majlis::Log log{[](majlis::LogLevel, std::string_view) {}};
    LiveContent::Config c;
    c.dir = dir.path.string();
    c.settle_ms = 20;
    c.schedule_poll_ms = 100;
    LiveContent live(c, log);
    auto until = [&](const std::function<bool()>& done) {
        for (int i = 0; i < 1000 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return done();
    };
    ASSERT_TRUE(until([&] { return live.current() != nullptr; }));
    EXPECT_EQ(closing_title(*live.current()), "Closing");
    ASSERT_TRUE(until([&] { return server.not_modified() > 0; }));  // polled again: 304
    const uint64_t generation = live.generation();
    EXPECT_EQ(server.sent(), 1);

    server.serve(with_closing_title("Farewell"));
    ASSERT_TRUE(until([&] { return closing_title(*live.current()) == "Farewell"; }));
    EXPECT_GT(live.generation(), generation);

    server.answer(500);
    const std::string warning = failed_warning(url + ": HTTP status 500");
    auto warned = [&](const std::string& w) {
        for (const Diagnostic& d : live.last_diagnostics())
            if (d.format() + "\n" == w) return true;
        return false;
    };
    ASSERT_TRUE(until([&] { return warned(warning); }));
    EXPECT_FALSE(live.broken());
    EXPECT_EQ(closing_title(*live.current()), "Farewell");

    server.stop();
    ASSERT_TRUE(until([&] { return warned(failed_warning(url + ": Couldn't connect to server")); }));
    EXPECT_EQ(closing_title(*live.current()), "Farewell");
}

// On the fleet the hub fetches: the copy is a file of the folder, so its bundle carries it (and
// not the hidden ETag and problem files), and a player's loader reads it without fetching.
TEST(ScheduleUrl, TheBundleCarriesTheCopy) {
    ScheduleServer server{read_file(kData + "congress.xml")};
    TempFolder content("majlis-fetch"), keys("majlis-fetch"), bundle("majlis-fetch");
    const std::string url = server.url();
    write_file(content / "event.toml", event_toml("url = \"" + url + "\""));
    ASSERT_EQ(fetch_schedule(content.path.string(), url).kind, FetchResult::Fetched);
    server.answer(500);
    ASSERT_EQ(fetch_schedule(content.path.string(), url).kind, FetchResult::Failed);  // a problem file too
    std::string error;
    ASSERT_TRUE(majlis::fleet::generate_keys(keys.path.string(), error)) << error;
    const auto key = majlis::fleet::load_secret_key(keys / majlis::fleet::kSecretKeyFile, error);
    ASSERT_TRUE(key) << error;
    majlis::Log log{[](majlis::LogLevel, std::string_view) {}};
    const auto published = majlis::fleet::publish_bundle(content.path.string(), *key, bundle.path.string(), {}, log);
    ASSERT_EQ(published.status, majlis::fleet::PublishStatus::Published);
    std::string paths;
    for (const auto& f : published.manifest.files) paths += f.path + "\n";
    EXPECT_EQ(paths, "event.toml\n" + fetched_schedule_path(url) + "\n");

    // The folder as a player gets it: no problem file, no network.
    server.stop();
    TempFolder player("majlis-fetch");
    fs::create_directories(player.path / "fetched");
    for (const auto& f : published.manifest.files)
        fs::copy_file(bundle.path / "objects" / f.sha256, player.path / f.path);
    const LoadResult r = load_event(player.path.string());
    ASSERT_TRUE(r.ok()) << diagnostics(r);
    EXPECT_EQ(masked(diagnostics(r), url), "");
    EXPECT_EQ(closing_title(*r.event), "Closing");
}

// `majlis check` fetches once; the lobby from the URL-fed folder is the lobby from the file.
TEST(ScheduleUrl, CheckFetchesAndTheLobbyIsTheSame) {
    ScheduleServer server{read_file(kData + "congress.xml")};
    TempFolder by_url("majlis-fetch"), by_file("majlis-fetch");
    const std::string url = server.url();
    write_file(by_url / "event.toml", event_toml("url = \"" + url + "\""));
    write_file(by_file / "event.toml", event_toml("file = \"schedule.xml\""));
    write_file(by_file / "schedule.xml", read_file(kData + "congress.xml"));

    const auto checked = majlis::testing::run_majlis("check '" + by_url.path.string() + "'");
    EXPECT_EQ(checked.code, 0) << checked.out;
    EXPECT_EQ(server.sent(), 1);
    EXPECT_TRUE(fs::is_regular_file(by_url.path / fetched_schedule_path(url)));

    std::string png[2];
    const std::string* dirs[2] = {&by_url.path.native(), &by_file.path.native()};
    for (int i = 0; i < 2; ++i) {
        const std::string out = (fs::path(*dirs[i]) / "lobby.png").string();
        const auto rendered = majlis::testing::run_majlis("render --screen lobby --content '" + *dirs[i] +
                                                          "' --at 2026-12-27T10:45 --size 960x540 -o '" + out + "'");
        ASSERT_EQ(rendered.code, 0) << rendered.out;
        png[i] = read_file(out);
    }
    EXPECT_GT(png[0].size(), 1000u);
    EXPECT_TRUE(png[0] == png[1]) << "the lobby from the URL differs from the lobby from the file";

    server.stop();
    const auto gone = majlis::testing::run_majlis("check '" + by_url.path.string() + "'");
    EXPECT_EQ(gone.code, 0) << gone.out;
    EXPECT_NE(gone.out.find("warning: the last fetch failed (" + url + ": Couldn't connect to server)"),
              std::string::npos)
        << gone.out;
}
