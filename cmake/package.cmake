# package.cmake - the Debian package, with CPack's DEB generator: the files
# of install.cmake under /usr, the runtime libraries as dependencies
# (dpkg-shlibdeps reads them off the binary), stripped. Build it from a tree
# configured with -DCMAKE_INSTALL_PREFIX=/usr: cmake --build DIR --target package
set(SV_DEB_MAINTAINER "The sockview authors <sockview@invalid>" CACHE STRING
  "the Maintainer field of the Debian package (NAME <EMAIL>)")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sockview)
set(CPACK_PACKAGE_VENDOR "The sockview authors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "list sockets like ss, with port classes, roles and services")
# the long description: CPack indents each line for the control file
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
  "sockview reads the kernel's socket tables over netlink sock_diag and"
  "prints the rows ss prints for the same options, so ss scripts keep"
  "working. It tags every socket with whether it listens, came in or went"
  "out, the class of its port (well-known, registered, dynamic, ephemeral)"
  "and the service on the server side of the connection. It runs ss's"
  "filter language in the kernel, writes JSON, names the processes and"
  "containers behind sockets, lists other network namespaces, and its"
  "why command (sockview why PORT) says in plain words why connections to"
  "a port fail.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SV_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# read by cmake/package_check.cmake when cpack runs
set(CPACK_SV_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/cmake/package_check.cmake)
include(CPack)
