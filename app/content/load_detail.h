// majlis content: helpers shared by the loader's parts (load*.cpp, markdown.cpp, images.cpp,
// model.cpp). Not part of the public API: only app/content/*.cpp and the content tests include it.
// The loader itself (the class the load*.cpp files share) is in loader.h.
#pragma once

#include "content/content.h"
#include "text/utf8.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace majlis::content::detail {

// --- UTF-8 ------------------------------------------------------------------------------------

// Text is walked as the text engine walks it: text/utf8.h (ICU's macros, header-only, so the
// content model still does not link the engine). find_invalid_utf8: the first ill-formed byte
// or npos; next_code_point: the code point at `i` (U+FFFD for ill-formed bytes), `i` moved on;
// count_code_points: columns; append_utf8: a code point encoded.
using text::append_utf8;
using text::count_code_points;
using text::find_invalid_utf8;
using text::next_code_point;

// 1-based line and column of byte `offset`; columns count code points (as toml++ does).
// `offset` may be text.size() (the end).
void line_column(std::string_view text, size_t offset, int& line, int& column);

// --- Messages ---------------------------------------------------------------------------------

// A value quoted for a message: 'value', control characters escaped (\n, \t, \u{1B}), cut
// after 80 characters with "…".
std::string quote(std::string_view value);

// "U+04B7 CYRILLIC SMALL LETTER CHE WITH DESCENDER" (ICU's name; just "U+E000" without one).
std::string code_point_label(char32_t cp);

// The nearest candidate within a small edit distance (transpositions count one), or "".
// Up to 1 edit for words of 4 characters or fewer, up to 2 for longer ones.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);
// " (did you mean 'X'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// A file's size for messages about limits, rounded up so that it never reads as the limit:
// "16.1 MiB" for 16 MiB and a byte, "512.0 KiB", "17 bytes".
std::string format_size(uint64_t bytes);
// A limit: "4 MiB".
std::string format_limit(uint64_t bytes);

// --- Markdown (markdown.cpp) ------------------------------------------------------------------

// An unsupported construct met while parsing a document body.
struct MarkdownIssue {
    int line = 0, column = 0;  // 1-based in the file; 0 = not known
    std::string what;          // "table", "link", "image", "HTML", "code", "quote", ...
    bool left_out = false;     // nothing of it is shown (a horizontal rule)
};

// Where a block's first text is in the file, for messages about the block as a whole.
struct BlockStart {
    int line = 0, column = 0;  // 1-based; 0 = not known
};

// Parses CommonMark (plus the tables extension, so that tables can be reported) into blocks.
// `text` must be well-formed UTF-8; a leading byte order mark is skipped. Never throws on any
// input (std::bad_alloc aside). At most `max_issues` issues are recorded; `dropped` gets the
// number of the others. `starts`, when given, gets one BlockStart per block returned.
std::vector<Block> parse_markdown(std::string_view text, std::vector<MarkdownIssue>* issues, size_t max_issues = 100,
                                  size_t* dropped = nullptr, std::vector<BlockStart>* starts = nullptr);

// An HTML entity ("&amp;", "&#1241;", "&#x4D9;") decoded: the named ones documents may use (the
// common few: amp, nbsp, ndash, laquo, lrm, ...) and any numeric one; nullopt for others.
std::optional<std::string> decode_entity(std::string_view s);
// Every entity in `s` that decode_entity knows, decoded; the rest kept as written (plain texts of
// schedule exports, which carry them).
std::string decode_html_entities(std::string_view s);

// --- Images (images.cpp) ----------------------------------------------------------------------

// Checks an image file that exists inside the content folder: its size (before reading), that
// it is PNG or JPEG, that stb_image can read its header (and decode it when the file looks
// truncated), and its pixel size. `rel` is how the content names it (for messages). Returns the
// message of the first problem, or nullopt.
std::optional<std::string> check_image(const std::filesystem::path& file, const std::string& rel);

}  // namespace majlis::content::detail
