// decode_utf8, split_paragraphs: the first two stages of the pipeline.
#include "text/text.h"

namespace majlis::text {

// Decodes with the "maximal subpart" policy (Unicode ch. 3, U+FFFD substitution): each invalid
// sequence yields one U+FFFD and decoding resumes at the first byte that cannot continue it.
Utf32Text decode_utf8(std::string_view s) {
    // At most one codepoint per byte: write by index into arrays of that size, trim at the end
    // (push_back per codepoint was a measurable cost).
    Utf32Text t;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    t.cps.resize(n);
    t.byte_offset.resize(n + 1);
    char32_t* cps = t.cps.data();
    uint32_t* offsets = t.byte_offset.data();
    size_t count = 0;
    size_t i = 0;
    while (i < n) {
        const unsigned char b = p[i];
        offsets[count] = uint32_t(i);
        if (b < 0x80) {
            cps[count++] = b;
            ++i;
            continue;
        }
        if (b >= 0xC2 && b <= 0xDF && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {  // Arabic, Cyrillic
            cps[count++] = char32_t(b & 0x1F) << 6 | (p[i + 1] & 0x3F);
            i += 2;
            continue;
        }
        int need = 0;
        char32_t cp = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (b >= 0xC2 && b <= 0xDF) { need = 1; cp = b & 0x1F; }
        else if (b >= 0xE0 && b <= 0xEF) {
            need = 2; cp = b & 0x0F;
            if (b == 0xE0) lo = 0xA0;        // no overlong forms
            if (b == 0xED) hi = 0x9F;        // no encoded surrogates
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3; cp = b & 0x07;
            if (b == 0xF0) lo = 0x90;
            if (b == 0xF4) hi = 0x8F;        // nothing past U+10FFFF
        } else {
            cps[count++] = 0xFFFD;           // stray continuation byte or invalid lead
            ++i;
            continue;
        }
        size_t j = i + 1;
        bool ok = true;
        for (int k = 0; k < need; ++k, ++j) {
            if (j >= n) { ok = false; break; }
            const unsigned char c = p[j];
            const unsigned char l = (k == 0) ? lo : 0x80, h = (k == 0) ? hi : 0xBF;
            if (c < l || c > h) { ok = false; break; }
            cp = (cp << 6) | (c & 0x3F);
        }
        cps[count++] = ok ? cp : 0xFFFD;
        i = j;  // on failure j is the first byte that could not continue the sequence
    }
    offsets[count] = uint32_t(n);
    t.cps.resize(count);
    t.byte_offset.resize(count + 1);
    return t;
}

// Paragraph separators are the characters of bidi class B. CR LF counts as one separator.
std::vector<ParagraphSpan> split_paragraphs(const std::vector<char32_t>& cps) {
    std::vector<ParagraphSpan> out;
    const uint32_t n = uint32_t(cps.size());
    uint32_t start = 0;
    for (uint32_t i = 0; i < n; ++i) {
        const char32_t c = cps[i];
        if (c >= 0x20 && c != 0x85 && c != 0x2029) continue;  // most characters
        if (c == '\n' || c == '\r' || c == 0x1C || c == 0x1D || c == 0x1E || c == 0x85 ||
            c == 0x2029) {
            out.push_back({start, i});
            if (c == '\r' && i + 1 < n && cps[i + 1] == '\n') ++i;
            start = i + 1;
        }
    }
    if (start < n || out.empty()) out.push_back({start, n});
    return out;
}

}  // namespace majlis::text
