// majlis fleet: the hub. One process next to the content folder staff edit; it publishes every
// good version as a signed bundle, serves bundles and the dashboard over HTTP, and tells the
// screens over MQTT.
//
//   majlis hub --content DIR --key KEY [--listen ADDR:PORT] [--operators FILE | --no-auth]
//              [--mqtt URL] [--mqtt-password-file F] [--venue V] [--state DIR] [--bundles DIR]
//              [--public-url URL]
//
// Who may use it: with --operators FILE (operators.h; made by `majlis passwd`), the dashboard,
// /api/* and the screens' pictures ask for an operator's name and password (HTTP Basic: behind a
// TLS proxy on a network that is not the venue's own); a request without them, or with wrong ones,
// is answered 401. The bundle stays open (it is signed), and so do the screens' uploads: a screen
// holds no operator's password and the hub cannot check its broker password, so an upload is
// taken only for a screen online now, a screenshot only when one was asked (403 otherwise) --
// someone on the network can still replace an online screen's thumbnail or an asked screenshot
// (a picture on the dashboard, never what a screen shows). Without
// --operators the hub starts only when it listens on loopback alone (127.0.0.0/8, ::1: whoever
// can reach it is on this machine) or when --no-auth says so explicitly (logged as a warning).
// Commands reach the screens signed with --key (presence.h): a broker is not the operator's key.
//
// What it does:
//   - watches DIR with content::LiveContent (inotify, settle, reload off-thread). Each new version
//     that loads without errors is published in-process (publish_bundle, bundle.h) into the
//     bundle folder, on the hub's own thread (never on LiveContent's worker). A folder with
//     errors publishes nothing: players keep the last bundle, the log and the dashboard's banner
//     say what is wrong (check's diagnostics). A publish that is refused anyway (a symlink in the
//     folder) or fails (IO, a file changed meanwhile) is reported the same way and tried again on
//     the next change.
//   - serves one HTTP port (cpp-httplib, Debian libcpp-httplib-dev; a pool of worker threads):
//       GET  /bundle/manifest.json       ETag = sha256 of its bytes; If-None-Match -> 304
//       GET  /bundle/manifest.json.sig   manifest and signature are served from one pair kept in
//                                        memory and swapped under one lock, never half-updated
//       GET  /bundle/objects/<sha>       64 lowercase hex only; ETag = sha, immutable, streamed
//       GET  /  and  /<name>.(html|css|js|svg|png|ico)   the dashboard (assets/dashboard/)
//       GET  /api/screens                every screen seen on MQTT, and the hub's own state
//       POST /api/screens/<id>/command, /api/groups/<group>/command   {"command":"screenshot"|
//                                        "identify"|"reload"} -> FleetView::send_command (202)
//       DELETE /api/screens/<id>         a screen retired for good: its retained status cleared
//                                        (FleetView::forget_screen) and its pictures removed
//                                        (204); 409 while it is online, 503 when the broker
//                                        does not take it
//       POST /api/control                a signed control message (control.h), as `majlis alert`
//                                        signs it: checked as a screen checks it, against the
//                                        public half of --key (on this route the hub signs
//                                        nothing: the operator's machine did), its target one of this
//                                        venue's alert, live or override topics; published
//                                        retained with the MQTT 5 message expiry of its expires (FleetView::
//                                        publish_control): 202 {"topic","id"}; 400 refused (and
//                                        why), 503 no broker. Each try is a line of the audit log
//       GET  /api/alerts                 the active alerts the broker holds, with their targets
//       GET  /api/hub                    {"venue","public_key"}: `majlis alert` checks it signs
//                                        for this hub
//     The dashboard's emergency panel (an operator logged in, like every /api/ request): the hub
//     holds the operator's key anyway (it signs bundles and commands), so for the dashboard it
//     composes and signs the alert itself -- the CLI still signs on the operator's machine.
//       GET  /api/event                  {"id","name","languages"}: the display languages the
//                                        panel asks a text for (of the content loaded last)
//       POST /api/alerts/preview         an alert to compose (below) -> image/png: the takeover
//                                        as a screen shows it, 1920x1080 (1080x1920 with
//                                        "portrait":true), over the content's lobby (config.
//                                        render_alert, the code of `majlis render --screen alert`)
//       POST /api/alerts                 the same, with "expires" ("30m") and "target" ("all",
//                                        "group:G", "screen:ID"): a fresh alert id, signed with
//                                        --key and published exactly as POST /api/control
//                                        publishes a signed one (202 {"topic","id","alert"})
//       POST /api/alerts/<id>/cancel     a cancel signed and published on each topic alert <id>
//                                        is active on (404 when it is on none)
//       GET  /api/audit?limit=N          the last N (default 100, at most 1000) lines of the
//                                        audit log, oldest first: {"lines":[{...},...]}
//     An alert to compose is JSON: {"texts":[{"lang","headline","description","instruction"}],
//     "severity","status","pictogram"} (as in control.h's "alert", without id and times), or
//     {"cap":"<CAP 1.2 XML>"} with a flag given winning over CAP's (severity, status); a bare
//     CAP document as the body is taken too. A CAP Cancel is refused here: its Cancel button ends
//     an alert. Each publish and cancel is audited with the operator's name ("operator").
//     The dashboard's live changes (content/live_changes.h; operators only, like the rest):
//       GET  /api/sessions               what the changes are made against, from the content
//                                        loaded last: {"languages","time_zone","halls":[{"id",
//                                        "name":{lang:text}}],"sessions":[{"id","date":
//                                        "2025-10-09","start":"10:00","end","hall","title":
//                                        {lang:text},"fingerprint"}]} (fingerprint: content::
//                                        session_fingerprint, a change's "based_on")
//       GET  /api/live                   the set in force per target: {"live":[{"target":"all"|
//                                        "group:G"|"screen:ID","topic","message","issued",
//                                        "expires","changes":{LiveChanges JSON}}]}
//       PUT  /api/live?target=all|group:G|screen:ID   a LiveChanges JSON body (parse_live_changes;
//                                        {} withdraws the target's changes), signed with --key
//                                        as a "live" control message expiring at the end of the
//                                        event's last day or in 7 days, whichever is later, and
//                                        published and audited as POST /api/control (202
//                                        {"topic","id"}; 400 the body's first problem)
//     The dashboard's screen overrides (control.h, kind "override"; operators only):
//       GET  /api/overrides              the override in force per target: {"overrides":[{"target":
//                                        "all"|"group:G"|"screen:ID","topic","message","issued",
//                                        "expires","override":{"mode","hall","lang","power"}}]}
//       PUT  /api/overrides?target=all|group:G|screen:ID[&expires=4h]   the override object
//                                        (parse_override_json; {} back to the screens' own
//                                        settings), signed with --key as an "override" control
//                                        message expiring after ?expires (default 4 h, at most
//                                        7 d), published and audited as POST /api/control
//       PUT  /screens/<id>/screenshot.png, /screens/<id>/thumbnail.png   a PNG (signature
//                                        checked), at most kMaxUploadBytes; written aside, renamed;
//                                        only for a screen FleetView shows online, and a
//                                        screenshot only once per screenshot command (60 s)
//       GET  /screens/<id>/screenshot.png, /screens/<id>/thumbnail.png   no-store; 404 if none
//     Anything else is answered 4xx (400 a bad id, name or body, 404 nothing there, 405 a wrong
//     method, 413 too large); no request can crash the hub or reach outside its folders. The
//     routing and checks are Hub::handle (transport-free, fuzzed by tests/fuzz/hub_fuzz.cpp);
//     cpp-httplib parses HTTP and calls it.
//   - announces each bundle on MQTT (majlis/<venue>/bundle, retained: FleetView::
//     publish_bundle_announcement) with the manifest's URL under --public-url, again after every
//     reconnect (a broker without persistence forgets retained messages). Without --mqtt the
//     players just poll, and the dashboard lists no screens.
//
// Its folder (--state; default /var/lib/majlis/hub as root, else $XDG_DATA_HOME/majlis/hub or
// ~/.local/share/majlis/hub):
//   STATE/bundle/            the bundle folder (objects/, manifest.json, .sig), unless --bundles
//   STATE/screens/<id>/      screenshot.png and thumbnail.png the screens uploaded
//   STATE/audit.jsonl        the audit log, unless --audit: one JSON line per control message
//                            tried, appended, never rewritten: {"time","kind","id","target",
//                            "from" (the client's address),"alert" or "cancels","result"}
// The bundle folder survives restarts: the hub serves the last bundle at once, even while the
// content folder has errors, and sequences keep growing.
//
// Threads: the HTTP workers, LiveContent's worker, the MQTT thread, and the hub's own (publish,
// announce). Shared state is the served pair (one mutex, swapped whole) and the report
// (another); handle() may be called from any thread.
#pragma once

#include "content/alert.h"
#include "content/content.h"
#include "core/log.h"
#include "fleet/bundle.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace majlis::fleet {

inline constexpr size_t kMaxUploadBytes = 16u << 20;   // a screenshot or thumbnail PNG
inline constexpr size_t kMaxCommandBytes = 4096;       // a command's JSON body
inline constexpr size_t kMaxControlBytes = 272 * 1024; // a control message (control.h: ControlMessage::kMaxPayload)
inline constexpr size_t kMaxUploadScreens = 1000;      // folders under STATE/screens
inline constexpr size_t kHttpWorkers = 64;             // requests served at once (a venue's screens)

struct HubConfig {
    std::string content_dir;           // --content
    std::string key_path;              // --key: majlis.key
    std::string listen = "0.0.0.0:8080";  // ADDR:PORT, [IPv6]:PORT; port 0 picks a free one (tests)
    std::string operators_file;        // --operators: who may use the dashboard and the API
    bool no_auth = false;              // --no-auth: no operators, even listening beyond loopback
    std::string mqtt;                  // mqtt://hub:password@host:port; empty: no MQTT
    std::string mqtt_password_file;    // the password, when not in the URL
    std::string venue = "venue";
    std::string state_dir;             // empty: default_hub_state_dir()
    std::string bundles_dir;           // empty: STATE/bundle
    std::string public_url;            // empty: http://<listen host, or the primary address>:<port>
    std::string audit_file;            // --audit; empty: STATE/audit.jsonl
    // Draws the emergency takeover of `alert` over the lobby of `event` as a screen of width x
    // height px shows it, encoded as a PNG ("" with `error` set when it cannot): the dashboard's
    // preview. Set by app/cli.cpp (app/fleet does not know the platform); unset, the preview is
    // answered 501. Called from the HTTP workers, one at a time.
    std::function<std::string(std::shared_ptr<const content::Event> event, const content::Alert& alert, int width,
                              int height, std::string& error)>
        render_alert;
    std::string dashboard_dir;         // assets/dashboard of the data folder
    content::LoadOptions options;      // as `majlis check` loads (font coverage included)
    int schedule_poll_ms = 0;          // tests: the schedule URL's poll (LiveContent::Config's); 0: event.toml's
};

// /var/lib/majlis/hub as root, else $XDG_DATA_HOME/majlis/hub, else ~/.local/share/majlis/hub.
std::string default_hub_state_dir();

// What the hub says about itself (the "hub" object of /api/screens).
struct HubReport {
    uint64_t sequence = 0;             // of the bundle served (0: none yet)
    std::string content_version;
    std::vector<std::string> errors;   // why the content is not published now ("" none): check's
                                       // error lines, or the publish's refusal
    std::vector<std::string> warnings; // check's warning lines of the content's latest load: published
                                       // anyway, but staff should know (a schedule URL that failed
                                       // its last fetch: the screens show the copy fetched before)
    std::string mqtt;                  // "off", "connected", "disconnected"
    std::string public_url;
};

// A request and its answer, without the transport (cpp-httplib in the hub; the fuzz target
// calls handle() directly).
struct HttpRequest {
    std::string method;                // GET, HEAD, POST, PUT, ...
    std::string path;                  // decoded, without the query
    std::string if_none_match;         // the header's value, "" when absent
    std::string body;
    std::string authorization;         // the Authorization header's value, "" when absent
    std::string remote_address;        // the client's address, for the audit log
    std::map<std::string, std::string> query;  // the query's parameters, decoded (?limit=50)
};
struct HttpResponse {
    int status = 404;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    std::string file;                  // when not empty: the body is this file, opened and
                                       // streamed by the transport (404 if it went meanwhile)
    std::vector<std::pair<std::string, std::string>> headers;
};

class Hub {
public:
    // Reads the key, makes its folders, loads the content, serves the last bundle found in the
    // bundle folder, publishes the content if it changed, binds the port and starts serving.
    // nullptr with `error` set (a bad key, a port in use, a bad URL...).
    static std::unique_ptr<Hub> start(HubConfig config, Log& log, std::string& error);
    ~Hub();  // stops serving, watching and MQTT; the retained announcement stays on the broker
    Hub(const Hub&) = delete;
    Hub& operator=(const Hub&) = delete;

    int port() const;                  // the bound port
    const std::string& public_url() const;
    const std::string& state_dir() const;
    HubReport report() const;

    // Blocks until every change made to the content folder so far has been loaded and, when
    // good, published (tests). False on timeout.
    bool wait_idle(std::chrono::milliseconds timeout);

    // Answers after Operators::kFailureDelay when the request's credentials are wrong.
    HttpResponse handle(const HttpRequest& request);

    struct State;

private:
    explicit Hub(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

// `majlis hub`: starts the hub and runs it until `quit()` says so (checked every 200 ms: the
// CLI passes its SIGINT/SIGTERM flag). 0 after a clean stop, 2 when it cannot start.
int run_hub(HubConfig config, Log& log, const std::function<bool()>& quit);

}  // namespace majlis::fleet
