// majlis content: an emergency Alert, the one thing that takes over every screen.
//
// An Alert is what the venue says when it must be heard at once, in every display language:
// "evacuate by the east exits". It comes from two places, both operator-signed before they
// reach a screen (app/fleet/control.h carries them):
//
//   an alert text file   `majlis alert --text-file FILE` and `majlis render --screen alert
//                        --alert FILE`: TOML like the content, each text keyed by language
//                        (load_alert_text below);
//   a CAP 1.2 message    `majlis alert --cap FILE.xml` (OASIS Common Alerting Protocol, one
//                        <info> per language; parse_cap below, pugixml).
//
// The screens draw it full-screen and high-contrast (screens.h: draw_alert): pictogram,
// headline, instruction, all languages at once where they fit, else cycling every 5 s; an
// EXERCISE or TEST banner unless it is actual.
//
// Plain structs, like the rest of the model: made once, never modified, shared between threads
// through shared_ptr<const Alert>.
#pragma once

#include "content/content.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace majlis::content {

// CAP's severity, the three an operator chooses from (CAP's Minor and Unknown read as Moderate).
enum class AlertSeverity { Extreme, Severe, Moderate };
// CAP's status: Exercise and Test show a banner saying so (CAP's System and Draft are refused:
// they are not for the public).
enum class AlertStatus { Actual, Exercise, Test };
// The pictogram drawn above the text (ISO 7010 style shapes drawn by the screen, no image files).
enum class AlertPictogram { Warning, Evacuate, Shelter, Fire, Medical, Info };

const char* alert_severity_name(AlertSeverity s);    // "extreme", "severe", "moderate"
const char* alert_status_name(AlertStatus s);        // "actual", "exercise", "test"
const char* alert_pictogram_name(AlertPictogram p);  // "warning", "evacuate", ...
std::optional<AlertSeverity> alert_severity_from(std::string_view name);    // lower case only
std::optional<AlertStatus> alert_status_from(std::string_view name);
std::optional<AlertPictogram> alert_pictogram_from(std::string_view name);

// The alert's words in one language. headline is required; description and instruction may
// be empty. Each at most kMaxAlertTextBytes of UTF-8 (a takeover is read from 20 m: short).
struct AlertText {
    std::string lang;          // a language code as the content uses ("ar", "ru", "tg", "en")
    std::string headline;      // "Evacuate the building"
    std::string description;   // what happened
    std::string instruction;   // what to do: "Leave by the east exits. Do not use the lifts."
    bool operator==(const AlertText&) const = default;
};
constexpr size_t kMaxAlertTextBytes = 1024;
constexpr size_t kMaxAlertLanguages = 16;

struct Alert {
    std::string id;            // printable ASCII without spaces, commas, '<' or '&' (CAP's
                               // identifier rule), 1..128 bytes
    AlertSeverity severity = AlertSeverity::Severe;
    AlertStatus status = AlertStatus::Actual;
    AlertPictogram pictogram = AlertPictogram::Warning;
    std::vector<AlertText> texts;  // at least one, each language once, in the order written
    int64_t sent_ms = 0;           // Unix ms; 0 = not set yet (the sender sets it)
    int64_t expires_ms = 0;        // Unix ms; 0 = not set yet (the sender sets it)
    bool operator==(const Alert&) const = default;

    // The text in `lang`, nullptr when the alert has none in it.
    const AlertText* text(std::string_view lang) const;
};

// Alert::id's rule: 1..128 bytes of printable ASCII without spaces, commas, '<' or '&'.
bool valid_alert_id(std::string_view id);
// What breaks the rules above ("" nothing): the id, 1..kMaxAlertLanguages texts, each in a
// valid language code, once, with a headline, each text at most kMaxAlertTextBytes; times not
// negative. Every Alert that reaches a screen passes it (CAP, a control message, a text file).
std::string alert_problem(const Alert& alert);

// An alert text file (`--text-file`, `render --alert`):
//
//     pictogram = "evacuate"                 # optional, default "warning"
//     headline.ar = "..."                    # one per language, required for each language
//     headline.en = "Evacuate the building"
//     instruction.en = "Leave by the east exits. Do not use the lifts."
//     description.en = "..."                 # optional
//
// Languages appear in the order of `languages = ["ar", "ru", "tg", "en"]` when given, else in
// the order of the headline keys as written. Unknown keys, a language with a description or
// instruction but no headline, an unknown language code, over-long texts or a file over 64 KiB
// are errors with file, line and column (Diagnostic); nothing is returned then. The alert's id,
// severity, status and times are left for the sender (the file says what, the command line
// says how urgent and for how long).
struct AlertLoad {
    std::optional<Alert> alert;
    std::vector<Diagnostic> diagnostics;  // errors (and warnings) with file:line:col
};
AlertLoad load_alert_text(std::string_view toml_text, std::string_view file_name);
AlertLoad load_alert_file(const std::string& path);

// A CAP 1.2 message (urn:oasis:names:tc:emergency:cap:1.2), parsed with pugixml.
//
//   identifier -> Alert::id; sent -> sent_ms; status Actual|Exercise|Test (System, Draft
//   refused); msgType Alert|Update|Cancel; references ("sender,identifier,sent" triples,
//   space-separated) -> the identifiers an Update replaces or a Cancel ends; each <info>: its
//   language (RFC 3066, "en-US" -> "en"; absent = "en" as CAP says) -> one AlertText
//   (headline, description, instruction); the first info's severity -> severity, its
//   responseType (Evacuate, Shelter) or category (Fire, Health) -> pictogram, the earliest
//   expires -> expires_ms.
//
// Bounded and strict (it comes from outside): at most 256 KiB, no DTD, well-formed, the CAP
// 1.2 namespace, required elements present; errors name the line and column.
enum class CapMessageType { Alert, Update, Cancel };
struct CapMessage {
    CapMessageType type = CapMessageType::Alert;
    Alert alert;                          // for a Cancel: id, sent_ms, status only
    std::vector<std::string> references;  // identifiers (the middle of each triple)
};
struct CapLoad {
    std::optional<CapMessage> message;
    std::vector<Diagnostic> diagnostics;
};
CapLoad parse_cap(std::string_view xml, std::string_view file_name);

}  // namespace majlis::content
