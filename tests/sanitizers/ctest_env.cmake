# Included by ctest before any test runs, in sanitizer builds (the top directory's
# TEST_INCLUDE_FILES, through the generated BUILD/sanitizer_env.cmake, which sets
# MAJLIS_KEEP_DRI_LOADED). It sets ctest's own environment, so every test inherits it, and so do
# the programs tests start (majlis under xvfb-run, the majlis that golden_test and cli_test run).
# Options the caller already set are kept.
#   LSAN_OPTIONS   the suppressions (lsan.supp: what fontconfig loses while reading its configuration)
#   ASAN_OPTIONS   stricter checks; allocator_may_return_null=1: a failed allocation returns null,
#                  as without ASan (tests run llvmpipe out of memory on purpose);
#                  intercept_tls_get_addr=0: LeakSanitizer 14's tracking of dynamic TLS misreads
#                  glibc 2.36's and crashes its tracer ("Tracer caught signal 11") at exit of
#                  some `majlis render` runs (e.g. golden heading_small, every time)
#   LD_PRELOAD     keep_dri_loaded.c (why: see there)
if(NOT DEFINED ENV{LSAN_OPTIONS})
  set(ENV{LSAN_OPTIONS} "suppressions=${CMAKE_CURRENT_LIST_DIR}/lsan.supp:print_suppressions=0")
endif()
if(NOT DEFINED ENV{ASAN_OPTIONS})
  set(ENV{ASAN_OPTIONS} "detect_stack_use_after_return=1:check_initialization_order=1:strict_string_checks=1:allocator_may_return_null=1:intercept_tls_get_addr=0")
endif()
if(NOT DEFINED ENV{UBSAN_OPTIONS})
  set(ENV{UBSAN_OPTIONS} "print_stacktrace=1")
endif()
if(DEFINED ENV{LD_PRELOAD})
  set(ENV{LD_PRELOAD} "${MAJLIS_KEEP_DRI_LOADED}:$ENV{LD_PRELOAD}")
else()
  set(ENV{LD_PRELOAD} "${MAJLIS_KEEP_DRI_LOADED}")
endif()
