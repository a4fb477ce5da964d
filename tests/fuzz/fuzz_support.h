// What the fuzz targets share: how a broken contract fails, and the key their signed seeds are
// signed with.
#pragma once

#include <cerrno>  // program_invocation_short_name (glibc)
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace majlis::fuzz {

// A broken contract: the program's name (TARGET_fuzzer or TARGET_replay), what broke and any
// detail on stderr, then abort, which libFuzzer reports with the input and a replay fails on.
inline void check(bool ok, const char* what, const std::string& detail = {}) {
    if (ok) return;
    std::fprintf(stderr, "%s: %s%s%s\n", program_invocation_short_name, what, detail.empty() ? "" : " ",
                 detail.c_str());
    std::abort();
}

// A key made for the fuzz targets only: the signed seeds (control/corpus/*-signed,
// presence/corpus/command-signed) are signed with it, so mutations reach the rules after the
// signature.
inline constexpr std::string_view kFuzzKey =
    "majlis-ed25519-secret IRpkj0KKmhFE1dePWWhuOSwtGoYP2GoV2PrGgk+OkxcVOM7UbkxIXamRHyecNXz5rEmlCWLVBLeRkB+pwLm5cg==\n";

}  // namespace majlis::fuzz
