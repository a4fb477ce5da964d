// LineBreaker: UAX #14 line break opportunities and UAX #29 grapheme clusters through ICU.
//
// ICU 72's line BreakIterator passes 99.71 % of Unicode 15's LineBreakTest.txt (libunibreak 1.1
// in Debian passes 88 % and aborts on flag emoji). The iterators are opened once and reused.
// The engine's breaks (find_breaks) are UAX #14's with one tailoring for titles and dates,
// keep_dashes_attached; find_line_breaks is UAX #14 alone (the conformance test's).
#include "text/text_internal.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include <algorithm>

namespace majlis::text {

LineBreaker::LineBreaker() {
    UErrorCode err = U_ZERO_ERROR;
    line_ = ubrk_open(UBRK_LINE, "", nullptr, 0, &err);
    if (U_FAILURE(err)) line_ = nullptr;
    err = U_ZERO_ERROR;
    grapheme_ = ubrk_open(UBRK_CHARACTER, "", nullptr, 0, &err);
    if (U_FAILURE(err)) grapheme_ = nullptr;
    for (GcbMemo& m : gcb_memo_) m = {0xFFFFFFFF, 0};  // matches no character
}

LineBreaker::~LineBreaker() {
    if (line_) ubrk_close(line_);
    if (grapheme_) ubrk_close(grapheme_);
}

namespace {

// ICU sees invalid values (past U+10FFFF, lone surrogates) as U+FFFD.
inline char32_t sanitize(char32_t c) { return (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) ? 0xFFFD : c; }

void detach(UBreakIterator* it) {
    static const UChar empty[1] = {0};
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(it, empty, 0, &err);
}

// Grapheme_Cluster_Break classes as far as graphemes_of_buffer needs them.
enum GraphemeClass : uint8_t {
    kGcbOther,    // Other: a boundary before it, after an Other or an Extend, is sure (GB999)
    kGcbExtend,   // Extend: never a boundary before it after an Other or an Extend (GB9)
    kGcbComplex,  // anything else: ICU decides
};

}  // namespace

// UTF-16 copy of the text into buffer_ and, only when the text has characters outside the BMP
// (else UTF-16 index = codepoint index), the codepoint index of each UTF-16 unit in u16_to_cp_.
// Written by index into buffers sized once (push_back per unit was a measurable cost).
void LineBreaker::to_utf16(const char32_t* cps, size_t n) {
    buffer_.resize(n);
    char16_t* b = buffer_.data();
    size_t i = 0;
    for (; i < n; ++i) {
        const char32_t c = sanitize(cps[i]);
        if (c >= 0x10000) break;
        b[i] = char16_t(c);
    }
    bmp_only_ = i == n;
    if (bmp_only_) return;
    // Characters outside the BMP: the rest takes up to two units each, and the map is needed.
    buffer_.resize(i + 2 * (n - i));
    u16_to_cp_.resize(buffer_.size() + 1);
    b = buffer_.data();
    uint32_t* m = u16_to_cp_.data();
    for (size_t k = 0; k < i; ++k) m[k] = uint32_t(k);
    size_t u = i;
    for (; i < n; ++i) {
        const char32_t c = sanitize(cps[i]);
        if (c >= 0x10000) {
            b[u] = char16_t(U16_LEAD(c));
            b[u + 1] = char16_t(U16_TRAIL(c));
            m[u] = m[u + 1] = uint32_t(i);
            u += 2;
        } else {
            b[u] = char16_t(c);
            m[u] = uint32_t(i);
            ++u;
        }
    }
    buffer_.resize(u);
    m[u] = uint32_t(n);
}

// Codepoint index of a UTF-16 index of buffer_.
inline uint32_t LineBreaker::cp_of(int32_t u16) const { return bmp_only_ ? uint32_t(u16) : u16_to_cp_[size_t(u16)]; }

uint8_t LineBreaker::grapheme_class(char32_t c) {
    if (c >= 0x20 && c < 0x7F) return kGcbOther;  // printable ASCII without a property lookup
    c = sanitize(c);
    // Letters repeat: remember the class of the last character seen in each of 256 slots.
    GcbMemo& m = gcb_memo_[c & 0xFF];
    if (m.cp == c) return m.cls;
    const int32_t gcb = u_getIntPropertyValue(UChar32(c), UCHAR_GRAPHEME_CLUSTER_BREAK);
    const uint8_t cls = gcb == U_GCB_OTHER ? kGcbOther : gcb == U_GCB_EXTEND ? kGcbExtend : kGcbComplex;
    m = {c, cls};
    return cls;
}

// Line break opportunities of buffer_ (the n codepoints converted by to_utf16).
void LineBreaker::line_breaks_of_buffer(const char32_t* cps, size_t n, std::vector<Break>& out) {
    out.assign(n + 1, Break::None);
    if (n == 0) return;
    auto* it = line_;
    if (!it) {  // ICU failed to open: allow breaks after spaces only
        for (size_t i = 1; i <= n; ++i)
            if (cps[i - 1] == ' ') out[i] = Break::Allowed;
        out[n] = Break::Mandatory;
        return;
    }
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(it, reinterpret_cast<const UChar*>(buffer_.data()), int32_t(buffer_.size()), &err);
    if (U_FAILURE(err)) return;
    for (int32_t pos = ubrk_following(it, 0); pos != UBRK_DONE; pos = ubrk_next(it))
        out[cp_of(pos)] = ubrk_getRuleStatus(it) >= UBRK_LINE_HARD ? Break::Mandatory : Break::Allowed;
    detach(it);  // do not keep a pointer into our buffer
}

// Grapheme cluster starts of the n codepoints converted by to_utf16 into out[0, n] (1 = start).
//
// Between two characters whose Grapheme_Cluster_Break is Other or Extend the answer needs no
// rule with more context: a boundary before an Other (GB999: no rule GB3-GB13 has Other or
// Extend on the left and Other on the right), none before an Extend (GB9). No rule looks back
// across an Other either (GB11 looks back over Extend and ZWJ only, GB12/13 over
// Regional_Indicator only), so each stretch between two such sure boundaries can be segmented
// by ICU on its own, with the same result as on the whole text, and a stretch of Others and
// Extends needs no ICU at all: most text (Cyrillic, Latin, Arabic with or without harakat).
bool LineBreaker::graphemes_of_buffer(const char32_t* cps, size_t n, uint8_t* out) {
    auto* it = grapheme_;
    if (!it) return false;
    // Only Others and Extends (most text): a cluster starts at every Other, and that is all.
    bool complex = false;
    for (size_t i = 0; i < n; ++i) {
        const uint8_t cls = grapheme_class(cps[i]);
        out[i] = cls == kGcbOther;
        complex |= cls == kGcbComplex;
    }
    out[0] = out[n] = 1;
    if (!complex) return true;
    // Otherwise stretch by stretch.
    std::fill(out, out + n + 1, uint8_t(0));
    out[0] = out[n] = 1;
    size_t u = 0;              // UTF-16 index of codepoint i (advanced at the top of the loop)
    size_t seg_u = 0;          // UTF-16 index of the first codepoint of the current stretch
    uint8_t prev = n ? grapheme_class(cps[0]) : uint8_t(kGcbOther);
    bool need_icu = false;     // the stretch has a boundary that is not sure
    for (size_t i = 1; i <= n; ++i) {
        u += bmp_only_ || sanitize(cps[i - 1]) < 0x10000 ? 1 : 2;  // now the index of codepoint i
        const uint8_t cls = i < n ? grapheme_class(cps[i]) : uint8_t(kGcbOther);
        const bool simple = prev != kGcbComplex && cls != kGcbComplex;
        prev = cls;
        if (i < n && !(simple && cls == kGcbOther)) {
            need_icu |= !simple;
            continue;
        }
        // i is a sure boundary (or the end): the stretch before it is done.
        if (need_icu) {
            UErrorCode err = U_ZERO_ERROR;
            ubrk_setText(it, reinterpret_cast<const UChar*>(buffer_.data() + seg_u), int32_t(u - seg_u), &err);
            if (U_FAILURE(err)) return false;
            for (int32_t pos = ubrk_following(it, 0); pos != UBRK_DONE; pos = ubrk_next(it))
                out[cp_of(int32_t(seg_u) + pos)] = 1;
            detach(it);
        }
        if (i < n) out[i] = 1;
        seg_u = u;
        need_icu = false;
    }
    return true;
}

void LineBreaker::find_line_breaks(const char32_t* cps, size_t n, std::vector<Break>& out) {
    if (line_) to_utf16(cps, n);
    line_breaks_of_buffer(cps, n, out);
}

void LineBreaker::find_grapheme_starts(const char32_t* cps, size_t n, std::vector<bool>& out) {
    std::vector<uint8_t> starts(n + 1);
    to_utf16(cps, n);
    if (!graphemes_of_buffer(cps, n, starts.data())) starts.assign(n + 1, 1);
    out.assign(starts.begin(), starts.end());
}

void keep_dashes_attached(const char32_t* cps, size_t n, std::vector<Break>& breaks) {
    auto lb = [](char32_t c) { return u_getIntPropertyValue(UChar32(sanitize(c)), UCHAR_LINE_BREAK); };
    for (size_t i = 0; i < n; ++i) {
        if (u_charType(UChar32(sanitize(cps[i]))) != U_DASH_PUNCTUATION) continue;
        const int32_t cls = lb(cps[i]);
        if (cls != U_LB_BREAK_AFTER && cls != U_LB_BREAK_BOTH) continue;  // en, em, figure dash...
        // A spaced dash ends its line: no break between the space and the dash.
        if (i > 0 && lb(cps[i - 1]) == U_LB_SPACE && breaks[i] == Break::Allowed) breaks[i] = Break::None;
        // A number range stays whole: no break after a dash between digits.
        if (i > 0 && i + 1 < n && lb(cps[i - 1]) == U_LB_NUMERIC && lb(cps[i + 1]) == U_LB_NUMERIC &&
            breaks[i + 1] == Break::Allowed)
            breaks[i + 1] = Break::None;
    }
}

void LineBreaker::find_breaks(const char32_t* cps, size_t n, std::vector<Break>& line_breaks,
                              std::vector<uint8_t>& grapheme_starts) {
    to_utf16(cps, n);
    line_breaks_of_buffer(cps, n, line_breaks);
    keep_dashes_attached(cps, n, line_breaks);
    grapheme_starts.resize(n + 1);
    if (!graphemes_of_buffer(cps, n, grapheme_starts.data())) grapheme_starts.assign(n + 1, 1);
}

}  // namespace majlis::text
