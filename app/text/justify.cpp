// justify_line: Align::Justify for one line. Arabic is stretched the way it is set in print,
// by lengthening the joins between letters with kashida (tatweel, U+0640); what kashida cannot
// take goes to the inter-word spaces, as in any other script.
//
// Where (find_kashida_sites): one site per word, the join the tradition prefers, by the
// priorities of the "big kashida secret" (Khatt Foundation; the rules Internet Explorer 5.5 and
// LibreOffice use, and that W3C's Arabic & Persian Layout Requirements describe). In each word
// the join with the best priority wins; of equal ones, the one nearest the end of the word:
//   1  after a tatweel the author typed                      كتـاب
//   2  after an initial or medial Seen or Sad (any letter)    مسـجد، فصـل
//   3  before a final Teh Marbuta, Heh or Dal                 مدرسـة، وجـه، مسجـد
//   4  before a final Alef, Tah, Lam, Kaf or Gaf              كتـاب، خيـط، جميـل
//   5  before a medial Beh-like letter followed by Reh/Yeh    كـبير، تـبر
//   6  before a final Waw, Ain, Qaf or Feh                    نحـو، شمـع
//   7  before any other final letter, or a Reh                قلـم، فكـر
// Never: between letters that do not join (after ا د ذ ر ز و, at a ZWNJ, at a word's edge),
// inside lam-alef, before a final Yeh (unless after Seen/Sad), on a paragraph's last line
// (break_lines does not call us there). Letters are classified by Unicode's Joining_Type and
// Joining_Group (ICU), so Persian and Urdu letters fall into their families.
//
// Safe (the HarfBuzz side): a site is used only where HarfBuzz flagged the letter after the join
// HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL, i.e. where a tatweel typed there would leave every other
// glyph as it is. That lets us insert tatweel *glyphs* into the shaped line instead of inserting
// U+0640 into the text and shaping again: the result is the same glyphs, without reshaping a
// line per try, and without Amiri's rule that turns a tatweel added after layout into a blank.
// Where a font forms the pair contextually (Amiri's بسم, بحر), or the letters are a ligature,
// HarfBuzz leaves the flag off and we do not stretch there. The tatweel glyph is the font's own,
// shaped between two Behs (its medial form: Amiri has a separate one), and is drawn at the
// baseline; a join whose letters are raised (cursive attachment) is left alone.
//
// How much: the gap is filled with whole tatweels, one site at a time in priority order, round
// after round (so the stretch spreads over the words before any word gets a second one), up to
// kMaxKashidaEm per site. The rest (less than one tatweel, or what the limit refuses) widens the
// inter-word spaces. A line without spaces puts the rest into its kashidas too: the tatweels of
// a site then overlap a little, which the eye does not see (they are one bar on the baseline);
// a rest of more than a tatweel at each site leaves such a line at its natural width. Neither is
// a line stretched that a forced break (FF, VT, U+2028) ends: only lines the width broke.
// No font installed here has `jalt` alternates or a JSTF table (Noto Naskh/Sans/Kufi Arabic,
// Amiri, Noto Nastaliq Urdu; checked with hb_ot_layout_table_get_feature_tags), so none are used.
#include "text/text_internal.h"

#include <hb.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>

namespace majlis::text {

namespace {

constexpr float kMaxKashidaEm = 0.7f;  // most kashida at one site: three tatweels of Noto Naskh

// Spaces that justification may widen.
bool is_word_space(char32_t c) { return c == ' ' || c == 0x00A0 || c == 0x3000; }
// What separates words for kashida (one site per word): those spaces and any other white space.
bool ends_word(char32_t c) { return is_word_space(c) || u_isUWhiteSpace(UChar32(c)); }

int joining_type(char32_t c) { return u_getIntPropertyValue(UChar32(c), UCHAR_JOINING_TYPE); }
int joining_group(char32_t c) { return u_getIntPropertyValue(UChar32(c), UCHAR_JOINING_GROUP); }

// Joins the letter after it (logical order) / the letter before it.
bool joins_after(char32_t c) {
    const int t = joining_type(c);
    return t == U_JT_DUAL_JOINING || t == U_JT_JOIN_CAUSING || t == U_JT_LEFT_JOINING;
}
bool joins_before(char32_t c) {
    const int t = joining_type(c);
    return t == U_JT_DUAL_JOINING || t == U_JT_JOIN_CAUSING || t == U_JT_RIGHT_JOINING;
}

bool in_group(char32_t c, std::initializer_list<int> groups) {
    const int g = joining_group(c);
    return std::find(groups.begin(), groups.end(), g) != groups.end();
}
bool is_yeh_like(char32_t c) {
    return in_group(c, {U_JG_YEH, U_JG_FARSI_YEH, U_JG_YEH_BARREE, U_JG_BURUSHASKI_YEH_BARREE, U_JG_YEH_WITH_TAIL});
}
bool is_beh_like(char32_t c) {  // letters shaped like Beh in their medial form
    return in_group(c, {U_JG_BEH, U_JG_NOON, U_JG_AFRICAN_NOON, U_JG_NYA, U_JG_YEH, U_JG_FARSI_YEH,
                        U_JG_BURUSHASKI_YEH_BARREE});
}

// Priority (1 best .. 7) of the join between `prev` and `cur` (two letters that join), or 0
// for none. `next` is the letter after `cur` (0: none); `cur_final`: cur joins nothing after it.
int site_priority(char32_t prev, char32_t cur, char32_t next, bool cur_final) {
    if (prev == 0x0640) return 1;
    if (in_group(prev, {U_JG_SEEN, U_JG_SAD})) return 2;
    if (cur_final && is_yeh_like(cur)) return 0;  // ـي stretched reads badly (LibreOffice tdf#65344)
    if (cur_final && in_group(cur, {U_JG_TEH_MARBUTA, U_JG_TEH_MARBUTA_GOAL, U_JG_HEH, U_JG_DAL})) return 3;
    if (cur_final && in_group(cur, {U_JG_ALEF, U_JG_TAH, U_JG_LAM, U_JG_KAF, U_JG_GAF})) return 4;
    if (!cur_final && is_beh_like(cur) && next && (in_group(next, {U_JG_REH}) || is_yeh_like(next))) return 5;
    if (cur_final && in_group(cur, {U_JG_WAW, U_JG_AIN, U_JG_QAF, U_JG_AFRICAN_QAF, U_JG_FEH, U_JG_AFRICAN_FEH}))
        return 6;
    if (cur_final || in_group(cur, {U_JG_REH})) return 7;
    return 0;
}

// The font's medial tatweel: its glyph and advance (font units), or id 0 when it has none.
ShapedGlyph tatweel_of(const Face& face, std::string_view lang, ShapeBuffer* buffer) {
    if (!face.has(0x0640)) return {};
    static const char32_t kBehTatweelBeh[3] = {0x0628, 0x0640, 0x0628};
    std::vector<ShapedGlyph> glyphs;
    shape_run(kBehTatweelBeh, 3, 1, 2, face, HB_SCRIPT_ARABIC, true, lang, true, glyphs, buffer);
    if (glyphs.size() != 1 || glyphs[0].id == 0 || glyphs[0].x_advance <= 0) return {};
    return glyphs[0];
}

// A site placed in the line: which run, the glyph it goes before (visual order) and its tatweel.
struct PlacedSite {
    uint8_t priority = 0;
    size_t run = 0;
    uint32_t glyph = 0;      // index in the run where the tatweels go (they come before it)
    uint32_t cluster = 0;    // the tatweels' cluster: the letter before the join (bytes)
    uint32_t tatweel = 0;    // glyph id
    float tatweel_px = 0;    // its advance
    float width = 0;         // px given to this site
};

}  // namespace

void find_kashida_sites(const char32_t* cps, size_t n, const uint8_t* allowed, std::vector<KashidaSite>& out) {
    out.clear();
    size_t i = 0;
    while (i < n) {
        while (i < n && ends_word(cps[i])) ++i;
        size_t end = i;
        while (end < n && !ends_word(cps[end])) ++end;
        // The word's letters, marks (Joining_Type T) skipped: they ride on their letter.
        KashidaSite best;
        uint32_t prev = UINT32_MAX;
        for (size_t k = i; k < end; ++k) {
            if (joining_type(cps[k]) == U_JT_TRANSPARENT) continue;
            if (prev != UINT32_MAX) {
                const char32_t p = cps[prev], c = cps[k];
                size_t nk = k + 1;  // the next letter, for "final" and rule 5
                while (nk < end && joining_type(cps[nk]) == U_JT_TRANSPARENT) ++nk;
                const char32_t next = nk < end ? cps[nk] : 0;
                const bool lam_alef = joining_group(p) == U_JG_LAM && joining_group(c) == U_JG_ALEF;
                const bool final = !(joins_after(c) && next && joins_before(next));
                if (joins_after(p) && joins_before(c) && !lam_alef && (!allowed || allowed[k])) {
                    const int priority = site_priority(p, c, next, final);
                    if (priority && (best.priority == 0 || priority <= best.priority))
                        best = {uint32_t(k), uint8_t(priority)};
                }
            }
            prev = uint32_t(k);
        }
        if (best.priority) out.push_back(best);
        i = end;
    }
}

void justify_line(const ShapedParagraph& p, const std::vector<LinePiece>& placed, uint32_t a, uint32_t content_end,
                  float size_px, float max_width, ShapeBuffer* buffer, Line& line) {
    float gap = max_width - line.width;
    if (gap <= 0 || content_end <= a) return;

    // Kashida sites, in Arabic runs of a right-to-left paragraph only (an Arabic name in a
    // Latin paragraph keeps its letters as they are).
    std::vector<PlacedSite> sites;
    if (p.base_level & 1) {
        std::vector<uint8_t> allowed(content_end - a, 0);
        // Where each allowed join is: (run, glyph index), by the letter after the join.
        std::vector<std::pair<uint32_t, uint32_t>> where(content_end - a);
        size_t r = 0;
        for (const LinePiece& pc : placed) {
            if (!pc.face) continue;
            const size_t run = r++;
            if (pc.script != HB_SCRIPT_ARABIC || !(pc.level & 1)) continue;
            // Right to left: clusters decrease along the glyphs. A tatweel before letter c goes
            // between the last glyph of c's cluster and the first of the cluster before it.
            for (uint32_t j = 1; j < pc.glyph_count; ++j) {
                const ShapedGlyph &left = pc.glyphs[j - 1], &right = pc.glyphs[j];
                const uint32_t c = left.cluster;
                if (right.cluster >= c || c < a || c >= content_end || !left.safe_to_insert_tatweel) continue;
                if (left.y_offset != 0 || (right.x_advance != 0 && right.y_offset != 0)) continue;
                allowed[c - a] = 1;
                where[c - a] = {uint32_t(run), j};
            }
        }
        std::vector<KashidaSite> found;
        find_kashida_sites(p.cps.data() + a, content_end - a, allowed.data(), found);
        std::vector<std::pair<const Face*, ShapedGlyph>> tatweels;  // per face, shaped once
        for (const KashidaSite& k : found) {
            const auto [run, j] = where[k.before];
            const GlyphRun& gr = line.runs[run];
            auto t = std::find_if(tatweels.begin(), tatweels.end(), [&](const auto& f) { return f.first == gr.face; });
            if (t == tatweels.end()) t = tatweels.insert(t, {gr.face, tatweel_of(*gr.face, p.lang, buffer)});
            if (t->second.id == 0) continue;
            PlacedSite s;
            s.priority = k.priority;
            s.run = run;
            s.glyph = j;
            s.cluster = gr.glyphs[j].cluster;
            s.tatweel = t->second.id;
            s.tatweel_px = float(t->second.x_advance) * size_px / float(gr.face->upem);
            sites.push_back(s);
        }
    }

    // Whole tatweels, one site at a time in priority order, round after round.
    std::stable_sort(sites.begin(), sites.end(),
                     [](const PlacedSite& x, const PlacedSite& y) { return x.priority < y.priority; });
    const float limit = kMaxKashidaEm * size_px;
    for (bool more = true; more;) {
        more = false;
        for (PlacedSite& s : sites)
            if (s.tatweel_px <= gap && s.width + s.tatweel_px <= limit) {
                s.width += s.tatweel_px;
                gap -= s.tatweel_px;
                more = true;
            }
    }

    // The rest to the inter-word spaces; with none, to the kashidas already there (or the best site).
    // A space is widened once, at its own glyph (not at marks that were typed after it).
    const auto widened = [&](const LinePiece& pc, uint32_t j) {
        const ShapedGlyph& g = pc.glyphs[j];
        return g.cluster >= a && g.cluster < content_end && is_word_space(p.cps[g.cluster]) && g.x_advance > 0 &&
               (j == 0 || pc.glyphs[j - 1].cluster != g.cluster || pc.glyphs[j - 1].x_advance <= 0);
    };
    int spaces = 0;
    for (const LinePiece& pc : placed)
        if (pc.face)
            for (uint32_t j = 0; j < pc.glyph_count; ++j) spaces += widened(pc, j);
    float per_space = 0;
    if (spaces > 0) {
        per_space = gap / float(spaces);
    } else if (!sites.empty()) {
        int used = 0;
        for (const PlacedSite& s : sites) used += s.width > 0;
        // The rest is a part of a tatweel at each site in a line that justifies well. More is a
        // line of one short word before a long one: stretched to the margin it would be a bar
        // across the screen (hundreds of tatweels), so it keeps its natural width instead.
        // With no whole tatweel placed, the rest goes to the best site alone.
        const auto takes = [&](const PlacedSite& s) { return used == 0 ? &s == &sites[0] : s.width > 0; };
        const float share = gap / float(std::max(used, 1));
        for (const PlacedSite& s : sites)
            if (takes(s) && share > s.tatweel_px) return;
        for (PlacedSite& s : sites)
            if (takes(s)) s.width += share;
    } else {
        return;  // nothing to widen: the line keeps its natural width
    }

    // Rebuild the runs left to right: tatweels inserted at their sites, spaces widened, and
    // everything after moved by what was added before it.
    std::sort(sites.begin(), sites.end(), [](const PlacedSite& x, const PlacedSite& y) {
        return x.run != y.run ? x.run < y.run : x.glyph < y.glyph;
    });
    auto site = sites.begin();
    float shift = 0;
    std::vector<Glyph> glyphs;
    size_t r = 0;
    for (const LinePiece& pc : placed) {
        if (!pc.face) continue;
        const size_t run_index = r++;
        GlyphRun& run = line.runs[run_index];
        const float run_x = run.x;
        run.x += shift;
        const float start_shift = shift;
        float pen = run_x;  // where the pen was before justification
        glyphs.clear();
        for (uint32_t j = 0; j < run.glyphs.size(); ++j) {
            for (; site != sites.end() && site->run == run_index && site->glyph == j; ++site) {
                if (site->width <= 0) continue;
                // m tatweels cover the width; if it is not a whole number of them they overlap.
                const int m = std::max(1, int(std::ceil(site->width / site->tatweel_px - 1e-3f)));
                const float step = m > 1 ? (site->width - site->tatweel_px) / float(m - 1) : 0;
                for (int k = 0; k < m; ++k) {
                    Glyph& t = glyphs.emplace_back();
                    t.id = site->tatweel;
                    t.cluster = site->cluster;
                    t.x = pen + shift + float(k) * step;
                    t.advance = k + 1 < m ? step : site->width - float(m - 1) * step;
                }
                shift += site->width;
            }
            Glyph g = run.glyphs[j];
            pen += g.advance;
            g.x += shift;
            if (per_space > 0 && widened(pc, j)) {
                g.advance += per_space;
                shift += per_space;
            }
            glyphs.push_back(g);
        }
        run.glyphs.swap(glyphs);
        run.width += shift - start_shift;
    }
    line.width += shift;
}

}  // namespace majlis::text
