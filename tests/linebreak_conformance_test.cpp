// UAX #14 conformance of LineBreaker::find_line_breaks against Unicode's LineBreakTest.txt, with
// the cases ICU's tailoring decides differently pinned in data/linebreak_known_failures.txt, and
// UAX #29 grapheme clusters (find_grapheme_starts) against GraphemeBreakTest.txt.
#include "text/text_internal.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace majlis::text;

namespace {

// A case of the break test files: "÷ 0023 × 0020 ÷ 0023 ÷" (÷ = break allowed, × = none).
struct BreakCase {
    int line = 0;                  // line number in the test file (1-based)
    std::vector<char32_t> cps;
    std::vector<bool> breaks;      // n + 1 entries: break before cps[i]; breaks[n] = at the end
};

const std::string kDivide = "\xC3\xB7";  // ÷
const std::string kTimes = "\xC3\x97";   // ×

std::vector<BreakCase> load_break_cases(const std::string& path, std::string& error) {
    std::vector<BreakCase> cases;
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
        std::istringstream words(text);
        std::vector<std::string> tokens;
        for (std::string w; words >> w;) tokens.push_back(w);
        if (tokens.empty()) continue;
        BreakCase c;
        c.line = line_no;
        bool ok = tokens.size() >= 3 && tokens.size() % 2 == 1;
        for (size_t i = 0; ok && i < tokens.size(); ++i) {
            if (i % 2 == 0) {
                if (tokens[i] == kDivide) c.breaks.push_back(true);
                else if (tokens[i] == kTimes) c.breaks.push_back(false);
                else ok = false;
            } else {
                size_t used = 0;
                unsigned long cp = 0;
                try {
                    cp = std::stoul(tokens[i], &used, 16);
                } catch (const std::exception&) {
                    used = 0;
                }
                ok = used == tokens[i].size() && cp <= 0x10FFFF;
                c.cps.push_back(char32_t(cp));
            }
        }
        if (!ok) {
            if (error.empty()) error = "line " + std::to_string(line_no) + ": malformed";
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

// The case written back in the file's notation, e.g. "× 0023 × 0020 ÷ 0023 ÷".
std::string notation(const std::vector<char32_t>& cps, const std::vector<bool>& breaks) {
    std::string s;
    char buf[16];
    for (size_t i = 0; i <= cps.size(); ++i) {
        s += i < breaks.size() ? (breaks[i] ? kDivide : kTimes) : std::string("?");
        if (i < cps.size()) {
            std::snprintf(buf, sizeof buf, " %04X ", unsigned(cps[i]));
            s += buf;
        }
    }
    return s;
}

// data/linebreak_known_failures.txt: "LINE | CODE POINTS | reason"; lines starting with '#' are
// comments.
struct KnownFailure {
    std::string cps;  // as written, e.g. "002D 0023"
    std::string reason;
};

std::string trim(const std::string& s) {
    const size_t a = s.find_first_not_of(" \t\r");
    if (a == std::string::npos) return "";
    const size_t b = s.find_last_not_of(" \t\r");
    return s.substr(a, b - a + 1);
}

std::map<int, KnownFailure> load_known_failures(const std::string& path, std::string& error) {
    std::map<int, KnownFailure> known;
    std::ifstream in(path);
    if (!in) {
        error = "cannot open " + path;
        return known;
    }
    std::string text;
    int line_no = 0;
    while (std::getline(in, text)) {
        ++line_no;
        if (trim(text).empty() || trim(text)[0] == '#') continue;  // reasons may contain '#'
        const size_t bar1 = text.find('|');
        const size_t bar2 = bar1 == std::string::npos ? bar1 : text.find('|', bar1 + 1);
        int test_line = 0;
        try {
            test_line = std::stoi(text.substr(0, bar1));
        } catch (const std::exception&) {
            test_line = 0;
        }
        KnownFailure f;
        if (bar2 != std::string::npos) {
            f.cps = trim(text.substr(bar1 + 1, bar2 - bar1 - 1));
            f.reason = trim(text.substr(bar2 + 1));
        }
        if (test_line <= 0 || f.cps.empty() || f.reason.empty() || known.count(test_line)) {
            if (error.empty()) error = path + ":" + std::to_string(line_no) + ": malformed or duplicate";
            continue;
        }
        known[test_line] = f;
    }
    return known;
}

const std::string kLineBreakTestPath =
    std::string(MAJLIS_UNICODE_DIR) + "/auxiliary/LineBreakTest.txt";
const std::string kGraphemeTestPath =
    std::string(MAJLIS_UNICODE_DIR) + "/auxiliary/GraphemeBreakTest.txt";
const std::string kKnownFailuresPath =
    std::string(MAJLIS_TEST_DATA_DIR) + "/linebreak_known_failures.txt";

}  // namespace

// Every position is compared, including the two ends: nothing is allowed before the first
// character (out[0] = None by the API) and ICU reports a break at the end of the text, which is
// what the file's final "÷" says. Allowed and Mandatory both count as "÷": the file does not
// tell them apart.
TEST(LineBreakConformance, LineBreakTestMatchesExceptKnownIcuTailorings) {
    std::string error;
    const std::vector<BreakCase> cases = load_break_cases(kLineBreakTestPath, error);
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_GT(cases.size(), 7000u) << kLineBreakTestPath;
    EXPECT_EQ(cases.size(), 7654u) << "Unicode 15.0's LineBreakTest.txt has 7,654 cases";
    const std::map<int, KnownFailure> known = load_known_failures(kKnownFailuresPath, error);
    ASSERT_TRUE(error.empty()) << error;

    LineBreaker breaker;
    std::vector<Break> out;
    size_t passed = 0, failed_known = 0;
    std::string unexpected;  // failures not in the list
    std::map<int, const BreakCase*> failing;
    for (const BreakCase& c : cases) {
        breaker.find_line_breaks(c.cps.data(), c.cps.size(), out);
        std::vector<bool> got(out.size());
        for (size_t i = 0; i < out.size(); ++i) got[i] = out[i] != Break::None;
        if (got == c.breaks) {
            ++passed;
            continue;
        }
        failing[c.line] = &c;
        if (known.count(c.line)) {
            ++failed_known;
            continue;
        }
        unexpected += "  line " + std::to_string(c.line) + "\n    expected " +
                      notation(c.cps, c.breaks) + "\n         got " + notation(c.cps, got) + "\n";
    }
    std::string stale;  // listed failures that pass now, or whose code points do not match
    for (const auto& [line, f] : known) {
        const auto it = failing.find(line);
        if (it == failing.end()) {
            stale += "  line " + std::to_string(line) + " (" + f.cps + ") passes now\n";
        } else if (hex_list(it->second->cps) != f.cps) {
            stale += "  line " + std::to_string(line) + ": listed as " + f.cps + ", the file has " +
                     hex_list(it->second->cps) + "\n";
        }
    }
    const double rate = 100.0 * double(passed) / double(cases.size());
    std::printf("LineBreakTest: %zu / %zu cases pass (%.2f %%), %zu known failures, %zu listed\n",
                passed, cases.size(), rate, failed_known, known.size());
    EXPECT_GE(rate, 99.7);
    EXPECT_TRUE(unexpected.empty()) << "failures not in " << kKnownFailuresPath << ":\n" << unexpected;
    EXPECT_TRUE(stale.empty()) << "entries of " << kKnownFailuresPath << " that are no longer true:\n"
                               << stale;
}

// What the layout relies on beyond the file: Mandatory vs Allowed, and indices in codepoints
// (not UTF-16 units) when the text has characters outside the BMP.
TEST(LineBreak, KindsAndCodepointIndices) {
    LineBreaker breaker;
    std::vector<Break> out;
    const std::u32string_view text = U"ab cd\nef";
    breaker.find_line_breaks(text.data(), text.size(), out);
    ASSERT_EQ(out.size(), text.size() + 1);
    const std::vector<Break> expected = {Break::None,    Break::None, Break::None,
                                         Break::Allowed, Break::None, Break::None,
                                         Break::Mandatory, Break::None, Break::Allowed};
    EXPECT_EQ(out, expected);

    // U+1F600 takes two UTF-16 units; the breaks after the spaces are at codepoints 2 and 4.
    const std::u32string_view emoji = U"\U0001F600 \U0001F600 x";
    breaker.find_line_breaks(emoji.data(), emoji.size(), out);
    ASSERT_EQ(out.size(), 6u);
    const std::vector<Break> expected_emoji = {Break::None,    Break::None, Break::Allowed,
                                               Break::None,    Break::Allowed, Break::Allowed};
    EXPECT_EQ(out, expected_emoji);

    // Arabic words break at spaces only, not between joined letters.
    const std::u32string_view arabic = U"مرحبا بكم";
    breaker.find_line_breaks(arabic.data(), arabic.size(), out);
    for (size_t i = 1; i < arabic.size(); ++i)
        EXPECT_EQ(out[i], i == 6 ? Break::Allowed : Break::None) << i;

    breaker.find_line_breaks(nullptr, 0, out);
    EXPECT_EQ(out, std::vector<Break>{Break::None});
}

TEST(GraphemeConformance, GraphemeBreakTest) {
    std::string error;
    const std::vector<BreakCase> cases = load_break_cases(kGraphemeTestPath, error);
    ASSERT_TRUE(error.empty()) << error;
    EXPECT_EQ(cases.size(), 602u) << "Unicode 15.0's GraphemeBreakTest.txt has 602 cases";
    LineBreaker breaker;
    std::vector<bool> out;
    size_t failed = 0;
    std::string report;
    for (const BreakCase& c : cases) {
        breaker.find_grapheme_starts(c.cps.data(), c.cps.size(), out);
        if (out == c.breaks) continue;
        if (++failed <= 10)
            report += "  line " + std::to_string(c.line) + "\n    expected " +
                      notation(c.cps, c.breaks) + "\n         got " + notation(c.cps, out) + "\n";
    }
    std::printf("GraphemeBreakTest: %zu / %zu cases pass\n", cases.size() - failed, cases.size());
    EXPECT_EQ(failed, 0u) << report;
}
