# Finds whosaid's dependencies. Every one comes from a Debian -dev package;
# scripts/setup.sh installs them. A missing one stops the configure step with
# a message naming that script.
find_package(PkgConfig)

function(whosaid_missing what)
  message(FATAL_ERROR
    "whosaid: ${what} not found. Run scripts/setup.sh to install the "
    "Debian packages whosaid needs, then configure again.")
endfunction()

if(NOT PkgConfig_FOUND)
  whosaid_missing("pkg-config")
endif()

pkg_check_modules(ICU IMPORTED_TARGET icu-uc icu-i18n)
if(NOT ICU_FOUND)
  whosaid_missing("ICU (libicu-dev)")
endif()
pkg_check_modules(RE2 IMPORTED_TARGET re2)
if(NOT RE2_FOUND)
  whosaid_missing("RE2 (libre2-dev)")
endif()
pkg_check_modules(ZSTD IMPORTED_TARGET libzstd)
if(NOT ZSTD_FOUND)
  whosaid_missing("zstd (libzstd-dev)")
endif()

find_package(ZLIB QUIET)
if(NOT ZLIB_FOUND)
  whosaid_missing("zlib (zlib1g-dev)")
endif()
find_package(spdlog QUIET)
if(NOT spdlog_FOUND)
  whosaid_missing("spdlog (libspdlog-dev)")
endif()
find_package(simdjson QUIET)
if(NOT simdjson_FOUND)
  whosaid_missing("simdjson (libsimdjson-dev)")
endif()
find_package(tomlplusplus QUIET)
if(NOT tomlplusplus_FOUND)
  whosaid_missing("toml++ (libtomlplusplus-dev)")
endif()
find_package(Threads REQUIRED)

if(WHOSAID_BUILD_CLI)
  find_package(CLI11 QUIET)
  if(NOT CLI11_FOUND)
    whosaid_missing("CLI11 (libcli11-dev)")
  endif()
endif()

if(WHOSAID_BUILD_TESTS)
  find_path(CATCH2_INCLUDE_DIR catch2/catch.hpp)
  if(NOT CATCH2_INCLUDE_DIR)
    whosaid_missing("Catch2 2.x (catch2)")
  endif()
endif()

find_package(Python3 COMPONENTS Interpreter QUIET)
