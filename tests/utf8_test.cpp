// The first pipeline stages: decode_utf8 (byte offsets, U+FFFD per maximal invalid subpart),
// split_paragraphs (bidi class B separators) and resolve_scripts (Common/Inherited resolution).
#include "text/text.h"
#include "text/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace majlis::text;

namespace {

constexpr char32_t kFFFD = 0xFFFD;

std::vector<char32_t> cps_of(std::u32string_view s) { return {s.begin(), s.end()}; }

size_t count_fffd(const Utf32Text& t) {
    size_t n = 0;
    for (char32_t c : t.cps) n += c == kFFFD;
    return n;
}

// Structural invariants every decode must keep, whatever the input.
void expect_well_formed(const Utf32Text& t, std::string_view input) {
    ASSERT_EQ(t.byte_offset.size(), t.cps.size() + 1);
    EXPECT_EQ(t.byte_offset.front(), 0u);
    EXPECT_EQ(t.byte_offset.back(), input.size());
    for (size_t i = 0; i + 1 < t.byte_offset.size(); ++i)
        EXPECT_LT(t.byte_offset[i], t.byte_offset[i + 1]) << "offsets strictly increase at " << i;
    for (char32_t c : t.cps) {
        EXPECT_LE(c, 0x10FFFFu);
        EXPECT_FALSE(c >= 0xD800 && c <= 0xDFFF) << "no surrogate code points";
    }
}

// hb_script_t values are ISO 15924 tags packed big-endian ('Arab' = 0x41726162).
constexpr uint32_t tag(const char (&s)[5]) {
    return (uint32_t(uint8_t(s[0])) << 24) | (uint32_t(uint8_t(s[1])) << 16) |
           (uint32_t(uint8_t(s[2])) << 8) | uint32_t(uint8_t(s[3]));
}
constexpr uint32_t kArab = tag("Arab"), kLatn = tag("Latn"), kCyrl = tag("Cyrl"),
                   kZyyy = tag("Zyyy"), kGrek = tag("Grek");

std::vector<uint32_t> scripts_of(std::u32string_view s) {
    std::vector<uint32_t> out;
    resolve_scripts(s.data(), s.size(), out);
    return out;
}

std::string script_name(uint32_t t) {
    return {char(t >> 24), char(t >> 16), char(t >> 8), char(t)};
}

// "Latn Latn Arab ..." for readable failure messages.
std::string names(const std::vector<uint32_t>& scripts) {
    std::string s;
    for (uint32_t t : scripts) s += (s.empty() ? "" : " ") + script_name(t);
    return s;
}

}  // namespace

//-----------------------------------------------------------------------------
// decode_utf8
//-----------------------------------------------------------------------------

TEST(DecodeUtf8, ValidTextKeepsByteOffsets) {
    // "Мир" (2 bytes each), space, "سلام" (2 bytes each), space, U+1F600 (4 bytes), "€" (3 bytes).
    const std::string text = "\xD0\x9C\xD0\xB8\xD1\x80 \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 "
                             "\xF0\x9F\x98\x80\xE2\x82\xAC";
    const Utf32Text t = decode_utf8(text);
    expect_well_formed(t, text);
    const std::vector<char32_t> expected = {0x041C, 0x0438, 0x0440, ' ',     0x0633, 0x0644,
                                            0x0627, 0x0645, ' ',    0x1F600, 0x20AC};
    EXPECT_EQ(t.cps, expected);
    const std::vector<uint32_t> offsets = {0, 2, 4, 6, 7, 9, 11, 13, 15, 16, 20, 23};
    EXPECT_EQ(t.byte_offset, offsets);
    EXPECT_EQ(t.byte_offset.back(), text.size());
    EXPECT_EQ(count_fffd(t), 0u);
}

TEST(DecodeUtf8, BoundariesOfTheEncodingForms) {
    // Smallest and largest of each length, U+FEFF (kept, not stripped), NUL, and U+FFFD itself.
    const std::string text = std::string("\x00", 1) + "\x7F" "\xC2\x80" "\xDF\xBF" "\xE0\xA0\x80"
                             "\xED\x9F\xBF" "\xEE\x80\x80" "\xEF\xBB\xBF" "\xEF\xBF\xBD"
                             "\xF0\x90\x80\x80" "\xF4\x8F\xBF\xBF";
    const Utf32Text t = decode_utf8(text);
    expect_well_formed(t, text);
    const std::vector<char32_t> expected = {0x0,    0x7F,   0x80,   0x7FF,   0x800,   0xD7FF,
                                            0xE000, 0xFEFF, 0xFFFD, 0x10000, 0x10FFFF};
    EXPECT_EQ(t.cps, expected);
    const std::vector<uint32_t> offsets = {0, 1, 2, 4, 6, 9, 12, 15, 18, 21, 25, 29};
    EXPECT_EQ(t.byte_offset, offsets);
}

TEST(DecodeUtf8, EmptyInput) {
    const Utf32Text t = decode_utf8("");
    EXPECT_TRUE(t.cps.empty());
    EXPECT_EQ(t.byte_offset, std::vector<uint32_t>{0});
}

// Expected U+FFFD counts follow the "maximal subpart" practice of the Unicode standard
// (chapter 3, U+FFFD substitution): a lead byte with the valid continuation bytes that follow
// it is one subpart; a byte that can start nothing (C0, C1, F5..FF, a stray 80..BF) is one.
struct InvalidCase {
    const char* name;
    std::string bytes;
    std::vector<char32_t> cps;
    std::vector<uint32_t> offsets;  // without the final entry (= size)
};

TEST(DecodeUtf8, InvalidSequencesBecomeOneReplacementPerMaximalSubpart) {
    const std::vector<InvalidCase> cases = {
        {"stray continuation", "a\x80" "b", {'a', kFFFD, 'b'}, {0, 1, 2}},
        {"two stray continuations", "\x80\xBF", {kFFFD, kFFFD}, {0, 1}},
        {"overlong C0 AF ('/')", "\xC0\xAF", {kFFFD, kFFFD}, {0, 1}},
        {"overlong C1 BF", "\xC1\xBF", {kFFFD, kFFFD}, {0, 1}},
        {"overlong E0 80 AF", "\xE0\x80\xAF", {kFFFD, kFFFD, kFFFD}, {0, 1, 2}},
        {"overlong F0 80 80 AF", "\xF0\x80\x80\xAF", {kFFFD, kFFFD, kFFFD, kFFFD}, {0, 1, 2, 3}},
        {"encoded surrogate ED A0 80", "\xED\xA0\x80", {kFFFD, kFFFD, kFFFD}, {0, 1, 2}},
        {"encoded surrogate pair", "\xED\xA0\xBD\xED\xB8\x80",
         {kFFFD, kFFFD, kFFFD, kFFFD, kFFFD, kFFFD}, {0, 1, 2, 3, 4, 5}},
        {"past U+10FFFF: F4 90 80 80", "\xF4\x90\x80\x80", {kFFFD, kFFFD, kFFFD, kFFFD},
         {0, 1, 2, 3}},
        {"lead F5", "\xF5\x80\x80\x80", {kFFFD, kFFFD, kFFFD, kFFFD}, {0, 1, 2, 3}},
        {"FF", "a\xFF" "b", {'a', kFFFD, 'b'}, {0, 1, 2}},
        {"FE FF", "\xFE\xFF", {kFFFD, kFFFD}, {0, 1}},
        {"truncated 2-byte at end", "a\xC3", {'a', kFFFD}, {0, 1}},
        {"truncated 3-byte at end", "a\xE2\x82", {'a', kFFFD}, {0, 1}},
        {"truncated 4-byte at end", "a\xF0\x9F\x98", {'a', kFFFD}, {0, 1}},
        {"lone 4-byte lead at end", "\xF0", {kFFFD}, {0}},
        {"truncated before ASCII", "\xE2\x82" "A", {kFFFD, 'A'}, {0, 2}},
        {"truncated before a valid sequence", "\xF0\x9F\xD8\xA7", {kFFFD, 0x0627}, {0, 2}},
        // The example of the Unicode standard: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64.
        {"standard's example", "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
         {'a', kFFFD, kFFFD, kFFFD, 'b', kFFFD, 'c', kFFFD, kFFFD, 'd'},
         {0, 1, 4, 6, 7, 8, 9, 10, 11, 12}},
    };
    for (const InvalidCase& c : cases) {
        SCOPED_TRACE(c.name);
        const Utf32Text t = decode_utf8(c.bytes);
        expect_well_formed(t, c.bytes);
        EXPECT_EQ(t.cps, c.cps);
        std::vector<uint32_t> offsets = c.offsets;
        offsets.push_back(uint32_t(c.bytes.size()));
        EXPECT_EQ(t.byte_offset, offsets);
    }
}

// The allowed range of the byte after lead `a` (Unicode's table of well-formed byte
// sequences), or false when `a` cannot start a multi-byte sequence.
bool second_byte_range(int a, int& lo, int& hi) {
    lo = 0x80;
    hi = 0xBF;
    if (a >= 0xC2 && a <= 0xDF) return true;
    if (a == 0xE0) lo = 0xA0;
    else if (a == 0xED) hi = 0x9F;
    else if (a == 0xF0) lo = 0x90;
    else if (a == 0xF4) hi = 0x8F;
    return a >= 0xE0 && a <= 0xF4;
}

TEST(DecodeUtf8, EveryTwoByteInput) {
    // Exhaustive over 2-byte inputs: a complete 2-byte sequence is one codepoint; a 3- or
    // 4-byte lead followed by an allowed second byte is one truncated subpart (one U+FFFD);
    // anything else is two units.
    for (int a = 0; a < 256; ++a) {
        for (int b = 0; b < 256; ++b) {
            const std::string s = {char(a), char(b)};
            const Utf32Text t = decode_utf8(s);
            ASSERT_EQ(t.byte_offset.size(), t.cps.size() + 1);
            ASSERT_EQ(t.byte_offset.back(), 2u);
            int lo = 0, hi = 0;
            const bool joined = second_byte_range(a, lo, hi) && b >= lo && b <= hi;
            if (!joined) {
                ASSERT_EQ(t.cps.size(), 2u) << a << " " << b;
                ASSERT_EQ(t.cps[0], a < 0x80 ? char32_t(a) : kFFFD) << a << " " << b;
                ASSERT_EQ(t.cps[1], b < 0x80 ? char32_t(b) : kFFFD) << a << " " << b;
            } else if (a <= 0xDF) {
                ASSERT_EQ(t.cps, std::vector<char32_t>{char32_t(((a & 0x1F) << 6) | (b & 0x3F))});
            } else {
                ASSERT_EQ(t.cps, std::vector<char32_t>{kFFFD}) << a << " " << b;
            }
        }
    }
}

//-----------------------------------------------------------------------------
// split_paragraphs
//-----------------------------------------------------------------------------

std::vector<std::pair<uint32_t, uint32_t>> spans(std::u32string_view s) {
    std::vector<std::pair<uint32_t, uint32_t>> out;
    for (const ParagraphSpan& p : split_paragraphs(cps_of(s))) out.emplace_back(p.start, p.end);
    return out;
}

using Spans = std::vector<std::pair<uint32_t, uint32_t>>;

TEST(SplitParagraphs, Separators) {
    EXPECT_EQ(spans(U"ab\ncd"), (Spans{{0, 2}, {3, 5}})) << "LF";
    EXPECT_EQ(spans(U"ab\rcd"), (Spans{{0, 2}, {3, 5}})) << "CR";
    EXPECT_EQ(spans(U"ab\r\ncd"), (Spans{{0, 2}, {4, 6}})) << "CR LF is one separator";
    EXPECT_EQ(spans(U"ab\n\rcd"), (Spans{{0, 2}, {3, 3}, {4, 6}})) << "LF CR is two";
    EXPECT_EQ(spans(U"ab\r\r\ncd"), (Spans{{0, 2}, {3, 3}, {5, 7}}));
    EXPECT_EQ(spans(U"ab\u2029cd"), (Spans{{0, 2}, {3, 5}})) << "U+2029 PARAGRAPH SEPARATOR";
    EXPECT_EQ(spans(U"ab\u0085cd"), (Spans{{0, 2}, {3, 5}})) << "U+0085 NEXT LINE";
    EXPECT_EQ(spans(U"ab\u001Ccd"), (Spans{{0, 2}, {3, 5}})) << "U+001C (bidi class B)";
    EXPECT_EQ(spans(U"a\n\nb"), (Spans{{0, 1}, {2, 2}, {3, 4}})) << "blank line between";
}

TEST(SplitParagraphs, NotSeparators) {
    // U+2028 breaks a line inside a paragraph; tab, VT and FF are not bidi class B.
    EXPECT_EQ(spans(U"ab\u2028cd"), (Spans{{0, 5}}));
    EXPECT_EQ(spans(U"a\tb\u000Bc\u000Cd"), (Spans{{0, 7}}));
}

TEST(SplitParagraphs, EmptyAndTrailing) {
    EXPECT_EQ(spans(U""), (Spans{{0, 0}})) << "empty text is one empty paragraph";
    EXPECT_EQ(spans(U"abc"), (Spans{{0, 3}}));
    // A separator ends a paragraph: a trailing one does not start an empty paragraph after it.
    EXPECT_EQ(spans(U"abc\n"), (Spans{{0, 3}}));
    EXPECT_EQ(spans(U"abc\r\n"), (Spans{{0, 3}}));
    EXPECT_EQ(spans(U"\n"), (Spans{{0, 0}}));
    EXPECT_EQ(spans(U"abc\n\n"), (Spans{{0, 3}, {4, 4}}));
    EXPECT_EQ(spans(U"\nabc"), (Spans{{0, 0}, {1, 4}}));
}

//-----------------------------------------------------------------------------
// resolve_scripts
//-----------------------------------------------------------------------------

TEST(ResolveScripts, ArabicWithSpacesAndDigits) {
    const std::u32string_view text = U"مؤتمر 2025 في الرياض ١٤٤٦";
    const std::vector<uint32_t> s = scripts_of(text);
    ASSERT_EQ(s.size(), text.size());
    EXPECT_EQ(s, std::vector<uint32_t>(text.size(), kArab)) << names(s);
}

TEST(ResolveScripts, BracketsTakeTheirOpenersScript) {
    // Brackets around Arabic at the start of a text: the leading "(" takes the next script,
    // and ")" its opener's.
    {
        const std::u32string_view text = U"(مرحبا) hello";
        const std::vector<uint32_t> s = scripts_of(text);
        EXPECT_EQ(s[0], kArab) << names(s);
        EXPECT_EQ(s[6], kArab) << names(s);
        EXPECT_EQ(s[8], kLatn) << names(s);
    }
    // Brackets around Latin inside an Arabic sentence: both Arabic, though ")" follows Latin.
    {
        const std::u32string_view text = U"قال (Hello) لي";
        const std::vector<uint32_t> s = scripts_of(text);
        ASSERT_EQ(text[4], U'(');
        ASSERT_EQ(text[10], U')');
        EXPECT_EQ(s[4], kArab) << names(s);
        EXPECT_EQ(s[5], kLatn) << names(s);
        EXPECT_EQ(s[10], kArab) << names(s);
        EXPECT_EQ(s[11], kArab) << names(s);
    }
    // Brackets around Arabic inside a Latin sentence: "(" follows Latin, so it is Latin, and
    // ")" matches it (not the Arabic before it), so both come from the same font; what follows
    // the pair continues the sentence's script.
    {
        const std::u32string_view text = U"Hello (مرحبا) 2025 world";
        const std::vector<uint32_t> s = scripts_of(text);
        ASSERT_EQ(text[6], U'(');
        ASSERT_EQ(text[12], U')');
        EXPECT_EQ(s[6], s[12]) << names(s);
        EXPECT_EQ(s[12], kLatn) << names(s);
        EXPECT_EQ(s[7], kArab) << names(s);
        for (size_t i = 13; i < 19; ++i)
            EXPECT_EQ(s[i], kLatn) << "space and digits after the pair, at " << i << ": " << names(s);
    }
    // Nested pairs and an unmatched closer.
    {
        const std::u32string_view text = U"ab [مر (cd) ه] ]";
        const std::vector<uint32_t> s = scripts_of(text);
        ASSERT_EQ(text[3], U'[');
        ASSERT_EQ(text[13], U']');
        EXPECT_EQ(s[3], kLatn) << names(s);
        EXPECT_EQ(s[7], kArab) << "'(' after Arabic: " << names(s);
        EXPECT_EQ(s[10], kArab) << "')' matches its Arabic opener: " << names(s);
        EXPECT_EQ(s[13], kLatn) << "']' matches the Latin '[': " << names(s);
        EXPECT_EQ(s[15], kLatn) << "unmatched ']' takes the script before it: " << names(s);
    }
}

TEST(ResolveScripts, LeadingNeutralsTakeTheNextScript) {
    {
        const std::u32string_view text = U"... Hello";
        const std::vector<uint32_t> s = scripts_of(text);
        EXPECT_EQ(s, std::vector<uint32_t>(text.size(), kLatn)) << names(s);
    }
    {
        const std::u32string_view text = U"— 12: مرحبا";
        const std::vector<uint32_t> s = scripts_of(text);
        EXPECT_EQ(s, std::vector<uint32_t>(text.size(), kArab)) << names(s);
    }
    {
        // Nothing but neutrals: Common throughout (the caller's language decides the font).
        const std::vector<uint32_t> s = scripts_of(U"12:30 - 13:00");
        EXPECT_EQ(s, std::vector<uint32_t>(13, kZyyy)) << names(s);
    }
}

TEST(ResolveScripts, RussianGuillemetsTakeCyrillic) {
    {
        const std::u32string_view text = U"«Привет», сказал он.";
        const std::vector<uint32_t> s = scripts_of(text);
        EXPECT_EQ(s, std::vector<uint32_t>(text.size(), kCyrl)) << names(s);
    }
    {
        // « » inside a Russian sentence, around a Latin word: the closer matches its opener.
        const std::u32string_view text = U"Он сказал «Majlis» и ушёл";
        const std::vector<uint32_t> s = scripts_of(text);
        ASSERT_EQ(text[10], U'«');
        ASSERT_EQ(text[17], U'»');
        EXPECT_EQ(s[10], kCyrl) << names(s);
        EXPECT_EQ(s[11], kLatn) << names(s);
        EXPECT_EQ(s[17], kCyrl) << names(s);
        EXPECT_EQ(s.back(), kCyrl) << names(s);
    }
}

TEST(ResolveScripts, CombiningMarksTakeTheirBasesScript) {
    {
        // U+0301 COMBINING ACUTE ACCENT is Inherited.
        const std::u32string_view text = U"Cafe\u0301 \u0418\u0306";
        const std::vector<uint32_t> s = scripts_of(text);
        EXPECT_EQ(s[4], kLatn) << names(s);
        EXPECT_EQ(s[7], kCyrl) << "U+0306 after Cyrillic: " << names(s);
    }
    {
        // Arabic harakat (fatha U+064E, shadda U+0651) are Inherited too.
        const std::u32string_view text = U"\u0628\u064E\u0651";
        const std::vector<uint32_t> s = scripts_of(text);
        EXPECT_EQ(s, std::vector<uint32_t>(3, kArab)) << names(s);
    }
}

//-----------------------------------------------------------------------------
// The one UTF-8 walker (text/utf8.h), which the content loader uses too
//-----------------------------------------------------------------------------

TEST(Utf8Walker, CodePointsOffsetsAndIllFormedBytes) {
    struct Step { char32_t cp; size_t next; bool bad; };
    auto walk = [](std::string_view s) {
        std::vector<Step> out;
        for (size_t i = 0; i < s.size();) {
            bool bad = false;
            const char32_t cp = next_code_point(s, i, &bad);
            out.push_back({cp, i, bad});
        }
        return out;
    };
    auto same = [](const std::vector<Step>& a, const std::vector<Step>& b) {
        if (a.size() != b.size()) return false;
        for (size_t i = 0; i < a.size(); ++i)
            if (a[i].cp != b[i].cp || a[i].next != b[i].next || a[i].bad != b[i].bad) return false;
        return true;
    };
    // "ҷ" (2 bytes), a truncated 4-byte sequence (one U+FFFD for its 3 bytes), "b".
    EXPECT_TRUE(same(walk("\xD2\xB7\xF0\x9F\x98" "b"), {{0x4B7, 2, false}, {kFFFD, 5, true}, {'b', 6, false}}));
    // An encoded surrogate: three maximal subparts of one byte each.
    EXPECT_TRUE(same(walk("\xED\xA0\x80"), {{kFFFD, 1, true}, {kFFFD, 2, true}, {kFFFD, 3, true}}));
    // A U+FFFD that is in the text is not ill-formed.
    EXPECT_TRUE(same(walk("\xEF\xBF\xBD"), {{kFFFD, 3, false}}));

    EXPECT_EQ(find_invalid_utf8("Душанбе"), std::string_view::npos);
    EXPECT_EQ(find_invalid_utf8("\xEF\xBF\xBD ok"), std::string_view::npos);
    EXPECT_EQ(find_invalid_utf8("ab\xC0\xAF"), 2u);   // overlong "/"
    EXPECT_EQ(find_invalid_utf8("abc\xF4\x90\x80\x80"), 3u);  // past U+10FFFF
    EXPECT_EQ(count_code_points("سلام ҷ"), 6u);
    EXPECT_EQ(count_code_points("a\xF0\x9F\x98"), 2u);

    std::string out;
    for (char32_t c : {char32_t(0x41), char32_t(0x4B7), char32_t(0xD800), char32_t(0x1F600), char32_t(0x110000)})
        append_utf8(out, c);
    EXPECT_EQ(out, "A\xD2\xB7\xEF\xBF\xBD\xF0\x9F\x98\x80\xEF\xBF\xBD");
}

//-----------------------------------------------------------------------------
// is_rtl_language: ICU's likely script of the language, not a list
//-----------------------------------------------------------------------------

TEST(RtlLanguage, FromTheLanguagesScript) {
    for (const char* rtl : {"ar", "fa", "ur", "ug", "he", "ps", "ckb", "sd", "yi", "dv", "ar-EG", "fa_IR",
                            "az-Arab", "uz-Arab", "kk-Arab", "ks", "syr"})
        EXPECT_TRUE(is_rtl_language(rtl)) << rtl;
    for (const char* ltr : {"ru", "en", "kk", "ky", "tg", "tk", "uz-Latn", "ur-Latn", "", "not a tag!"})
        EXPECT_FALSE(is_rtl_language(ltr)) << ltr;
}

//-----------------------------------------------------------------------------
// resolve_scripts with ICU's brackets and Script_Extensions
//-----------------------------------------------------------------------------

TEST(ResolveScripts, EveryBidiPairedBracketPairs) {
    // U+27E8 U+27E9 (mathematical angle brackets) are paired brackets by Unicode: around Arabic
    // in a Latin sentence, the closer matches the Latin opener, not the Arabic before it.
    const std::u32string_view text = U"Hello \u27E8مرحبا\u27E9 world";
    const std::vector<uint32_t> s = scripts_of(text);
    ASSERT_EQ(text[12], U'\u27E9');
    EXPECT_EQ(s[6], kLatn) << names(s);
    EXPECT_EQ(s[12], kLatn) << names(s);
    // A quotation closer pairs with the open quotation mark.
    const std::vector<uint32_t> q = scripts_of(U"Слово \u201CHello\u201D конец");
    EXPECT_EQ(q[6], kCyrl) << names(q);
    EXPECT_EQ(q[12], kCyrl) << names(q);
}

TEST(ResolveScripts, ScriptExtensionsKeepArabicPunctuationArabic) {
    // U+060C ARABIC COMMA is Common, used by Arabic, Syriac, Thaana...: after Latin it is not
    // Latin (a Latin font would not draw it) but Arabic, and the Latin text goes on after it.
    {
        const std::vector<uint32_t> s = scripts_of(U"hello\u060C world");
        EXPECT_EQ(s[4], kLatn) << names(s);
        EXPECT_EQ(s[5], kArab) << names(s);
        EXPECT_EQ(s[6], kLatn) << names(s);
        EXPECT_EQ(s[7], kLatn) << names(s);
    }
    // U+0640 ARABIC TATWEEL after Greek: Arabic; inside Arabic: Arabic.
    {
        const std::vector<uint32_t> s = scripts_of(U"αβ\u0640");
        EXPECT_EQ(s[2], kArab) << names(s);
        const std::vector<uint32_t> a = scripts_of(U"بـ\u0640ـت");
        EXPECT_EQ(a, std::vector<uint32_t>(5, kArab)) << names(a);
    }
    // Leading: an Arabic comma before Arabic is Arabic; before Latin it stays Arabic.
    {
        const std::vector<uint32_t> s = scripts_of(U"\u060C مرحبا");
        EXPECT_EQ(s, std::vector<uint32_t>(7, kArab)) << names(s);
        const std::vector<uint32_t> l = scripts_of(U"\u060C hi");
        EXPECT_EQ(l[0], kArab) << names(l);
        EXPECT_EQ(l[2], kLatn) << names(l);
    }
    // A Greek question mark after Greek stays Greek (";" is Common with no extensions).
    EXPECT_EQ(scripts_of(U"αβ;").back(), kGrek);
}

TEST(ResolveScripts, AnswersDoNotDependOnWhatWasAskedBefore) {
    // resolve_scripts remembers ICU's answers per thread from call to call: a text gets the same
    // scripts in a fresh thread as after thousands of other characters went through the memo
    // (letters whose slots collide, invalid values past U+10FFFF and 0xFFFFFFFF included).
    const std::u32string text = U"\U0010FFFF\uFFFF عام 2025 (hello, мир) \u060C\u0640 α;" +
                                std::u32string{char32_t(0x110000), char32_t(0xFFFFFFFF), U'ب', U'0', U'.'};
    std::vector<uint32_t> fresh;
    std::thread([&] { fresh = scripts_of(text); }).join();
    std::u32string others;
    for (char32_t c = 0x20; c < 0x3000; ++c) others += c;
    others += {char32_t(0xFFFFFFFF), char32_t(0xFFFFFFFE), char32_t(0xD800)};
    scripts_of(others);
    EXPECT_EQ(scripts_of(text), fresh) << names(scripts_of(text)) << " vs " << names(fresh);
    EXPECT_EQ(fresh[3], kArab) << names(fresh);
    EXPECT_EQ(fresh[13], kLatn) << names(fresh);
}
