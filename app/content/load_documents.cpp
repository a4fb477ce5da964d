// majlis content: documents.toml and the documents' Markdown bodies (see loader.h).
#include "content/loader.h"

namespace majlis::content::detail {

bool Loader::has_diagnostic_for(const std::string& file) const {
    return std::any_of(diags_.begin(), diags_.end(), [&](const Diagnostic& d) { return d.pos.file == file; });
}

void Loader::load_documents_toml() {
    std::optional<toml::table> doc = parse_toml("documents.toml", false);
    if (!doc) {
        documents_ok_ = file_ < 0 && !has_diagnostic_for("documents.toml");
        return;
    }
    documents_ok_ = true;
    const Rec root = root_rec(*doc);
    check_keys(*doc, "", {"document"});
    std::map<std::string, int> id_lines;
    for (const toml::table* t : get_tables(root, "document", "document")) {
        Document d;
        d.pos = at(*t);
        Rec r{t, "document", "", d.pos};
        check_keys(*t, "", {"id", "illustrative", "justify", "title", "summary", "body", "url"});
        SourcePos pos;
        if (auto id = get_id(r, "id", true, &pos)) {
            d.id = *id;
            r.what = "document " + quote(*id);
            if (!id_lines.emplace(*id, pos.line).second)
                error(pos,
                      "duplicate document id " + quote(*id) + " (first at line " + std::to_string(id_lines[*id]) +
                          ")");
        }
        if (auto b = get_bool(r, "illustrative")) d.illustrative = *b;
        if (auto b = get_bool(r, "justify")) d.justify = *b;
        d.title = get_text(r, "title", true);
        d.summary = get_text(r, "summary", false);
        if (auto url = get_url(r, "url")) d.url = *url;
        const LocalText body = get_text(r, "body", true, /*path=*/true);
        if (const toml::table* bt = t->get_as<toml::table>("body")) {
            for (const auto& [lang, path] : body.by_lang) {
                const toml::node* n = bt->get(lang);
                body_refs_.push_back(BodyRef{event_.documents.size(), lang, path, n ? at(*n) : body.pos});
            }
        }
        event_.documents.push_back(std::move(d));
    }
}

void Loader::load_bodies() {
    std::map<std::string, std::pair<int, std::vector<Block>>> parsed;  // by path: file index, blocks
    for (const BodyRef& ref : body_refs_) {
        auto it = parsed.find(ref.path);
        if (it == parsed.end()) {
            const int f = read_text(ref.path, &ref.pos, true);
            std::vector<Block> blocks;
            if (f >= 0) {
                std::vector<MarkdownIssue> issues;
                size_t dropped = 0;
                std::vector<BlockStart> starts;
                blocks = parse_markdown(files_[(size_t)f].text, &issues, kMaxMarkdownIssues, &dropped, &starts);
                warn_long_blocks(ref.path, blocks, starts);
                std::set<std::pair<int, std::string>> seen;  // one per construct and line
                for (const MarkdownIssue& i : issues) {
                    if (!seen.insert({i.line, i.what}).second) continue;
                    warning(
                        SourcePos{ref.path, i.line, i.line ? i.column : 0},
                        "unsupported Markdown (" + i.what + (i.left_out ? ") left out" : ") shown as plain text"));
                }
                if (dropped > 0)
                    warning(SourcePos{ref.path, 0, 0},
                            "unsupported Markdown in " + std::to_string(dropped) + " more places (not listed)");
            }
            it = parsed.emplace(ref.path, std::make_pair(f, std::move(blocks))).first;
        }
        const int f = it->second.first;
        if (f < 0) continue;
        DocumentBody body;
        body.file = ref.path;
        body.blocks = it->second.second;
        if (options_.coverage) check_body_coverage(files_[(size_t)f], body, ref.lang);
        event_.documents[ref.document].body[ref.lang] = std::move(body);
    }
}

void Loader::warn_long_blocks(const std::string& path, const std::vector<Block>& blocks,
                              const std::vector<BlockStart>& starts) {
    for (size_t i = 0; i < blocks.size() && i < starts.size(); ++i) {
        size_t chars = 0;
        for (const Span& s : blocks[i].spans) chars += count_code_points(s.text);
        if (chars <= kMaxBlockChars) continue;
        const char* what = blocks[i].kind == Block::Kind::Heading    ? "heading"
                           : blocks[i].kind == Block::Kind::ListItem ? "list item"
                                                                      : "paragraph";
        warning(SourcePos{path, starts[i].line, starts[i].line ? starts[i].column : 0},
                std::string(what) + " too long to lay out within a frame (" + std::to_string(chars) +
                    " characters, at most " + std::to_string(kMaxBlockChars) + "): split it");
    }
}

void Loader::check_body_coverage(const SourceFile& f, const DocumentBody& body, const std::string& lang) {
    std::string all;
    for (const Block& b : body.blocks) {
        for (const Span& s : b.spans) all += s.text;
        all += '\n';
    }
    std::set<char32_t> seen;
    for (char32_t cp : options_.coverage(all, lang)) {
        if (!seen.insert(cp).second) continue;
        std::string needle;
        append_utf8(needle, cp);
        SourcePos pos{f.rel, 0, 0};
        const size_t at = f.text.find(needle);
        if (at != std::string::npos) line_column(f.text, at, pos.line, pos.column);
        error(pos, "text has " + code_point_label(cp) + ", which no font for " + quote(lang) + " covers");
    }
}

}  // namespace majlis::content::detail
