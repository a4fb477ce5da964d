// majlis content: fetching a schedule export from its URL into the content folder (see
// schedule_fetch.h). libcurl's easy interface, one transfer per fetch; the files are written
// whole (NAME.new, then rename) so that live reload never reads half an export.
#include "content/schedule_fetch.h"

#include "content/content.h"
#include "content/loader.h"
#include "content/http.h"
#include "content/schedule.h"

#include <curl/curl.h>
#define XXH_INLINE_ALL  // header-only use of Debian's libxxhash-dev, as live_changes.cpp does
#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace majlis::content {
namespace fs = std::filesystem;
namespace {

std::string url_hex(const std::string& url) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)XXH3_64bits(url.data(), url.size()));
    return hex;
}

std::string etag_path(const std::string& url) { return "fetched/.schedule-" + url_hex(url) + ".etag"; }

// A small file's text ("" when absent or larger than `limit`).
std::string read_small(const fs::path& path, uintmax_t limit) {
    std::error_code ec;
    const uintmax_t size = fs::file_size(path, ec);
    if (ec || size > limit) return "";
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Writes `path` whole or not at all: ".NAME.new" (hidden: no change to live reload, never in a
// bundle), then renamed over it.
bool write_whole(const fs::path& path, std::string_view bytes) {
    const fs::path tmp = path.parent_path() / ("." + path.filename().string() + ".new");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), std::streamsize(bytes.size()));
        out.flush();
        if (!out) {
            std::error_code ignored;
            fs::remove(tmp, ignored);
            return false;
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) fs::remove(tmp, ec);
    return !ec;
}

struct Body {
    std::string bytes;
    bool too_big = false;
};

size_t on_body(char* data, size_t, size_t n, void* user) {
    auto* b = static_cast<Body*>(user);
    if (b->bytes.size() + n > kMaxScheduleBytes) {
        b->too_big = true;
        return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
    }
    b->bytes.append(data, n);
    return n;
}

// An ETag is sent back as a header: one with control characters (a CR, a LF) or over 256 bytes
// is none.
bool clean_etag(std::string_view v) {
    return v.size() <= 256 &&
           std::all_of(v.begin(), v.end(), [](char c) { return (unsigned char)c >= 0x20 && (unsigned char)c != 0x7F; });
}

// The ETag of the final response (a redirect's status line starts over).
size_t on_header(char* data, size_t, size_t n, void* user) {
    auto* etag = static_cast<std::string*>(user);
    std::string_view line(data, n);
    if (line.starts_with("HTTP/")) etag->clear();
    static constexpr std::string_view name = "etag:";
    bool is_etag = line.size() > name.size();
    for (size_t i = 0; is_etag && i < name.size(); ++i) is_etag = std::tolower((unsigned char)line[i]) == name[i];
    if (is_etag) {
        std::string_view v = line.substr(5);
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
        *etag = clean_etag(v) ? std::string(v) : std::string();
    }
    return n;
}

// The problem file follows the result: written on failure (when its text changes), removed on
// success.
void record(const fs::path& root, const std::string& url, FetchResult& r) {
    const fs::path problem = root / fetch_problem_path(url);
    std::error_code ec;
    if (r.kind == FetchResult::Failed) {
        if (read_small(problem, 4096) == r.problem + "\n") return;
        fs::create_directories(problem.parent_path(), ec);
        r.problem_changed = write_whole(problem, r.problem + "\n");
    } else {
        r.problem_changed = fs::remove(problem, ec);
    }
}

FetchResult failed(std::string kind, std::string problem) {
    FetchResult r;
    r.kind = FetchResult::Failed;
    r.problem_kind = std::move(kind);
    r.problem = std::move(problem);
    return r;
}

FetchResult transfer(const fs::path& root, const std::string& url, const FetchOptions& options) {
    http_init_once();
    const fs::path copy = root / fetched_schedule_path(url), etag_file = root / etag_path(url);
    std::error_code ec;
    const bool have_copy = fs::is_regular_file(copy, ec);
    std::string etag = have_copy ? read_small(etag_file, 300) : "";
    while (!etag.empty() && (etag.back() == '\n' || etag.back() == '\r')) etag.pop_back();
    if (!clean_etag(etag)) etag.clear();

    CURL* easy = curl_easy_init();
    if (!easy) return failed("curl", "libcurl could not start a transfer");
    Body body;
    std::string new_etag;
    struct curl_slist* headers = nullptr;
    if (!etag.empty()) headers = curl_slist_append(headers, ("If-None-Match: " + etag).c_str());
    http_common_options(easy, long(options.connect_timeout_ms), "majlis", options.abort);
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, long(options.timeout_ms));
    curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(kMaxScheduleBytes));
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // gzip when the server offers it
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &new_etag);
    const CURLcode code = curl_easy_perform(easy);
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);

    const std::string limit = std::to_string(kMaxScheduleBytes >> 20) + " MiB";
    if (body.too_big || code == CURLE_FILESIZE_EXCEEDED) return failed("too large", "the export is larger than " + limit);
    if (code != CURLE_OK) return failed(std::string("curl ") + std::to_string(int(code)), curl_easy_strerror(code));
    if (status == 304 && have_copy) {
        FetchResult r;
        r.kind = FetchResult::NotModified;
        return r;
    }
    if (status != 200) return failed("http " + std::to_string(status), "HTTP status " + std::to_string(status));

    // Parsed alone first: an export with errors never replaces a good copy. In UTC: the zone is
    // the loader's business (an export with only half-hour offsets needs the content's zone).
    const Schedule parsed = parse_schedule(body.bytes, ScheduleOptions{"the export", "UTC", ""});
    if (!parsed.ok()) {
        for (const Diagnostic& d : parsed.diagnostics)
            if (d.severity == Severity::Error) return failed("malformed", "the export has errors: " + d.format());
    }
    fs::create_directories(copy.parent_path(), ec);
    // The ETag goes first: a copy never pairs with the ETag of a newer export (at worst an old
    // ETag with a new copy: one full download more).
    fs::remove(etag_file, ec);
    if (!write_whole(copy, body.bytes)) return failed("write", "cannot write " + fetched_schedule_path(url));
    if (!new_etag.empty()) write_whole(etag_file, new_etag + "\n");
    FetchResult r;
    r.kind = FetchResult::Fetched;
    return r;
}

}  // namespace

std::optional<int> parse_poll(std::string_view text) {
    if (text.size() < 2 || text.size() > 8) return std::nullopt;
    int unit = 0;
    switch (text.back()) {
        case 's': unit = 1; break;
        case 'm': unit = 60; break;
        case 'h': unit = 3600; break;
        default: return std::nullopt;
    }
    long n = 0;
    for (char c : text.substr(0, text.size() - 1)) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
    }
    const long s = n * unit;
    if (s < kMinSchedulePollS || s > kMaxSchedulePollS) return std::nullopt;
    return int(s);
}

std::string fetched_schedule_path(const std::string& url) { return "fetched/schedule-" + url_hex(url); }
std::string fetch_problem_path(const std::string& url) { return "fetched/.schedule-" + url_hex(url) + ".problem"; }

std::optional<ScheduleSource> schedule_source(const std::string& dir) {
    detail::SourceFile f{"event.toml", read_small(fs::path(dir) / "event.toml", kMaxFileBytes), {}};
    std::vector<Diagnostic> ignored;  // the loader reports them
    const std::optional<toml::table> parsed = detail::parse_toml_text(f, ignored);
    if (!parsed) return std::nullopt;
    const toml::table* st = (*parsed)["schedule"].as_table();
    if (!st || st->contains("file")) return std::nullopt;
    const auto url = (*st)["url"].value<std::string>();
    if (!url || url->empty()) return std::nullopt;
    ScheduleSource s;
    s.url = *url;
    if (const auto poll = (*st)["poll"].value<std::string>())
        if (const auto seconds = parse_poll(*poll)) s.poll_s = *seconds;
    return s;
}

FetchResult fetch_schedule(const std::string& dir, const std::string& url, const FetchOptions& options) {
    const fs::path root(dir);
    FetchResult r = transfer(root, url, options);
    if (r.kind == FetchResult::Failed) r.problem = url + ": " + r.problem;
    record(root, url, r);
    return r;
}

}  // namespace majlis::content
