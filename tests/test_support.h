// What several suites need: temporary folders, files read and written whole, waiting for what
// other threads do, the demo content; to draw without GL, glyph pages in memory and an ImGui
// context that can build frames with no backend.
#pragma once

#include "content/content.h"
#include "core/log.h"
#include "text/text_imgui.h"

#include <gtest/gtest.h>

#include <stdlib.h>  // mkdtemp
#include <sys/wait.h>  // WEXITSTATUS

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace majlis::testing {

// A fresh folder of its own under $TMPDIR (mkdtemp: parallel test processes never share one),
// removed with everything in it when the object goes. `folder / "name"` is a path inside it.
struct TempFolder {
    std::filesystem::path path;
    explicit TempFolder(const std::string& prefix = "majlis") {
        std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
        if (!mkdtemp(pattern.data())) {
            std::perror("mkdtemp");
            std::abort();
        }
        path = pattern;
    }
    ~TempFolder() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);  // only ever the folder mkdtemp made
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    std::string operator/(const std::string& name) const { return (path / name).string(); }
};

// A file's bytes ("" when it cannot be read), and a file written or appended to as it is.
inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}
inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}
inline void append_file(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::app | std::ios::binary) << bytes;
}

// Whether `ready()` comes true within `timeout`, asked every 10 ms (for what other threads and
// processes do: a status on the broker, a file written, a server up).
template <typename Predicate>
bool eventually(Predicate ready, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!ready()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

#ifdef MAJLIS_SOURCE_DIR
// The demo venue's content folder (assets/dushanbe-2025): real content to copy and edit.
inline const std::filesystem::path kDemoContent =
    std::filesystem::path(MAJLIS_SOURCE_DIR) / "assets" / "dushanbe-2025";
#endif

// Glyph pages in memory: counts what the atlas asks of the GPU, keeps each live page's texels
// (zero-filled at creation, like GL pages) and checks it never uploads into a page it destroyed
// or outside a page.
struct MemoryTextures : text::GlyphTextureHost {
    struct Page {
        int width = 0, height = 0;
        std::vector<uint8_t> texels;  // width x height coverage
        int updates = 0;              // update calls (a test may set it back to 0)
        uint8_t at(int x, int y) const { return texels[size_t(y) * size_t(width) + size_t(x)]; }
    };
    int created = 0, destroyed = 0, live = 0, max_live = 0;
    size_t bytes_uploaded = 0;
    std::set<intptr_t> ids;
    std::map<intptr_t, Page> pages;  // live ones
    intptr_t next = 1;
    ImTextureID create(int width, int height) override {
        ++created;
        max_live = std::max(max_live, ++live);
        ids.insert(next);
        pages[next] = Page{width, height, std::vector<uint8_t>(size_t(width) * size_t(height), 0), 0};
        return reinterpret_cast<ImTextureID>(next++);
    }
    void update(ImTextureID tex, int x, int y, int w, int h, const uint8_t* alpha, int stride) override {
        auto it = pages.find(reinterpret_cast<intptr_t>(tex));
        if (it == pages.end()) {
            ADD_FAILURE() << "upload to a destroyed page";
            return;
        }
        Page& page = it->second;
        ++page.updates;
        bytes_uploaded += size_t(w) * size_t(h);
        EXPECT_TRUE(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= page.width && y + h <= page.height && stride >= w)
            << "upload outside the page";
        for (int r = 0; r < h; ++r)
            for (int c = 0; c < w; ++c)
                if (x + c >= 0 && x + c < page.width && y + r >= 0 && y + r < page.height)
                    page.texels[size_t(y + r) * size_t(page.width) + size_t(x + c)] = alpha[size_t(r) * size_t(stride) + size_t(c)];
    }
    void destroy(ImTextureID tex) override {
        ++destroyed;
        --live;
        ids.erase(reinterpret_cast<intptr_t>(tex));
        pages.erase(reinterpret_cast<intptr_t>(tex));
    }
};

// An ImGui context that builds frames without a platform or renderer backend. The vertex
// offset flag is set as the OpenGL 3 backend sets it (large text needs it).
inline ImGuiContext* headless_imgui(ImVec2 display = ImVec2(1920, 1080)) {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGui::SetCurrentContext(ctx);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = display;
    io.DeltaTime = 1.0f / 60;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    unsigned char* pixels;
    int w, h;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
    return ctx;
}

#ifdef MAJLIS_SOURCE_DIR
// A suite of screen tests: one text engine for the whole suite (the fonts load once), its glyph
// pages in memory and what it logs in log_lines; a headless ImGui context for each test.
struct ScreenSuite : ::testing::Test {
    static inline std::vector<std::string>* log_lines = nullptr;
    static inline Log* log = nullptr;
    static inline MemoryTextures* textures = nullptr;
    static inline text::ImGuiTextEngine* engine = nullptr;
    ImGuiContext* ctx = nullptr;

    static void SetUpTestSuite() {
        log_lines = new std::vector<std::string>;
        log = new Log(Log::capture(log_lines));
        textures = new MemoryTextures;
        text::ImGuiTextEngine::Config c;
        c.fonts_dir = std::string(MAJLIS_SOURCE_DIR) + "/fonts";
        c.textures = textures;
        engine = new text::ImGuiTextEngine(c, *log);
    }
    static void TearDownTestSuite() {
        delete engine;
        delete textures;
        delete log;
        delete log_lines;
    }
    void SetUp() override { ctx = headless_imgui(); }
    void TearDown() override { ImGui::DestroyContext(ctx); }
};

// The demo event (assets/dushanbe-2025), loaded once per test program; its errors fail the test.
inline std::shared_ptr<const content::Event> demo_event() {
    static std::shared_ptr<const content::Event> ev = [] {
        const content::LoadResult r = content::load_event(kDemoContent.string());
        EXPECT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].format());
        return r.event;
    }();
    return ev;
}
#endif

// UTC milliseconds from calendar fields, by glibc's timegm: independent of TZ and of ICU, so
// it can check the time zone code.
inline int64_t utc(int y, int mo, int d, int h, int mi, int s = 0) {
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return int64_t(timegm(&tm)) * 1000;
}

#ifdef MAJLIS_BIN
// The built `majlis` run through the shell with `args` (quoted by the caller), without a display
// and with the source tree's data: its exit code and its stdout and stderr together.
struct MajlisRun {
    int code = -1;
    std::string out;
};
inline MajlisRun run_majlis(const std::string& args) {
    const std::string cmd = std::string("env -u DISPLAY MAJLIS_DATA_DIR='") + MAJLIS_SOURCE_DIR + "' '" + MAJLIS_BIN +
                            "' " + args + " 2>&1";
    MajlisRun r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}
#endif

}  // namespace majlis::testing
