// majlis content: CAP 1.2 messages read into an Alert (alert.h says what maps onto what).
//
// The XML is pugixml's (Debian libpugixml-dev): it never fetches anything and expands no entity
// but the five predefined ones and character references, so a hostile document can neither
// reach out nor blow up. It is asked to keep the DOCTYPE only so that one can be refused. CAP
// is namespaced: the root's prefix (none, or "cap:" as some feeds write) must be bound to CAP
// 1.2's URN on the root, and the elements read are those of the same prefix. Elements this
// reader does not use (area, resource, parameter, eventCode...) are left alone; what it uses
// must be there and valid. An error names the line and column of the element at fault.
#include "content/alert.h"

#include "content/loader.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace majlis::content {

namespace {

constexpr size_t kMaxCapBytes = 256 * 1024;
constexpr std::string_view kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";

using detail::digits;
using detail::number;
using detail::trim;

// CAP's dateTime: "2026-12-06T19:55:00-00:00" (CAP writes UTC as -00:00; "Z" is taken too), no
// fractions. Unix ms, or nullopt.
std::optional<int64_t> parse_cap_time(std::string_view s) {
    if (s.size() != 25 && s.size() != 20) return std::nullopt;
    if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
    const std::string_view y = s.substr(0, 4), mo = s.substr(5, 2), d = s.substr(8, 2), h = s.substr(11, 2),
                           mi = s.substr(14, 2), se = s.substr(17, 2);
    for (std::string_view part : {y, mo, d, h, mi, se})
        if (!digits(part)) return std::nullopt;
    int offset_min = 0;
    if (s.size() == 20) {
        if (s[19] != 'Z') return std::nullopt;
    } else {
        const char sign = s[19];
        const std::string_view oh = s.substr(20, 2), om = s.substr(23, 2);
        if ((sign != '+' && sign != '-') || s[22] != ':' || !digits(oh) || !digits(om)) return std::nullopt;
        if (number(oh) > 23 || number(om) > 59) return std::nullopt;
        offset_min = (sign == '-' ? -1 : 1) * (number(oh) * 60 + number(om));
    }
    std::tm tm{};
    tm.tm_year = number(y) - 1900;
    tm.tm_mon = number(mo) - 1;
    tm.tm_mday = number(d);
    tm.tm_hour = number(h);
    tm.tm_min = number(mi);
    tm.tm_sec = number(se);
    if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
        tm.tm_sec > 60 || number(y) < 1970)
        return std::nullopt;
    const std::tm asked = tm;
    const time_t t = timegm(&tm);
    if (tm.tm_mday != asked.tm_mday || tm.tm_mon != asked.tm_mon) return std::nullopt;  // 31 February
    return (int64_t(t) - int64_t(offset_min) * 60) * 1000;
}

struct CapReader {
    std::string_view xml;
    std::string file;
    std::string prefix;  // "" or "cap:"
    std::vector<Diagnostic> diagnostics;

    SourcePos at(ptrdiff_t offset) const {
        SourcePos pos{file, 1, 1};
        const size_t end = std::min(xml.size(), size_t(std::max<ptrdiff_t>(offset, 0)));
        for (size_t i = 0; i < end; ++i) {
            if (xml[i] == '\n') {
                ++pos.line;
                pos.column = 1;
            } else if ((static_cast<unsigned char>(xml[i]) & 0xC0) != 0x80) {
                ++pos.column;  // characters, not bytes (a continuation byte is not one)
            }
        }
        return pos;
    }
    void error(ptrdiff_t offset, std::string message) {
        diagnostics.push_back(Diagnostic{at(offset), Severity::Error, std::move(message)});
    }
    // At the node's '<' (pugixml's offset is that of its name).
    void error(const pugi::xml_node& node, std::string message) {
        ptrdiff_t at = std::min<ptrdiff_t>(node.offset_debug(), ptrdiff_t(xml.size()));
        while (at > 0 && xml[size_t(at)] != '<') --at;
        error(at, std::move(message));
    }

    std::string name(std::string_view local) const { return prefix + std::string(local); }
    pugi::xml_node child(const pugi::xml_node& parent, std::string_view local) const {
        return parent.child(name(local).c_str());
    }
    // The trimmed text of a required child; nullopt (and an error at the parent) when missing or empty.
    std::optional<std::string> required(const pugi::xml_node& parent, std::string_view local) {
        const pugi::xml_node node = child(parent, local);
        const std::string_view text = node ? trim(node.child_value()) : std::string_view{};
        if (text.empty()) {
            error(node ? node : parent, "<" + std::string(local) + "> is required in <" +
                                            std::string(parent.name()).substr(prefix.size()) + ">");
            return std::nullopt;
        }
        return std::string(text);
    }
    // A text child into `out` (empty when absent), at most kMaxAlertTextBytes.
    void text(const pugi::xml_node& parent, std::string_view local, std::string& out) {
        const pugi::xml_node node = child(parent, local);
        if (!node) return;
        const std::string_view text = trim(node.child_value());
        if (text.size() > kMaxAlertTextBytes)
            return error(node, "<" + std::string(local) + "> has " + std::to_string(text.size()) +
                                   " bytes; at most " + std::to_string(kMaxAlertTextBytes) + " (read from 20 m: short)");
        out = std::string(text);
    }
};

AlertPictogram pictogram_of(CapReader& r, const pugi::xml_node& info) {
    for (pugi::xml_node n = r.child(info, "responseType"); n; n = n.next_sibling(r.name("responseType").c_str())) {
        const std::string_view v = trim(n.child_value());
        if (v == "Evacuate") return AlertPictogram::Evacuate;
        if (v == "Shelter") return AlertPictogram::Shelter;
    }
    for (pugi::xml_node n = r.child(info, "category"); n; n = n.next_sibling(r.name("category").c_str())) {
        const std::string_view v = trim(n.child_value());
        if (v == "Fire") return AlertPictogram::Fire;
        if (v == "Health") return AlertPictogram::Medical;
    }
    return AlertPictogram::Warning;
}

}  // namespace

CapLoad parse_cap(std::string_view xml, std::string_view file_name) {
    CapReader r{xml, std::string(file_name), "", {}};
    CapLoad out;
    auto fail = [&]() {
        out.diagnostics = std::move(r.diagnostics);
        return std::move(out);
    };
    if (xml.size() > kMaxCapBytes) {
        r.error(0, "a CAP message of " + std::to_string(xml.size()) + " bytes; at most " +
                       std::to_string(kMaxCapBytes));
        return fail();
    }
    pugi::xml_document doc;
    // Default parsing (no entity of its own, no external anything), keeping the DOCTYPE to refuse it.
    const pugi::xml_parse_result parsed =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype, pugi::encoding_utf8);
    if (!parsed) {
        r.error(parsed.offset, std::string("not well-formed XML: ") + parsed.description());
        return fail();
    }
    for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_doctype) {
            r.error(n, "a DOCTYPE is not allowed in a CAP message");
            return fail();
        }
    const pugi::xml_node root = doc.document_element();
    const std::string root_name = root.name();
    const size_t colon = root_name.find(':');
    r.prefix = colon == std::string::npos ? "" : root_name.substr(0, colon + 1);
    const std::string xmlns = r.prefix.empty() ? "xmlns" : "xmlns:" + root_name.substr(0, colon);
    if (root_name.substr(r.prefix.size()) != "alert" || kCapNamespace != root.attribute(xmlns.c_str()).value()) {
        r.error(root, "not a CAP 1.2 message: expected <alert xmlns=\"" + std::string(kCapNamespace) + "\">");
        return fail();
    }

    CapMessage m;
    const auto identifier = r.required(root, "identifier");
    const auto sender = r.required(root, "sender");
    const auto sent = r.required(root, "sent");
    const auto status = r.required(root, "status");
    const auto type = r.required(root, "msgType");
    const auto scope = r.required(root, "scope");
    if (!r.diagnostics.empty()) return fail();
    if (!valid_alert_id(*identifier))
        r.error(r.child(root, "identifier"), "<identifier> is not 1 to 128 characters without spaces, commas, '<' or '&'");
    m.alert.id = *identifier;
    if (const auto t = parse_cap_time(*sent)) m.alert.sent_ms = *t;
    else r.error(r.child(root, "sent"), "<sent> is not a CAP time like 2026-12-06T19:55:00+05:00");
    if (*status == "Actual") m.alert.status = AlertStatus::Actual;
    else if (*status == "Exercise") m.alert.status = AlertStatus::Exercise;
    else if (*status == "Test") m.alert.status = AlertStatus::Test;
    else
        r.error(r.child(root, "status"), "<status> " + status->substr(0, 64) +
                                             " is not shown on screens: Actual, Exercise or Test");
    if (*type == "Alert") m.type = CapMessageType::Alert;
    else if (*type == "Update") m.type = CapMessageType::Update;
    else if (*type == "Cancel") m.type = CapMessageType::Cancel;
    else r.error(r.child(root, "msgType"), "<msgType> " + type->substr(0, 64) + " is not Alert, Update or Cancel");
    if (*scope != "Public" && *scope != "Restricted" && *scope != "Private")
        r.error(r.child(root, "scope"), "<scope> is not Public, Restricted or Private");

    if (m.type != CapMessageType::Alert) {
        const pugi::xml_node refs = r.child(root, "references");
        std::string_view rest = refs ? trim(refs.child_value()) : std::string_view{};
        if (rest.empty()) r.error(refs ? refs : root, "a" + std::string(*type == "Update" ? "n " : " ") + *type +
                                                          " needs <references> naming the alerts it is for");
        while (!rest.empty()) {
            const size_t space = rest.find_first_of(" \t\r\n");
            const std::string_view triple = rest.substr(0, space);
            rest = space == std::string_view::npos ? std::string_view{} : trim(rest.substr(space));
            const size_t a = triple.find(','), b = a == std::string_view::npos ? a : triple.find(',', a + 1);
            const std::string_view id =
                b == std::string_view::npos ? std::string_view{} : triple.substr(a + 1, b - a - 1);
            if (b == std::string_view::npos || triple.find(',', b + 1) != std::string_view::npos || !valid_alert_id(id)) {
                r.error(refs, "<references> holds \"" + std::string(triple.substr(0, 200)) +
                                  "\", not sender,identifier,sent");
                break;
            }
            if (m.references.size() >= kMaxAlertLanguages * 4) {
                r.error(refs, "<references> names more than " + std::to_string(kMaxAlertLanguages * 4) + " alerts");
                break;
            }
            m.references.emplace_back(id);
        }
    }

    bool first = true;
    for (pugi::xml_node info = r.child(root, "info"); info; info = info.next_sibling(r.name("info").c_str())) {
        if (m.alert.texts.size() >= kMaxAlertLanguages) {
            r.error(info, "more than " + std::to_string(kMaxAlertLanguages) + " <info> blocks");
            break;
        }
        AlertText t;
        const pugi::xml_node language = r.child(info, "language");
        const std::string_view tag = language ? trim(language.child_value()) : std::string_view("en-US");
        t.lang = std::string(tag.substr(0, tag.find('-')));  // "en-US" -> "en"
        if (!detail::valid_language(t.lang)) {
            r.error(language ? language : info, "<language> " + std::string(tag.substr(0, 64)) + " is not a language code");
            continue;
        }
        if (m.alert.text(t.lang)) {
            r.error(language ? language : info, "a second <info> in \"" + t.lang + "\"");
            continue;
        }
        const auto event = r.required(info, "event");
        const auto severity = r.required(info, "severity");
        if (!event || !severity) continue;
        t.headline = event->substr(0, kMaxAlertTextBytes);  // when there is no <headline>
        r.text(info, "headline", t.headline);
        r.text(info, "description", t.description);
        r.text(info, "instruction", t.instruction);
        if (first) {
            m.alert.severity = *severity == "Extreme" ? AlertSeverity::Extreme
                               : *severity == "Severe" ? AlertSeverity::Severe
                                                       : AlertSeverity::Moderate;
            if (*severity != "Extreme" && *severity != "Severe" && *severity != "Moderate" && *severity != "Minor" &&
                *severity != "Unknown")
                r.error(r.child(info, "severity"), "<severity> is not Extreme, Severe, Moderate, Minor or Unknown");
            m.alert.pictogram = pictogram_of(r, info);
            first = false;
        }
        if (const pugi::xml_node expires = r.child(info, "expires")) {
            const auto t_ms = parse_cap_time(trim(expires.child_value()));
            if (!t_ms) r.error(expires, "<expires> is not a CAP time like 2026-12-06T19:55:00+05:00");
            else if (m.alert.expires_ms == 0 || *t_ms < m.alert.expires_ms) m.alert.expires_ms = *t_ms;
        }
        m.alert.texts.push_back(std::move(t));
    }
    if (m.type != CapMessageType::Cancel && m.alert.texts.empty() && r.diagnostics.empty())
        r.error(root, "a" + std::string(*type == "Update" || *type == "Alert" ? "n " : " ") + *type +
                          " needs at least one <info> (one per language)");
    if (!r.diagnostics.empty()) return fail();
    if (m.type == CapMessageType::Cancel) {  // a Cancel names what it ends; its words are not shown
        m.alert.texts.clear();
        m.alert.expires_ms = 0;
    } else if (const std::string problem = alert_problem(m.alert); !problem.empty()) {
        r.error(root, problem);
        return fail();
    }
    out.message = std::move(m);
    return out;
}

}  // namespace majlis::content
