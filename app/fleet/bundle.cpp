// majlis fleet: signed content bundles (see bundle.h for the formats and the order of work).
#include "fleet/bundle.h"

#include "core/log.h"
#include "fleet/fleet_internal.h"
#include "text/utf8.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <unordered_set>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace majlis::fleet {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSecretPrefix = "majlis-ed25519-secret ";
constexpr const char* kPublicPrefix = "majlis-ed25519-public ";
constexpr size_t kBlock = 64 * 1024;

// sodium_init is idempotent and thread-safe; every entry point that needs it calls this.
void ensure_sodium() {
    static const int ready = sodium_init();
    (void)ready;
}

std::string errno_text() { return std::strerror(errno); }

std::string to_base64(const unsigned char* bytes, size_t n) {
    std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, n, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

// Exactly `n` bytes from all of `b64` (padded, canonical: libsodium refuses stray bits).
bool from_base64(std::string_view b64, unsigned char* out, size_t n) {
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out, n, b64.data(), b64.size(), nullptr, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    return len == n && end == b64.data() + b64.size();
}

std::string to_hex(const unsigned char* bytes, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes, n);
    out.pop_back();
    return out;
}

// The base64 of a key file of one line, "PREFIX<base64>" and at most one "\n".
template <size_t N>
bool parse_key_line(std::string_view text, const char* prefix, const char* what, const std::string& name,
                    std::array<unsigned char, N>& out, std::string& error) {
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    const std::string_view p(prefix);
    if (text.substr(0, p.size()) != p) {
        error = name + ": not a majlis " + what + " key file (it must be one line starting '" + std::string(prefix) +
                "')";
        return false;
    }
    if (!from_base64(text.substr(p.size()), out.data(), N)) {
        error = name + ": the key is not the base64 of " + std::to_string(N) + " bytes";
        return false;
    }
    return true;
}

bool read_small_file(const std::string& path, std::string& out, size_t limit, std::string& error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = path + ": " + errno_text();
        return false;
    }
    out.clear();
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error = path + ": " + errno_text();
            ::close(fd);
            return false;
        }
        if (n == 0) break;
        out.append(buf, size_t(n));
        if (out.size() > limit) {
            error = path + ": larger than " + std::to_string(limit) + " bytes";
            ::close(fd);
            return false;
        }
    }
    ::close(fd);
    return true;
}

using detail::write_all;

// Writes `bytes` to a new file at `path` (flags: O_EXCL or O_TRUNC), flushed to disk.
bool write_file(const std::string& path, std::string_view bytes, int extra_flags, mode_t mode, std::string& error) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | extra_flags, mode);
    if (fd < 0) {
        error = path + ": " + (errno == EEXIST ? std::string("already exists") : errno_text());
        return false;
    }
    const bool ok = write_all(fd, bytes.data(), bytes.size()) && ::fsync(fd) == 0;
    if (!ok) error = path + ": " + errno_text();
    if (::close(fd) != 0 && ok) {
        error = path + ": " + errno_text();
        return false;
    }
    return ok;
}

void sync_dir(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

bool is_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "YYYY-MM-DDTHH:MM:SSZ" with fields in range (seconds up to 60: a leap second).
bool valid_created(std::string_view s) {
    if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return false;
    auto field = [&](size_t at, size_t n, int lo, int hi) {
        const std::string_view f = s.substr(at, n);
        if (!is_digits(f)) return false;
        const int v = std::stoi(std::string(f));
        return v >= lo && v <= hi;
    };
    return field(0, 4, 0, 9999) && field(5, 2, 1, 12) && field(8, 2, 1, 31) && field(11, 2, 0, 23) &&
           field(14, 2, 0, 59) && field(17, 2, 0, 60);
}

std::string utc_now_text() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

ManifestResult malformed(std::string message) {
    ManifestResult r;
    r.error = ManifestError::Malformed;
    r.message = std::move(message);
    return r;
}

}  // namespace

// --- Keys ---------------------------------------------------------------------------------------

SecretKey::~SecretKey() { sodium_memzero(bytes.data(), bytes.size()); }

PublicKey SecretKey::public_key() const {
    PublicKey pk;
    crypto_sign_ed25519_sk_to_pk(pk.bytes.data(), bytes.data());
    return pk;
}

std::string public_key_line(const PublicKey& key) {
    return kPublicPrefix + to_base64(key.bytes.data(), key.bytes.size()) + "\n";
}

bool generate_keys(const std::string& dir, std::string& error) {
    ensure_sodium();
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        error = dir + ": " + ec.message();
        return false;
    }
    SecretKey sk;
    PublicKey pk;
    crypto_sign_keypair(pk.bytes.data(), sk.bytes.data());
    const std::string key_path = (fs::path(dir) / kSecretKeyFile).string();
    const std::string pub_path = (fs::path(dir) / kPublicKeyFile).string();
    std::string secret_line = kSecretPrefix + to_base64(sk.bytes.data(), sk.bytes.size()) + "\n";
    const bool ok = write_file(key_path, secret_line, O_EXCL, 0600, error);
    sodium_memzero(secret_line.data(), secret_line.size());
    if (!ok) {
        if (error.ends_with("already exists")) error += "; a key is never overwritten (remove it first to replace it)";
        return false;
    }
    if (!write_file(pub_path, public_key_line(pk), O_TRUNC, 0644, error)) return false;
    sync_dir(dir);
    return true;
}

std::optional<SecretKey> parse_secret_key(std::string_view text, const std::string& name, std::string& error) {
    ensure_sodium();
    SecretKey sk;
    if (!parse_key_line(text, kSecretPrefix, "secret", name, sk.bytes, error)) return std::nullopt;
    // libsodium's secret key is the seed and then the public key: they must belong together.
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk2[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(pk, sk2, sk.bytes.data());
    const bool consistent = sodium_memcmp(sk2, sk.bytes.data(), sizeof sk2) == 0;
    sodium_memzero(sk2, sizeof sk2);
    if (!consistent) {
        error = name + ": the secret key's public half does not match its seed (the file is damaged)";
        return std::nullopt;
    }
    return sk;
}

std::optional<PublicKey> parse_public_key(std::string_view text, const std::string& name, std::string& error) {
    PublicKey pk;
    if (!parse_key_line(text, kPublicPrefix, "public", name, pk.bytes, error)) return std::nullopt;
    return pk;
}

std::optional<SecretKey> load_secret_key(const std::string& path, std::string& error) {
    std::string text;
    if (!read_small_file(path, text, 4096, error)) return std::nullopt;
    auto key = parse_secret_key(text, path, error);
    sodium_memzero(text.data(), text.size());
    return key;
}

std::optional<PublicKey> load_public_key(const std::string& path, std::string& error) {
    std::string text;
    if (!read_small_file(path, text, 4096, error)) return std::nullopt;
    return parse_public_key(text, path, error);
}

// --- SHA-256 ------------------------------------------------------------------------------------

std::string sha256_hex(std::string_view bytes) {
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return to_hex(h, sizeof h);
}

namespace {
// Streams `fd` through SHA-256 (and into `copy_to` when >= 0); the byte count in `size`.
bool hash_fd(int fd, int copy_to, std::string& hex, uint64_t& size) {
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    std::vector<unsigned char> buf(kBlock);
    size = 0;
    for (;;) {
        const ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) break;
        crypto_hash_sha256_update(&st, buf.data(), size_t(n));
        if (copy_to >= 0 && !write_all(copy_to, reinterpret_cast<const char*>(buf.data()), size_t(n))) return false;
        size += uint64_t(n);
    }
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    hex = to_hex(h, sizeof h);
    return true;
}
}  // namespace

std::optional<std::string> sha256_file_hex(const std::string& path, std::string& error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = path + ": " + errno_text();
        return std::nullopt;
    }
    std::string hex;
    uint64_t size = 0;
    const bool ok = hash_fd(fd, -1, hex, size);
    if (!ok) error = path + ": " + errno_text();
    ::close(fd);
    if (!ok) return std::nullopt;
    return hex;
}

bool is_sha256_hex(std::string_view s) {
    return s.size() == 64 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// --- The manifest -------------------------------------------------------------------------------

std::string check_bundle_path(std::string_view path) {
    if (path.empty()) return "empty path";
    if (path.size() > kMaxPathBytes) return "longer than " + std::to_string(kMaxPathBytes) + " bytes";
    for (const char c : path) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) return "control character";
        if (c == '\\') return "backslash";
    }
    if (text::find_invalid_utf8(path) != std::string_view::npos) return "not valid UTF-8";
    if (path.front() == '/') return "absolute path (leading '/')";
    size_t start = 0;
    for (;;) {
        const size_t slash = path.find('/', start);
        const std::string_view seg = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
        if (seg.empty()) return "empty segment";
        if (seg == ".") return "'.' segment";
        if (seg == "..") return "'..' segment";
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return "";
}

std::string content_version_of(const std::vector<ManifestFile>& files) {
    std::vector<const ManifestFile*> sorted;
    sorted.reserve(files.size());
    for (const ManifestFile& f : files) sorted.push_back(&f);
    std::sort(sorted.begin(), sorted.end(), [](const ManifestFile* a, const ManifestFile* b) { return a->path < b->path; });
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    auto add = [&](std::string_view s) {
        crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(s.data()), s.size());
    };
    for (const ManifestFile* f : sorted) {
        add(f->path);
        add(std::string_view("\0", 1));
        add(std::to_string(f->size));
        add(std::string_view("\0", 1));
        add(f->sha256);
        add("\n");
    }
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    return to_hex(h, sizeof h);
}

std::string manifest_to_json(const Manifest& m) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const ManifestFile& f : m.files)
        files.push_back(nlohmann::ordered_json{{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
    const nlohmann::ordered_json j{{"format", m.format},
                                   {"sequence", m.sequence},
                                   {"content_version", m.content_version},
                                   {"created", m.created},
                                   {"files", std::move(files)}};
    // Strict: a path that is not UTF-8 throws (publish checks paths first).
    return j.dump() + "\n";
}

const char* manifest_error_name(ManifestError e) {
    switch (e) {
    case ManifestError::None: return "ok";
    case ManifestError::Malformed: return "malformed";
    case ManifestError::BadSignature: return "bad signature";
    case ManifestError::Rollback: return "rollback";
    }
    return "?";
}

ManifestResult parse_manifest(std::string_view bytes) {
    using json = nlohmann::json;
    if (bytes.size() > kMaxManifestBytes)
        return malformed("larger than " + std::to_string(kMaxManifestBytes) + " bytes");
    const json j = json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return malformed("not JSON");
    if (!j.is_object()) return malformed("not a JSON object");
    static const char* const kKeys[] = {"format", "sequence", "content_version", "created", "files"};
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::find(std::begin(kKeys), std::end(kKeys), it.key()) == std::end(kKeys))
            return malformed("unknown key '" + it.key() + "'");
    for (const char* k : kKeys)
        if (!j.contains(k)) return malformed(std::string("no '") + k + "'");

    Manifest m;
    const json& format = j["format"];
    if (!format.is_number_integer() || format.get<int64_t>() != kManifestFormat)
        return malformed("format " + format.dump() + " is not supported (this majlis reads format " +
                         std::to_string(kManifestFormat) + ")");
    const json& seq = j["sequence"];
    if (!seq.is_number_unsigned() || seq.get<uint64_t>() < 1 || seq.get<uint64_t>() > kMaxSequence)
        return malformed("sequence must be an integer from 1 to 2^63-1");
    m.sequence = seq.get<uint64_t>();
    const json& cv = j["content_version"];
    if (!cv.is_string() || !is_sha256_hex(cv.get_ref<const std::string&>()))
        return malformed("content_version must be 64 lowercase hex digits");
    m.content_version = cv.get<std::string>();
    const json& created = j["created"];
    if (!created.is_string() || !valid_created(created.get_ref<const std::string&>()))
        return malformed("created must be a UTC time like 2026-12-06T19:55:00Z");
    m.created = created.get<std::string>();
    const json& files = j["files"];
    if (!files.is_array()) return malformed("files must be an array");
    if (files.size() > kMaxFiles) return malformed("more than " + std::to_string(kMaxFiles) + " files");

    m.files.reserve(files.size());
    for (size_t i = 0; i < files.size(); ++i) {
        const json& f = files[i];
        const std::string at = "files[" + std::to_string(i) + "]";
        if (!f.is_object() || f.size() != 3 || !f.contains("path") || !f.contains("size") || !f.contains("sha256"))
            return malformed(at + ": must be {\"path\",\"size\",\"sha256\"}");
        if (!f["path"].is_string()) return malformed(at + ".path: not a string");
        ManifestFile mf;
        mf.path = f["path"].get<std::string>();
        if (std::string why = check_bundle_path(mf.path); !why.empty()) return malformed(at + ".path: " + why);
        if (!f["size"].is_number_unsigned() || f["size"].get<uint64_t>() > kMaxFileBytes)
            return malformed(at + ".size: must be an integer from 0 to 1 GiB");
        mf.size = f["size"].get<uint64_t>();
        if (!f["sha256"].is_string() || !is_sha256_hex(f["sha256"].get_ref<const std::string&>()))
            return malformed(at + ".sha256: must be 64 lowercase hex digits");
        mf.sha256 = f["sha256"].get<std::string>();
        if (!m.files.empty()) {
            const std::string& prev = m.files.back().path;
            if (mf.path == prev) return malformed(at + ".path: '" + mf.path + "' is listed twice");
            if (mf.path < prev) return malformed(at + ".path: files are not sorted by path");
        }
        m.files.push_back(std::move(mf));
    }
    // A path that is also a folder of another ("a" and "a/b") cannot be made into files.
    std::unordered_set<std::string_view> paths;
    for (const ManifestFile& f : m.files) paths.insert(f.path);
    for (const ManifestFile& f : m.files)
        for (size_t slash = f.path.find('/'); slash != std::string::npos; slash = f.path.find('/', slash + 1))
            if (paths.count(std::string_view(f.path).substr(0, slash)))
                return malformed("'" + f.path.substr(0, slash) + "' is both a file and a folder");
    if (content_version_of(m.files) != m.content_version)
        return malformed("content_version does not match the files listed");
    // The bytes signed are exactly what manifest_to_json writes: no other spelling is accepted
    // (no duplicate keys, other key order, spaces or number forms).
    if (manifest_to_json(m) != bytes) return malformed("not in the canonical form publish writes");
    ManifestResult r;
    r.manifest = std::move(m);
    return r;
}

// --- Signing ------------------------------------------------------------------------------------

std::string sign(std::string_view bytes, const SecretKey& key) {
    ensure_sodium();
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                         key.bytes.data());
    return to_base64(sig, sizeof sig) + "\n";
}

std::string check_signature(std::string_view bytes, std::string_view sig_text, const PublicKey& key,
                            std::string_view what) {
    ensure_sodium();
    if (!sig_text.empty() && sig_text.back() == '\n') sig_text.remove_suffix(1);
    unsigned char sig[crypto_sign_BYTES];
    if (!from_base64(sig_text, sig, sizeof sig)) return "the signature is not the base64 of 64 bytes";
    if (crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                                    key.bytes.data()) != 0)
        return "the signature does not match " + std::string(what) + " and the trusted key";
    return "";
}

ManifestResult verify_signed_manifest(std::string_view manifest_bytes, std::string_view sig_text, const PublicKey& key,
                                      uint64_t last_sequence) {
    if (manifest_bytes.size() > kMaxManifestBytes)
        return malformed("larger than " + std::to_string(kMaxManifestBytes) + " bytes");
    if (std::string why = check_signature(manifest_bytes, sig_text, key, "the manifest"); !why.empty()) {
        ManifestResult bad;
        bad.error = ManifestError::BadSignature;
        bad.message = std::move(why);
        return bad;
    }
    ManifestResult r = parse_manifest(manifest_bytes);
    if (r.ok() && r.manifest->sequence <= last_sequence) {
        const uint64_t seq = r.manifest->sequence;
        r.manifest.reset();
        r.error = ManifestError::Rollback;
        r.message = "sequence " + std::to_string(seq) + " is not above the last accepted " + std::to_string(last_sequence);
    }
    return r;
}

// --- Publishing ---------------------------------------------------------------------------------

const char* publish_status_name(PublishStatus s) {
    switch (s) {
    case PublishStatus::Published: return "published";
    case PublishStatus::Unchanged: return "unchanged";
    case PublishStatus::Refused: return "refused";
    case PublishStatus::Failed: return "failed";
    }
    return "?";
}

namespace {

struct WalkedFile {
    std::string path;   // relative, '/'-separated
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    std::string sha256;
};

int64_t mtime_ns(const struct stat& st) { return int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec; }

// The files under `root`, recursively (lstat: links are never followed). A problem with the
// content (a link, a bad name, limits) sets `refused`; one reading it sets `failed`.
struct Walker {
    std::string root;
    std::vector<WalkedFile> files;
    std::string refused, failed;

    bool walk(const std::string& rel) {
        const std::string dir = rel.empty() ? root : root + "/" + rel;
        std::vector<std::string> names;
        {
            DIR* d = ::opendir(dir.c_str());
            if (!d) {
                failed = dir + ": " + errno_text();
                return false;
            }
            while (const dirent* e = ::readdir(d))
                if (e->d_name[0] != '.') names.emplace_back(e->d_name);  // ., .., hidden files
            ::closedir(d);
        }
        std::sort(names.begin(), names.end());  // the first problem reported is always the same one
        for (const std::string& name : names) {
            const std::string path = rel.empty() ? name : rel + "/" + name;
            if (std::string why = check_bundle_path(path); !why.empty()) {
                refused = "'" + path + "': " + why + " (not allowed in a bundle)";
                return false;
            }
            struct stat st {};
            if (::lstat((root + "/" + path).c_str(), &st) != 0) {
                failed = root + "/" + path + ": " + errno_text();
                return false;
            }
            if (S_ISLNK(st.st_mode)) {
                refused = path + ": a symbolic link; content is published as files, never as links";
                return false;
            }
            if (S_ISDIR(st.st_mode)) {
                if (!walk(path)) return false;
                continue;
            }
            if (!S_ISREG(st.st_mode)) {
                refused = path + ": not a regular file or folder";
                return false;
            }
            if (uint64_t(st.st_size) > kMaxFileBytes) {
                refused = path + ": larger than 1 GiB";
                return false;
            }
            if (files.size() == kMaxFiles) {
                refused = "more than " + std::to_string(kMaxFiles) + " files";
                return false;
            }
            files.push_back({path, uint64_t(st.st_size), mtime_ns(st), ""});
        }
        return true;
    }
};

// Hashes `file` (and copies it into `copy_to` when >= 0). False when it cannot be read or it
// is not what the walk saw (size or mtime changed, or different bytes than `expect_sha`).
bool read_walked(const std::string& root, WalkedFile& file, int copy_to, std::string& error) {
    const std::string full = root + "/" + file.path;
    const int fd = ::open(full.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        error = full + ": " + errno_text();
        return false;
    }
    std::string hex;
    uint64_t size = 0;
    struct stat st {};
    const bool read_ok = hash_fd(fd, copy_to, hex, size);
    const bool stat_ok = ::fstat(fd, &st) == 0;
    if (!read_ok || !stat_ok) error = full + ": " + errno_text();
    ::close(fd);
    if (!read_ok || !stat_ok) return false;
    if (size != file.size || uint64_t(st.st_size) != file.size || mtime_ns(st) != file.mtime_ns ||
        (!file.sha256.empty() && hex != file.sha256)) {
        error = file.path + ": changed while publishing (publish again)";
        return false;
    }
    file.sha256 = hex;
    return true;
}

// Writes objects/<sha> for each file not there yet: a temp name, flushed, renamed in.
bool write_objects(const std::string& root, std::vector<WalkedFile>& files, const std::string& objects, size_t& written,
                   std::string& error) {
    std::unordered_set<std::string> done;
    for (WalkedFile& f : files) {
        if (!done.insert(f.sha256).second) continue;
        const std::string target = objects + "/" + f.sha256;
        struct stat st {};
        if (::lstat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode) && uint64_t(st.st_size) == f.size) continue;
        const std::string tmp = objects + "/." + f.sha256 + ".tmp" + std::to_string(::getpid());
        const int out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (out < 0) {
            error = tmp + ": " + errno_text();
            return false;
        }
        bool ok = read_walked(root, f, out, error);
        if (ok && ::fsync(out) != 0) {
            error = tmp + ": " + errno_text();
            ok = false;
        }
        if (::close(out) != 0 && ok) {
            error = tmp + ": " + errno_text();
            ok = false;
        }
        if (ok && ::rename(tmp.c_str(), target.c_str()) != 0) {
            error = target + ": " + errno_text();
            ok = false;
        }
        if (!ok) {
            ::unlink(tmp.c_str());
            return false;
        }
        ++written;
    }
    sync_dir(objects);
    return true;
}

}  // namespace

PublishResult publish_bundle(const std::string& content_dir, const SecretKey& key, const std::string& bundle_dir,
                             const content::LoadOptions& options, Log& log) {
    ensure_sodium();
    PublishResult r;
    auto finish = [&](PublishStatus status, std::string error) {
        r.status = status;
        r.error = std::move(error);
        if (!r.error.empty()) log.error("publish", r.error);
        return r;
    };

    // The files first (so a change during the load is seen), then the load, as `check` does it.
    Walker walker{content_dir, {}, "", ""};
    struct stat root_st {};
    if (::stat(content_dir.c_str(), &root_st) != 0 || !S_ISDIR(root_st.st_mode))
        return finish(PublishStatus::Failed, content_dir + ": not a readable folder");
    if (!walker.walk("")) {
        if (!walker.failed.empty()) return finish(PublishStatus::Failed, walker.failed);
        return finish(PublishStatus::Refused, content_dir + ": " + walker.refused);
    }
    // Byte order of whole paths ("images/flags-banner.png" before "images/flags/kg.png").
    std::sort(walker.files.begin(), walker.files.end(),
              [](const WalkedFile& a, const WalkedFile& b) { return a.path < b.path; });
    const content::LoadResult loaded = content::load_event(content_dir, options);
    for (const content::Diagnostic& d : loaded.diagnostics)
        log.write(d.severity == content::Severity::Error ? LogLevel::Error : LogLevel::Warning, "publish", d.format());
    r.diagnostics = loaded.diagnostics;
    if (!loaded.readable) return finish(PublishStatus::Failed, content_dir + ": the content folder could not be read");
    if (const size_t errors = loaded.errors(); errors > 0)
        return finish(PublishStatus::Refused, content_dir + ": " + std::to_string(errors) +
                                                  " error(s); not published (see `majlis check`)");

    std::string error;
    for (WalkedFile& f : walker.files)
        if (!read_walked(content_dir, f, -1, error)) return finish(PublishStatus::Failed, error);
    Manifest m;
    for (const WalkedFile& f : walker.files) m.files.push_back({f.path, f.size, f.sha256});
    m.content_version = content_version_of(m.files);

    // The bundle's current manifest: its sequence (to go above it) and its content_version.
    const std::string manifest_path = bundle_dir + "/manifest.json", sig_path = manifest_path + ".sig";
    uint64_t previous = 0;
    std::optional<Manifest> current;
    std::string old_bytes, old_sig, ignored;
    if (read_small_file(manifest_path, old_bytes, kMaxManifestBytes, ignored)) {
        ManifestResult old = parse_manifest(old_bytes);
        if (old.ok()) {
            previous = old.manifest->sequence;
            // Unchanged only when it is also signed by this key (a new key re-signs).
            if (read_small_file(sig_path, old_sig, 4096, ignored) &&
                verify_signed_manifest(old_bytes, old_sig, key.public_key(), 0).ok())
                current = std::move(old.manifest);
        } else {
            log.warning("publish", manifest_path + ": " + old.message + "; replaced by a new manifest");
        }
    }

    const std::string objects = bundle_dir + "/objects";
    std::error_code ec;
    fs::create_directories(objects, ec);
    if (ec) return finish(PublishStatus::Failed, objects + ": " + ec.message());
    if (!write_objects(content_dir, walker.files, objects, r.new_objects, error))
        return finish(PublishStatus::Failed, error);

    if (current && current->content_version == m.content_version) {
        r.sequence = current->sequence;
        r.manifest = std::move(*current);
        return finish(PublishStatus::Unchanged, "");
    }
    if (previous >= kMaxSequence) return finish(PublishStatus::Failed, manifest_path + ": sequence at its maximum");
    m.sequence = std::max<uint64_t>(previous + 1, uint64_t(std::time(nullptr)));
    m.created = utc_now_text();
    const std::string bytes = manifest_to_json(m);
    if (!write_file(sig_path + ".new", sign(bytes, key), O_TRUNC, 0644, error) ||
        !write_file(manifest_path + ".new", bytes, O_TRUNC, 0644, error))
        return finish(PublishStatus::Failed, error);
    if (::rename((sig_path + ".new").c_str(), sig_path.c_str()) != 0 ||
        ::rename((manifest_path + ".new").c_str(), manifest_path.c_str()) != 0)
        return finish(PublishStatus::Failed, bundle_dir + ": " + errno_text());
    sync_dir(bundle_dir);
    r.sequence = m.sequence;
    r.manifest = std::move(m);
    return finish(PublishStatus::Published, "");
}

}  // namespace majlis::fleet
