// Drawing text into Dear ImGui: the glyph atlas and ImGuiTextEngine, a TextEngine that also
// draws its layouts into an ImDrawList. Target majlis_text_imgui; screens, the window and
// `majlis render` use it. The layout itself is text.h's and knows nothing of ImGui.
//
//   GlyphTextureHost   where atlas pages live on the GPU (platform/ implements it with GL)
//   GlyphAtlas         FreeType bitmaps packed into bounded 8-bit texture pages
//   ImGuiTextEngine    layout() (inherited) + draw() + the frame's atlas work
//
// Pitfall: Debian's libimgui.a uses 16-bit indices: the drawing code reserves one quad at a
// time and relies on the OpenGL 3 backend's vertex offsets (see draw.cpp).
#pragma once

#include "text/text.h"

#include <imgui.h>

namespace majlis::text {

// Where atlas pages live on the GPU. platform/ implements it with GL_R8 textures; tests can
// implement it in memory. `create` returns the ImTextureID drawn with, zero-filled; `update`
// uploads a rectangle of 8-bit alpha (the atlas calls it at most once per page per frame, with
// the rectangle that changed, out of its copy of the page); `destroy` frees the page.
struct GlyphTextureHost {
    virtual ~GlyphTextureHost() = default;
    virtual ImTextureID create(int width, int height) = 0;
    virtual void update(ImTextureID tex, int x, int y, int w, int h, const uint8_t* alpha, int stride) = 0;
    virtual void destroy(ImTextureID tex) = 0;
};

struct AtlasGlyph {
    int page = -1;               // index into the atlas pages; -1: nothing to draw (blank glyph)
    float u0 = 0, v0 = 0, u1 = 0, v1 = 0;
    float left = 0, top = 0;     // bitmap offset from the pen (px at the requested size, y up)
    float width = 0, height = 0; // quad size in px at the requested size
};

// FreeType bitmaps packed into a bounded number of square 8-bit pages. Glyphs are rasterized at
// up to `max_raster_px` (and smaller if a glyph would not fit a page) and drawn scaled above it; horizontal positions snap to quarter pixels
// (four rasterized phases) at sizes up to 48 px. Pages are evicted least-recently-used at frame
// boundaries, so a texture this frame draws with stays valid until the frame is rendered.
// Each page has a CPU copy (page_size² bytes) that flush() uploads from; a reused page starts
// all zero, so linear filtering around a glyph never picks up an evicted one (see atlas.cpp).
class GlyphAtlas {
public:
    struct Config {
        int page_size = 1024;       // px, square (1 MiB of GPU memory each)
        int max_pages = 12;         // evict beyond this (a frame may briefly use more)
        float max_raster_px = 384;  // larger text is drawn scaled from this size
    };
    GlyphAtlas(Config config, GlyphTextureHost* host);
    ~GlyphAtlas();
    GlyphAtlas(const GlyphAtlas&) = delete;
    GlyphAtlas& operator=(const GlyphAtlas&) = delete;

    void begin_frame();                 // evicts LRU pages not used since the last frame
    // The screen changed as a whole (a new version of the content, a kiosk visitor gone): every
    // page is given back (its texture destroyed) and the next frame rasterizes what it draws into
    // fresh pages, a few milliseconds once per change. Keeping the pages the last frame used
    // would keep every glyph that shares them: over days of visitors the kept pages fill with
    // glyphs nothing draws any more (the kiosk's soak held up to 6 MiB more from hour to hour).
    // Before begin_frame().
    void clear();
    void flush();                       // uploads what changed to the host (before rendering)
    // `light_on_dark` picks the coverage curve (text lighter than its background needs a boost).
    const AtlasGlyph& get(const Face& face, uint32_t glyph_id, float size_px, int x_phase,
                          bool light_on_dark);
    ImTextureID texture(int page) const;
    int x_phases(float size_px) const { return size_px <= 48.0f ? 4 : 1; }

    size_t page_count() const;
    size_t glyph_count() const;
    uint64_t evictions() const { return evictions_; }

private:
    struct Page;    // a texture, its packer and its CPU copy (atlas.cpp)
    struct Glyphs;  // (face, glyph, size, phase, coverage curve) -> AtlasGlyph (atlas.cpp)
    int allocate(int w, int h, int* x, int* y);
    Config config_;
    GlyphTextureHost* host_;
    std::vector<std::unique_ptr<Page>> pages_;
    std::unique_ptr<Glyphs> glyphs_;
    uint64_t frame_ = 1;
    uint64_t evictions_ = 0;
    AtlasGlyph blank_;
    FT_Library ft_library_ = nullptr;
};

// A TextEngine that draws: what screens hold. The colour is given to draw() (paint is not
// layout: one cached layout is drawn in any colour).
class ImGuiTextEngine : public TextEngine {
public:
    struct Config : TextEngine::Config {
        GlyphTextureHost* textures = nullptr;  // null: layout only (draw() does nothing)
        GlyphAtlas::Config atlas;
    };
    ImGuiTextEngine(const Config& config, Log& log);

    // Draws at `pos` (top-left of the layout box) in `color`. Glyphs outside the draw list's
    // current clip rectangle are skipped.
    void draw(const Layout& layout, ImDrawList* draw_list, ImVec2 pos, ImU32 color);

    // Where draw() put each text, for tests that check that nothing leaves the screen or
    // overlaps ("layout boxes"). Recorded before any culling, so a line drawn past the edge of
    // the screen is seen although none of its glyphs reach the draw list.
    struct DrawnText {
        ImVec2 min, max;            // the layout box on screen: its lines' extents (x to x +
                                    // width), from the top of the first line box to the bottom of the last
        ImVec2 ink_min, ink_max;    // the glyphs' bitmaps as placed (marks above and below included);
                                    // min > max when nothing is inked (spaces only)
        ImVec2 clip_min, clip_max;  // the draw list's clip rectangle at the time
        float size_px = 0;
        int lines = 0;
        bool truncated = false;     // the layout ended in an ellipsis
    };
    // While `out` is set, draw() appends one DrawnText per call (a layout with no lines: none).
    // Off (null) by default: then it costs draw() a test of a pointer per line and per glyph.
    void record_drawn_text(std::vector<DrawnText>* out) { drawn_ = out; }

    void begin_frame() { atlas_.begin_frame(); }
    // The screen changed as a whole: the atlas pages and cached layouts go (GlyphAtlas::clear,
    // clear_caches); the next frame lays out and rasterizes again what it shows. Before
    // begin_frame().
    void screen_changed() {
        atlas_.clear();
        clear_caches();
    }
    void end_frame() { atlas_.flush(); }   // call after drawing, before rendering
    GlyphAtlas& atlas() { return atlas_; }

private:
    GlyphTextureHost* textures_;
    GlyphAtlas atlas_;
    std::vector<DrawnText>* drawn_ = nullptr;  // record_drawn_text
};

}  // namespace majlis::text
