// Internal to the text engine: a paragraph after bidi, itemization and shaping, and the line
// breaker that turns it into Lines. Not part of the API screens use (that is text.h).
#pragma once

#include "text/text.h"

namespace majlis::text {

// Everything about a paragraph that does not depend on size or width. Cached by the engine.
struct TextEngine::ShapedParagraph {
    std::vector<char32_t> cps;
    std::vector<uint8_t> levels;             // UAX #9 levels, before L1
    uint8_t base_level = 0;
    std::vector<uint32_t> scripts;
    std::vector<TextRun> runs;               // logical order
    std::vector<std::vector<ShapedGlyph>> glyphs;  // per run, HarfBuzz order (visual)
    std::vector<double> prefix_em;           // n + 1 prefix sums of advances, in em
    std::vector<Break> breaks;               // n + 1, before each codepoint
    std::vector<bool> grapheme_starts;       // n + 1
    std::vector<uint32_t> missing;           // codepoints no font has (indices)
    const Face* primary = nullptr;           // first font of the paragraph's main chain
    std::string role, lang;
};
using ShapedParagraph = TextEngine::ShapedParagraph;

// Bidi, scripts, fonts, runs, shaping, break opportunities: the size-independent work.
void shape_paragraph_now(const FontStack& fonts, LineBreaker& breaker, ShapeBuffer& buffer,
                         const char32_t* cps, size_t n, const Style& style, ShapedParagraph& out);

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
};

// Breaks a shaped paragraph into lines, reorders each line visually, positions glyphs.
// Returns true when it stopped early because of max_lines (the last line got an ellipsis).
bool break_lines(const ShapedParagraph& para, const LineContext& ctx, std::vector<Line>& out);

}  // namespace majlis::text
