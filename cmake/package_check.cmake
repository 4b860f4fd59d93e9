# package_check.cmake - run by cpack before it packages: the install rules
# chose their directories for the configured prefix (zsh's completions differ
# between /usr and /usr/local), so a package for /usr needs a tree
# configured for /usr.
if(CPACK_GENERATOR STREQUAL "DEB" AND NOT CPACK_SV_INSTALL_PREFIX STREQUAL "/usr")
  message(FATAL_ERROR "sockview: this tree installs under ${CPACK_SV_INSTALL_PREFIX}; "
    "a Debian package needs one configured with -DCMAKE_INSTALL_PREFIX=/usr")
endif()
