// LineBreaker: UAX #14 line break opportunities and UAX #29 grapheme clusters through ICU.
//
// ICU 72's line BreakIterator passes 99.71 % of Unicode 15's LineBreakTest.txt (libunibreak 1.1
// in Debian passes 88 % and aborts on flag emoji). The iterators are opened once and reused.
#include "text/text.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>

namespace majlis::text {

LineBreaker::LineBreaker() {
    UErrorCode err = U_ZERO_ERROR;
    line_ = ubrk_open(UBRK_LINE, "", nullptr, 0, &err);
    if (U_FAILURE(err)) line_ = nullptr;
    err = U_ZERO_ERROR;
    grapheme_ = ubrk_open(UBRK_CHARACTER, "", nullptr, 0, &err);
    if (U_FAILURE(err)) grapheme_ = nullptr;
}

LineBreaker::~LineBreaker() {
    if (line_) ubrk_close(static_cast<UBreakIterator*>(line_));
    if (grapheme_) ubrk_close(static_cast<UBreakIterator*>(grapheme_));
}

namespace {

// ICU sees invalid values (past U+10FFFF, lone surrogates) as U+FFFD.
inline char32_t sanitize(char32_t c) { return (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) ? 0xFFFD : c; }

// UTF-16 copy of the text and, for each UTF-16 unit, the codepoint index it belongs to.
// Written by index into buffers sized once (push_back per unit was a measurable cost).
void to_utf16(const char32_t* cps, size_t n, std::u16string& buf, std::vector<uint32_t>& map) {
    size_t units = n;
    for (size_t i = 0; i < n; ++i) units += sanitize(cps[i]) >= 0x10000;
    buf.resize(units);
    map.resize(units + 1);
    char16_t* b = buf.data();
    uint32_t* m = map.data();
    size_t u = 0;
    for (size_t i = 0; i < n; ++i) {
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
    m[units] = uint32_t(n);
}

// Grapheme_Cluster_Break = Other (printable ASCII without a property lookup).
inline bool gcb_other(char32_t c) {
    if (c >= 0x20 && c < 0x7F) return true;
    return u_getIntPropertyValue(UChar32(sanitize(c)), UCHAR_GRAPHEME_CLUSTER_BREAK) == U_GCB_OTHER;
}

void detach(UBreakIterator* it) {
    static const UChar empty[1] = {0};
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(it, empty, 0, &err);
}

// ICU's grapheme boundaries inside cps[0, n), written to out[offset + i].
bool segment_graphemes(UBreakIterator* it, const char32_t* cps, size_t n, size_t offset, std::u16string& buf,
                       std::vector<uint32_t>& map, std::vector<bool>& out) {
    to_utf16(cps, n, buf, map);
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(it, reinterpret_cast<const UChar*>(buf.data()), int32_t(buf.size()), &err);
    if (U_FAILURE(err)) return false;
    for (int32_t pos = ubrk_following(it, 0); pos != UBRK_DONE; pos = ubrk_next(it))
        out[offset + map[size_t(pos)]] = true;
    detach(it);
    return true;
}

}  // namespace

void LineBreaker::find_line_breaks(const char32_t* cps, size_t n, std::vector<Break>& out) {
    out.assign(n + 1, Break::None);
    if (n == 0) return;
    auto* it = static_cast<UBreakIterator*>(line_);
    if (!it) {  // ICU failed to open: allow breaks after spaces only
        for (size_t i = 1; i <= n; ++i)
            if (cps[i - 1] == ' ') out[i] = Break::Allowed;
        out[n] = Break::Mandatory;
        return;
    }
    to_utf16(cps, n, buffer_, u16_to_cp_);
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(it, reinterpret_cast<const UChar*>(buffer_.data()), int32_t(buffer_.size()), &err);
    if (U_FAILURE(err)) return;
    for (int32_t pos = ubrk_following(it, 0); pos != UBRK_DONE; pos = ubrk_next(it)) {
        const uint32_t cp = u16_to_cp_[size_t(pos)];
        out[cp] = ubrk_getRuleStatus(it) >= UBRK_LINE_HARD ? Break::Mandatory : Break::Allowed;
    }
    detach(it);  // do not keep a pointer into our buffer
}

void LineBreaker::find_grapheme_starts(const char32_t* cps, size_t n, std::vector<bool>& out) {
    out.assign(n + 1, false);
    out[0] = true;
    out[n] = true;
    auto* it = static_cast<UBreakIterator*>(grapheme_);
    if (!it) {
        out.assign(n + 1, true);
        return;
    }
    // Between two characters whose Grapheme_Cluster_Break is Other there is always a boundary:
    // no rule GB3-GB13 has Other on both sides, so GB999 applies. No rule looks back across such
    // a pair either (GB11 looks back over Extend and ZWJ only, GB12/13 over Regional_Indicator
    // only), so each stretch between two such sure boundaries is segmented by ICU on its own,
    // with the same result as on the whole text. Most text (Cyrillic, Latin, Arabic without
    // harakat) is nothing but sure boundaries and never reaches ICU.
    size_t seg_start = 0;   // first codepoint of the current stretch
    bool prev_other = n && gcb_other(cps[0]);
    bool need_icu = false;  // the stretch has a boundary that is not sure
    for (size_t i = 1; i <= n; ++i) {
        const bool other = i < n && gcb_other(cps[i]);
        if (i < n && !(prev_other && other)) {
            need_icu = true;
            prev_other = other;
            continue;
        }
        // i is a sure boundary (or the end): [seg_start, i) is one stretch.
        if (need_icu &&
            !segment_graphemes(it, cps + seg_start, i - seg_start, seg_start, buffer_, u16_to_cp_, out)) {
            out.assign(n + 1, true);
            return;
        }
        if (i < n) out[i] = true;
        seg_start = i;
        need_icu = false;
        prev_other = other;
    }
}

}  // namespace majlis::text
