# Installed layout and the Debian package (cpack -G DEB in the build folder).
# The QML is compiled into the endoverlay binary as resources.
install(DIRECTORY ${ENDOVERLAY_SOURCE_RESOURCES}/models ${ENDOVERLAY_SOURCE_RESOURCES}/protocols ${ENDOVERLAY_SOURCE_RESOURCES}/settings
  DESTINATION ${ENDOVERLAY_INSTALL_RESOURCES})
install(FILES
  ${ENDOVERLAY_SOURCE_RESOURCES}/clips/ercp_demo.mp4
  ${ENDOVERLAY_SOURCE_RESOURCES}/clips/ercp_demo.json
  ${ENDOVERLAY_SOURCE_RESOURCES}/clips/ercp_demo.truth.jsonl
  ${ENDOVERLAY_SOURCE_RESOURCES}/clips/eus_demo.mp4
  ${ENDOVERLAY_SOURCE_RESOURCES}/clips/eus_demo.json
  ${ENDOVERLAY_SOURCE_RESOURCES}/clips/eus_demo.truth.jsonl
  DESTINATION ${ENDOVERLAY_INSTALL_RESOURCES}/clips)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/endoverlay.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)

set(CPACK_PACKAGE_NAME endoverlay)
set(CPACK_PACKAGE_VENDOR "Endoverlay")
set(CPACK_PACKAGE_CONTACT "Endoverlay maintainers <maintainers@endoverlay.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Real-time AI overlay for endoscopy video (synthetic demo models, not for clinical use)")
set(CPACK_PACKAGE_INSTALL_DIRECTORY endoverlay)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded at run time, so dpkg-shlibdeps cannot see them.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "qml6-module-qtquick, qml6-module-qtquick-window, qml6-module-qtquick-controls, qml6-module-qtquick-layouts, qml6-module-qtmultimedia, qt6-qpa-plugins, gstreamer1.0-plugins-base, gstreamer1.0-plugins-good, gstreamer1.0-plugins-bad, gstreamer1.0-plugins-ugly, gstreamer1.0-libav")
include(CPack)
