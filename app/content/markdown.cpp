// majlis content: document bodies, Markdown through md4c into the Block/Span model.
//
// Supported: headings, paragraphs, numbered and bulleted lists (nesting), emphasis and strong
// emphasis. Everything else md4c recognises (tables, images, links, raw HTML, code, quotes,
// horizontal rules, unknown named entities) becomes a MarkdownIssue and its text stays as plain
// text. md4c reports no positions, but the text it hands to the callbacks points into the input
// buffer, so a construct's line and column come from the first text inside it.
#include "content/load_detail.h"

#include <md4c.h>

#include <algorithm>
#include <cstring>
#include <exception>

namespace majlis::content::detail {
namespace {

// The few named entities staff are likely to type; others are kept as written (and reported).
struct NamedEntity {
    const char* name;
    char32_t cp;
};
constexpr NamedEntity kEntities[] = {
    {"amp", '&'},      {"lt", '<'},        {"gt", '>'},       {"quot", '"'},     {"apos", '\''},     {"nbsp", 0x00A0},
    {"ndash", 0x2013}, {"mdash", 0x2014},  {"laquo", 0x00AB}, {"raquo", 0x00BB}, {"hellip", 0x2026}, {"lrm", 0x200E},
    {"rlm", 0x200F},   {"zwj", 0x200D},    {"zwnj", 0x200C},  {"shy", 0x00AD},   {"copy", 0x00A9},   {"reg", 0x00AE},
    {"deg", 0x00B0},   {"times", 0x00D7},  {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},  {"rdquo", 0x201D},
    {"bdquo", 0x201E}, {"middot", 0x00B7}, {"bull", 0x2022},  {"euro", 0x20AC},
};

class Builder {
public:
    Builder(std::string_view text, std::vector<MarkdownIssue>* issues) : text_(text), issues_(issues) {
        line_starts_.push_back(0);
        for (size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') line_starts_.push_back(i + 1);
    }

    std::vector<Block> blocks;
    std::vector<BlockStart> starts;  // one per block: where its first text is
    std::exception_ptr error;

    int enter_block(MD_BLOCKTYPE type, void* detail) {
        switch (type) {
        case MD_BLOCK_DOC: break;
        case MD_BLOCK_QUOTE: open_issue("quote", Where::LineStart); break;
        case MD_BLOCK_UL:
            lists_.push_back({false, 0});
            current_ = -1;
            break;
        case MD_BLOCK_OL:
            lists_.push_back(
                {true, (int)std::min<unsigned>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start, 999999999u)});
            current_ = -1;
            break;
        case MD_BLOCK_LI: {
            Block b;
            b.kind = Block::Kind::ListItem;
            b.level = (int)lists_.size();
            if (!lists_.empty()) {
                b.ordered = lists_.back().ordered;
                if (b.ordered) b.number = lists_.back().next++;
            }
            start_block(std::move(b));
            item_fresh_ = true;
            break;
        }
        case MD_BLOCK_HR: report_hr(); break;
        case MD_BLOCK_H: {
            Block b;
            b.kind = Block::Kind::Heading;
            b.level = (int)std::clamp<unsigned>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level, 1u, 6u);
            start_block(std::move(b));
            break;
        }
        case MD_BLOCK_CODE: {
            const bool fenced = static_cast<MD_BLOCK_CODE_DETAIL*>(detail)->fence_char != 0;
            open_issue("code", fenced ? Where::LineBefore : Where::LineStart);
            start_paragraph();
            break;
        }
        case MD_BLOCK_HTML:
            open_issue("HTML", Where::LineStart);
            ++html_blocks_;
            start_paragraph();
            break;
        case MD_BLOCK_P:
            // The first paragraph of a list item is the item's text; later ones follow it.
            if (!(item_fresh_ && current_ >= 0)) start_paragraph();
            break;
        case MD_BLOCK_TABLE: open_issue("table", Where::LineStart); break;
        case MD_BLOCK_THEAD:
        case MD_BLOCK_TBODY: break;
        case MD_BLOCK_TR:
            start_paragraph();
            first_cell_ = true;
            break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
            if (!first_cell_) add_text(" | ");
            first_cell_ = false;
            break;
        }
        return 0;
    }

    int leave_block(MD_BLOCKTYPE type, void*) {
        switch (type) {
        case MD_BLOCK_UL:
        case MD_BLOCK_OL:
            if (!lists_.empty()) lists_.pop_back();
            current_ = -1;
            break;
        case MD_BLOCK_LI:
        case MD_BLOCK_H:
        case MD_BLOCK_TR:
            current_ = -1;
            item_fresh_ = false;
            after_heading_ = type == MD_BLOCK_H;
            break;
        case MD_BLOCK_P:
            current_ = -1;
            item_fresh_ = false;
            break;
        case MD_BLOCK_CODE:
        case MD_BLOCK_HTML:
            // Verbatim text ends with '\n'; the block does not.
            if (current_ >= 0 && !blocks[current_].spans.empty()) {
                std::string& t = blocks[current_].spans.back().text;
                while (!t.empty() && t.back() == '\n') t.pop_back();
                if (t.empty()) blocks[current_].spans.pop_back();
            }
            if (current_ >= 0 && blocks[current_].spans.empty()) {
                blocks.erase(blocks.begin() + current_);
                starts.erase(starts.begin() + current_);
            }
            current_ = -1;
            if (type == MD_BLOCK_HTML) --html_blocks_;
            close_issue_of(type);
            break;
        case MD_BLOCK_QUOTE:
        case MD_BLOCK_TABLE: close_issue_of(type); break;
        default: break;
        }
        return 0;
    }

    int enter_span(MD_SPANTYPE type, void*) {
        switch (type) {
        case MD_SPAN_EM: ++emphasis_; break;
        case MD_SPAN_STRONG: ++strong_; break;
        case MD_SPAN_A: open_issue("link", Where::Bracket); break;
        case MD_SPAN_IMG: open_issue("image", Where::BangBracket); break;
        case MD_SPAN_CODE: open_issue("code", Where::Backtick); break;
        default: open_issue("markup", Where::Text); break;  // extensions not enabled
        }
        return 0;
    }

    int leave_span(MD_SPANTYPE type, void*) {
        switch (type) {
        case MD_SPAN_EM: --emphasis_; break;
        case MD_SPAN_STRONG: --strong_; break;
        default: close_issue_of_span(); break;
        }
        return 0;
    }

    int text(MD_TEXTTYPE type, const MD_CHAR* p, MD_SIZE size) {
        std::string_view s(p, size);
        after_heading_ = false;
        locate_open_issues(p, size);
        switch (type) {
        case MD_TEXT_NULLCHAR: add_text("\xEF\xBF\xBD"); break;
        case MD_TEXT_BR: add_text("\n"); break;
        case MD_TEXT_SOFTBR: add_text(" "); break;
        case MD_TEXT_ENTITY: add_entity(s, p); break;
        case MD_TEXT_HTML:
            if (!in_html_block()) report_now("HTML", p, Where::Text);
            add_text(s);
            break;
        default: add_text(s); break;
        }
        if (current_ >= 0 && starts[(size_t)current_].line == 0 && in_buffer(p)) {
            BlockStart& at = starts[(size_t)current_];
            position((size_t)(p - text_.data()), at.line, at.column);
        }
        return 0;
    }

private:
    enum class Where { Text, LineStart, LineBefore, Bracket, BangBracket, Backtick };
    struct List {
        bool ordered;
        int next;
    };
    static constexpr size_t kNone = (size_t)-1;
    struct Open {
        size_t issue = kNone;  // index into *issues_, or kNone when not recorded
        Where where;
        bool block;  // a block construct (closed by leave_block) or a span
    };

    std::string_view text_;
    std::vector<MarkdownIssue>* issues_;
    std::vector<size_t> line_starts_;
    std::vector<List> lists_;
    std::vector<Open> open_;
    size_t unlocated_from_ = 0;  // open_[unlocated_from_..] wait for their first text
    size_t max_issues_ = 100;
    size_t cache_line_ = (size_t)-1, cache_offset_ = 0;  // position(): the last one computed
    int cache_column_ = 1;
    int html_blocks_ = 0;      // open raw HTML blocks
    long current_ = -1;        // the block receiving text, or -1
    bool item_fresh_ = false;  // a list item whose first paragraph has not ended yet
    bool first_cell_ = true;
    int emphasis_ = 0, strong_ = 0;
    size_t last_text_end_ = 0;  // just past the last text md4c handed over from the buffer
    bool seen_text_ = false;
    size_t hr_from_ = 0;          // the line (0-based) after the last horizontal rule found
    bool after_heading_ = false;  // the last block was a heading (maybe a setext one: "Title\n---")

    bool in_html_block() const { return html_blocks_ > 0; }

    void start_block(Block b) {
        blocks.push_back(std::move(b));
        starts.emplace_back();
        current_ = (long)blocks.size() - 1;
    }

    void start_paragraph() {
        Block b;
        b.kind = Block::Kind::Paragraph;
        b.level = (int)lists_.size();  // inside a list item: its depth
        start_block(std::move(b));
    }

    void add_text(std::string_view s) {
        if (s.empty()) return;
        if (current_ < 0) start_paragraph();
        Block& b = blocks[current_];
        const bool em = emphasis_ > 0, st = strong_ > 0;
        if (!b.spans.empty() && b.spans.back().emphasis == em && b.spans.back().strong == st) {
            b.spans.back().text.append(s);
        } else {
            Span span;
            span.text = std::string(s);
            span.emphasis = em;
            span.strong = st;
            b.spans.push_back(std::move(span));
        }
    }

    void add_entity(std::string_view s, const MD_CHAR* p) {
        if (std::optional<std::string> decoded = decode_entity(s)) return add_text(*decoded);
        report_now("HTML entity " + quote(s), p, Where::Text);
        add_text(s);
    }

    // --- positions ---

    bool in_buffer(const MD_CHAR* p) const { return p >= text_.data() && p < text_.data() + text_.size(); }

    // Columns count code points from the line's start; positions mostly come in increasing
    // order, so counting resumes from the last one on the same line (no quadratic cost on long
    // lines).
    void position(size_t offset, int& line, int& column) {
        const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
        const size_t li = (size_t)(it - line_starts_.begin()) - 1;
        size_t i = line_starts_[li];
        int col = 1;
        if (cache_line_ == li && cache_offset_ <= offset) {
            i = cache_offset_, col = cache_column_;
        } else if (cache_line_ == li) {  // a little back (a link's '[' before its text)
            col = cache_column_ - int(count_code_points(text_.substr(offset, cache_offset_ - offset)));
            i = offset;
        }
        col += int(count_code_points(text_.substr(i, offset - i)));
        cache_line_ = li, cache_offset_ = offset, cache_column_ = col;
        line = (int)li + 1;
        column = col;
    }

    // Where the construct whose first text starts at `offset` begins.
    void locate(size_t offset, Where where, int& line, int& column) {
        switch (where) {
        case Where::Bracket:
            if (offset >= 1 && text_[offset - 1] == '[') --offset;
            else if (offset >= 1 && text_[offset - 1] == '<') --offset;  // <autolink>
            break;
        case Where::BangBracket:
            if (offset >= 2 && text_[offset - 1] == '[' && text_[offset - 2] == '!') offset -= 2;
            break;
        case Where::Backtick:
            while (offset >= 1 && (text_[offset - 1] == '`' || text_[offset - 1] == ' ')) --offset;
            break;
        default: break;
        }
        position(offset, line, column);
        if (where == Where::LineStart || where == Where::LineBefore) {
            size_t li = (size_t)line - 1;
            if (where == Where::LineBefore && li > 0) --li;
            size_t i = line_starts_[li];
            line = (int)li + 1;
            column = 1;
            while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i, ++column;
        }
    }

    // Past max_issues_ constructs are counted, not recorded (but still tracked, for nesting).
    bool record() {
        if (issues_->size() < max_issues_) return true;
        ++dropped;
        return false;
    }

    void open_issue(const char* what, Where where, bool left_out = false) {
        if (!issues_) return;
        Open o;
        o.where = where;
        o.block = where == Where::LineStart || where == Where::LineBefore;
        if (record()) {
            MarkdownIssue issue;
            issue.what = what;
            issue.left_out = left_out;
            issues_->push_back(std::move(issue));
            o.issue = issues_->size() - 1;
        }
        open_.push_back(o);
    }

    // Constructs nest properly (a span closes before its block does): the last one opened is
    // the one that closes.
    void close_issue() {
        if (open_.empty()) return;
        open_.pop_back();
        unlocated_from_ = std::min(unlocated_from_, open_.size());
    }
    void close_issue_of(MD_BLOCKTYPE) { close_issue(); }
    void close_issue_of_span() { close_issue(); }

    void locate_open_issues(const MD_CHAR* p, MD_SIZE size) {
        if (!in_buffer(p)) return;
        const size_t offset = (size_t)(p - text_.data());
        last_text_end_ = std::min(text_.size(), offset + size);
        seen_text_ = true;
        if (!issues_) return;
        // Everything opened since the last text starts here; older ones are located already.
        for (size_t k = unlocated_from_; k < open_.size(); ++k) {
            Open& o = open_[k];
            if (o.issue == kNone) continue;
            MarkdownIssue& issue = (*issues_)[o.issue];
            locate(offset, o.where, issue.line, issue.column);
        }
        unlocated_from_ = open_.size();
    }

    // A horizontal rule has no text: it is the first line after the last text (and after the last
    // rule found) made of three or more '-', '*' or '_' and spaces; a setext heading's underline
    // right after its text does not count.
    void report_hr() {
        if (!issues_ || !record()) return;
        MarkdownIssue issue;
        issue.what = "horizontal rule";
        issue.left_out = true;
        size_t li = 0;
        const bool heading = after_heading_;
        if (seen_text_) {
            position(last_text_end_ > 0 ? last_text_end_ - 1 : 0, issue.line, issue.column);
            li = (size_t)issue.line;  // the line after it (0-based index)
        }
        const size_t first = li;
        bool setext = false;  // the heading before is "Title" underlined, not "# Title"
        if (heading && first > 0) {
            size_t i = line_starts_[first - 1];
            while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
            setext = i < text_.size() && text_[i] != '#';
        }
        li = std::max(li, hr_from_);
        issue.line = issue.column = 0;
        for (; li < line_starts_.size(); ++li) {
            if (setext && li == first) continue;  // "Title\n---" is a heading
            const size_t start = line_starts_[li];
            const size_t end = li + 1 < line_starts_.size() ? line_starts_[li + 1] : text_.size();
            char mark = 0;
            int count = 0, indent = 0;
            bool ok = true, leading = true;
            for (size_t i = start; i < end && ok; ++i) {
                const char c = text_[i];
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    if (leading) ++indent;
                    continue;
                }
                leading = false;
                if ((c == '-' || c == '*' || c == '_') && (mark == 0 || mark == c)) mark = c, ++count;
                else ok = false;
            }
            if (ok && count >= 3) {
                issue.line = (int)li + 1;
                issue.column = indent + 1;
                hr_from_ = li + 1;
                break;
            }
        }
        issues_->push_back(std::move(issue));
    }

    void report_now(std::string what, const MD_CHAR* p, Where where) {
        if (!issues_ || !record()) return;
        MarkdownIssue issue;
        issue.what = std::move(what);
        if (in_buffer(p)) locate((size_t)(p - text_.data()), where, issue.line, issue.column);
        issues_->push_back(std::move(issue));
    }

public:
    size_t dropped = 0;  // constructs past max_issues_
    void set_max_issues(size_t n) { max_issues_ = n; }
};

template <typename F>
int guarded(void* userdata, F&& f) {
    auto* b = static_cast<Builder*>(userdata);
    try {
        return f(*b);
    } catch (...) {
        b->error = std::current_exception();
        return 1;  // aborts md_parse
    }
}

}  // namespace

std::optional<std::string> decode_entity(std::string_view s) {
    std::string out;
    if (s.size() >= 4 && s[0] == '&' && s[1] == '#' && s.back() == ';') {
        const bool hex = s[2] == 'x' || s[2] == 'X';
        uint32_t v = 0;
        bool overflow = false;
        size_t digits = 0;
        for (size_t i = hex ? 3 : 2; i + 1 < s.size(); ++i) {
            const char c = s[i];
            int d = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f'   ? c - 'a' + 10
                : c >= 'A' && c <= 'F'   ? c - 'A' + 10
                                         : -1;
            if (d < 0 || (!hex && d > 9)) return std::nullopt;
            ++digits;
            if (v > 0x10FFFF) overflow = true;
            else v = v * (hex ? 16 : 10) + (uint32_t)d;
        }
        if (digits == 0) return std::nullopt;
        if (overflow || v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
        append_utf8(out, v);
        return out;
    }
    if (s.size() < 3 || s[0] != '&' || s.back() != ';') return std::nullopt;
    const std::string_view name = s.substr(1, s.size() - 2);
    for (const NamedEntity& e : kEntities) {
        if (name == e.name) {
            append_utf8(out, e.cp);
            return out;
        }
    }
    return std::nullopt;
}

std::string decode_html_entities(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        if (s[i] == '&') {
            const size_t semi = s.find(';', i + 1);
            if (semi != std::string_view::npos && semi - i <= 12) {
                if (std::optional<std::string> d = decode_entity(s.substr(i, semi - i + 1))) {
                    out += *d;
                    i = semi + 1;
                    continue;
                }
            }
        }
        out += s[i++];
    }
    return out;
}

std::vector<Block> parse_markdown(std::string_view text, std::vector<MarkdownIssue>* issues, size_t max_issues,
                                  size_t* dropped, std::vector<BlockStart>* starts) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    Builder builder(text, issues);
    builder.set_max_issues(max_issues);
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_FLAG_TABLES;
    parser.enter_block = [](MD_BLOCKTYPE t, void* d, void* u) {
        return guarded(u, [&](Builder& b) { return b.enter_block(t, d); });
    };
    parser.leave_block = [](MD_BLOCKTYPE t, void* d, void* u) {
        return guarded(u, [&](Builder& b) { return b.leave_block(t, d); });
    };
    parser.enter_span = [](MD_SPANTYPE t, void* d, void* u) {
        return guarded(u, [&](Builder& b) { return b.enter_span(t, d); });
    };
    parser.leave_span = [](MD_SPANTYPE t, void* d, void* u) {
        return guarded(u, [&](Builder& b) { return b.leave_span(t, d); });
    };
    parser.text = [](MD_TEXTTYPE t, const MD_CHAR* p, MD_SIZE n, void* u) {
        return guarded(u, [&](Builder& b) { return b.text(t, p, n); });
    };
    if (text.size() > 0xFFFFFFFFu) text = text.substr(0, 0xFFFFFFFFu);
    md_parse(text.data(), (MD_SIZE)text.size(), &parser, &builder);
    if (builder.error) std::rethrow_exception(builder.error);
    if (dropped) *dropped = builder.dropped;
    if (starts) *starts = std::move(builder.starts);
    return std::move(builder.blocks);
}

}  // namespace majlis::content::detail
