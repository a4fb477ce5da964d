// TextEngine: the pipeline put together, with the two caches that keep it off the frame path.
//
//   layout cache   (text, style)                  -> Layout           a repeat costs one lookup
//   shape cache    (paragraph, role, lang, dir)   -> ShapedParagraph  a new width or size only
//                                                                     re-breaks lines
#include "text/paragraph.h"

#include "core/log.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <list>

namespace majlis::text {

size_t Layout::glyph_count() const {
    size_t n = 0;
    for (const Line& l : lines)
        for (const GlyphRun& r : l.runs) n += r.glyphs.size();
    return n;
}

// A least-recently-used map from string keys, bounded by entries and by a cost (bytes).
template <class V>
struct TextEngine::LruCache {
    struct Entry {
        V value;
        size_t cost;
        typename std::list<const std::string*>::iterator order;
    };
    size_t max_entries, max_cost, cost = 0;
    std::unordered_map<std::string, Entry> map;
    std::list<const std::string*> order;  // front = most recent

    LruCache(size_t entries, size_t bytes) : max_entries(std::max<size_t>(entries, 1)), max_cost(bytes) {}

    const V* find(const std::string& key) {
        auto it = map.find(key);
        if (it == map.end()) return nullptr;
        order.splice(order.begin(), order, it->second.order);
        return &it->second.value;
    }
    void put(std::string key, V value, size_t value_cost) {
        const size_t c = value_cost + key.size();
        if (c > max_cost / 4) return;  // one huge entry would push everything else out
        if (auto it = map.find(key); it != map.end()) {
            cost -= it->second.cost;
            order.erase(it->second.order);
            map.erase(it);
        }
        while (!map.empty() && (map.size() >= max_entries || cost + c > max_cost)) {
            const std::string* oldest = order.back();
            order.pop_back();
            auto it = map.find(*oldest);
            cost -= it->second.cost;
            map.erase(it);
        }
        auto [it, ok] = map.emplace(std::move(key), Entry{std::move(value), c, {}});
        order.push_front(&it->first);
        it->second.order = order.begin();
        cost += c;
    }
    void clear() {
        map.clear();
        order.clear();
        cost = 0;
    }
};

namespace {

constexpr size_t kCacheBytes = 64u << 20;  // per cache

void append_pod(std::string& key, const void* p, size_t n) { key.append(static_cast<const char*>(p), n); }

std::string style_key(const Style& s) {
    std::string key;
    key += s.font_role;
    key += '\x1f';
    key += s.lang;
    key += '\x1f';
    append_pod(key, &s.size_px, sizeof s.size_px);
    append_pod(key, &s.color, sizeof s.color);
    append_pod(key, &s.dir, sizeof s.dir);
    append_pod(key, &s.align, sizeof s.align);
    append_pod(key, &s.max_width, sizeof s.max_width);
    append_pod(key, &s.max_lines, sizeof s.max_lines);
    append_pod(key, &s.line_spacing, sizeof s.line_spacing);
    return key;
}

std::string describe_codepoint(char32_t cp) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "U+%04X", unsigned(cp));
    std::string out = buf;
    char name[128];
    UErrorCode err = U_ZERO_ERROR;
    const int32_t len = u_charName(UChar32(cp), U_EXTENDED_CHAR_NAME, name, sizeof name, &err);
    if (U_SUCCESS(err) && len > 0) {
        out += ' ';
        out.append(name, size_t(len));
    }
    return out;
}

// Sizes, widths and spacing from the outside world may be anything: keep them sane.
Style sanitize(const Style& in) {
    Style s = in;
    if (!std::isfinite(s.size_px)) s.size_px = 32.0f;
    s.size_px = std::clamp(s.size_px, 1.0f, 10000.0f);
    if (!std::isfinite(s.max_width) || s.max_width < 0) s.max_width = 0;
    s.max_lines = std::max(s.max_lines, 0);
    if (!std::isfinite(s.line_spacing) || s.line_spacing <= 0) s.line_spacing = 1.0f;
    s.line_spacing = std::min(s.line_spacing, 10.0f);
    if (s.lang.empty()) s.lang = "en";
    if (s.font_role.empty()) s.font_role = "body";
    return s;
}

}  // namespace

TextEngine::TextEngine(Config config, Log& log)
    : config_(std::move(config)), log_(log), fonts_(log), atlas_(config_.atlas, config_.textures),
      line_scratch_(std::make_unique<LineScratch>()),
      layout_cache_(std::make_unique<LruCache<std::shared_ptr<const Layout>>>(config_.layout_cache_entries, kCacheBytes)),
      shape_cache_(std::make_unique<LruCache<std::shared_ptr<const ShapedParagraph>>>(config_.shape_cache_entries, kCacheBytes)) {
    fonts_.load(config_.fonts_dir);
}

TextEngine::~TextEngine() = default;

void TextEngine::clear_caches() {
    layout_cache_->clear();
    shape_cache_->clear();
}

std::shared_ptr<const ShapedParagraph> TextEngine::shape_paragraph(const char32_t* cps, size_t n,
                                                                   const Style& style) {
    std::string key(reinterpret_cast<const char*>(cps), n * sizeof(char32_t));
    key += '\x1e';
    key += style.font_role;
    key += '\x1f';
    key += style.lang;
    key += char('0' + int(style.dir));
    if (const auto* hit = shape_cache_->find(key)) return *hit;
    auto para = std::make_shared<ShapedParagraph>();
    shape_paragraph_now(fonts_, breaker_, shape_buffer_, cps, n, style, *para);
    ++stats_.paragraphs_shaped;
    for (uint32_t i : para->missing)
        log_.once(LogLevel::Warning, "text",
                  "no font has " + describe_codepoint(para->cps[i]) + " (role " + style.font_role +
                      ", language " + style.lang + "); drawn as a box");
    size_t glyphs = 0;
    for (const auto& g : para->glyphs) glyphs += g.size();
    const size_t cost = n * 24 + glyphs * sizeof(ShapedGlyph);
    shape_cache_->put(std::move(key), para, cost);
    return para;
}

std::shared_ptr<const Layout> TextEngine::layout(std::string_view utf8, const Style& in_style) {
    const Style style = sanitize(in_style);
    ++stats_.layouts;
    std::string key(utf8);
    key += '\x1d';
    key += style_key(style);
    if (const auto* hit = layout_cache_->find(key)) {
        ++stats_.layout_hits;
        return *hit;
    }

    auto out = std::make_shared<Layout>();
    out->size_px = style.size_px;
    out->color = style.color;
    const Utf32Text text = decode_utf8(utf8);
    const auto paragraphs = split_paragraphs(text.cps);
    for (size_t pi = 0; pi < paragraphs.size(); ++pi) {
        const ParagraphSpan& span = paragraphs[pi];
        auto para = shape_paragraph(text.cps.data() + span.start, span.end - span.start, style);
        LineContext ctx;
        ctx.style = &style;
        ctx.size_px = style.size_px;
        ctx.max_width = style.max_width;
        ctx.max_lines = style.max_lines > 0 ? style.max_lines - int(out->lines.size()) : 0;
        ctx.more_text_after = pi + 1 < paragraphs.size();
        ctx.byte_offset = text.byte_offset.data() + span.start;
        ctx.fonts = &fonts_;
        ctx.stats = &stats_;
        ctx.shape_buffer = &shape_buffer_;
        ctx.scratch = line_scratch_.get();
        if (break_lines(*para, ctx, out->lines)) {
            out->truncated = true;
            break;
        }
        if (style.max_lines > 0 && int(out->lines.size()) >= style.max_lines) {
            out->truncated = pi + 1 < paragraphs.size();
            break;
        }
    }

    // Vertical placement, box width, alignment.
    float y = 0, widest = 0;
    for (Line& line : out->lines) {
        line.baseline = y + (line.height - (line.ascent + line.descent)) * 0.5f + line.ascent;
        y += line.height;
        widest = std::max(widest, line.width);
    }
    out->height = y;
    out->width = style.max_width > 0 ? style.max_width : widest;
    for (Line& line : out->lines) {
        const float room = out->width - line.width;
        const bool left = (style.align == Align::End) == line.rtl;  // start/justify: left in LTR
        switch (style.align) {
        case Align::Center: line.x = room * 0.5f; break;
        default: line.x = left ? 0.0f : room; break;
        }
    }

    size_t cost = key.size() + out->glyph_count() * sizeof(Glyph) + out->lines.size() * sizeof(Line);
    layout_cache_->put(std::move(key), out, cost);
    return out;
}

}  // namespace majlis::text
