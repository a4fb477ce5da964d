// TextEngine: the pipeline put together, with the two caches that keep it off the frame path.
//
//   layout cache   (text, style)                  -> Layout           a repeat costs one lookup
//   shape cache    (paragraph, role, lang, dir)   -> ShapedParagraph  a new width or size only
//                                                                     re-breaks lines
//
// Keys are hashes, not the text: a key is the length of the text and a 128-bit XXH3 hash of the
// text and of everything else the entry depends on (TextKey, 24 bytes whatever the text), so a
// large paragraph costs its layout, not a second copy of itself, and a lookup never allocates.
// Collisions: a shaped paragraph keeps its codepoints, role and language, and a hit is compared
// with them (a mismatch is a miss). A layout keeps no text; its key must match in length and in
// all 128 bits. Two different texts of the same length colliding in 128 bits of a hash of good
// quality is not to be expected in the life of a screen (content is written by staff, not
// crafted against XXH3), and even then the answer is a valid layout of a text of the same length:
// drawing it, or reading a line's byte range out of the text, stays within bounds.
#include "text/text_internal.h"

#include "core/log.h"

#include <unicode/uchar.h>
#define XXH_INLINE_ALL  // header-only use of Debian's libxxhash-dev: the hash of a lookup inlined
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <list>
#include <unordered_map>

namespace majlis::text {

size_t Layout::glyph_count() const {
    size_t n = 0;
    for (const Line& l : lines)
        for (const GlyphRun& r : l.runs) n += r.glyphs.size();
    return n;
}

namespace {

// A cache key: the text's length and a 128-bit hash of the text and of what else the entry
// depends on (see the top of this file).
struct TextKey {
    uint64_t length = 0;
    XXH128_hash_t hash{};
    bool operator==(const TextKey& o) const { return length == o.length && XXH128_isEqual(hash, o.hash); }
};
struct TextKeyHash {
    size_t operator()(const TextKey& k) const { return size_t(k.hash.low64); }
};

// Hashes a text, then the parts of a style that matter, into a TextKey.
class KeyBuilder {
public:
    KeyBuilder(const void* text, size_t bytes) : length_(bytes) {
        XXH3_128bits_reset(&state_);
        XXH3_128bits_update(&state_, text, bytes);
    }
    KeyBuilder& add(std::string_view s) {  // length first: ("ab", "c") is not ("a", "bc")
        const uint64_t n = s.size();
        XXH3_128bits_update(&state_, &n, sizeof n);
        XXH3_128bits_update(&state_, s.data(), s.size());
        return *this;
    }
    template <class T>
    KeyBuilder& add_pod(const T& v) {
        XXH3_128bits_update(&state_, &v, sizeof v);
        return *this;
    }
    TextKey key() const { return TextKey{length_, XXH3_128bits_digest(&state_)}; }

private:
    XXH3_state_t state_;
    uint64_t length_;
};

// A least-recently-used map from TextKeys, bounded by entries and by a cost (bytes).
template <class V>
struct LruCache {
    struct Entry {
        V value;
        size_t cost;
        typename std::list<TextKey>::iterator order;
    };
    size_t max_entries, max_cost, cost = 0;
    std::unordered_map<TextKey, Entry, TextKeyHash> map;
    std::list<TextKey> order;  // front = most recent

    LruCache(size_t entries, size_t bytes) : max_entries(std::max<size_t>(entries, 1)), max_cost(bytes) {}

    const V* find(const TextKey& key) {
        auto it = map.find(key);
        if (it == map.end()) return nullptr;
        order.splice(order.begin(), order, it->second.order);
        return &it->second.value;
    }
    void put(const TextKey& key, V value, size_t value_cost) {
        const size_t c = value_cost + sizeof(TextKey) + sizeof(Entry);
        if (c > max_cost / 4) return;  // one huge entry would push everything else out
        if (auto it = map.find(key); it != map.end()) {
            cost -= it->second.cost;
            order.erase(it->second.order);
            map.erase(it);
        }
        while (!map.empty() && (map.size() >= max_entries || cost + c > max_cost)) {
            auto it = map.find(order.back());
            order.pop_back();
            cost -= it->second.cost;
            map.erase(it);
        }
        order.push_front(key);
        map.emplace(key, Entry{std::move(value), c, order.begin()});
        cost += c;
    }
    void clear() {
        map.clear();
        order.clear();
        cost = 0;
    }
};

TextKey layout_key(std::string_view utf8, const Style& s) {
    return KeyBuilder(utf8.data(), utf8.size())
        .add(s.font_role)
        .add(s.lang)
        .add_pod(s.size_px)
        .add_pod(s.dir)
        .add_pod(s.align)
        .add_pod(s.max_width)
        .add_pod(s.max_lines)
        .add_pod(s.line_spacing)
        .key();
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

// The engine's working parts: one of each, reused by every layout() (not shared between threads).
struct TextEngine::Work {
    LineBreaker breaker;
    ShapeBuffer shape_buffer;
    LineScratch line_scratch;
    LruCache<std::shared_ptr<const Layout>> layout_cache;
    LruCache<std::shared_ptr<const ShapedParagraph>> shape_cache;
    Work(const Config& c)
        : layout_cache(c.layout_cache_entries, c.cache_bytes), shape_cache(c.shape_cache_entries, c.cache_bytes) {}

    // Everything about a paragraph that does not depend on size or width, from the cache or made now.
    std::shared_ptr<const ShapedParagraph> shape_paragraph(const FontStack& fonts, Log& log, TextStatus& status,
                                                           EngineStats& stats, const char32_t* cps, size_t n,
                                                           const Style& style);
};

TextEngine::TextEngine(const Config& config, Log& log)
    : log_(log),
      own_fonts_(config.fonts ? nullptr : std::make_unique<FontStack>(log)),
      fonts_(config.fonts ? *config.fonts : *own_fonts_),
      work_(std::make_unique<Work>(config)) {
    status_ = own_fonts_ ? own_fonts_->load(config.fonts_dir) : fonts_.status();
}

TextEngine::~TextEngine() = default;

void TextEngine::clear_caches() {
    work_->layout_cache.clear();
    work_->shape_cache.clear();
}

CacheUse TextEngine::layout_cache_use() const { return {work_->layout_cache.map.size(), work_->layout_cache.cost}; }
CacheUse TextEngine::shape_cache_use() const { return {work_->shape_cache.map.size(), work_->shape_cache.cost}; }

std::shared_ptr<const ShapedParagraph> TextEngine::Work::shape_paragraph(const FontStack& fonts, Log& log,
                                                                         TextStatus& status, EngineStats& stats,
                                                                         const char32_t* cps, size_t n,
                                                                         const Style& style) {
    const TextKey key =
        KeyBuilder(cps, n * sizeof(char32_t)).add(style.font_role).add(style.lang).add_pod(style.dir).key();
    if (const auto* hit = shape_cache.find(key)) {
        const ShapedParagraph& p = **hit;
        if (p.cps.size() == n && std::equal(p.cps.begin(), p.cps.end(), cps) && p.role == style.font_role &&
            p.lang == style.lang)
            return *hit;
    }
    auto para = std::make_shared<ShapedParagraph>();
    shape_paragraph_now(fonts, breaker, shape_buffer, cps, n, style, *para);
    ++stats.paragraphs_shaped;
    for (uint32_t i : para->missing) {
        const std::string message = "no font has " + describe_codepoint(para->cps[i]) + " (role " +
                                    style.font_role + ", language " + style.lang + "); drawn as a box";
        log.once(LogLevel::Warning, "text", message);
        status.fail(TextError::CharacterNotCovered, message);
    }
    size_t glyphs = 0;
    for (const auto& g : para->glyphs) glyphs += g.size();
    const size_t cost = n * 24 + glyphs * sizeof(ShapedGlyph);
    shape_cache.put(key, para, cost);
    return para;
}

std::shared_ptr<const Layout> TextEngine::layout(std::string_view utf8, const Style& in_style) {
    const Style style = sanitize(in_style);
    ++stats_.layouts;
    const TextKey key = layout_key(utf8, style);
    if (const auto* hit = work_->layout_cache.find(key)) {
        ++stats_.layout_hits;
        return *hit;
    }

    auto out = std::make_shared<Layout>();
    out->size_px = style.size_px;
    const Utf32Text text = decode_utf8(utf8);
    const auto paragraphs = split_paragraphs(text.cps);
    for (size_t pi = 0; pi < paragraphs.size(); ++pi) {
        const ParagraphSpan& span = paragraphs[pi];
        auto para = work_->shape_paragraph(fonts_, log_, status_, stats_, text.cps.data() + span.start,
                                          span.end - span.start, style);
        LineContext ctx;
        ctx.style = &style;
        ctx.size_px = style.size_px;
        ctx.max_width = style.max_width;
        ctx.max_lines = style.max_lines > 0 ? style.max_lines - int(out->lines.size()) : 0;
        ctx.more_text_after = pi + 1 < paragraphs.size();
        ctx.byte_offset = text.byte_offset.data() + span.start;
        ctx.fonts = &fonts_;
        ctx.stats = &stats_;
        ctx.shape_buffer = &work_->shape_buffer;
        ctx.scratch = &work_->line_scratch;
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

    const size_t cost = out->glyph_count() * sizeof(Glyph) + out->lines.size() * sizeof(Line);
    work_->layout_cache.put(key, out, cost);
    return out;
}

}  // namespace majlis::text
