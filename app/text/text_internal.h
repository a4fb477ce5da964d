// Internal to the text engine (as imgui_internal.h is to imgui.h): the working parts behind
// text.h, for the engine's own .cpp files and for tests that check one stage on its own.
// Nothing here is needed to lay out or draw text; it may change with the engine.
//
//   LineBreaker       ICU's line and grapheme iterators, opened once, with a memo of classes
//   ShapeBuffer       one HarfBuzz buffer reused for every run (shape_run)
//   ShapedParagraph   a paragraph after bidi, itemization and shaping: what the shape cache holds
//   LineScratch       the line breaker's working memory, reused from line to line
//   break_lines       a ShapedParagraph into Lines
#pragma once

#include "text/text.h"

struct UBreakIterator;
struct hb_buffer_t;

namespace majlis::text {

// Line break opportunities by UAX #14 (ICU's line BreakIterator, root locale).
// out[i] tells what is allowed *before* codepoint i (out has n + 1 entries; out[0] = None).
enum class Break : uint8_t { None, Allowed, Mandatory };
class LineBreaker {
public:
    LineBreaker();
    ~LineBreaker();
    LineBreaker(const LineBreaker&) = delete;
    LineBreaker& operator=(const LineBreaker&) = delete;
    void find_line_breaks(const char32_t* cps, size_t n, std::vector<Break>& out);
    // Grapheme cluster boundaries (UAX #29): out[i] true when a cluster starts at i (n + 1 entries).
    void find_grapheme_starts(const char32_t* cps, size_t n, std::vector<bool>& out);
    // Both of the above from one conversion of the text for ICU (what the engine calls), line
    // breaks tailored by keep_dashes_attached; grapheme_starts[i] is 1 when a cluster starts at i.
    void find_breaks(const char32_t* cps, size_t n, std::vector<Break>& line_breaks,
                     std::vector<uint8_t>& grapheme_starts);

private:
    void to_utf16(const char32_t* cps, size_t n);
    uint32_t cp_of(int32_t u16) const;
    uint8_t grapheme_class(char32_t c);
    void line_breaks_of_buffer(const char32_t* cps, size_t n, std::vector<Break>& out);
    bool graphemes_of_buffer(const char32_t* cps, size_t n, uint8_t* out);
    UBreakIterator* line_ = nullptr;
    UBreakIterator* grapheme_ = nullptr;
    std::u16string buffer_;     // the text ICU reads
    bool bmp_only_ = true;      // buffer_ index = codepoint index; else see u16_to_cp_
    std::vector<uint32_t> u16_to_cp_;
    struct GcbMemo { char32_t cp; uint8_t cls; };
    GcbMemo gcb_memo_[256];     // grapheme class of recently seen characters (a pure cache)
};

// The tailoring of UAX #14 for titles and dates (UAX #14 allows both breaks it removes): a
// number range stays whole ("2025–2027", "10:30–11:45": no break after a dash between digits,
// inside an isolate too), and a spaced dash ends its line ("Душанбе — столица": no break
// between the space and the dash). Dashes: Dash_Punctuation of line break class BA or B2.
void keep_dashes_attached(const char32_t* cps, size_t n, std::vector<Break>& breaks);

// A glyph as HarfBuzz produced it, in font units of its face (x/y offsets, advance).
struct ShapedGlyph {
    uint32_t id = 0;
    uint32_t cluster = 0;  // codepoint index in the paragraph
    int32_t x_advance = 0, x_offset = 0, y_offset = 0;
    bool unsafe_to_break = false;
    bool safe_to_insert_tatweel = false;  // a tatweel may go (logically) before this cluster
                                          // without changing the glyphs around it (justify_line)
};

// A HarfBuzz buffer kept between shape_run calls, so that its arrays are not reallocated for
// every run. The engine owns one; it is not shared between threads.
class ShapeBuffer {
public:
    ShapeBuffer();
    ~ShapeBuffer();
    ShapeBuffer(const ShapeBuffer&) = delete;
    ShapeBuffer& operator=(const ShapeBuffer&) = delete;
    hb_buffer_t* hb_buffer() const { return buffer_; }

private:
    hb_buffer_t* buffer_;
};

// Shapes cps[start, end) of a paragraph with the rest of the paragraph (`cps`, `n`) as context.
// `context_after` = false shapes as if the text ended at `end` (used for a truncated last line).
// Glyphs come in HarfBuzz's order: visual left to right (reversed logical order for RTL).
void shape_run(const char32_t* cps, size_t n, uint32_t start, uint32_t end, const Face& face,
               uint32_t script, bool rtl, std::string_view lang, bool context_after,
               std::vector<ShapedGlyph>& out, ShapeBuffer* reuse = nullptr);


// Everything about a paragraph that does not depend on size or width. Cached by the engine.
struct ShapedParagraph {
    std::vector<char32_t> cps;
    std::vector<uint8_t> levels;             // UAX #9 levels, before L1
    std::vector<uint32_t> bidi_types;        // bidi class per codepoint, for reorder_line
    uint8_t base_level = 0;
    std::vector<uint32_t> scripts;
    std::vector<TextRun> runs;               // logical order
    std::vector<std::vector<ShapedGlyph>> glyphs;  // per run, HarfBuzz order (visual)
    std::vector<double> prefix_em;           // n + 1 prefix sums of advances, in em
    std::vector<Break> breaks;               // n + 1, before each codepoint
    std::vector<uint8_t> grapheme_starts;    // n + 1, 1 where a grapheme cluster starts
    std::vector<uint32_t> missing;           // codepoints no font has (indices)
    const Face* primary = nullptr;           // first font of the paragraph's main chain
    std::string role, lang;
};

// Bidi, scripts, fonts, runs, shaping, break opportunities: the size-independent work.
void shape_paragraph_now(const FontStack& fonts, LineBreaker& breaker, ShapeBuffer& buffer,
                         const char32_t* cps, size_t n, const Style& style, ShapedParagraph& out);

// A part of one run on one line: codepoints [start, end) of the paragraph and their glyphs.
// The glyphs are not copied: they point into the paragraph's shaping or, for a piece reshaped
// at a cut, into LineScratch (valid until the next LineBuilder::pieces call).
struct LinePiece {
    uint32_t start = 0, end = 0;  // UINT32_MAX, UINT32_MAX: the ellipsis
    const Face* face = nullptr;
    uint32_t script = 0;
    uint8_t level = 0;
    uint32_t visual_key = 0;                // for ordering the pieces of a line visually
    const ShapedGlyph* glyphs = nullptr;    // visual order
    uint32_t glyph_count = 0;
};

// Working memory of break_lines, reused from line to line and layout to layout so that a line
// allocates only what it hands out (its runs and glyphs). The engine owns one; what it holds
// between two calls means nothing.
struct LineScratch {
    std::vector<LinePiece> pieces;                   // of the line being built, logical order
    std::vector<LinePiece> placed;                   // split at level changes, then visual order
    std::vector<std::vector<ShapedGlyph>> reshaped;  // glyphs of pieces reshaped at a cut
    std::vector<ShapedGlyph> ellipsis;               // glyphs of the ellipsis
    std::vector<uint8_t> levels;                     // the line's levels, L1 applied
    std::vector<uint32_t> visual_to_logical, visual_of;
};

// What break_lines needs besides the paragraph.
struct LineContext {
    const Style* style = nullptr;
    float size_px = 32;
    float max_width = 0;            // px; 0 = no wrapping
    int max_lines = 0;              // lines left for this paragraph (0 = unlimited)
    bool more_text_after = false;   // later paragraphs exist (matters for the ellipsis)
    const uint32_t* byte_offset = nullptr;  // byte offset of each codepoint of the paragraph,
                                            // one past the end included
    const FontStack* fonts = nullptr;
    EngineStats* stats = nullptr;
    ShapeBuffer* shape_buffer = nullptr;   // reused for reshaping line edges and the ellipsis
    LineScratch* scratch = nullptr;        // reused working memory; null: break_lines makes its own
};

// Breaks a shaped paragraph into lines, reorders each line visually, positions glyphs.
// Returns true when it stopped early because of max_lines (the last line got an ellipsis).
bool break_lines(const ShapedParagraph& para, const LineContext& ctx, std::vector<Line>& out);

// Align::Justify (justify.cpp): Arabic lines stretched with kashida at the joins the tradition
// allows, the rest by widening inter-word spaces.
// A kashida site: the join before letter `before` (index into the text given), at most one per
// word; `priority` 1 (best) .. 7 is the rule that chose it (see justify.cpp).
struct KashidaSite {
    uint32_t before = 0;
    uint8_t priority = 0;
};
// The best site of each word of cps[0, n), in logical order. `allowed` (n entries, or null for
// everywhere) is 1 before a letter where the font allows a tatweel (HarfBuzz's
// SAFE_TO_INSERT_TATWEEL); a word whose best join is not allowed takes its next best.
void find_kashida_sites(const char32_t* cps, size_t n, const uint8_t* allowed, std::vector<KashidaSite>& out);
// Widens `line` (positioned from `placed`, its pieces in visual order, codepoints [a, content_end)
// without trailing spaces) to `max_width` px: tatweel glyphs inserted at the kashida sites of the
// Arabic runs of a right-to-left paragraph, then the inter-word spaces widened.
void justify_line(const ShapedParagraph& p, const std::vector<LinePiece>& placed, uint32_t a, uint32_t content_end,
                  float size_px, float max_width, ShapeBuffer* buffer, Line& line);

}  // namespace majlis::text
