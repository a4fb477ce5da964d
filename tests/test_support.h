// What several suites need to draw without GL: glyph pages in memory, and an ImGui context
// that can build frames with no backend.
#pragma once

#include "text/text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <set>

namespace majlis::testing {

// Glyph pages in memory: counts what the atlas asks of the GPU and checks it never uploads
// into a page it destroyed.
struct MemoryTextures : text::GlyphTextureHost {
    int created = 0, destroyed = 0, live = 0, max_live = 0;
    size_t bytes_uploaded = 0;
    std::set<intptr_t> ids;
    intptr_t next = 1;
    ImTextureID create(int, int) override {
        ++created;
        max_live = std::max(max_live, ++live);
        ids.insert(next);
        return reinterpret_cast<ImTextureID>(next++);
    }
    void update(ImTextureID tex, int, int, int w, int h, const uint8_t*, int) override {
        EXPECT_TRUE(ids.count(reinterpret_cast<intptr_t>(tex))) << "upload to a destroyed page";
        bytes_uploaded += size_t(w) * size_t(h);
    }
    void destroy(ImTextureID tex) override {
        ++destroyed;
        --live;
        ids.erase(reinterpret_cast<intptr_t>(tex));
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

}  // namespace majlis::testing
