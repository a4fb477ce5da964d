// UTF-8, one way for all of majlis: ICU's macros (U8_NEXT_OR_FFFD, U8_APPEND_UNSAFE), which
// follow the Unicode standard's advice for ill-formed text (one U+FFFD per maximal subpart of
// an ill-formed sequence: overlong forms, encoded surrogates, stray continuation bytes,
// truncated sequences, values past U+10FFFF).
//
// Header-only (the macros need no ICU library), so that the content model, which does not link
// the text engine, walks text exactly as the engine does: decode_utf8 (text.h) is a loop of
// next_code_point; the loader's validation, error columns and quoting are too.
#pragma once

#include <unicode/utf8.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace majlis::text {

// The code point starting at byte `i` of `s`; `i` moves past it. Ill-formed bytes give U+FFFD
// (one per maximal subpart) and, when `ill_formed` is given, set it to true (a U+FFFD that is
// in the text leaves it alone). `i` must be < s.size().
inline char32_t next_code_point(std::string_view s, size_t& i, bool* ill_formed = nullptr) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    UChar32 c;
    U8_NEXT(p, i, s.size(), c);
    if (c >= 0) return char32_t(c);
    if (ill_formed) *ill_formed = true;
    return 0xFFFD;
}

// The byte offset of the first ill-formed sequence of `s`, or npos when it is all well-formed.
inline size_t find_invalid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const size_t at = i;
        bool bad = false;
        next_code_point(s, i, &bad);
        if (bad) return at;
    }
    return std::string_view::npos;
}

// How many code points `s` has (one per U+FFFD for ill-formed bytes): columns in messages.
inline size_t count_code_points(std::string_view s) {
    size_t n = 0;
    for (size_t i = 0; i < s.size(); ++n) next_code_point(s, i);
    return n;
}

// Appends `cp` encoded as UTF-8; surrogates and values past U+10FFFF become U+FFFD.
inline void append_utf8(std::string& out, char32_t cp) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    char buf[U8_MAX_LENGTH];
    int32_t n = 0;
    U8_APPEND_UNSAFE(buf, n, UChar32(cp));
    out.append(buf, size_t(n));
}

}  // namespace majlis::text
