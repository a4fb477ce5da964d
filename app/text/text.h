// majlis text engine: shaped, bidirectional, line-broken text, laid out as positioned glyphs.
//
// Dear ImGui draws one glyph per codepoint, left to right. Arabic needs more: letters joined,
// right-to-left order, marks placed on their letters, digits and Latin embedded in order.
// This engine does the whole pipeline and hands out finished lines of positioned glyphs.
//
// Three headers, as Dear ImGui has imgui.h and imgui_internal.h:
//   text.h           (this file) layout: HarfBuzz, FriBidi, ICU, FreeType, fontconfig; no ImGui,
//                    no GL. Target majlis_text; what tools, tests and the content checker use.
//   text_imgui.h     drawing layouts into an ImDrawList: the glyph atlas, its texture host and
//                    ImGuiTextEngine (a TextEngine that also draws). Target majlis_text_imgui;
//                    what screens use.
//   text_internal.h  the engine's own working parts (line breaker, shape buffer, shaped
//                    paragraphs, line scratch, caches), for the engine's .cpp files and tests.
//
// Index of this file
//   [SECTION] Style and layout (the data the rest of majlis sees)
//   [SECTION] Pipeline stages (one function each, in order; tests call them directly)
//   [SECTION] Fonts (the stack described in fonts/stack.toml, found through fontconfig)
//   [SECTION] TextEngine (fonts + caches; layout() is what screens call)
//
// The pipeline, per paragraph (each stage is one function you can find by name):
//   decode_utf8          UTF-8 -> codepoints, invalid bytes become U+FFFD, byte offsets kept
//                        (next_code_point in utf8.h: ICU's U8_NEXT, the one decoder of majlis)
//   split_paragraphs     at LF, CR, CRLF, NEL, U+2029 (bidi class B); U+2028 breaks a line inside one
//   resolve_bidi         UAX #9 levels on the whole paragraph (FriBidi, or a direct path for
//                        plain paragraphs), before any line breaking; the direction of a language
//                        with no strong character is is_rtl_language's (ICU)
//   resolve_scripts      script per codepoint (UAX #24 runs, ICU): Common/Inherited take their
//                        run's script, paired brackets and quotes their opener's, characters of
//                        some scripts only (Script_Extensions) one of theirs
//   resolve_fonts        the first font in the script's fallback chain that has the character;
//                        marks stay in their base's font, spaces and controls go with their run
//                        as Pango places them; no font at all: the nil face (boxes)
//   itemize_runs         maximal spans of equal (level, script, font)
//   shape_run            HarfBuzz, with the whole paragraph as context so joining survives run edges
//   find_breaks          UAX #14 opportunities and UAX #29 grapheme clusters (ICU) on the
//                        logical text, with number ranges and spaced dashes kept together
//                        (LineBreaker, keep_dashes_attached: text_internal.h)
//   break_lines          greedy fill by shaped advances; reshape at a break only where HarfBuzz
//                        marks the glyph unsafe to break; ellipsis drops logical clusters
//   reorder_line         L1 + L2 per line (FriBidi), then runs are placed left to right
//
// Units: sizes and positions are in pixels, y grows downwards; shaping is done once in font
// units (size-independent) and scaled, so changing the size or the width never reshapes.
//
// Pitfalls (see ../shared/research/text-stack.md):
//  - never mirror brackets in the bidi step: HarfBuzz mirrors them in RTL runs itself.
//  - `2025-2027` after Arabic displays as `2027-2025` by the UBA; dates and phone numbers in
//    Arabic text must be wrapped in LRI ... PDI (U+2066 ... U+2069) by whoever writes the content.
//  - Paint is not layout: neither a Style nor a Layout has a colour (one cached layout is shared
//    by everyone who lays out the same text in the same style); the colour is given to draw().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace majlis {
class Log;
}

// The libraries' own handles, declared as they declare them (no void* in this header).
struct hb_font_t;
typedef struct FT_FaceRec_* FT_Face;
typedef struct FT_LibraryRec_* FT_Library;

namespace majlis::text {

//-----------------------------------------------------------------------------
// [SECTION] Style and layout
//-----------------------------------------------------------------------------

enum class Direction : uint8_t {
    Auto,  // from the paragraph's first strong character; none: the language's direction
    LTR,
    RTL,
};

enum class Align : uint8_t {
    Start,    // left in a left-to-right paragraph, right in a right-to-left one
    End,
    Center,
    Justify,  // right-to-left Arabic: kashida at the joins, then spaces (justify.cpp); others:
              // inter-word spaces widened. The last line of a paragraph is aligned to start
};

struct Style {
    std::string font_role = "body";  // a role of fonts/stack.toml: "body", "heading", ...
    float size_px = 32.0f;           // em size in pixels; clamped to [1, 10000]
    std::string lang = "en";         // BCP 47 language ("ar", "ru", "tg", "kk", "ky", "tk", "uz", "fa")
    Direction dir = Direction::Auto;
    Align align = Align::Start;
    float max_width = 0.0f;          // px; lines wrap at this width. <= 0: no wrapping
    int max_lines = 0;               // > 0: at most this many lines, the last ends with an ellipsis
    float line_spacing = 1.0f;       // multiple of the fonts' natural line height
    bool operator==(const Style&) const = default;
};

struct Face;  // a loaded font file (see [SECTION] Fonts)

struct Glyph {
    uint32_t id = 0;         // glyph index in the run's font; 0 is .notdef (drawn as a box)
    uint32_t cluster = 0;    // byte offset into the UTF-8 input of the cluster's first character
    float x = 0, y = 0;      // origin in px: x from the line's left edge, y from the baseline (down)
    float advance = 0;       // px
};

struct GlyphRun {
    const Face* face = nullptr;
    uint32_t script = 0;     // ISO 15924 tag as HarfBuzz's hb_script_t, e.g. 'Arab'
    uint8_t level = 0;       // bidi embedding level; odd = right to left
    bool rtl() const { return level & 1; }
    float x = 0, width = 0;  // px, from the line's left edge
    std::vector<Glyph> glyphs;  // visual order, left to right
};

struct Line {
    uint32_t start = 0, end = 0;  // byte range of the UTF-8 input, end exclusive (logical order)
    float x = 0;         // left edge of the line inside the layout box (alignment), px
    float baseline = 0;  // from the top of the layout box, px
    float width = 0;     // advance width of the content, trailing spaces not counted, px
    float ascent = 0, descent = 0;  // px above / below the baseline (descent positive)
    float height = 0;    // line box height, px
    bool rtl = false;    // paragraph direction
    bool ellipsized = false;
    std::vector<GlyphRun> runs;  // visual order, left to right
};

struct Layout {
    std::vector<Line> lines;  // top to bottom
    float width = 0;    // box width: max_width when wrapping, else the widest line
    float height = 0;   // sum of line heights
    float size_px = 0;  // the size the glyphs were laid out at
    bool truncated = false;  // max_lines cut text off
    size_t glyph_count() const;
};

//-----------------------------------------------------------------------------
// [SECTION] Pipeline stages
//-----------------------------------------------------------------------------

// Codepoints of a UTF-8 text with the byte offset each one started at. Invalid sequences
// (overlong forms, encoded surrogates, stray continuation bytes, truncated sequences, values
// past U+10FFFF) become one U+FFFD per maximal invalid subpart, as the Unicode standard advises
// (next_code_point in utf8.h: the one UTF-8 decoder of majlis).
struct Utf32Text {
    std::vector<char32_t> cps;
    std::vector<uint32_t> byte_offset;  // one per codepoint, plus one final entry = input size
};
Utf32Text decode_utf8(std::string_view utf8);

struct ParagraphSpan {
    uint32_t start = 0, end = 0;   // codepoint range, separator excluded
};
std::vector<ParagraphSpan> split_paragraphs(const std::vector<char32_t>& cps);

// UAX #9 paragraph levels (rules P2-P3, X1-X10, W1-W7, N0-N2, I1-I2) for one paragraph.
// Returns the paragraph's base level (0 = LTR, 1 = RTL). `auto_fallback_rtl` gives the base
// level when `dir` is Auto and the paragraph has no strong character. `types`, when given,
// receives each character's bidi class (FriBidi's FriBidiCharType values), which reorder_line
// needs for every line of the paragraph.
uint8_t resolve_bidi(const char32_t* cps, size_t n, Direction dir, bool auto_fallback_rtl,
                     std::vector<uint8_t>& levels, std::vector<uint32_t>* types = nullptr);

// Is `lang` (BCP 47: "ar", "fa-IR", "ug", "az-Arab") written right to left? ICU's answer
// (uloc_isRightToLeft, from the likely script of the language): the one list of majlis.
bool is_rtl_language(std::string_view lang);

// L1 + L2 for one line: `levels` are the paragraph's levels of the line's characters and are
// updated by L1 (trailing whitespace, isolates and separators to the paragraph level).
// `visual_to_logical` receives, for each visual position left to right, the logical index
// (0-based within the line). Characters removed by rule X9 stay in the map.
void reorder_line(const char32_t* cps, size_t n, uint8_t base_level, std::vector<uint8_t>& levels,
                  std::vector<uint32_t>& visual_to_logical);
// The same from the bidi classes resolve_bidi gave for the line's characters (`types`, n of
// them), so that they are not looked up again for every line; allocates only if
// `visual_to_logical` has to grow.
void reorder_line(const uint32_t* types, size_t n, uint8_t base_level, std::vector<uint8_t>& levels,
                  std::vector<uint32_t>& visual_to_logical);

// Script per codepoint (hb_script_t values). Common and Inherited characters take the script of
// the text around them; paired punctuation ( ) [ ] { } « » ‹ › “ ” ‘ ’ takes its opener's.
void resolve_scripts(const char32_t* cps, size_t n, std::vector<uint32_t>& scripts);

// Line break opportunities (UAX #14) and grapheme clusters (UAX #29) come from ICU through
// LineBreaker (text_internal.h).

//-----------------------------------------------------------------------------
// [SECTION] Fonts
//-----------------------------------------------------------------------------

// One font file, loaded once for shaping (HarfBuzz) and rasterizing (FreeType).
struct Face {
    std::string path;       // full path of the file
    std::string file_name;  // its file name, e.g. "NotoNaskhArabic-Regular.ttf"
    std::string family;     // family name as fontconfig reports it
    int index = 0;          // face index inside a collection
    unsigned upem = 1000;
    float ascender = 0.8f, descender = 0.2f, line_gap = 0.0f;  // in em (descender positive)
    hb_font_t* hb_font = nullptr;  // scale = upem (shaping is size-independent)
    FT_Face ft_face = nullptr;     // for rasterizing; null for the nil face
    bool has(char32_t cp) const;  // the font's cmap maps cp
};

// What went wrong first. As HarfBuzz's and cairo's objects keep theirs, the first error sticks
// (later ones are logged, not kept), and text is laid out whatever the status: a character no
// font has is drawn as a box, and with no usable font at all every character comes from the
// nil face (FontStack::nil_face), whose glyphs are boxes with advances. Nothing is dropped.
enum class TextError : uint8_t {
    None,
    StackUnreadable,      // fonts/stack.toml missing or not valid TOML
    FontNotFound,         // a family stack.toml names is not installed (the chain goes on without it)
    NoFont,               // no usable font file at all: everything is drawn with the nil face
    CharacterNotCovered,  // a character no font of its chain has (drawn as a box)
};
struct TextStatus {
    TextError error = TextError::None;
    std::string message;  // the first error, as it was logged
    bool ok() const { return error == TextError::None; }
    void fail(TextError e, std::string m) {
        if (ok()) error = e, message = std::move(m);
    }
};

// The fallback chains of fonts/stack.toml, located through fontconfig. A role ("body",
// "heading") has one chain per script class plus a default chain; fonts dropped into fonts/
// are registered with fontconfig and appended to every chain.
class FontStack {
public:
    FontStack(Log& log);
    ~FontStack();
    FontStack(const FontStack&) = delete;
    FontStack& operator=(const FontStack&) = delete;

    // Loads `fonts_dir`/stack.toml and registers every font file in `fonts_dir`. Problems
    // (unreadable file, unknown family) are logged and the first one is kept in status(); a
    // stack with no usable font falls back to whatever fontconfig offers for "sans-serif", and
    // with none at all to the nil face.
    const TextStatus& load(const std::string& fonts_dir);
    const TextStatus& status() const { return status_; }

    // The chain for a role, script (hb_script_t) and language: the role's chain for the language
    // when the script is the language's own (stack.toml keys in lower case: "ur", "ug"), else
    // for the script ("Arab", "Cyrl"), else its default; never empty (at worst the nil face).
    const std::vector<const Face*>& chain(std::string_view role, uint32_t script,
                                          std::string_view lang) const;
    // Loads a font file directly (tests and benchmarks pinning one file).
    const Face* face_from_file(const std::string& path);

    const std::vector<std::unique_ptr<Face>>& faces() const { return faces_; }  // font files
    // The face of no font file: it has no character, draws every glyph as a box (.notdef) one
    // 0.6 em wide and white space as 0.25 em of nothing; file_name is empty.
    const Face& nil_face() const { return *nil_; }

private:
    // A chain for the letters of one language's own script ("ur": Arabic letters in Urdu text).
    struct LanguageChain {
        std::string lang;   // primary language subtag
        uint32_t script;    // its likely script (ICU), hb_script_t
        std::vector<const Face*> chain;
    };
    struct Role {
        std::string name;
        std::vector<std::pair<std::string, std::vector<const Face*>>> by_script;  // key: script class
        std::vector<LanguageChain> by_language;  // keys in lower case: languages
        std::vector<const Face*> fallback;
    };
    const Face* load_face(const std::string& path, int index);
    const Face* find_family(const std::string& family);
    Log& log_;
    TextStatus status_;
    FT_Library ft_library_ = nullptr;
    std::unique_ptr<Face> nil_;
    std::vector<std::unique_ptr<Face>> faces_;
    std::vector<Role> roles_;
    std::vector<const Face*> dropped_;   // fonts found in fonts/
    std::vector<const Face*> last_resort_;  // never empty: the nil face when nothing else
};

// Fonts per codepoint: the first face in the chain of the character's script that has it.
// `faces` gets one entry per codepoint; characters no face has get the chain's first face and
// are reported in `missing` (index list) so the caller can log them. Marks stay in their
// base's font; spaces and controls choose no font: they go with their run (equal script and,
// when `levels` are given, equal bidi level) as Pango places them (see fonts.cpp).
void resolve_fonts(const FontStack& fonts, std::string_view role, std::string_view lang,
                   const char32_t* cps, size_t n, const std::vector<uint32_t>& scripts,
                   std::vector<const Face*>& faces, std::vector<uint32_t>* missing,
                   const std::vector<uint8_t>* levels = nullptr);

// A maximal span of equal (level, script, font) within a paragraph.
struct TextRun {
    uint32_t start = 0, end = 0;  // codepoint range in the paragraph
    uint8_t level = 0;
    uint32_t script = 0;
    const Face* face = nullptr;
};
std::vector<TextRun> itemize_runs(size_t n, const std::vector<uint8_t>& levels,
                                  const std::vector<uint32_t>& scripts,
                                  const std::vector<const Face*>& faces);

//-----------------------------------------------------------------------------
// [SECTION] TextEngine
//-----------------------------------------------------------------------------

struct EngineStats {
    uint64_t layouts = 0;         // layout() calls
    uint64_t layout_hits = 0;     // ... answered from the layout cache
    uint64_t paragraphs_shaped = 0;  // paragraphs itemized and shaped (the expensive part)
    uint64_t runs_reshaped = 0;   // fragments reshaped at unsafe line breaks or ellipses
};

// What a cache holds now: entries, and their cost in bytes as the cache counts it (glyphs,
// lines, codepoints; a key is 24 bytes whatever its text).
struct CacheUse {
    size_t entries = 0;
    size_t bytes = 0;
};

// Lays out text (cached). Laying out the same text and style again is a hash lookup; changing
// only the width or size re-breaks lines from the cached shaping; nothing is shaped per frame
// for static text. Caches are keyed by a hash of the text (they never copy it) and bounded by
// entries and bytes; an entry costing more than a quarter of its cache is not kept, so a screen
// that shows a very large text holds on to its layout itself (the kiosk reader keeps one per
// block). Drawing is ImGuiTextEngine's (text_imgui.h).
class TextEngine {
public:
    struct Config {
        std::string fonts_dir;            // holds stack.toml and dropped-in fonts
        // A stack already loaded to use instead of loading fonts_dir again (the CLI loads the
        // process's one before the window opens, for content checks: loading it twice was
        // about 10 ms of the startup). It must outlive the engine. Shared across threads it is
        // only read: shaping and coverage use its HarfBuzz fonts; its FreeType faces are the
        // engine's alone (the atlas rasterizes on the render thread).
        FontStack* fonts = nullptr;
        size_t layout_cache_entries = 2048;
        size_t shape_cache_entries = 2048;
        size_t cache_bytes = size_t(64) << 20;  // per cache (layouts, shaped paragraphs)
    };
    TextEngine(const Config& config, Log& log);
    virtual ~TextEngine();
    TextEngine(const TextEngine&) = delete;
    TextEngine& operator=(const TextEngine&) = delete;

    // Lays out `utf8` (any bytes; invalid UTF-8 is drawn as U+FFFD).
    std::shared_ptr<const Layout> layout(std::string_view utf8, const Style& style);

    // The first error since the engine was made (fonts at construction, then characters no
    // font has); layouts are made whatever it says.
    const TextStatus& status() const { return status_; }
    FontStack& fonts() { return fonts_; }
    const EngineStats& stats() const { return stats_; }
    CacheUse layout_cache_use() const;
    CacheUse shape_cache_use() const;
    void clear_caches();

private:
    struct Work;  // breaker, shape buffer, line scratch and caches (engine.cpp)
    Log& log_;
    std::unique_ptr<FontStack> own_fonts_;  // when Config::fonts is not given
    FontStack& fonts_;
    TextStatus status_;
    EngineStats stats_;
    std::unique_ptr<Work> work_;
};

// The layout as JSON, in the shape `majlis layout --json` prints:
// {"lines":[{"start":B,"end":B,"width":W,"runs":[{"dir":"rtl","script":"Arab","font":"FILE",
//   "glyphs":[{"id":G,"cluster":B,"x":X,"y":Y,"advance":A}]}]}]}
std::string layout_to_json(const Layout& layout);

}  // namespace majlis::text
