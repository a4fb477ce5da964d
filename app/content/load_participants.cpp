// majlis content: participants.toml, the roster (see loader.h).
#include "content/loader.h"

namespace majlis::content::detail {

void Loader::load_participants_toml() {
    std::optional<toml::table> doc = parse_toml("participants.toml", false);
    if (!doc) {
        // Absent: no roster (references to participants are unknown ids). Broken: reported.
        participants_ok_ = file_ < 0 && !has_diagnostic_for("participants.toml");
        return;
    }
    participants_ok_ = true;
    const Rec root = root_rec(*doc);
    check_keys(*doc, "", {"participant"});
    std::map<std::string, int> id_lines;
    std::map<int64_t, int> order_lines;
    for (const toml::table* t : get_tables(root, "participant", "participant")) {
        // A person the export has is overridden in place: only the id is required.
        const toml::node* idn = t->get("id");
        const auto imported = idn && idn->is_string() ? imported_participants_.find(idn->as_string()->get())
                                                      : imported_participants_.end();
        const bool required = imported == imported_participants_.end();
        Participant own;
        Participant& p = required ? own : event_.participants[imported->second];
        p.pos = at(*t);
        Rec r{t, "participant", "", p.pos};
        check_keys(*t, "", {"id", "name", "title", "country", "protocol_order", "native_lang", "flag", "portrait",
                            "biography", "avatar_url", "url"});
        SourcePos pos;
        if (auto id = get_id(r, "id", true, &pos)) {
            p.id = *id;
            r.what = "participant " + quote(*id);
            if (!id_lines.emplace(*id, pos.line).second)
                error(pos,
                      "duplicate participant id " + quote(*id) + " (first at line " +
                          std::to_string(id_lines[*id]) + ")");
        }
        override_text(p.name, get_text(r, "name", required));
        override_text(p.title, get_text(r, "title", false));
        override_text(p.biography, get_text(r, "biography", false));
        if (auto url = get_url(r, "avatar_url")) p.avatar_url = *url;
        if (auto url = get_url(r, "url")) p.url = *url;
        if (auto c = get_string(r, "country", false, &pos)) {
            p.country = *c;
            if (c->size() != 2 || !all_of(*c, is_upper) || !iso_countries().count(*c)) {
                std::string upper = *c;
                for (char& ch : upper)
                    if (is_lower(ch)) ch = (char)(ch - 'a' + 'A');
                const bool fixable = upper != *c && upper.size() == 2 && iso_countries().count(upper);
                error(pos,
                      "unknown country " + quote(*c) +
                          (fixable ? " (did you mean " + quote(upper) + "?)" : std::string()));
            }
        }
        if (const toml::node* n = get(r, "protocol_order", required)) {
            if (!n->is_integer()) {
                wrong_type(r, "protocol_order", *n, "an integer");
            } else {
                const int64_t v = n->as_integer()->get();
                if (v < 1 || v > 1000000) {
                    error(at(*n), "'protocol_order' must be from 1 to 1000000, not " + std::to_string(v));
                } else {
                    p.protocol_order = (int)v;
                    if (!order_lines.emplace(v, (int)n->source().begin.line).second)
                        error(at(*n),
                              "duplicate protocol_order " + std::to_string(v) + " (first at line " +
                                  std::to_string(order_lines[v]) + ")");
                }
            }
        }
        if (auto nl = get_string(r, "native_lang", false, &pos)) {
            p.native_lang = *nl;
            if (check_language(*nl, pos) && !p.name.empty() && !p.name.by_lang.count(*nl))
                error(pos, "no " + quote("name." + *nl) + " for native_lang " + quote(*nl));
        }
        if (t->get("flag")) p.flag = get_image(r, "flag", false);
        if (t->get("portrait")) p.portrait = get_image(r, "portrait", false);
        if (required) event_.participants.push_back(std::move(own));
    }
}

}  // namespace majlis::content::detail
