// decode_utf8, split_paragraphs: the first two stages of the pipeline.
#include "text/text.h"
#include "text/utf8.h"

namespace majlis::text {

Utf32Text decode_utf8(std::string_view s) {
    // At most one codepoint per byte: write by index into arrays of that size, trim at the end
    // (push_back per codepoint was a measurable cost).
    Utf32Text t;
    const size_t n = s.size();
    t.cps.resize(n);
    t.byte_offset.resize(n + 1);
    size_t count = 0;
    for (size_t i = 0; i < n; ++count) {
        t.byte_offset[count] = uint32_t(i);
        t.cps[count] = next_code_point(s, i);
    }
    t.byte_offset[count] = uint32_t(n);
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
