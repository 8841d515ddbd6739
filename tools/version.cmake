# HYPABI_COMMIT, for `hypabi --version`: HYPABI_GIT_COMMIT if set (a
# package built from a tarball can say where it came from), else
# `git describe --always --dirty` of the source tree at configure time,
# else "unknown". Only a git tree whose top is this source tree counts: a
# tarball unpacked inside some other repository must not take that
# repository's commit.
set(HYPABI_GIT_COMMIT "" CACHE STRING
    "The commit hypabi --version names (default: git describe of the source tree, else unknown)")

set(HYPABI_COMMIT unknown)
if(NOT HYPABI_GIT_COMMIT STREQUAL "")
  # It becomes a C string literal: no quotes, backslashes or spaces.
  if(NOT HYPABI_GIT_COMMIT MATCHES "^[A-Za-z0-9._+~-]+$")
    message(FATAL_ERROR "HYPABI_GIT_COMMIT: '${HYPABI_GIT_COMMIT}' is not a commit name "
                        "(letters, digits and . _ + ~ - only)")
  endif()
  set(HYPABI_COMMIT ${HYPABI_GIT_COMMIT})
else()
  find_package(Git QUIET)
  if(GIT_FOUND)
    execute_process(COMMAND ${GIT_EXECUTABLE} -C ${PROJECT_SOURCE_DIR} rev-parse --show-toplevel
                    OUTPUT_VARIABLE git_top RESULT_VARIABLE git_rc
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    file(REAL_PATH "${PROJECT_SOURCE_DIR}" source_real)
    if(git_rc EQUAL 0)
      file(REAL_PATH "${git_top}" git_top)
    endif()
    if(git_rc EQUAL 0 AND git_top STREQUAL source_real)
      execute_process(COMMAND ${GIT_EXECUTABLE} -C ${PROJECT_SOURCE_DIR} describe --always --dirty
                      OUTPUT_VARIABLE git_describe RESULT_VARIABLE git_rc
                      OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
      if(git_rc EQUAL 0 AND git_describe MATCHES "^[A-Za-z0-9._+~-]+$")
        set(HYPABI_COMMIT ${git_describe})
      endif()
      # A commit or a checkout reconfigures, so --version follows HEAD
      # without a manual re-run of cmake (edits show up as -dirty at the
      # next configure, which every tools/test stage does).
      execute_process(COMMAND ${GIT_EXECUTABLE} -C ${PROJECT_SOURCE_DIR} symbolic-ref -q HEAD
                      OUTPUT_VARIABLE head_ref OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
      foreach(ref HEAD ${head_ref})
        execute_process(COMMAND ${GIT_EXECUTABLE} -C ${PROJECT_SOURCE_DIR} rev-parse
                                --path-format=absolute --git-path ${ref}
                        OUTPUT_VARIABLE ref_file OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
        if(EXISTS "${ref_file}")
          set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND
                       PROPERTY CMAKE_CONFIGURE_DEPENDS ${ref_file})
        endif()
      endforeach()
    endif()
  endif()
endif()
message(STATUS "hypabi ${PROJECT_VERSION}, commit ${HYPABI_COMMIT}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/version.c.in ${CMAKE_CURRENT_BINARY_DIR}/version.c @ONLY)
