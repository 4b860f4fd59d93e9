# install.cmake - what cmake --install puts where: the binary in bin (as ss,
# for every user), the manual gzipped, the bash and zsh completions, the
# copyright notice, and under /usr a Debian changelog.
include(GNUInstallDirs)

install(TARGETS sockview DESTINATION ${CMAKE_INSTALL_BINDIR})

# gzip -n: no name or time in the header, so the same page gives the same bytes
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/sockview.8.gz
  COMMAND gzip -9n -c ${PROJECT_SOURCE_DIR}/man/sockview.8 > ${CMAKE_BINARY_DIR}/sockview.8.gz
  DEPENDS ${PROJECT_SOURCE_DIR}/man/sockview.8
  COMMENT "man/sockview.8, gzipped")
add_custom_target(sockview_man ALL DEPENDS ${CMAKE_BINARY_DIR}/sockview.8.gz)
install(FILES ${CMAKE_BINARY_DIR}/sockview.8.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)

# bash-completion loads completions/NAME on demand, under /usr and /usr/local
# alike; Debian's zsh reads packages' completions from vendor-completions and
# local ones from /usr/local/share/zsh/site-functions
install(FILES ${PROJECT_SOURCE_DIR}/completions/sockview.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME sockview)
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(SV_ZSH_COMPLETIONS ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
else()
  set(SV_ZSH_COMPLETIONS ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/completions/_sockview DESTINATION ${SV_ZSH_COMPLETIONS})

# the licence, and where the embedded services table comes from
file(READ ${PROJECT_SOURCE_DIR}/LICENSE SV_LICENSE_TEXT)
configure_file(${PROJECT_SOURCE_DIR}/cmake/copyright.in ${CMAKE_BINARY_DIR}/copyright @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

# a Debian package's changelog (policy 12.7), under /usr only: dated when the
# tree was configured, or at SOURCE_DATE_EPOCH
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  string(TIMESTAMP SV_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/changelog.Debian.in
    ${CMAKE_BINARY_DIR}/changelog.Debian @ONLY)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/changelog.Debian.gz
    COMMAND gzip -9n -c ${CMAKE_BINARY_DIR}/changelog.Debian > ${CMAKE_BINARY_DIR}/changelog.Debian.gz
    DEPENDS ${CMAKE_BINARY_DIR}/changelog.Debian)
  add_custom_target(sockview_changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/changelog.Debian.gz)
  install(FILES ${CMAKE_BINARY_DIR}/changelog.Debian.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()
