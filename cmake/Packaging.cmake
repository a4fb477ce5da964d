# The `majlis` Debian package: what `cmake --install` puts where, and CPack's DEB generator.
#
#   cmake --build build && platform/deb/build-deb.sh build    ->  build/majlis_0.1.0_amd64.deb
#
# Layout (GNUInstallDirs under the prefix, /usr in the package):
#   bin/majlis                          the binary (stripped in the package)
#   share/majlis/fonts, share/majlis/assets
#                                       its data folder: the font stack, the demo, the dashboard,
#                                       the alert examples, the i18n catalogues, the samples. The
#                                       binary finds it beside itself (bin/../share/majlis, see
#                                       app/cli.cpp), wherever the tree is installed or extracted.
#   lib/systemd/system/<unit>           every unit of platform/systemd/, with the install's paths
#   share/doc/majlis/README.md
#
# The units: platform/systemd/ holds them as a venue copies them by hand (README, "Running
# unattended"), for the /opt layout: binary /opt/majlis/majlis, data /opt/majlis, the event's
# content in /srv/majlis/event, the README in /opt/majlis. That file is the one source; installed,
# those paths become the install's (majlis_install_units.cmake, run at install time so the paths
# are the prefix actually installed to): the binary and data above, and the bundled demo as the
# content, as a package may not put anything in /srv (the venue points --content at its folder
# with `systemctl edit --full`). A unit added to platform/systemd/ is packaged the same way.
#
# The package (CPack DEB): Depends is computed by dpkg-shlibdeps (Debian's dpkg-dev) from the
# libraries the binary actually links, plus what it opens at run time that no linker sees: the
# fonts fonts/stack.toml names, Mesa's GL, EGL and GLX drivers (libepoxy, GLFW and ImGui's loader
# dlopen() libGL) and adduser for the maintainer scripts. postinst makes the `majlis` system user
# (platform/deb/postinst). The architecture is the target's Debian name, so a cross-build (arm64)
# packages the same way; MAJLIS_DEB_ARCH overrides it.
include(GNUInstallDirs)
# `cmake --install` and cpack take what is built as it is: without this, cpack's install step
# first builds every target of the folder (tests and benchmarks included: minutes on 2 cores).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

install(TARGETS majlis RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/fonts ${PROJECT_SOURCE_DIR}/assets
        DESTINATION ${CMAKE_INSTALL_DATADIR}/majlis)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

file(GLOB majlis_units CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}/platform/systemd
     ${PROJECT_SOURCE_DIR}/platform/systemd/*.service ${PROJECT_SOURCE_DIR}/platform/systemd/*.socket
     ${PROJECT_SOURCE_DIR}/platform/systemd/*.timer ${PROJECT_SOURCE_DIR}/platform/systemd/*.path)
list(SORT majlis_units)
install(CODE "
  set(MAJLIS_UNITS_SOURCE \"${PROJECT_SOURCE_DIR}/platform/systemd\")
  set(MAJLIS_UNITS \"${majlis_units}\")
  set(MAJLIS_UNITS_STAGING \"${PROJECT_BINARY_DIR}/systemd-units\")
  set(MAJLIS_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
  set(MAJLIS_DATADIR \"${CMAKE_INSTALL_DATADIR}/majlis\")
  set(MAJLIS_DOCDIR \"${CMAKE_INSTALL_DOCDIR}\")
  include(\"${CMAKE_CURRENT_LIST_DIR}/majlis_install_units.cmake\")")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME majlis)
set(CPACK_PACKAGE_VENDOR "majlis")
set(CPACK_PACKAGE_CONTACT "majlis maintainers <maintainers@users.noreply.r-seed-887053fb.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "event display for conference venues: lobby signage, touch kiosk, loop")
set(CPACK_PACKAGE_DESCRIPTION
    "majlis shows an event's agenda, participants and outcome documents on lobby screens, room signs,\n"
    "touch kiosks and presentation loops, in Arabic, Russian, Tajik, English and the other languages\n"
    "of the region (HarfBuzz, FriBidi, ICU), drawn through OpenGL with no browser inside. It runs as\n"
    "a systemd service (majlis.service) as the majlis system user, and can feed and watch a fleet of\n"
    "screens from a hub. The demo event is in /usr/share/majlis/assets/dushanbe-2025.")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # majlis_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "fonts-noto-core, fonts-hosny-amiri, fonts-dejavu-core, libgl1, libglx-mesa0, libgl1-mesa-dri, libegl-mesa0, adduser")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cage, xwayland, mosquitto")  # a board without a desktop; a hub's broker
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# The Debian architecture of what was built: the compiler's multiarch triplet (aarch64-linux-gnu
# for a cross-build) as dpkg-architecture names it.
set(MAJLIS_DEB_ARCH "" CACHE STRING "Debian architecture of the package (default: the compiler's target)")
if(MAJLIS_DEB_ARCH)
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${MAJLIS_DEB_ARCH})
elseif(CMAKE_LIBRARY_ARCHITECTURE)
  execute_process(COMMAND dpkg-architecture -t${CMAKE_LIBRARY_ARCHITECTURE} -qDEB_HOST_ARCH
                  OUTPUT_VARIABLE CPACK_DEBIAN_PACKAGE_ARCHITECTURE OUTPUT_STRIP_TRAILING_WHITESPACE
                  ERROR_QUIET)
endif()

# Maintainer scripts: the units they stop and reload are those packaged.
string(REPLACE ";" " " MAJLIS_UNIT_NAMES "${majlis_units}")
set(majlis_deb_scripts)
foreach(script postinst prerm postrm)
  configure_file(${PROJECT_SOURCE_DIR}/platform/deb/${script}.in ${PROJECT_BINARY_DIR}/deb/${script} @ONLY
                 FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                 WORLD_READ WORLD_EXECUTE)
  list(APPEND majlis_deb_scripts ${PROJECT_BINARY_DIR}/deb/${script})
endforeach()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${majlis_deb_scripts})

include(CPack)
