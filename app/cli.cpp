// The command line: the window (default), `layout` and `render`.
//
//   majlis [--content DIR] [--lang L] [--at TIME] [--clock-speed N] [--window WxH | --fullscreen]
//          [--monitor N] [--platform glfw|kms|sdl] [--gl desktop|es]  the fullscreen app
//   majlis --hub URL --trust KEY.pub [--screen-id ID] [--group G ...] [--cache DIR] [--poll S]
//          [--venue V] [--mqtt URL] [--mqtt-password-file F] [--thumbnail S] [--config player.toml]
//          [--headless]
//                                                                a player: content from a hub
//   majlis check DIR                                             validate a content folder
//   majlis import schedule.xml|schedule.json --out DIR [--time-zone Z] [--language L]
//                                                                a content folder from a conference's schedule
//   majlis keygen --out DIR                                      signing keys for bundles
//   majlis publish CONTENT_DIR --key KEY --out BUNDLE_DIR        check, then publish a signed bundle
//   majlis hub --content DIR --key KEY [--listen ADDR:PORT] [--operators FILE | --no-auth]
//              [--mqtt URL] [--venue V] [--state DIR] [--bundles DIR] [--public-url URL]
//                                                                publish on change, serve, dashboard
//   majlis passwd FILE NAME                                      an operator's password for --operators
//   majlis alert --hub URL --key KEY (--text-file F | --cap F.xml | --cancel ID) [--expires 30m]
//                [--severity S] [--status S] [--screens all|group:G|screen:ID]
//                                                                an emergency alert, signed here
//   majlis live --hub URL --key KEY --file changes.json [--screens all|group:G|screen:ID] [--expires 7d]
//                                                                session changes and announcements, signed here
//   majlis screen --hub URL --key KEY --screens all|group:G|screen:ID [--mode M] [--hall H] [--lang L]
//                 [--power on|off] [--expires 4h] [--clear]   a screen's mode, language or power for a while
//   majlis layout --text-file F --font-size PX --width PX [--lang L] [--dir auto|ltr|rtl] --json
//   majlis render --screen text --text-file F --font-size PX --size WxH [--lang L] -o OUT.png
//   (render: [--gl es] draws through OpenGL ES 3 instead of OpenGL 3.3 core)
//   majlis render --screen lobby [--content DIR] [--at TIME] [--lang L] [--live-changes F.json]
//                 [--screen-id ID [--group G ...]] --size WxH -o OUT.png   (--screen-id: its screens.toml role)
//   majlis render --screen alert --alert F.toml [--alert-status S] [--alert-severity S] [--lang L]
//                 [--mode kiosk|loop] --size WxH -o OUT.png     the emergency takeover, previewed
//
// Parsing is CLI11's (Debian libcli11-dev). Exit codes: 0 ok, 1 failure, 2 bad usage or input.
#include "core/log.h"
#include "content/content.h"
#include "content/live_changes.h"
#include "content/schedule.h"
#include "display_app.h"
#include "fleet/agent.h"
#include "fleet/bundle.h"
#include "fleet/control.h"
#include "fleet/hub.h"
#include "fleet/operators.h"
#include "fleet/player.h"
#include "fleet/sync.h"
#include "platform.h"
#include "screens/screens.h"
#include "signals.h"
#include "text/text_imgui.h"

#include <CLI/CLI.hpp>

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>

#ifndef MAJLIS_VERSION
#define MAJLIS_VERSION "0.0.0"
#endif
#ifndef MAJLIS_DEFAULT_DATA_DIR
#define MAJLIS_DEFAULT_DATA_DIR "."
#endif

namespace majlis {

namespace fs = std::filesystem;

namespace {

constexpr uintmax_t kMaxTextFileBytes = 16u << 20;

// fonts/ and assets/ live in the data folder: --data, else $MAJLIS_DATA_DIR, else ../share/majlis
// beside the binary when it holds fonts/stack.toml (an installed or packaged majlis: /usr/bin/majlis
// and /usr/share/majlis, wherever the tree was installed or extracted), else the folder the build
// was configured with (MAJLIS_DATA_DIR in CMake: the source tree, for build/majlis).
std::string default_data_dir() {
    if (const char* env = std::getenv("MAJLIS_DATA_DIR"); env && *env) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path beside = exe.parent_path().parent_path() / "share" / "majlis";
        if (fs::is_regular_file(beside / "fonts" / "stack.toml", ec)) return beside.string();
    }
    return MAJLIS_DEFAULT_DATA_DIR;
}

bool read_text_file(const std::string& path, std::string& out, Log& log) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) {
        log.error("cli", "cannot read " + path + ": " + ec.message());
        return false;
    }
    if (size > kMaxTextFileBytes) {
        log.error("cli", path + ": " + std::to_string(size) + " bytes is more than the limit of " +
                             std::to_string(kMaxTextFileBytes));
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in && !in.eof()) {
        log.error("cli", "cannot read " + path);
        return false;
    }
    out = ss.str();
    return true;
}

// --size and --window: "WxH", two decimal numbers from 1 to 16384 and nothing else (no sign,
// no spaces, nothing after; a number too large for an int is refused, not wrapped).
bool parse_size(const std::string& s, int& w, int& h) {
    const char* p = s.data();
    const char* const end = s.data() + s.size();
    auto number = [&](int& out) {
        if (p == end || *p < '0' || *p > '9') return false;  // from_chars would take a '-'
        const auto [next, ec] = std::from_chars(p, end, out);
        p = next;
        return ec == std::errc() && out >= 1 && out <= 16384;
    };
    if (!number(w) || p == end || *p != 'x') return false;
    ++p;
    return number(h) && p == end;
}

// The frame client for the `text` screen: owns the engine (it needs the GL texture host).
struct TextScreenClient : platform::FrameClient {
    Log& log;
    std::string fonts_dir;
    screens::TextScreen screen;
    std::unique_ptr<text::ImGuiTextEngine> engine;

    TextScreenClient(Log& l, std::string fonts) : log(l), fonts_dir(std::move(fonts)) {}
    void start(text::GlyphTextureHost& textures) override {
        text::ImGuiTextEngine::Config config;
        config.fonts_dir = fonts_dir;
        config.textures = &textures;
        engine = std::make_unique<text::ImGuiTextEngine>(config, log);
    }
    void frame(const platform::FrameInfo& info) override {
        engine->begin_frame();
        screen.draw(*engine, ImGui::GetBackgroundDrawList(), info.size);
        engine->end_frame();
    }
    void stop() override { engine.reset(); }
};

// Which characters of a text no font in its language's chain has: what `check` reports.
// The FontStack is loaded once and only read afterwards (safe from the reload thread).
content::CoverageCheck make_coverage(const text::FontStack& fonts) {
    return [&fonts](std::string_view s, std::string_view lang) {
        const text::Utf32Text t = text::decode_utf8(s);
        std::vector<uint32_t> scripts, missing;
        std::vector<const text::Face*> faces;
        text::resolve_scripts(t.cps.data(), t.cps.size(), scripts);
        text::resolve_fonts(fonts, "body", lang, t.cps.data(), t.cps.size(), scripts, faces, &missing);
        std::vector<char32_t> out;
        for (uint32_t i : missing)
            if (std::find(out.begin(), out.end(), t.cps[i]) == out.end()) out.push_back(t.cps[i]);
        return out;
    };
}

const std::map<std::string, text::Direction> kDirections{
    {"auto", text::Direction::Auto}, {"ltr", text::Direction::LTR}, {"rtl", text::Direction::RTL}};
const std::map<std::string, text::Align> kAligns{{"start", text::Align::Start}, {"end", text::Align::End},
                                                 {"center", text::Align::Center},
                                                 {"justify", text::Align::Justify}};

}  // namespace

int run_cli(int argc, char** argv) {
    Log log;
    CLI::App app{"majlis: agenda, participants and documents of an event, on lobby screens and kiosks"};
    app.set_version_flag("--version", std::string("majlis ") + MAJLIS_VERSION);
    app.require_subcommand(0, 1);
    app.fallthrough();  // --lang, --content, --at work after a subcommand too

    std::string data_flag, content_flag, lang, at_flag;
    double clock_speed = 1.0;
    const std::string data_default = default_data_dir();
    app.add_option("--data", data_flag,
                   "Folder holding fonts/ and assets/ (default: $MAJLIS_DATA_DIR, else ../share/majlis beside "
                   "the binary, else the source tree; here " + data_default + ")");
    app.add_option("--content", content_flag, "Event content folder (default: the bundled demo, assets/dushanbe-2025)");
    app.add_option("--lang", lang, "Language to show (default: the event's default language)");
    app.add_option("--at", at_flag, "Run as if it were this moment, event local time: 2025-10-09T10:30");
    app.add_option("--clock-speed", clock_speed, "Event time runs N times faster than real time")
        ->check(CLI::Range(0.001, 100000.0));

    // Modes and the window.
    std::string mode_name = "lobby", hall;
    int rotate = 0;
    bool high_contrast = false;
    double idle_timeout = 90;
    app.add_option("--mode", mode_name, "lobby (signage), kiosk (touch) or loop (presentation)")
        ->check(CLI::IsMember({"lobby", "kiosk", "loop"}));
    app.add_option("--hall", hall, "Lobby as a room sign for this hall id");
    app.add_option("--rotate", rotate, "The screen is mounted turned clockwise by 0, 90, 180 or 270 degrees")
        ->check(CLI::IsMember({0, 90, 180, 270}));
    app.add_flag("--high-contrast", high_contrast, "Black, white and yellow, no dimming");
    app.add_option("--idle-timeout", idle_timeout, "Kiosk: seconds without a touch before the loop returns")
        ->check(CLI::Range(5.0, 86400.0));
    std::string window_size;
    bool fullscreen = false;
    int monitor = 0;
    uint64_t max_frames = 0;
    app.add_option("--window", window_size, "Run in a window of WxH pixels instead of fullscreen");
    app.add_flag("--fullscreen", fullscreen, "Fullscreen on the chosen monitor (the default)");
    app.add_option("--monitor", monitor, "Monitor index for fullscreen (0 = primary)");
    app.add_option("--frames", max_frames, "Quit after N frames (smoke tests)")->group("");
    std::string platform_name = "glfw", gl_flag;
    app.add_option("--platform", platform_name,
                   "What shows the screen: glfw (X11 or Wayland; the default), kms (straight on the display through "
                   "KMS/DRM, no X or compositor: a board without a desktop) or sdl (SDL2 with its own video driver)")
        ->check(CLI::IsMember({"glfw", "kms", "sdl"}));
    app.add_option("--gl", gl_flag,
                   "The OpenGL drawn with, in the window and `render`: desktop (OpenGL 3.3 core) or es (OpenGL ES 3, "
                   "for a board without desktop GL); default: es with --platform kms, else desktop")
        ->check(CLI::IsMember({"desktop", "es"}));
    std::string display_power = "auto";
    app.add_option("--display-power", display_power,
                   "How blank/wake switches the display: auto (HDMI-CEC where an adapter answers, else X11 DPMS, "
                   "else none), cec, dpms or none")
        ->check(CLI::IsMember({"auto", "cec", "dpms", "none"}));

    // A player of a fleet (fleet/player.h): these flags, else player.toml's keys.
    fleet::PlayerSettings player_flags;
    std::string player_toml;
    bool headless = false;
    const std::string player_group = "Player (content from a hub; also read from player.toml)";
    app.add_option("--config", player_toml, "Player settings (default: /etc/majlis/player.toml when it exists)")
        ->group(player_group);
    app.add_option("--hub", player_flags.hub,
                   "The hub (http://host:port) or the URL of a folder `majlis publish` wrote, on any HTTP server")
        ->group(player_group);
    app.add_option("--trust", player_flags.trust, "The publisher's public key (majlis.pub); needed with --hub")
        ->group(player_group);
    app.add_option("--cache", player_flags.cache,
                   "Where bundles are kept (default: /var/cache/majlis as root, else ~/.cache/majlis)")
        ->group(player_group);
    app.add_option("--poll", player_flags.poll_s, "Seconds between checks of the hub's manifest (default 60)")
        ->check(CLI::Range(fleet::kMinPollSeconds, fleet::kMaxPollSeconds))
        ->group(player_group);
    app.add_option("--screen-id", player_flags.screen_id, "This screen's id (default: the host name)")->group(player_group);
    app.add_option("--group", player_flags.groups, "A group this screen belongs to (repeatable: one per --group)")
        ->allow_extra_args(false)
        ->group(player_group);
    app.add_option("--venue", player_flags.venue, "The venue's id in MQTT topics (default: venue)")->group(player_group);
    app.add_option("--mqtt", player_flags.mqtt, "The broker: mqtt://user:password@host:port")->group(player_group);
    app.add_option("--mqtt-password-file", player_flags.mqtt_password_file,
                   "The broker password, when not in --mqtt")
        ->group(player_group);
    app.add_option("--thumbnail", player_flags.thumbnail_s,
                   "Seconds between thumbnails sent to the hub (default 300; 0: only at start and on new content)")
        ->check(CLI::Range(0.0, fleet::kMaxThumbnailSeconds))
        ->group(player_group);
    app.add_option("--thumbnail-spread", player_flags.thumbnail_spread_s,
                   "A new content's thumbnail waits a delay drawn from 0 to this many seconds (default 10)")
        ->check(CLI::Range(0.0, fleet::kMaxThumbnailSpreadSeconds))
        ->group(player_group);
    app.add_flag("--headless", headless, "Run without a window: content, sync and presence, nothing drawn")
        ->group(player_group);

    // Text options shared by layout and render --screen text.
    std::string text_file, dir = "auto", align = "start", role = "body";
    float font_size = 0, width = 0;
    int max_lines = 0;
    auto add_text_options = [&](CLI::App* sub) {
        sub->add_option("--text-file", text_file, "UTF-8 text file");
        sub->add_option("--font-size", font_size, "Font size in px");
        sub->add_option("--dir", dir, "Base direction")->check(CLI::IsMember({"auto", "ltr", "rtl"}));
        sub->add_option("--align", align, "Alignment")->check(CLI::IsMember({"start", "end", "center", "justify"}));
        sub->add_option("--font-role", role, "Role in fonts/stack.toml (body, heading, display)");
        sub->add_option("--max-lines", max_lines, "At most N lines, the last with an ellipsis");
    };

    CLI::App* layout_cmd = app.add_subcommand("layout", "Lay text out and print lines, runs and glyphs");
    add_text_options(layout_cmd);
    layout_cmd->add_option("--width", width, "Line width in px (0: no wrapping)")->required();
    bool json = false;
    layout_cmd->add_flag("--json", json, "Print JSON (the only format for now)");
    layout_cmd->get_option("--text-file")->required();
    layout_cmd->get_option("--font-size")->required();

    CLI::App* render_cmd = app.add_subcommand("render", "Render a screen headless into a PNG (no display needed)");
    std::string screen_name, out_png, render_size;
    render_cmd->add_option("--screen", screen_name,
                           "Screen to render: text, lobby, kiosk-home, agenda, session:ID, roster, participant:ID, "
                           "document:ID, loop:N, alert (over the lobby, or --mode kiosk or loop)")
        ->required();
    add_text_options(render_cmd);
    render_cmd->add_option("--size", render_size,
                           "WxH in px, each from 1 to 16384 (drawn and written in bands of rows, so memory "
                           "grows with the width only: 16384x16384 needs about 200 MB)")
        ->required();
    render_cmd->add_option("-o,--output", out_png, "PNG file to write")->required();
    std::string theme = "dark";
    render_cmd->add_option("--theme", theme, "text screen: dark (light text on a dark ground) or light")
        ->check(CLI::IsMember({"dark", "light"}));
    std::string alert_file, alert_status = "actual", alert_severity = "severe";
    render_cmd->add_option("--alert", alert_file,
                           "--screen alert: the alert's texts per language (TOML, like assets/alerts/*.toml); "
                           "with --lang, that language alone");
    render_cmd->add_option("--alert-status", alert_status, "--screen alert: actual (default), exercise or test")
        ->check(CLI::IsMember({"actual", "exercise", "test"}));
    render_cmd->add_option("--alert-severity", alert_severity, "--screen alert: extreme, severe (default) or moderate")
        ->check(CLI::IsMember({"extreme", "severe", "moderate"}));
    std::string live_changes_file;
    render_cmd->add_option("--live-changes", live_changes_file,
                           "Content screens: with these session changes and announcements made live (JSON, "
                           "docs/fleet.md)");

    CLI::App* check_cmd = app.add_subcommand("check", "Validate a content folder: FILE:LINE:COL: error|warning: message");
    std::string check_dir;
    check_cmd->add_option("DIR", check_dir, "Content folder")->required();

    CLI::App* import_cmd = app.add_subcommand(
        "import", "Write a content folder from a conference's schedule (frab schedule.xml, pretalx schedule.json)");
    std::string import_file, import_out, import_zone, import_lang;
    import_cmd->add_option("FILE", import_file, "schedule.xml or schedule.json")->required();
    import_cmd->add_option("--out", import_out, "The content folder to write (new or empty)")->required();
    import_cmd->add_option("--time-zone", import_zone, "IANA zone, when the export names none (default: its times' UTC offset)");
    import_cmd->add_option("--language", import_lang,
                           "The event's language: texts without their own are keyed by it (default: the sessions' languages)");

    CLI::App* keygen_cmd = app.add_subcommand("keygen", "Make a signing key pair: DIR/majlis.key (secret) and DIR/majlis.pub");
    std::string keygen_dir;
    keygen_cmd->add_option("--out", keygen_dir, "Folder for the keys (made if missing; a key is never overwritten)")
        ->required();

    CLI::App* publish_cmd =
        app.add_subcommand("publish", "Check a content folder and publish it as a signed bundle (objects + manifest)");
    std::string publish_dir, publish_key, publish_out;
    publish_cmd->add_option("CONTENT_DIR", publish_dir, "Content folder")->required();
    publish_cmd->add_option("--key", publish_key, "Secret key file (majlis keygen)")->required();
    publish_cmd->add_option("--out", publish_out, "Bundle folder (served as is over HTTP)")->required();

    CLI::App* hub_cmd = app.add_subcommand(
        "hub", "Run a hub: publish each good version of --content, serve bundles and the dashboard, tell screens");
    fleet::HubConfig hub;
    hub_cmd->add_option("--key", hub.key_path, "Secret key file (majlis keygen)")->required();
    hub_cmd->add_option("--listen", hub.listen, "ADDR:PORT to serve HTTP on (default 0.0.0.0:8080)");
    hub_cmd->add_option("--operators", hub.operators_file,
                        "Who may use the dashboard and the API: a file of name:HASH lines (majlis passwd)");
    hub_cmd->add_flag("--no-auth", hub.no_auth,
                      "No operators' login, though --listen is not loopback (a trusted network only)");
    hub_cmd->add_option("--mqtt", hub.mqtt, "The broker, as user hub: mqtt://hub:password@host:port (default: none)");
    hub_cmd->add_option("--mqtt-password-file", hub.mqtt_password_file, "The broker password, when not in --mqtt");
    hub_cmd->add_option("--venue", hub.venue, "The venue's id in MQTT topics (default: venue)");
    hub_cmd->add_option("--state", hub.state_dir,
                        "The hub's folder: bundle/ and the screens' pictures (default: /var/lib/majlis/hub as root, "
                        "else ~/.local/share/majlis/hub)");
    hub_cmd->add_option("--bundles", hub.bundles_dir, "The bundle folder (default: STATE/bundle)");
    hub_cmd->add_option("--audit", hub.audit_file,
                        "The audit log of control messages, JSON lines appended (default: STATE/audit.jsonl)");
    hub_cmd->add_option("--public-url", hub.public_url,
                        "The hub's URL as screens reach it (default: http://<listen address or this machine's "
                        "address>:<port>)");

    CLI::App* alert_cmd = app.add_subcommand(
        "alert", "Sign an emergency alert (or its cancel) here and send it through the hub to the screens");
    fleet::AlertOrder alert_order;
    alert_cmd->add_option("--hub", alert_order.hub, "The hub: http://[operator:password@]host:port")->required();
    alert_cmd->add_option("--key", alert_order.key_path, "The operator's secret key (the hub's: majlis keygen)")
        ->required();
    alert_cmd->add_option("--text-file", alert_order.text_file, "The alert's texts per language (TOML)");
    alert_cmd->add_option("--cap", alert_order.cap_file, "A CAP 1.2 message (Alert, Update or Cancel)");
    alert_cmd->add_option("--cancel", alert_order.cancel_id, "End the alert with this id");
    alert_cmd->add_option("--expires", alert_order.expires, "How long it lasts: 90s, 30m, 2h (default 30m)");
    alert_cmd->add_option("--severity", alert_order.severity, "extreme, severe (default) or moderate")
        ->check(CLI::IsMember({"extreme", "severe", "moderate"}));
    alert_cmd->add_option("--status", alert_order.status, "actual (default), exercise or test")
        ->check(CLI::IsMember({"actual", "exercise", "test"}));
    alert_cmd->add_option("--screens", alert_order.screens, "all (default), group:GROUP or screen:ID");

    CLI::App* live_cmd = app.add_subcommand(
        "live", "Sign the live session changes and announcements of a target here and send them through the hub");
    fleet::LiveOrder live_order;
    live_cmd->add_option("--hub", live_order.hub, "The hub: http://[operator:password@]host:port")->required();
    live_cmd->add_option("--key", live_order.key_path, "The operator's secret key (the hub's: majlis keygen)")->required();
    live_cmd->add_option("--file", live_order.file, "The complete set of changes (JSON; {} withdraws them all)")
        ->required();
    live_cmd->add_option("--screens", live_order.screens, "all (default), group:GROUP or screen:ID");
    live_cmd->add_option("--expires", live_order.expires, "How long they hold: 12h, 3d (default and at most 7d)");

    CLI::App* screen_cmd = app.add_subcommand(
        "screen", "Override the mode, hall, language or display power of screens for a while, signed here");
    fleet::ScreenOrder screen_order;
    screen_cmd->add_option("--hub", screen_order.hub, "The hub: http://[operator:password@]host:port")->required();
    screen_cmd->add_option("--key", screen_order.key_path, "The operator's secret key (the hub's: majlis keygen)")
        ->required();
    screen_cmd->add_option("--screens", screen_order.screens, "all, group:GROUP or screen:ID")->required();
    screen_cmd->add_option("--mode", screen_order.settings.mode, "lobby, room (with --hall), kiosk or loop")
        ->check(CLI::IsMember({"lobby", "room", "kiosk", "loop"}));
    screen_cmd->add_option("--hall", screen_order.settings.hall, "The hall of a room sign (mode room)");
    screen_cmd->add_option("--lang", screen_order.settings.lang, "The language shown (one of the event's)");
    screen_cmd->add_option("--power", screen_order.settings.power, "off blanks the screens (an alert still shows), on wakes them")
        ->check(CLI::IsMember({"on", "off"}));
    screen_cmd->add_option("--expires", screen_order.expires, "How long it holds: 30m, 4h, 2d (default 4h, at most 7d)");
    screen_cmd->add_flag("--clear", screen_order.clear, "Back to the screens' own settings");

    CLI::App* passwd_cmd = app.add_subcommand(
        "passwd", "Set an operator's password for the hub (--operators FILE): read from the terminal or stdin");
    std::string passwd_file, passwd_name;
    passwd_cmd->add_option("FILE", passwd_file, "The operators file (made if missing)")->required();
    passwd_cmd->add_option("NAME", passwd_name, "The operator's name")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    const std::string data = data_flag.empty() ? data_default : data_flag;
    i18n::set_data_dir(data);  // the interface phrases: <data>/assets/i18n
    // Their reports (a phrase missing in a language) go to this run's log, as everything else.
    struct PhraseReports {
        explicit PhraseReports(Log& log) {
            i18n::set_reporter([&log](std::string_view message) { log.warning("i18n", message); });
        }
        ~PhraseReports() { i18n::set_reporter(nullptr); }
    } phrase_reports(log);
    const std::string fonts_dir = (fs::path(data) / "fonts").string();
    const std::string content_dir =
        content_flag.empty() ? (fs::path(data) / "assets" / "dushanbe-2025").string() : content_flag;
    text::Style style;
    style.size_px = font_size;
    style.lang = lang.empty() ? "en" : lang;
    style.dir = kDirections.at(dir);
    style.align = kAligns.at(align);
    style.font_role = role;
    style.max_lines = max_lines;

    if (*layout_cmd) {
        std::string text;
        if (!read_text_file(text_file, text, log)) return 2;
        text::TextEngine::Config config;
        config.fonts_dir = fonts_dir;
        text::TextEngine engine(config, log);
        style.max_width = width;
        auto layout = engine.layout(text, style);
        std::cout << text::layout_to_json(*layout) << "\n";
        return 0;
    }

    if (*check_cmd) {
        text::FontStack fonts(log);
        fonts.load(fonts_dir);
        content::LoadOptions options;
        options.coverage = make_coverage(fonts);
        return content::check_command(check_dir, options, stdout);
    }

    if (*import_cmd) {
        content::ScheduleOptions options;
        options.file = fs::path(import_file).filename().string();
        options.time_zone = import_zone;
        options.lang = import_lang;
        return content::import_command(import_file, import_out, options, stderr);
    }

    if (*keygen_cmd) {
        std::string error;
        if (!fleet::generate_keys(keygen_dir, error)) {
            log.error("keygen", error);
            return 2;
        }
        std::printf("wrote %s (secret: keep it where you publish) and %s (give it to screens: --trust)\n",
                    (fs::path(keygen_dir) / fleet::kSecretKeyFile).c_str(),
                    (fs::path(keygen_dir) / fleet::kPublicKeyFile).c_str());
        return 0;
    }

    if (*passwd_cmd) {
        std::string password, error;
        if (::isatty(STDIN_FILENO)) {  // twice, without echo
            termios saved{};
            ::tcgetattr(STDIN_FILENO, &saved);
            termios quiet = saved;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
            std::string again;
            std::fprintf(stderr, "password for %s: ", passwd_name.c_str());
            std::getline(std::cin, password);
            std::fprintf(stderr, "\nagain: ");
            std::getline(std::cin, again);
            std::fprintf(stderr, "\n");
            ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
            if (again != password) {
                log.error("passwd", "the two passwords differ; nothing changed");
                return 2;
            }
        } else {
            std::getline(std::cin, password);
        }
        if (!password.empty() && password.back() == '\r') password.pop_back();
        if (!fleet::set_operator_password(passwd_file, passwd_name, password, error)) {
            log.error("passwd", error);
            return 2;
        }
        std::printf("%s: password set for %s\n", passwd_file.c_str(), passwd_name.c_str());
        return 0;
    }

    if (*live_cmd) return fleet::send_live(live_order, log, stdout);
    if (*screen_cmd) return fleet::send_screen(screen_order, log, stdout);

    if (*alert_cmd) {
        alert_order.screens_given = alert_cmd->count("--screens") > 0;
        return fleet::send_alert(alert_order, log, stdout);
    }

    if (*publish_cmd) {
        std::string error;
        const std::optional<fleet::SecretKey> key = fleet::load_secret_key(publish_key, error);
        if (!key) {
            log.error("publish", error);
            return 2;
        }
        text::FontStack fonts(log);
        fonts.load(fonts_dir);
        content::LoadOptions options;
        options.coverage = make_coverage(fonts);  // the same check as `majlis check`
        const fleet::PublishResult r = fleet::publish_bundle(publish_dir, *key, publish_out, options, log);
        switch (r.status) {
        case fleet::PublishStatus::Published:
        case fleet::PublishStatus::Unchanged:
            std::printf("%s sequence %llu: %zu files, %zu new object%s\n", fleet::publish_status_name(r.status),
                        (unsigned long long)r.sequence, r.manifest.files.size(), r.new_objects,
                        r.new_objects == 1 ? "" : "s");
            return 0;
        case fleet::PublishStatus::Refused: return 1;
        case fleet::PublishStatus::Failed: return 2;
        }
        return 2;
    }

    if (*hub_cmd) {
        if (content_flag.empty()) {
            log.error("hub", "--content DIR is needed: the folder staff edit");
            return 2;
        }
        text::FontStack fonts(log);
        fonts.load(fonts_dir);
        hub.content_dir = content_flag;
        hub.options.coverage = make_coverage(fonts);  // the same check as `majlis check`
        hub.dashboard_dir = (fs::path(data) / "assets" / "dashboard").string();
        // The dashboard's preview: the takeover over the lobby, drawn as `render --screen alert` draws it.
        hub.render_alert = [&fonts_dir, &log](std::shared_ptr<const content::Event> event, const content::Alert& alert,
                                              int width, int height, std::string& error) -> std::string {
            DisplayOptions display;
            display.screen = "lobby";
            DisplayApp client(display, fonts_dir, log);
            if (!client.open_screen(*event, error)) return "";
            client.set_event(event);
            client.show_alert(std::make_shared<const content::Alert>(alert));
            auto clock = std::make_unique<content::EventClock>(event->time_zone);
            clock->freeze();
            client.set_clock(std::move(clock));
            platform::Screenshot shot;
            std::string png;
            if (!platform::render_picture(width, height, 0.0, 1, client, shot, log) ||
                !platform::encode_png(shot.width, shot.height, shot.rgba, png)) {
                error = "the offscreen rendering failed (the hub's log says why)";
                return "";
            }
            return png;
        };
        platform::SignalHandlers signals;  // SIGINT, SIGTERM: stop cleanly
        return fleet::run_hub(hub, log, [] { return platform::quit_signal() != 0; });
    }

    // The event clock: real time (following the wall clock), or --at in event local time,
    // resolved in the zone of the event shown (EventClock; the display app sets the zone each
    // frame, so --at given while the content is broken waits for a valid event's zone).
    std::optional<content::LocalDateTime> at_local;
    auto parse_at = [&]() -> bool {
        if (at_flag.empty()) return true;
        at_local = content::parse_local_date_time(at_flag);
        if (!at_local) {
            log.error("cli", "--at must be a local date and time like 2025-10-09T10:30, got '" + at_flag + "'");
            return false;
        }
        return true;
    };
    auto event_clock = [&](const std::string& zone) -> std::unique_ptr<content::EventClock> {
        if (at_local) return std::make_unique<content::EventClock>(zone, *at_local, clock_speed);
        return std::make_unique<content::EventClock>(zone, std::nullopt, clock_speed);
    };

    if (*render_cmd) {
        int w = 0, h = 0;
        if (!parse_size(render_size, w, h)) {
            log.error("cli", "--size must be WxH with both between 1 and 16384, got '" + render_size + "'");
            return 2;
        }
        const platform::GlApi gl_api = gl_flag == "es" ? platform::GlApi::Es3 : platform::GlApi::Desktop;
        if (screen_name == "text") {
            if (text_file.empty() || !(font_size > 0)) {
                log.error("cli", "render --screen text needs --text-file and --font-size");
                return 2;
            }
            TextScreenClient client(log, fonts_dir);
            if (!read_text_file(text_file, client.screen.text, log)) return 2;
            client.screen.style = style;
            if (theme == "light") {
                client.screen.background = IM_COL32(250, 250, 246, 255);
                client.screen.color = IM_COL32(20, 24, 32, 255);
            }
            return platform::render_png(w, h, 0.0, 1, client, out_png, log, gl_api) ? 0 : 1;
        }
        // The takeover previewed: the alert file read first (its errors are the operator's to fix).
        std::shared_ptr<const content::Alert> alert;
        if (screen_name == "alert") {
            if (alert_file.empty()) {
                log.error("cli", "render --screen alert needs --alert FILE (assets/alerts/evacuate.toml)");
                return 2;
            }
            content::AlertLoad loaded = content::load_alert_file(alert_file);
            for (const auto& d : loaded.diagnostics) log.error("alert", d.format());
            if (!loaded.alert) return 2;
            loaded.alert->id = "preview";
            loaded.alert->status = *content::alert_status_from(alert_status);
            loaded.alert->severity = *content::alert_severity_from(alert_severity);
            alert = std::make_shared<const content::Alert>(std::move(*loaded.alert));
        }
        // A content screen: load the folder once; errors are printed like `check` prints them.
        text::FontStack fonts(log);
        fonts.load(fonts_dir);
        content::LoadOptions options;
        options.coverage = make_coverage(fonts);
        content::LoadResult loaded = content::load_event(content_dir, options);
        for (const auto& d : loaded.diagnostics)
            log.write(d.severity == content::Severity::Error ? LogLevel::Error : LogLevel::Warning, "content",
                      d.format());
        if (!loaded.ok()) return loaded.readable ? 1 : 2;
        if (!parse_at()) return 2;
        DisplayOptions display;
        display.hall = hall;
        display.lang = lang;
        display.high_contrast = high_contrast;
        display.screen_id = player_flags.screen_id;  // --screen-id: the role screens.toml gives it
        display.groups = player_flags.groups;
        // The takeover over the lobby, or over --mode kiosk (with its language buttons) or loop.
        display.screen = !alert ? screen_name : mode_name == "kiosk" ? "kiosk-home" : mode_name == "loop" ? "loop" : "lobby";
        DisplayApp client(display, fonts_dir, log);
        client.share_fonts(&fonts);  // loaded above for the content's check: not loaded twice
        std::string error;
        if (!client.open_screen(*loaded.event, error)) {
            log.error("cli", error);
            return 2;
        }
        client.set_event(loaded.event);
        if (alert) {
            client.show_alert(alert);
            if (!lang.empty()) client.choose_alert_language(lang);
        }
        if (!live_changes_file.empty()) {
            std::string json, error;
            if (!read_text_file(live_changes_file, json, log)) return 2;
            std::optional<content::LiveChanges> changes = content::parse_live_changes(json, error);
            if (!changes) {
                log.error("cli", live_changes_file + ": " + error);
                return 2;
            }
            client.set_live_changes(std::make_shared<const content::LiveChanges>(std::move(*changes)));
        }
        auto clock = event_clock(loaded.event->time_zone);
        clock->freeze();
        client.set_clock(std::move(clock));
        return platform::render_png(w, h, 0.0, 1, client, out_png, log, gl_api) ? 0 : 1;
    }

    // A player: player.toml's settings, each flag given on the command line winning.
    fleet::PlayerSettings player;
    bool role_id = false;  // the screen's id names its role (DisplayOptions::screen_id)
    {
        std::string error;
        if (player_toml.empty() && fs::exists(fleet::kDefaultPlayerToml)) player_toml = fleet::kDefaultPlayerToml;
        if (!player_toml.empty() && !fleet::read_player_toml(player_toml, player, error)) {
            log.error("cli", error);
            return 2;
        }
        auto given = [&app](const char* flag) { return app.count(flag) > 0; };
        if (given("--hub")) player.hub = player_flags.hub;
        if (given("--trust")) player.trust = player_flags.trust;
        if (given("--cache")) player.cache = player_flags.cache;
        if (given("--poll")) player.poll_s = player_flags.poll_s;
        if (given("--screen-id")) player.screen_id = player_flags.screen_id;
        if (given("--group")) player.groups = player_flags.groups;
        if (given("--venue")) player.venue = player_flags.venue;
        if (given("--mqtt")) player.mqtt = player_flags.mqtt;
        if (given("--mqtt-password-file")) player.mqtt_password_file = player_flags.mqtt_password_file;
        if (given("--thumbnail")) player.thumbnail_s = player_flags.thumbnail_s;
        if (given("--thumbnail-spread")) player.thumbnail_spread_s = player_flags.thumbnail_spread_s;
        if (const std::string why = fleet::check_player_settings(player); !why.empty()) {
            log.error("cli", why);
            return 2;
        }
        if (!player.hub.empty() && !content_flag.empty()) {
            log.error("cli", "--content and --hub exclude each other: with a hub, the content is its bundle");
            return 2;
        }
        // A screen given an id (or on a fleet, where the host name is its id) takes its role
        // from screens.toml; a plain local majlis has none.
        if (!player.screen_id.empty() || !player.hub.empty() || !player.mqtt.empty()) role_id = true;
        if (player.screen_id.empty()) player.screen_id = fleet::default_screen_id();
        if (player.cache.empty()) player.cache = fleet::default_cache_dir();
    }
    // The broker (fleet/presence.h): checked before anything starts.
    std::optional<fleet::MqttSettings> mqtt;
    if (!player.mqtt.empty()) {
        std::string error;
        std::optional<fleet::MqttUrl> url = fleet::MqttUrl::parse(player.mqtt, &error);
        if (url && url->password.empty() && !player.mqtt_password_file.empty()) {
            const std::optional<std::string> password = fleet::read_password_file(player.mqtt_password_file, &error);
            if (password) url->password = *password;
            else url.reset();
        }
        if (!url) {
            log.error("cli", "--mqtt: " + error);
            return 2;
        }
        mqtt.emplace();
        mqtt->url = *url;
        mqtt->venue = player.venue;
        mqtt->control_dir = (fs::path(player.cache) / "control").string();  // alerts survive a restart
        // The hub's commands are signed with the publisher's key: without --trust every one is refused.
        if (!player.trust.empty()) {
            mqtt->command_trust = fleet::load_public_key(player.trust, error);
            if (!mqtt->command_trust) {
                log.error("cli", error);
                return 2;
            }
        }
    }

    // SIGTERM and SIGINT from here on stop cleanly, also while fonts, cache and content load
    // (the frame loop's own handlers nest in these and keep a signal that came meanwhile).
    platform::SignalHandlers signals;
    // The window: the event's screens, kept live as staff edit the folder (with a hub: as
    // bundles are swapped into the cache's `current`).
    text::FontStack fonts(log);
    fonts.load(fonts_dir);
    std::unique_ptr<fleet::BundleSync> sync;
    std::string shown_dir = content_dir;
    if (!player.hub.empty()) {
        std::string error;
        const std::optional<fleet::PublicKey> trusted = fleet::load_public_key(player.trust, error);
        if (!trusted) {
            log.error("cli", error);
            return 2;
        }
        fleet::SyncConfig sync_config;
        sync_config.manifest_url = fleet::manifest_url_for(player.hub);
        sync_config.trusted = *trusted;
        sync_config.cache_dir = player.cache;
        sync_config.poll_s = player.poll_s;
        sync_config.check.coverage = make_coverage(fonts);
        log.info("cli", "screen " + player.screen_id + ": content from " + sync_config.manifest_url + ", cached in " +
                            player.cache);
        sync = std::make_unique<fleet::BundleSync>(sync_config, log);  // before LiveContent reads the cache
        shown_dir = sync->content_dir();
    }
    content::LiveContent::Config live_config;
    live_config.dir = shown_dir;
    live_config.follow_changes = !sync;  // a bundle cache changes only by the sync's swaps
    if (sync)
        live_config.missing_note = "screen " + player.screen_id + " is waiting for its first bundle from " + player.hub;
    live_config.options.coverage = make_coverage(fonts);
    content::LiveContent live(live_config, log);
    // The sync's worker calls into `live` and the agent (made below, gone first: it is
    // unhooked under the lock before it goes): it stops before `live` goes, however this returns.
    struct SwapListener {
        std::mutex mutex;
        fleet::ScreenAgent* agent = nullptr;
    } swap_listener;
    struct StopSync {
        std::unique_ptr<fleet::BundleSync>& sync;
        ~StopSync() { sync.reset(); }
    } stop_sync{sync};
    if (sync) {
        // One swap, one reload, at once (not after a settle time); the status says so at once.
        sync->on_swapped = [&live, &swap_listener](uint64_t) {
            live.reload_now();
            std::lock_guard lock(swap_listener.mutex);
            if (swap_listener.agent) swap_listener.agent->bundle_swapped();
        };
        sync->start();
    }
    DisplayOptions display;
    display.mode = mode_name == "kiosk" ? Mode::Kiosk : mode_name == "loop" ? Mode::Loop : Mode::Lobby;
    display.hall = hall;
    display.lang = lang;
    display.high_contrast = high_contrast;
    display.idle_timeout_s = idle_timeout;
    if (role_id) display.screen_id = player.screen_id;
    display.groups = player.groups;
    if (display.mode == Mode::Kiosk) display.screen = "kiosk-home";
    DisplayApp client(display, fonts_dir, log);
    client.share_fonts(&fonts);  // loaded above for content checks: not loaded twice before the first frame
    client.set_live(&live);
    const auto first = live.current();
    if (!parse_at()) return 2;
    client.set_clock(event_clock(first ? first->time_zone : "UTC"));
    if (first && display.mode == Mode::Kiosk) {
        std::string ignored;
        client.open_screen(*first, ignored);
    }
    if (first && !hall.empty() && !first->hall(hall))
        log.warning("cli", "--hall '" + hall + "' is not a hall of this event; showing the whole venue");
    client.set_error_text(sync ? "majlis: screen " + player.screen_id + " is waiting for its first bundle from " +
                                     player.hub + ". This screen changes by itself once it arrives."
                               : "majlis: the content folder " + content_dir +
                                     " has errors; run `majlis check` on it. This screen changes by itself once it "
                                     "is fixed.");
    platform::WindowOptions options;
    options.fullscreen = window_size.empty() || fullscreen;
    if (!window_size.empty() && !parse_size(window_size, options.width, options.height)) {
        log.error("cli", "--window must be WxH with both between 1 and 16384, got '" + window_size + "'");
        return 2;
    }
    options.monitor = monitor;
    options.rotate = rotate;
    options.platform = platform_name;
    if (platform_name == "glfw" && gl_flag == "es" && !headless) {
        log.error("cli", "--gl es needs --platform kms or sdl (the GLFW window draws with desktop OpenGL)");
        return 2;
    }
    options.gl = gl_flag == "es" || (gl_flag.empty() && platform_name == "kms") ? platform::GlApi::Es3
                                                                                 : platform::GlApi::Desktop;
    options.max_frames = max_frames;
    options.display_power = display_power;
    // Under systemd: `systemctl status` says which version is on screen; `systemctl reload` reloads.
    options.status = [&live, &shown_dir, &sync, &player] {
        const std::string version = "content version " + std::to_string(live.generation());
        std::string line = !live.current() ? (sync ? "waiting for the first bundle from " + player.hub
                                                   : "no valid content in " + shown_dir + " (run majlis check on it)")
                           : live.broken() ? "showing " + version + "; " + shown_dir + " has errors (run majlis check on it)"
                                           : "showing " + version + " of " + shown_dir;
        if (sync) {
            const fleet::SyncStatus st = sync->status();
            line += "; bundle " + std::to_string(st.sequence);
            if (!st.last_error.empty()) line += "; " + st.last_error;
        }
        return line;
    };
    // SIGHUP: the folder again, and with a hub the hub's manifest at once.
    options.on_reload = [&live, &sync] {
        live.reload_now();
        if (sync) sync->check_now();
    };
    // On a fleet (fleet/agent.h): presence, the hub's commands, screenshots and thumbnails. Only
    // with a broker: without one no dashboard lists the screen, so nothing is sent. The agent
    // goes first (declared last): its MQTT thread calls into `client`, `live` and `sync`.
    std::unique_ptr<fleet::ScreenAgent> agent;
    struct Reported {
        std::string alert;
        std::shared_ptr<const content::LiveChanges> live;
        std::string mode, lang;  // an override's acknowledgement: what the frame shows
        bool display_on = true;
        bool operator==(const Reported&) const = default;
    } reported;  // the loop's thread only
    struct UnhookAgent {
        SwapListener& listener;
        ~UnhookAgent() {
            std::lock_guard lock(listener.mutex);
            listener.agent = nullptr;
        }
    } unhook_agent{swap_listener};
    if (mqtt) {
        fleet::AgentConfig agent_config;
        agent_config.screen_id = player.screen_id;
        agent_config.groups = player.groups;
        agent_config.mqtt = *mqtt;
        agent_config.hub = player.hub;
        agent_config.version = MAJLIS_VERSION;
        agent_config.thumbnail_s = player.thumbnail_s;
        agent_config.thumbnail_spread_s = player.thumbnail_spread_s;
        fleet::ScreenAgent::Hooks hooks;
        hooks.reload = [&live] { live.reload_now(); };
        hooks.identify = [&client](const std::string& text, double seconds) { client.show_identify(text, seconds); };
        agent_config.headless = headless;  // draws no frame: the alert handed over is the one shown
        hooks.alert = [&client](std::shared_ptr<const content::Alert> alert) { client.show_alert(std::move(alert)); };
        hooks.live = [&client](std::shared_ptr<const content::LiveChanges> changes) {
            client.set_live_changes(std::move(changes));
        };
        hooks.screen_override = [&client](const content::ScreenOverride& o) { client.set_override(o); };
        hooks.encode_png = [](const fleet::AgentPicture& p, std::string& png) {
            return platform::encode_png(p.width, p.height, p.rgba, png);
        };
        agent = std::make_unique<fleet::ScreenAgent>(agent_config, sync.get(), hooks, log);
        std::lock_guard lock(swap_listener.mutex);
        swap_listener.agent = agent.get();
        options.capture_wanted = [&agent] { return agent->capture_wanted(); };
        options.on_capture = [&agent](platform::Screenshot p) {
            agent->picture_taken({p.width, p.height, std::move(p.rgba)});
        };
        // What the last status said the screen shows: a frame that shows another alert (or none
        // any more), another live set, mode or language, or asks for the display's power switched,
        // makes the window report at once (WindowOptions::report_now), so a player that draws
        // acknowledges it as soon as it is on screen, as a headless one does.
        auto shown_now = [&client] {
            return Reported{client.shown_alert(), client.shown_live_changes(), client.shown_mode(),
                            client.shown_lang(), client.display_on()};
        };
        options.report_now = [shown_now, &reported] { return !(shown_now() == reported); };
        options.on_second = [&agent, &client, &live, &reported, shown_now, rotate, headless](const platform::LoopStats& stats) {
            fleet::Shown shown;
            shown.screen_override = client.screen_override();  // first: the mode and lang below are its
            shown.override_error = client.override_problem();
            shown.display_on = headless ? client.display_on() : stats.display_on;  // headless: as asked
            shown.mode = client.shown_mode();
            shown.hall = client.shown_hall();
            shown.lang = client.shown_lang();
            shown.fps = stats.fps;
            shown.width = stats.width;
            shown.height = stats.height;
            shown.rotation = client.rotation() >= 0 ? client.rotation() : rotate;  // screens.toml's, else --rotate
            shown.content_generation = live.generation();
            shown.alert = client.shown_alert();
            shown.live = client.shown_live_changes();
            reported = shown_now();
            if (live.broken())
                for (const content::Diagnostic& d : live.last_diagnostics())
                    if (d.severity == content::Severity::Error) {
                        shown.content_error = "content: " + d.format();
                        break;
                    }
            agent->update(shown);
        };
    }
    if (headless) return platform::run_headless(options, &client, log);
    return platform_name == "glfw" ? platform::run_window(options, client, log) : platform::run_window_sdl(options, client, log);
}

}  // namespace majlis
