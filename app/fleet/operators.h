// majlis fleet: the hub's operators -- who may use the dashboard and command the screens.
//
//   majlis passwd FILE NAME          asks NAME's password (a terminal: twice, without echo; else
//                                    the first line of stdin) and adds or replaces NAME's line
//   majlis hub --operators FILE ...  the dashboard, /api/* and the pictures ask for an operator
//
// FILE holds one line per operator, "name:HASH", where HASH is libsodium's crypto_pwhash_str
// (Argon2id, with its salt and limits in the string: "$argon2id$v=19$m=65536,t=2,p=1$...");
// names are [A-Za-z0-9_-]{1,64}. `majlis passwd` writes it 0600, aside and renamed in. The hub
// reads it at start, and again when it changes (its inode, size or mtime, looked at by check()
// at most once every kRecheck): a good file replaces the operators (and forgets the logins
// remembered, so a removed operator is out at once), a broken one is logged and the operators
// read before are kept -- an operator adding a colleague never has to restart the hub, and a
// half-written file never locks everyone out.
//
// The hub asks with HTTP Basic authentication (RFC 7617): the password crosses the network in
// the clear, so on a network that is not the venue's own the hub belongs behind a TLS proxy
// (nginx) that passes Authorization through. A check that fails is logged (the name tried, not
// the password) and answered only after kFailureDelay, so guessing is slow; a successful check
// is remembered (a keyed hash of the header, never the password) so the dashboard's polling does
// not pay Argon2 every 2 s. What stays open without a login: the bundle (/bundle/*: signed,
// anyone may fetch it, a CDN may serve it) and the screens' uploads (hub.h says which).
#pragma once

#include <array>
#include <chrono>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace majlis {
class Log;
}

namespace majlis::fleet {

// libsodium's crypto_pwhash_str with its interactive limits; "" when it fails (out of memory).
std::string hash_password(std::string_view password);

// Adds NAME's line to FILE, or replaces it (made if missing; the other lines kept). False with
// `error` set for a bad name, an empty password, or an IO failure.
bool set_operator_password(const std::string& file, const std::string& name, std::string_view password,
                           std::string& error);

class Operators {
public:
    static constexpr std::chrono::milliseconds kFailureDelay{1000};
    static constexpr std::chrono::milliseconds kRecheck{1000};

    // The file's operators; null with `error` (naming the file and line) when it cannot be read,
    // a line is not name:HASH, or it holds no operator. `log` (which must outlive the object)
    // tells each later reading of the file, good or broken.
    static std::unique_ptr<Operators> load(const std::string& file, std::string& error, Log& log);

    // The operator an Authorization header ("Basic base64(name:password)") names, when the
    // password is theirs; nullopt otherwise (missing, malformed, unknown name, wrong password).
    // Reads the file again first when it changed (see above). Thread safe.
    std::optional<std::string> check(std::string_view authorization) const;

    // The name and password an Authorization header carries, when it is "Basic " and base64 of
    // "name:password" (RFC 7617; at most 1024 bytes); nullopt otherwise. What check() parses.
    struct Credentials {
        std::string name, password;
    };
    static std::optional<Credentials> parse_basic(std::string_view authorization);

private:
    using Hashes = std::map<std::string, std::string>;  // name -> crypto_pwhash_str
    // The file as last looked at: a change of any of these is a new file to read.
    struct FileStamp {
        ino_t inode = 0;
        off_t size = -1;
        timespec mtime{};
        bool operator==(const FileStamp& o) const {
            return inode == o.inode && size == o.size && mtime.tv_sec == o.mtime.tv_sec &&
                   mtime.tv_nsec == o.mtime.tv_nsec;
        }
    };
    Operators(std::string file, Log& log);
    static FileStamp stamp_of(const std::string& file);
    static std::shared_ptr<const Hashes> read_file(const std::string& file, std::string& error);
    void reread_if_changed() const;

    const std::string file_;
    Log& log_;
    std::array<unsigned char, 32> cache_key_{};             // random, this process's
    mutable std::mutex mutex_;
    mutable std::shared_ptr<const Hashes> hashes_;          // swapped whole when the file changes
    mutable std::map<std::string, std::string> accepted_;  // keyed hash of a good header -> name
    mutable FileStamp stamp_;                               // of the file hashes_ was read from
    mutable std::chrono::steady_clock::time_point looked_;  // when stamp_ was last compared
};

}  // namespace majlis::fleet
