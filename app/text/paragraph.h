// Internal to the text engine: a paragraph after bidi, itemization and shaping, and the line
// breaker that turns it into Lines. Not part of the API screens use (that is text.h).
#pragma once

#include "text/text.h"

namespace majlis::text {

// Everything about a paragraph that does not depend on size or width. Cached by the engine.
struct TextEngine::ShapedParagraph {
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
using ShapedParagraph = TextEngine::ShapedParagraph;

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
struct TextEngine::LineScratch {
    std::vector<LinePiece> pieces;                   // of the line being built, logical order
    std::vector<LinePiece> placed;                   // split at level changes, then visual order
    std::vector<std::vector<ShapedGlyph>> reshaped;  // glyphs of pieces reshaped at a cut
    std::vector<ShapedGlyph> ellipsis;               // glyphs of the ellipsis
    std::vector<uint8_t> levels;                     // the line's levels, L1 applied
    std::vector<uint32_t> visual_to_logical, visual_of;
};
using LineScratch = TextEngine::LineScratch;

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

}  // namespace majlis::text
