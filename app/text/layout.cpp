// shape_paragraph_now and break_lines: from a paragraph's codepoints to positioned lines.
//
// Order of work (as Pango and Chromium do it): levels are resolved on the whole paragraph,
// the paragraph is shaped once, lines are broken on the logical text by shaped advances, the
// glyphs at a break are reshaped only where HarfBuzz says cutting there changes them, and
// only then is each line reordered visually (L1, L2).
#include "text/text_internal.h"

#include <hb.h>

#include <algorithm>
#include <cmath>

namespace majlis::text {

namespace {

// Whitespace that does not count at the end of a line (and that rule L1 moves to the
// paragraph level). Tab and the line separator included.
bool is_trailing_space(char32_t c) {
    if (c <= ' ') return c == ' ' || c == '\t';
    if (c < 0x1680) return false;  // most letters: one comparison
    return c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x205F || c == 0x3000;
}

// Glyphs of glyphs[0, count) (one run, HarfBuzz order) whose cluster lies in [a, b).
// Clusters are monotonic: increasing for LTR runs, decreasing for RTL runs.
std::pair<size_t, size_t> glyph_range(const ShapedGlyph* glyphs, size_t count, bool rtl, uint32_t a,
                                      uint32_t b) {
    const ShapedGlyph *first = glyphs, *last = glyphs + count;
    if (!rtl) {
        auto lo = std::partition_point(first, last, [a](const ShapedGlyph& g) { return g.cluster < a; });
        auto hi = std::partition_point(lo, last, [b](const ShapedGlyph& g) { return g.cluster < b; });
        return {size_t(lo - first), size_t(hi - first)};
    }
    auto lo = std::partition_point(first, last, [b](const ShapedGlyph& g) { return g.cluster >= b; });
    auto hi = std::partition_point(lo, last, [a](const ShapedGlyph& g) { return g.cluster >= a; });
    return {size_t(lo - first), size_t(hi - first)};
}

// May the run's glyphs be cut before codepoint x without reshaping?
bool safe_to_cut(const std::vector<ShapedGlyph>& glyphs, bool rtl, uint32_t x) {
    auto [lo, hi] = glyph_range(glyphs.data(), glyphs.size(), rtl, x, UINT32_MAX);
    if (lo >= glyphs.size() || lo == hi) return true;
    // The glyph nearest to x on the logical "after" side starts the cluster after the cut.
    const ShapedGlyph& g = rtl ? glyphs[hi - 1] : glyphs[lo];
    if (g.cluster != x) return false;  // x is inside a cluster
    return !g.unsafe_to_break;
}

}  // namespace

void shape_paragraph_now(const FontStack& fonts, LineBreaker& breaker, ShapeBuffer& buffer,
                         const char32_t* cps, size_t n, const Style& style, ShapedParagraph& p) {
    p.cps.assign(cps, cps + n);
    p.role = style.font_role;
    p.lang = style.lang;
    p.base_level = resolve_bidi(cps, n, style.dir, is_rtl_language(style.lang), p.levels, &p.bidi_types);
    resolve_scripts(cps, n, p.scripts);
    std::vector<const Face*> faces;
    p.missing.clear();
    resolve_fonts(fonts, style.font_role, style.lang, cps, n, p.scripts, faces, &p.missing, &p.levels);
    p.runs = itemize_runs(n, p.levels, p.scripts, faces);
    p.glyphs.resize(p.runs.size());
    // prefix_em[i + 1] first collects the advances of cluster i, then becomes the prefix sum.
    p.prefix_em.assign(n + 1, 0.0);
    for (size_t r = 0; r < p.runs.size(); ++r) {
        const TextRun& run = p.runs[r];
        shape_run(cps, n, run.start, run.end, *run.face, run.script, run.level & 1, style.lang, true,
                  p.glyphs[r], &buffer);
        const double scale = 1.0 / run.face->upem;
        for (const ShapedGlyph& g : p.glyphs[r])
            if (g.cluster < n) p.prefix_em[g.cluster + 1] += g.x_advance * scale;
    }
    for (size_t i = 0; i < n; ++i) p.prefix_em[i + 1] = p.prefix_em[i] + p.prefix_em[i + 1];
    breaker.find_breaks(cps, n, p.breaks, p.grapheme_starts);
    // The main chain: the script of the first strong-script character, else the language's.
    uint32_t main_script = is_rtl_language(style.lang) ? HB_SCRIPT_ARABIC : HB_SCRIPT_LATIN;
    if (n) main_script = p.scripts[0] == HB_SCRIPT_COMMON ? main_script : p.scripts[0];
    const auto& chain = fonts.chain(style.font_role, main_script, style.lang);
    p.primary = chain.front();  // chains are never empty (at worst the nil face)
}

namespace {

// Builds one line from paragraph codepoints [a, b): pieces, reshaping at unsafe cuts,
// ellipsis, L1/L2 reordering, positions. Works in the scratch memory it is given.
class LineBuilder {
public:
    LineBuilder(const ShapedParagraph& p, const LineContext& c, LineScratch& s) : p_(p), c_(c), s_(s) {}

    // Pieces of [a, b) in logical order, into the scratch (replacing the previous ones).
    // `cut_end_without_context`: the text is treated as ending at b (for an ellipsis, so the
    // last letter takes its final form).
    void pieces(uint32_t a, uint32_t b, bool cut_end_without_context) {
        std::vector<LinePiece>& out = s_.pieces;
        out.clear();
        size_t reshaped = 0;  // scratch buffers used by this call
        const size_t n = p_.cps.size();
        auto first = std::partition_point(p_.runs.begin(), p_.runs.end(),
                                          [a](const TextRun& r) { return r.end <= a; });
        for (auto it = first; it != p_.runs.end() && it->start < b; ++it) {
            const TextRun& run = *it;
            const auto& glyphs = p_.glyphs[size_t(it - p_.runs.begin())];
            LinePiece piece;
            piece.start = std::max(run.start, a);
            piece.end = std::min(run.end, b);
            piece.face = run.face;
            piece.script = run.script;
            piece.level = run.level;
            const bool rtl = run.level & 1;
            const bool cut_start = piece.start > run.start;
            const bool cut_end = piece.end < run.end;
            bool reshape = false;
            if (cut_start && !safe_to_cut(glyphs, rtl, piece.start)) reshape = true;
            if (cut_end && !safe_to_cut(glyphs, rtl, piece.end)) reshape = true;
            const bool no_context = cut_end_without_context && piece.end == b && b < n;
            if (no_context) reshape = true;
            if (reshape) {
                // A new buffer may move the others (as vectors: their glyphs stay where they are).
                if (s_.reshaped.size() <= reshaped) s_.reshaped.emplace_back();
                std::vector<ShapedGlyph>& buf = s_.reshaped[reshaped++];
                shape_run(p_.cps.data(), n, piece.start, piece.end, *piece.face, piece.script, rtl,
                          p_.lang, !no_context, buf, c_.shape_buffer);
                if (c_.stats) ++c_.stats->runs_reshaped;
                piece.glyphs = buf.data();
                piece.glyph_count = uint32_t(buf.size());
            } else {
                auto [lo, hi] = glyph_range(glyphs.data(), glyphs.size(), rtl, piece.start, piece.end);
                piece.glyphs = glyphs.data() + lo;
                piece.glyph_count = uint32_t(hi - lo);
            }
            out.push_back(piece);
        }
    }

    // Width of the current pieces, in em.
    double width_em() const {
        double w = 0;
        for (const LinePiece& pc : s_.pieces)
            for (uint32_t i = 0; i < pc.glyph_count; ++i) w += double(pc.glyphs[i].x_advance) / pc.face->upem;
        return w;
    }

    // Width of [a, b) without trailing spaces, in em, from the paragraph's shaping.
    double trimmed_em(uint32_t a, uint32_t b) const {
        while (b > a && is_trailing_space(p_.cps[b - 1])) --b;
        return p_.prefix_em[b] - p_.prefix_em[a];
    }

    // The line from the current pieces (and the ellipsis, if any).
    // last_in_paragraph: also a line ended by a forced break (FF, VT, U+2028): not justified.
    Line finish(uint32_t a, uint32_t b, const LinePiece* ellipsis, bool last_in_paragraph);

private:
    const ShapedParagraph& p_;
    const LineContext& c_;
    LineScratch& s_;
};

Line LineBuilder::finish(uint32_t a, uint32_t b, const LinePiece* ellipsis, bool last_in_paragraph) {
    const float px = c_.size_px;
    Line line;
    line.start = c_.byte_offset[a];
    line.end = c_.byte_offset[b];
    line.rtl = p_.base_level & 1;
    line.ellipsized = ellipsis != nullptr;

    // L1 + L2 on the line's characters (an ellipsis line reorders only what it keeps).
    uint32_t kept_end = b;
    if (ellipsis) {
        kept_end = a;
        for (const LinePiece& pc : s_.pieces) kept_end = std::max(kept_end, pc.end);
    }
    const size_t len = kept_end - a;
    std::vector<LinePiece>& placed = s_.placed;
    placed.clear();
    const uint8_t* para_levels = p_.levels.data() + a;
    if (std::all_of(para_levels, para_levels + len, [&](uint8_t l) { return l == p_.base_level; })) {
        // Everything at the paragraph level (most lines): L1 changes nothing and L2 reverses
        // all of the line or nothing, so the pieces are in visual order as they are, or reversed.
        placed.assign(s_.pieces.begin(), s_.pieces.end());
        if (p_.base_level & 1) std::reverse(placed.begin(), placed.end());
    } else {
        std::vector<uint8_t>& lv = s_.levels;
        lv.assign(para_levels, para_levels + len);
        reorder_line(p_.bidi_types.data() + a, len, p_.base_level, lv, s_.visual_to_logical);
        std::vector<uint32_t>& visual_of = s_.visual_of;
        visual_of.resize(len);
        for (uint32_t v = 0; v < len; ++v) visual_of[s_.visual_to_logical[v]] = v;

        // Split pieces where L1 changed the level (trailing whitespace), keep visual keys.
        for (const LinePiece& pc : s_.pieces) {
            uint32_t s = pc.start;
            while (s < pc.end) {
                uint32_t e = s + 1;
                while (e < pc.end && lv[e - a] == lv[s - a]) ++e;
                LinePiece part = pc;
                part.start = s;
                part.end = e;
                part.level = lv[s - a];
                if (s != pc.start || e != pc.end) {
                    auto [lo, hi] = glyph_range(pc.glyphs, pc.glyph_count, pc.level & 1, s, e);
                    part.glyphs = pc.glyphs + lo;
                    part.glyph_count = uint32_t(hi - lo);
                }
                part.visual_key = UINT32_MAX;
                for (uint32_t i = s; i < e; ++i) part.visual_key = std::min(part.visual_key, visual_of[i - a]);
                placed.push_back(part);
                s = e;
            }
        }
        // Keys are distinct (each is the visual position of one of the part's own characters),
        // so std::sort orders as a stable sort would, without the buffer stable_sort allocates.
        std::sort(placed.begin(), placed.end(),
                  [](const LinePiece& x, const LinePiece& y) { return x.visual_key < y.visual_key; });
    }
    if (ellipsis) {  // at the paragraph level and logically last: the visual end of the line
        if (line.rtl) placed.insert(placed.begin(), *ellipsis);
        else placed.push_back(*ellipsis);
    }

    // Trailing spaces (logical end, now at the paragraph level) do not count in the width.
    uint32_t content_end = kept_end;
    if (!ellipsis)
        while (content_end > a && is_trailing_space(p_.cps[content_end - 1])) --content_end;

    float pen = 0, trailing = 0;
    float ascent = 0, descent = 0, gap = 0;
    line.runs.reserve(placed.size());
    for (const LinePiece& pc : placed) {
        GlyphRun& run = line.runs.emplace_back();
        run.face = pc.face;
        run.script = pc.script;
        run.level = pc.level;
        run.x = pen;
        const float scale = px / float(pc.face->upem);
        ascent = std::max(ascent, pc.face->ascender * px);
        descent = std::max(descent, pc.face->descender * px);
        gap = std::max(gap, pc.face->line_gap * px);
        const bool is_ellipsis = pc.start == UINT32_MAX;
        run.glyphs.resize(pc.glyph_count);
        for (uint32_t i = 0; i < pc.glyph_count; ++i) {
            const ShapedGlyph& sg = pc.glyphs[i];
            Glyph& g = run.glyphs[i];
            g.id = sg.id;
            g.cluster = is_ellipsis ? c_.byte_offset[kept_end] : c_.byte_offset[std::min(sg.cluster, b)];
            g.x = pen + float(sg.x_offset) * scale;
            g.y = -float(sg.y_offset) * scale;
            g.advance = float(sg.x_advance) * scale;
            const bool trailing_space = !is_ellipsis && sg.cluster >= content_end;
            if (trailing_space) trailing += g.advance;
            pen += g.advance;
        }
        run.width = pen - run.x;
    }
    line.width = pen - trailing;
    // Justification (kashida, then spaces) on every line but a paragraph's last: justify.cpp.
    if (c_.style->align == Align::Justify && !last_in_paragraph && !ellipsis && c_.max_width > 0)
        justify_line(p_, placed, a, content_end, px, c_.max_width, c_.shape_buffer, line);
    // In a right-to-left line the trailing spaces sit at the left: shift them out of the box.
    if (line.rtl && trailing > 0) {
        for (GlyphRun& run : line.runs) {
            run.x -= trailing;
            for (Glyph& g : run.glyphs) g.x -= trailing;
        }
    }
    if (line.runs.empty() && p_.primary) {  // an empty line still has the font's height
        ascent = p_.primary->ascender * px;
        descent = p_.primary->descender * px;
        gap = p_.primary->line_gap * px;
    }
    line.ascent = ascent;
    line.descent = descent;
    line.height = (ascent + descent + gap) * c_.style->line_spacing;
    return line;
}

// The ellipsis as a piece at the paragraph level, in the first font that has U+2026 (else the
// chain's first, which draws a box); its glyphs go to `glyphs`.
void make_ellipsis(const ShapedParagraph& p, const LineContext& c, uint32_t script, LinePiece& out,
                   std::vector<ShapedGlyph>& glyphs) {
    const char32_t kEllipsis[1] = {0x2026};
    const auto& chain = c.fonts->chain(p.role, script, p.lang);
    const Face* face = nullptr;
    for (const Face* f : chain)
        if (f->has(0x2026)) { face = f; break; }
    if (!face) face = chain.front();  // chains are never empty
    out.start = out.end = UINT32_MAX;  // marks the ellipsis
    out.face = face;
    out.script = script;
    out.level = p.base_level;
    shape_run(kEllipsis, 1, 0, 1, *face, script, p.base_level & 1, p.lang, true, glyphs, c.shape_buffer);
    out.glyphs = glyphs.data();
    out.glyph_count = uint32_t(glyphs.size());
}

}  // namespace

bool break_lines(const ShapedParagraph& p, const LineContext& c, std::vector<Line>& out) {
    const uint32_t n = uint32_t(p.cps.size());
    LineScratch own_scratch;
    LineScratch& scratch = c.scratch ? *c.scratch : own_scratch;
    LineBuilder builder(p, c, scratch);
    const double width_em = c.max_width > 0 ? double(c.max_width) / c.size_px : 0;
    int lines_done = 0;
    uint32_t a = 0;
    if (n == 0) {
        builder.pieces(0, 0, false);  // none
        out.push_back(builder.finish(0, 0, nullptr, true));
        return false;
    }
    while (a < n) {
        // Greedy: the last opportunity whose line (trailing spaces excluded) still fits.
        uint32_t end = 0;
        bool mandatory = false;
        uint32_t emergency = 0;  // last grapheme start that fits, for words longer than a line
        uint32_t content = a;  // end of [a, i) without its trailing spaces
        for (uint32_t i = a + 1; i <= n; ++i) {
            if (!is_trailing_space(p.cps[i - 1])) content = i;
            const bool opportunity = i == n || p.breaks[i] != Break::None;
            if (!opportunity && width_em <= 0) continue;
            const bool fits = width_em <= 0 || p.prefix_em[content] - p.prefix_em[a] <= width_em + 1e-6;
            if (!fits) break;
            if (p.grapheme_starts[i]) emergency = i;
            if (opportunity) {
                end = i;
                if (i < n && p.breaks[i] == Break::Mandatory) { mandatory = true; break; }
            }
        }
        if (end == 0) {  // not even one word fits: cut between graphemes, at least one per line
            end = emergency;
            if (end == 0) {
                end = a + 1;
                while (end < n && !p.grapheme_starts[end]) ++end;
            }
        }
        const bool last_allowed = c.max_lines > 0 && lines_done + 1 == c.max_lines;
        const bool more = end < n || c.more_text_after;
        if (last_allowed && more) {
            // Ellipsis: drop whole clusters from the logical end until text + "…" fits.
            LinePiece ellipsis;
            const uint32_t script = p.scripts[end - 1];
            make_ellipsis(p, c, script, ellipsis, scratch.ellipsis);
            double ell_em = 0;
            for (const ShapedGlyph& g : scratch.ellipsis) ell_em += double(g.x_advance) / ellipsis.face->upem;
            // Prefer ending on a whole word ("… في ختام…" rather than "… ال…") unless that
            // would leave the line less than half full; then cut between graphemes.
            uint32_t cut = a, cut_word = a;
            for (uint32_t i = a + 1; i <= n; ++i) {
                if (!p.grapheme_starts[i]) continue;
                if (width_em > 0 && builder.trimmed_em(a, i) + ell_em > width_em + 1e-6) break;
                cut = i;
                // A word ends at a break opportunity, or at a space (before a spaced dash, which
                // keep_dashes_attached does not let start a line, the ellipsis may still come).
                if (i == n || p.breaks[i] != Break::None || is_trailing_space(p.cps[i - 1])) cut_word = i;
                if (width_em <= 0 && i >= end) break;
            }
            if (cut_word > a && (width_em <= 0 || builder.trimmed_em(a, cut_word) >= 0.5 * width_em)) cut = cut_word;
            while (cut > a && is_trailing_space(p.cps[cut - 1])) --cut;
            builder.pieces(a, cut, true);
            // The letter before the cut takes its final form and may grow: drop more clusters.
            for (int attempt = 0; attempt < 64 && width_em > 0 && cut > a &&
                                  builder.width_em() + ell_em > width_em + 1e-6;
                 ++attempt) {
                --cut;
                while (cut > a && !p.grapheme_starts[cut]) --cut;
                while (cut > a && is_trailing_space(p.cps[cut - 1])) --cut;
                builder.pieces(a, cut, true);
            }
            out.push_back(builder.finish(a, cut, &ellipsis, false));
            return true;
        }
        builder.pieces(a, end, false);
        // A reshaped line edge may be wider than the estimate: retry at earlier opportunities.
        for (int attempt = 0; attempt < 4 && width_em > 0 && !mandatory; ++attempt) {
            double trailing = 0;
            uint32_t t = end;
            while (t > a && is_trailing_space(p.cps[t - 1])) --t;
            trailing = p.prefix_em[end] - p.prefix_em[t];
            if (builder.width_em() - trailing <= width_em + 1e-6) break;
            uint32_t earlier = 0;
            for (uint32_t i = end - 1; i > a; --i)
                if (p.breaks[i] != Break::None) { earlier = i; break; }
            if (earlier == 0) break;
            end = earlier;
            builder.pieces(a, end, false);
        }
        // A line a forced break ends is not stretched to the margin either (as CSS's justify).
        out.push_back(builder.finish(a, end, nullptr, end >= n || mandatory));
        ++lines_done;
        a = end;
    }
    return false;
}

}  // namespace majlis::text
