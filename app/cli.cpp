// The command line: the window (default), `layout` and `render`.
//
//   majlis [--window WxH | --fullscreen] [--monitor N]          the fullscreen app
//   majlis layout --text-file F --font-size PX --width PX [--lang L] [--dir auto|ltr|rtl] --json
//   majlis render --screen text --text-file F --font-size PX --size WxH [--lang L] -o OUT.png
//
// Parsing is CLI11's (Debian libcli11-dev). Exit codes: 0 ok, 1 failure, 2 bad usage or input.
#include "core/log.h"
#include "platform.h"
#include "screens/screens.h"
#include "text/text.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
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

// fonts/ and assets/ live in the data folder: --data, else $MAJLIS_DATA_DIR, else the source tree.
std::string data_dir(const std::string& flag) {
    if (!flag.empty()) return flag;
    if (const char* env = std::getenv("MAJLIS_DATA_DIR"); env && *env) return env;
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

bool parse_size(const std::string& s, int& w, int& h) {
    return std::sscanf(s.c_str(), "%dx%d", &w, &h) == 2 && w > 0 && h > 0 && w <= 16384 && h <= 16384;
}

// The frame client for the `text` screen: owns the engine (it needs the GL texture host).
struct TextScreenClient : platform::FrameClient {
    Log& log;
    std::string fonts_dir;
    screens::TextScreen screen;
    std::unique_ptr<text::TextEngine> engine;

    TextScreenClient(Log& l, std::string fonts) : log(l), fonts_dir(std::move(fonts)) {}
    void start(text::GlyphTextureHost& textures) override {
        text::TextEngine::Config config;
        config.fonts_dir = fonts_dir;
        config.textures = &textures;
        engine = std::make_unique<text::TextEngine>(config, log);
    }
    void frame(const platform::FrameInfo& info) override {
        engine->begin_frame();
        screen.draw(*engine, ImGui::GetBackgroundDrawList(), info.size);
        engine->end_frame();
    }
    void stop() override { engine.reset(); }
};

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

    std::string data_flag;
    app.add_option("--data", data_flag, "Folder holding fonts/ and assets/ (default: $MAJLIS_DATA_DIR or the source tree)");

    // The window.
    std::string window_size;
    bool fullscreen = false;
    int monitor = 0;
    uint64_t max_frames = 0;
    app.add_option("--window", window_size, "Run in a window of WxH pixels instead of fullscreen");
    app.add_flag("--fullscreen", fullscreen, "Fullscreen on the chosen monitor (the default)");
    app.add_option("--monitor", monitor, "Monitor index for fullscreen (0 = primary)");
    app.add_option("--frames", max_frames, "Quit after N frames (smoke tests)")->group("");

    // Text options shared by layout and render.
    std::string text_file, lang = "en", dir = "auto", align = "start", role = "body";
    float font_size = 32, width = 0;
    int max_lines = 0;
    auto add_text_options = [&](CLI::App* sub) {
        sub->add_option("--text-file", text_file, "UTF-8 text file")->required();
        sub->add_option("--font-size", font_size, "Font size in px")->required();
        sub->add_option("--lang", lang, "Language (BCP 47), e.g. ar, ru, tg, en");
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

    CLI::App* render_cmd = app.add_subcommand("render", "Render a screen headless into a PNG (no display needed)");
    std::string screen_name, out_png, render_size;
    render_cmd->add_option("--screen", screen_name, "Screen to render")->required()->check(CLI::IsMember({"text"}));
    add_text_options(render_cmd);
    render_cmd->add_option("--size", render_size, "WxH in px")->required();
    render_cmd->add_option("-o,--output", out_png, "PNG file to write")->required();
    std::string theme = "dark";
    render_cmd->add_option("--theme", theme, "dark: light text on a dark ground; light: the reverse")
        ->check(CLI::IsMember({"dark", "light"}));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    const std::string data = data_dir(data_flag);
    const std::string fonts_dir = (fs::path(data) / "fonts").string();
    text::Style style;
    style.size_px = font_size;
    style.lang = lang;
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

    if (*render_cmd) {
        int w = 0, h = 0;
        if (!parse_size(render_size, w, h)) {
            log.error("cli", "--size must be WxH with both between 1 and 16384, got '" + render_size + "'");
            return 2;
        }
        TextScreenClient client(log, fonts_dir);
        if (!read_text_file(text_file, client.screen.text, log)) return 2;
        client.screen.style = style;
        if (theme == "light") {
            client.screen.background = IM_COL32(250, 250, 246, 255);
            client.screen.style.color = IM_COL32(20, 24, 32, 255);
        }
        return platform::render_png(w, h, 0.0, 1, client, out_png, log) ? 0 : 1;
    }

    // The window: the welcome text until the content screens arrive.
    TextScreenClient client(log, fonts_dir);
    const std::string welcome = (fs::path(data) / "assets" / "samples" / "welcome.txt").string();
    if (!read_text_file(welcome, client.screen.text, log))
        client.screen.text = "majlis";  // never a blank screen
    client.screen.size_fraction = 1.0f / 24;  // 45 px on 1080p, 90 px on 4K
    platform::WindowOptions options;
    options.fullscreen = window_size.empty() || fullscreen;
    if (!window_size.empty() && !parse_size(window_size, options.width, options.height)) {
        log.error("cli", "--window must be WxH, got '" + window_size + "'");
        return 2;
    }
    options.monitor = monitor;
    options.max_frames = max_frames;
    return platform::run_window(options, client, log);
}

}  // namespace majlis
