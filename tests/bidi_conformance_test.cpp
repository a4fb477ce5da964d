// UAX #9 conformance of the engine's bidi stage: every case of Unicode's BidiCharacterTest.txt
// goes through resolve_bidi (paragraph levels) and reorder_line (L1 + L2, the whole paragraph as
// one line), plus hand-written checks of the behaviour the rest of majlis relies on.
#include "text/text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace majlis::text;

namespace {

constexpr uint8_t kRemoved = 0xFF;  // level 'x' in the test file: character removed by rule X9

struct BidiCase {
    int line = 0;                  // line number in the test file (1-based)
    std::vector<char32_t> cps;
    int dir = 0;                   // 0 = LTR, 1 = RTL, 2 = auto
    int para_level = 0;            // resolved paragraph embedding level
    std::vector<uint8_t> levels;   // per character, after L1; kRemoved for 'x'
    std::vector<uint32_t> order;   // logical indices left to right, removed characters omitted
};

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    out.push_back(cur);
    return out;
}

std::vector<std::string> words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    std::string w;
    while (in >> w) out.push_back(w);
    return out;
}

// Parses the file; a malformed data line makes `error` non-empty.
std::vector<BidiCase> load_cases(const std::string& path, std::string& error) {
    std::vector<BidiCase> cases;
    std::ifstream in(path);
    if (!in) {
        error = "cannot open " + path;
        return cases;
    }
    std::string text;
    int line_no = 0;
    while (std::getline(in, text)) {
        ++line_no;
        if (const size_t hash = text.find('#'); hash != std::string::npos) text.resize(hash);
        if (words(text).empty()) continue;
        const std::vector<std::string> f = split(text, ';');
        auto bad = [&](const std::string& why) {
            if (error.empty()) error = "line " + std::to_string(line_no) + ": " + why;
        };
        if (f.size() != 5) {
            bad("expected 5 fields");
            continue;
        }
        BidiCase c;
        c.line = line_no;
        try {
            for (const std::string& w : words(f[0])) c.cps.push_back(char32_t(std::stoul(w, nullptr, 16)));
            c.dir = std::stoi(f[1]);
            c.para_level = std::stoi(f[2]);
            for (const std::string& w : words(f[3]))
                c.levels.push_back(w == "x" ? kRemoved : uint8_t(std::stoi(w)));
            for (const std::string& w : words(f[4])) c.order.push_back(uint32_t(std::stoul(w)));
        } catch (const std::exception&) {
            bad("unparsable number");
            continue;
        }
        if (c.cps.empty() || c.levels.size() != c.cps.size() || c.dir < 0 || c.dir > 2 ||
            (c.para_level != 0 && c.para_level != 1)) {
            bad("inconsistent fields");
            continue;
        }
        size_t kept = 0;
        for (uint8_t l : c.levels) kept += l != kRemoved;
        if (c.order.size() != kept) {
            bad("visual order length does not match the non-removed characters");
            continue;
        }
        cases.push_back(std::move(c));
    }
    return cases;
}

std::string hex_list(const std::vector<char32_t>& cps) {
    std::string s;
    char buf[16];
    for (char32_t c : cps) {
        std::snprintf(buf, sizeof buf, "%s%04X", s.empty() ? "" : " ", unsigned(c));
        s += buf;
    }
    return s;
}

std::string level_list(const std::vector<uint8_t>& levels) {
    std::string s;
    for (uint8_t l : levels) {
        if (!s.empty()) s += ' ';
        s += l == kRemoved ? std::string("x") : std::to_string(int(l));
    }
    return s;
}

template <class T>
std::string int_list(const std::vector<T>& v) {
    std::string s;
    for (const T& x : v) {
        if (!s.empty()) s += ' ';
        s += std::to_string(x);
    }
    return s;
}

Direction direction_of(int field) {
    return field == 0 ? Direction::LTR : field == 1 ? Direction::RTL : Direction::Auto;
}

// One paragraph through resolve_bidi + reorder_line (the whole paragraph as one line).
struct Resolved {
    uint8_t base = 0;
    std::vector<uint8_t> paragraph_levels;  // as resolve_bidi returned them
    std::vector<uint8_t> line_levels;       // after reorder_line (L1 applied)
    std::vector<uint32_t> visual_to_logical;
};

Resolved run_uba(const std::vector<char32_t>& cps, Direction dir) {
    Resolved r;
    r.base = resolve_bidi(cps.data(), cps.size(), dir, false, r.paragraph_levels);
    r.line_levels = r.paragraph_levels;
    reorder_line(cps.data(), cps.size(), r.base, r.line_levels, r.visual_to_logical);
    return r;
}

const std::string kBidiTestPath = std::string(MAJLIS_UNICODE_DIR) + "/BidiCharacterTest.txt";

}  // namespace

TEST(BidiConformance, EveryCaseOfBidiCharacterTest) {
    std::string error;
    const std::vector<BidiCase> cases = load_cases(kBidiTestPath, error);
    ASSERT_TRUE(error.empty()) << error;
    // Unicode 15.0's file has exactly this many cases; fewer means a truncated or garbled file.
    ASSERT_GT(cases.size(), 90000u) << kBidiTestPath;
    EXPECT_EQ(cases.size(), 91707u) << kBidiTestPath;

    size_t passed = 0, failed = 0;
    size_t bad_para = 0, bad_levels = 0, bad_order = 0;
    std::string report;
    for (const BidiCase& c : cases) {
        const Resolved r = run_uba(c.cps, direction_of(c.dir));
        const size_t n = c.cps.size();
        bool ok = true;
        std::string why;
        if (r.base != c.para_level) {
            ok = false;
            ++bad_para;
            why += " paragraph level";
        }
        // The file gives the levels after L1 for the paragraph as one line: reorder_line's.
        bool levels_ok = r.line_levels.size() == n;
        for (size_t i = 0; levels_ok && i < n; ++i)
            if (c.levels[i] != kRemoved && r.line_levels[i] != c.levels[i]) levels_ok = false;
        if (!levels_ok) {
            ok = false;
            ++bad_levels;
            why += " levels";
        }
        // Removed characters stay in the engine's map: it must be a permutation of 0..n-1.
        std::vector<uint32_t> sorted = r.visual_to_logical;
        std::sort(sorted.begin(), sorted.end());
        bool permutation = sorted.size() == n;
        for (size_t i = 0; permutation && i < n; ++i) permutation = sorted[i] == i;
        std::vector<uint32_t> order;
        for (uint32_t logical : r.visual_to_logical)
            if (logical < n && c.levels[logical] != kRemoved) order.push_back(logical);
        if (!permutation || order != c.order) {
            ok = false;
            ++bad_order;
            why += " visual order";
        }
        if (ok) {
            ++passed;
            continue;
        }
        if (++failed <= 10) {
            std::vector<uint8_t> got_levels = r.line_levels;
            for (size_t i = 0; i < n && i < got_levels.size(); ++i)
                if (c.levels[i] == kRemoved) got_levels[i] = kRemoved;
            report += "  line " + std::to_string(c.line) + ": [" + hex_list(c.cps) + "] dir " +
                      std::to_string(c.dir) + "; wrong:" + why + "\n" +
                      "    paragraph level expected " + std::to_string(c.para_level) + ", got " +
                      std::to_string(int(r.base)) + "\n" +
                      "    levels expected " + level_list(c.levels) + "\n" +
                      "               got " + level_list(got_levels) + "\n" +
                      "    order  expected " + int_list(c.order) + "\n" +
                      "               got " + int_list(order) + "\n";
        }
    }
    std::printf("BidiCharacterTest: %zu / %zu cases pass\n", passed, cases.size());
    EXPECT_EQ(failed, 0u) << failed << " failing cases (paragraph level: " << bad_para
                          << ", levels: " << bad_levels << ", visual order: " << bad_order
                          << "); first ones:\n"
                          << report;
}

// FriBidi already applies L1 at the end of the paragraph, so for whole-paragraph lines the
// levels of resolve_bidi and reorder_line agree and the conformance run above does not show
// whether reorder_line applies L1 at a line end inside a paragraph. This does: whitespace that
// resolved to the RTL level between Hebrew words goes back to the paragraph level (L1 rule 4)
// when a line break puts it at the end of the line, and then displays at the right end.
TEST(Bidi, ReorderLineResetsTrailingWhitespaceOfALine) {
    const std::u32string_view text = U"abc \u05D0\u05D1\u05D2 \u05D3\u05D4\u05D5 \u05D6\u05D7";
    const std::vector<char32_t> cps(text.begin(), text.end());
    ASSERT_EQ(cps.size(), 14u);
    std::vector<uint8_t> levels;
    ASSERT_EQ(resolve_bidi(cps.data(), cps.size(), Direction::Auto, false, levels), 0);
    ASSERT_EQ(levels[7], 1) << "space between Hebrew words resolves to R (N1)";
    ASSERT_EQ(levels[11], 1);
    // Line 1 = "abc אבג " (logical 0..7): the space at 7 ends the line.
    std::vector<uint8_t> line1(levels.begin(), levels.begin() + 8);
    std::vector<uint32_t> v2l;
    reorder_line(cps.data(), 8, 0, line1, v2l);
    EXPECT_EQ(line1[7], 0) << "L1: trailing whitespace takes the paragraph level";
    EXPECT_EQ(line1[4], 1);
    const std::vector<uint32_t> expected1 = {0, 1, 2, 3, 6, 5, 4, 7};
    EXPECT_EQ(v2l, expected1);
    // Line 2 = "דהו זח" (logical 8..13): the inner space keeps level 1 and is reversed with them.
    std::vector<uint8_t> line2(levels.begin() + 8, levels.end());
    reorder_line(cps.data() + 8, 6, 0, line2, v2l);
    EXPECT_EQ(line2[3], 1);
    const std::vector<uint32_t> expected2 = {5, 4, 3, 2, 1, 0};
    EXPECT_EQ(v2l, expected2);
}

// "عام 2025-2027": year range after Arabic. By the UBA the digits become AN (W2), the hyphen
// between two ANs stays neutral and resolves to R, so the range displays as "2027-2025".
TEST(Bidi, DateRangeAfterArabicIsReversedByTheUba) {
    const std::vector<char32_t> cps(std::u32string_view(U"عام 2025-2027").begin(),
                                    std::u32string_view(U"عام 2025-2027").end());
    ASSERT_EQ(cps.size(), 13u);
    const Resolved r = run_uba(cps, Direction::Auto);
    EXPECT_EQ(r.base, 1) << "first strong character is Arabic";
    EXPECT_EQ(r.line_levels[0], 1);
    EXPECT_EQ(r.line_levels[4], 2) << "digits are AN at level 2";
    EXPECT_EQ(r.line_levels[8], 1) << "hyphen between two AN numbers resolves to R";

    std::vector<size_t> pos(cps.size());  // visual position of each logical index
    for (size_t v = 0; v < r.visual_to_logical.size(); ++v) pos[r.visual_to_logical[v]] = v;
    // Each number keeps its digits left to right ...
    for (size_t i = 4; i < 7; ++i) EXPECT_EQ(pos[i] + 1, pos[i + 1]) << i;
    for (size_t i = 9; i < 12; ++i) EXPECT_EQ(pos[i] + 1, pos[i + 1]) << i;
    // ... but 2025 (logical 4..7) is displayed to the right of 2027 (logical 9..12).
    EXPECT_GT(pos[4], pos[12]);
    EXPECT_GT(pos[4], pos[8]);
    EXPECT_GT(pos[8], pos[12]);
    // The Arabic word is rightmost: the first logical character is the last visual one.
    EXPECT_EQ(r.visual_to_logical.back(), 0u);
    // Whole line, left to right: 2027 - 2025 space م ا ع
    const std::vector<uint32_t> expected = {9, 10, 11, 12, 8, 4, 5, 6, 7, 3, 2, 1, 0};
    EXPECT_EQ(r.visual_to_logical, expected);
}

// The same range wrapped in LRI ... PDI displays as written, "2025-2027", inside the RTL line.
TEST(Bidi, IsolatedDateRangeKeepsItsOrder) {
    const std::u32string_view text = U"عام \u20662025-2027\u2069";
    const std::vector<char32_t> cps(text.begin(), text.end());
    ASSERT_EQ(cps.size(), 15u);
    const Resolved r = run_uba(cps, Direction::Auto);
    EXPECT_EQ(r.base, 1);
    for (size_t i = 5; i <= 13; ++i) EXPECT_EQ(r.line_levels[i], 2) << i;
    EXPECT_EQ(r.line_levels[4], 1) << "LRI takes the paragraph's embedding level";
    EXPECT_EQ(r.line_levels[14], 1) << "PDI takes the paragraph's embedding level";

    std::vector<size_t> pos(cps.size());
    for (size_t v = 0; v < r.visual_to_logical.size(); ++v) pos[r.visual_to_logical[v]] = v;
    // "2025-2027" (logical 5..13) occupies consecutive visual positions in logical order.
    for (size_t i = 5; i < 13; ++i) EXPECT_EQ(pos[i] + 1, pos[i + 1]) << i;
    EXPECT_LT(pos[5], pos[13]) << "2025 stays left of 2027";
    // The isolate as a whole sits left of the Arabic word.
    EXPECT_LT(pos[13], pos[0]);
    EXPECT_EQ(r.visual_to_logical.back(), 0u);
}

// Negative control: forcing LTR on an Arabic sentence must not display like the auto (RTL)
// paragraph, or the checks above could pass with a reorder that ignores the base direction.
TEST(Bidi, ForcedLtrDiffersFromAutoOnArabic) {
    const std::u32string_view text = U"مرحبا بكم في مجلس!";
    const std::vector<char32_t> cps(text.begin(), text.end());
    const Resolved automatic = run_uba(cps, Direction::Auto);
    const Resolved ltr = run_uba(cps, Direction::LTR);
    EXPECT_EQ(automatic.base, 1);
    EXPECT_EQ(ltr.base, 0);
    EXPECT_NE(automatic.visual_to_logical, ltr.visual_to_logical);
    const uint32_t bang = uint32_t(cps.size() - 1);
    EXPECT_EQ(automatic.visual_to_logical.front(), bang) << "RTL: '!' ends the sentence on the left";
    EXPECT_EQ(ltr.visual_to_logical.back(), bang) << "LTR: '!' is at the right end";
    EXPECT_EQ(ltr.line_levels[bang], 0);
    // The Arabic letters themselves are still right to left in both.
    EXPECT_EQ(ltr.line_levels[0], 1);
    EXPECT_EQ(ltr.visual_to_logical[cps.size() - 2], 0u);
}

// No strong character: Auto falls back to LTR, or to RTL when asked (e.g. Arabic-language text).
TEST(Bidi, AutoFallbackWithoutStrongCharacters) {
    const std::vector<char32_t> digits = {'1', '2', '3', ' ', '-'};
    std::vector<uint8_t> levels;
    EXPECT_EQ(resolve_bidi(digits.data(), digits.size(), Direction::Auto, false, levels), 0);
    EXPECT_EQ(resolve_bidi(digits.data(), digits.size(), Direction::Auto, true, levels), 1);
    EXPECT_EQ(levels[0], 2) << "EN digits in an RTL paragraph are at level 2";
    const std::vector<char32_t> latin = {'a', 'b'};
    EXPECT_EQ(resolve_bidi(latin.data(), latin.size(), Direction::Auto, true, levels), 0)
        << "a strong L character wins over the fallback";
    EXPECT_EQ(resolve_bidi(nullptr, 0, Direction::Auto, true, levels), 1);
    EXPECT_EQ(resolve_bidi(nullptr, 0, Direction::RTL, false, levels), 1);
    EXPECT_EQ(resolve_bidi(nullptr, 0, Direction::Auto, false, levels), 0);
    EXPECT_TRUE(levels.empty());
}
