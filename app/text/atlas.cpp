// GlyphAtlas: FreeType bitmaps packed into bounded texture pages, evicted least-recently-used.
//
// Each page keeps a CPU copy of its texture (page_size² bytes: 1 MiB at the default 1024 px, so
// 12 to 13 MiB at the default 12 pages, besides the textures themselves). Glyphs are rasterized into the copy and the
// rectangle that changed since the last flush goes to the host in one update per page per frame,
// whatever the number of new glyphs (one glTexSubImage2D, one save and restore of GL state).
//
// Stale texels: a glyph is drawn with linear filtering at fractional positions, so its quad
// samples one texel beyond its bitmap on every side. The packer leaves a pixel of padding right
// of and below each bitmap, and the padding of the bitmaps above and to the left (or the page
// edge, or space the packer skipped) is the ring above and to the left; all of it must read 0.
// A new page is created zero-filled by the host. A page that is reused after eviction is cleared
// whole, copy and texture (the whole page is marked changed): clearing only each new bitmap and
// its padding would leave the old glyphs in the space the packer skips and in the rings above
// and to the left, which belong to no rectangle of the new generation. A reuse thus costs one
// page upload, the same as creating a page, and happens only when a page is evicted; in return
// the texture is, after every flush, exactly the copy.
#include "text/text_imgui.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <stb_rect_pack.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace majlis::text {

namespace {

// A glyph as rasterized: face, glyph, size, x phase and coverage curve.
struct Key {
    const Face* face;
    uint32_t glyph;
    int32_t size_64;  // raster size in 1/64 px
    uint8_t phase, light;
    bool operator==(const Key&) const = default;
};
struct KeyHash {
    size_t operator()(const Key& k) const {
        size_t h = std::hash<const void*>()(k.face);
        h ^= (size_t(k.glyph) * 0x9E3779B97F4A7C15ull) + (h << 6) + (h >> 2);
        h ^= (size_t(uint32_t(k.size_64)) * 0xC2B2AE3D27D4EB4Full) + (h << 6) + (h >> 2);
        h ^= size_t(k.phase) << 1 ^ size_t(k.light);
        return h;
    }
};

}  // namespace

// Which glyph lies where.
struct GlyphAtlas::Glyphs {
    std::unordered_map<Key, AtlasGlyph, KeyHash> map;
};

struct GlyphAtlas::Page {
    ImTextureID texture = nullptr;
    stbrp_context packer{};
    std::vector<stbrp_node> nodes;
    uint64_t last_used = 0;
    std::vector<Key> keys;        // glyphs living in this page, removed together on eviction
    int size = 0;
    std::vector<uint8_t> pixels;  // the texture's contents, size x size coverage
    int dirty_x0 = 0, dirty_y0 = 0, dirty_x1 = 0, dirty_y1 = 0;  // changed since the last flush
    // Empty, all zero. `texture_clear`: the texture is zero already (a new page); else the
    // whole page is uploaded at the next flush.
    void reset(int page_size, bool texture_clear) {
        size = page_size;
        nodes.assign(size_t(size), stbrp_node{});
        stbrp_init_target(&packer, size, size, nodes.data(), int(nodes.size()));
        keys.clear();
        pixels.assign(size_t(size) * size_t(size), 0);
        dirty_x0 = dirty_y0 = dirty_x1 = dirty_y1 = 0;
        if (!texture_clear) touch(0, 0, size, size);
    }
    void touch(int x0, int y0, int x1, int y1) {
        if (dirty_x1 <= dirty_x0) {
            dirty_x0 = x0, dirty_y0 = y0, dirty_x1 = x1, dirty_y1 = y1;
            return;
        }
        dirty_x0 = std::min(dirty_x0, x0), dirty_y0 = std::min(dirty_y0, y0);
        dirty_x1 = std::max(dirty_x1, x1), dirty_y1 = std::max(dirty_y1, y1);
    }
};

GlyphAtlas::GlyphAtlas(Config config, GlyphTextureHost* host)
    : config_(config), host_(host), glyphs_(std::make_unique<Glyphs>()) {
    config_.page_size = std::clamp(config_.page_size, 64, 8192);
    config_.max_pages = std::max(config_.max_pages, 1);
    config_.max_raster_px = std::clamp(config_.max_raster_px, 8.0f, float(config_.page_size) / 2);
    FT_Library lib = nullptr;
    if (FT_Init_FreeType(&lib) == 0) ft_library_ = lib;
}

GlyphAtlas::~GlyphAtlas() {
    for (auto& page : pages_)
        if (page && host_) host_->destroy(page->texture);
    if (ft_library_) FT_Done_FreeType(ft_library_);
}

size_t GlyphAtlas::glyph_count() const { return glyphs_->map.size(); }

size_t GlyphAtlas::page_count() const {
    return size_t(std::count_if(pages_.begin(), pages_.end(), [](const auto& p) { return p != nullptr; }));
}

ImTextureID GlyphAtlas::texture(int page) const {
    if (page < 0 || size_t(page) >= pages_.size() || !pages_[size_t(page)]) return nullptr;
    return pages_[size_t(page)]->texture;
}

void GlyphAtlas::begin_frame() {
    ++frame_;
    // A frame may have needed more pages than allowed; give the oldest back now that the
    // frame that used them has been rendered.
    while (page_count() > size_t(config_.max_pages)) {
        int oldest = -1;
        for (size_t i = 0; i < pages_.size(); ++i)
            if (pages_[i] && (oldest < 0 || pages_[i]->last_used < pages_[size_t(oldest)]->last_used))
                oldest = int(i);
        for (const Key& k : pages_[size_t(oldest)]->keys) glyphs_->map.erase(k);
        if (host_) host_->destroy(pages_[size_t(oldest)]->texture);
        pages_[size_t(oldest)].reset();
        ++evictions_;
    }
}

void GlyphAtlas::clear() {
    for (auto& page : pages_) {
        if (page && host_) host_->destroy(page->texture);
        page.reset();
    }
    glyphs_->map.clear();  // with the glyphs in no page: spaces, and any that found no room
}

void GlyphAtlas::flush() {
    if (!host_) return;
    for (auto& page : pages_) {
        if (!page || page->dirty_x1 <= page->dirty_x0) continue;
        Page& p = *page;
        host_->update(p.texture, p.dirty_x0, p.dirty_y0, p.dirty_x1 - p.dirty_x0, p.dirty_y1 - p.dirty_y0,
                      p.pixels.data() + size_t(p.dirty_y0) * size_t(p.size) + size_t(p.dirty_x0), p.size);
        p.dirty_x0 = p.dirty_y0 = p.dirty_x1 = p.dirty_y1 = 0;
    }
}

// Finds room for a w x h bitmap: in an existing page, in a new page, or in the least recently
// used page not drawn from in this frame (which is emptied). Returns the page or -1.
int GlyphAtlas::allocate(int w, int h, int* x, int* y) {
    stbrp_rect rect{};
    rect.w = w + 1;  // one pixel of padding right and below
    rect.h = h + 1;
    for (size_t i = 0; i < pages_.size(); ++i) {
        if (!pages_[i]) continue;
        rect.was_packed = 0;
        if (stbrp_pack_rects(&pages_[i]->packer, &rect, 1) && rect.was_packed) {
            *x = rect.x;
            *y = rect.y;
            return int(i);
        }
    }
    int slot = -1;
    if (page_count() >= size_t(config_.max_pages)) {
        for (size_t i = 0; i < pages_.size(); ++i)
            if (pages_[i] && pages_[i]->last_used < frame_ &&
                (slot < 0 || pages_[i]->last_used < pages_[size_t(slot)]->last_used))
                slot = int(i);
        if (slot >= 0) {  // reuse the page: its texture stays, its glyphs go
            for (const Key& k : pages_[size_t(slot)]->keys) glyphs_->map.erase(k);
            pages_[size_t(slot)]->reset(config_.page_size, false);
            ++evictions_;
        }
    }
    if (slot < 0) {
        auto page = std::make_unique<Page>();
        page->texture = host_->create(config_.page_size, config_.page_size);
        page->reset(config_.page_size, true);
        for (size_t i = 0; i < pages_.size() && slot < 0; ++i)
            if (!pages_[i]) slot = int(i);
        if (slot < 0) {
            slot = int(pages_.size());
            pages_.push_back(nullptr);
        }
        pages_[size_t(slot)] = std::move(page);
    }
    rect.was_packed = 0;
    if (stbrp_pack_rects(&pages_[size_t(slot)]->packer, &rect, 1) && rect.was_packed) {
        *x = rect.x;
        *y = rect.y;
        return slot;
    }
    return -1;  // larger than a page
}

const AtlasGlyph& GlyphAtlas::get(const Face& face, uint32_t glyph_id, float size_px, int x_phase,
                                  bool light_on_dark) {
    if (!host_ || !face.ft_face || !(size_px > 0)) return blank_;
    const float raster_px = std::min(size_px, config_.max_raster_px);
    const int phases = x_phases(size_px);
    Key key{&face, glyph_id, int32_t(std::lround(raster_px * 64)), uint8_t(std::clamp(x_phase, 0, phases - 1)),
            uint8_t(light_on_dark)};
    if (auto it = glyphs_->map.find(key); it != glyphs_->map.end()) {
        if (it->second.page >= 0) pages_[size_t(it->second.page)]->last_used = frame_;
        return it->second;
    }
    AtlasGlyph out;
    FT_Face ft = face.ft_face;
    // Rasterize at raster_px; a glyph too big for a page (a wide ligature at heading size) is
    // rasterized smaller until it fits and drawn scaled, rather than not at all.
    float size = raster_px;
    FT_GlyphSlot slot = nullptr;
    for (int attempt = 0; attempt < 4; ++attempt) {
        slot = nullptr;
        if (FT_Set_Char_Size(ft, 0, FT_F26Dot6(std::lround(size * 64)), 72, 72) != 0 ||
            FT_Load_Glyph(ft, glyph_id, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) != 0)
            break;
        slot = ft->glyph;
        if (slot->format == FT_GLYPH_FORMAT_OUTLINE && key.phase)
            FT_Outline_Translate(&slot->outline, key.phase * 64 / phases, 0);
        if (FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) != 0) {
            slot = nullptr;
            break;
        }
        const int side = int(std::max(slot->bitmap.width, slot->bitmap.rows));
        if (side < config_.page_size) break;
        size *= 0.9f * float(config_.page_size) / float(side + 1);
        slot = nullptr;
    }
    const float scale = size_px / size;  // > 1 when drawn larger than rasterized
    if (slot) {
        if (slot->bitmap.width > 0 && slot->bitmap.rows > 0 && slot->bitmap.pixel_mode == FT_PIXEL_MODE_GRAY) {
            const int w = int(slot->bitmap.width), h = int(slot->bitmap.rows);
            int x = 0, y = 0;
            const int page = allocate(w, h, &x, &y);
            if (page >= 0) {
                Page& pg = *pages_[size_t(page)];
                for (int r = 0; r < h; ++r) {
                    const uint8_t* src = slot->bitmap.buffer + r * slot->bitmap.pitch;
                    uint8_t* dst = pg.pixels.data() + size_t(y + r) * size_t(pg.size) + size_t(x);
                    for (int c = 0; c < w; ++c) {
                        // Light text on a dark ground looks thin when blended in sRGB space:
                        // boost coverage (2c - c^2); dark on light stays linear.
                        const int cov = src[c];
                        dst[c] = light_on_dark ? uint8_t((2 * cov * 255 - cov * cov) / 255) : uint8_t(cov);
                    }
                }
                pg.touch(x, y, x + w, y + h);
                pg.keys.push_back(key);
                pg.last_used = frame_;
                const float inv = 1.0f / float(config_.page_size);
                out.page = page;
                out.u0 = x * inv;
                out.v0 = y * inv;
                out.u1 = (x + w) * inv;
                out.v1 = (y + h) * inv;
                out.left = float(slot->bitmap_left) * scale;
                out.top = float(slot->bitmap_top) * scale;
                out.width = float(w) * scale;
                out.height = float(h) * scale;
            }
        }
    }
    return glyphs_->map.emplace(key, out).first->second;
}

}  // namespace majlis::text
