# Run at install time (`cmake --install`, cpack; see Packaging.cmake): each unit of
# platform/systemd/, written for the /opt layout, with the paths of the prefix being installed to,
# into <prefix>/lib/systemd/system. Given: MAJLIS_UNITS_SOURCE, MAJLIS_UNITS (file names),
# MAJLIS_UNITS_STAGING (a build folder), MAJLIS_BINDIR, MAJLIS_DATADIR, MAJLIS_DOCDIR (relative).
set(prefix "${CMAKE_INSTALL_PREFIX}")
# The longest paths first: /opt/majlis/majlis and /opt/majlis/README.md before /opt/majlis.
set(rules
  "/opt/majlis/majlis" "${prefix}/${MAJLIS_BINDIR}/majlis"
  "/opt/majlis/README.md" "${prefix}/${MAJLIS_DOCDIR}/README.md"
  "/opt/majlis" "${prefix}/${MAJLIS_DATADIR}"
  "/srv/majlis/event" "${prefix}/${MAJLIS_DATADIR}/assets/dushanbe-2025")
foreach(unit IN LISTS MAJLIS_UNITS)
  file(READ "${MAJLIS_UNITS_SOURCE}/${unit}" text)
  set(remaining ${rules})
  while(remaining)
    list(POP_FRONT remaining from to)
    string(REPLACE "${from}" "${to}" text "${text}")
  endwhile()
  file(WRITE "${MAJLIS_UNITS_STAGING}/${unit}" "${text}")
  file(INSTALL DESTINATION "${prefix}/lib/systemd/system" TYPE FILE PERMISSIONS OWNER_READ OWNER_WRITE
       GROUP_READ WORLD_READ FILES "${MAJLIS_UNITS_STAGING}/${unit}")
endforeach()
