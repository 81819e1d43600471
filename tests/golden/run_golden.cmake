# Runs ${WHOSAID} ${ARGS} in ${WORKDIR} and compares stdout with ${EXPECTED};
# prints a unified diff on a mismatch. With UPDATE=ON, rewrites ${EXPECTED}.
execute_process(COMMAND ${WHOSAID} ${ARGS}
  WORKING_DIRECTORY ${WORKDIR}
  OUTPUT_VARIABLE actual
  ERROR_VARIABLE errors
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "whosaid ${ARGS} exited with ${rc}:\n${errors}")
endif()
if(UPDATE)
  file(WRITE ${EXPECTED} "${actual}")
  message(STATUS "rewrote ${EXPECTED}")
  return()
endif()
if(NOT EXISTS ${EXPECTED})
  message(FATAL_ERROR "${EXPECTED} is missing; create it with -DWHOSAID_UPDATE_GOLDEN=ON")
endif()
file(READ ${EXPECTED} expected)
if(NOT actual STREQUAL expected)
  file(WRITE ${ACTUAL} "${actual}")
  execute_process(COMMAND diff -u ${EXPECTED} ${ACTUAL})
  message(FATAL_ERROR "output differs from ${EXPECTED} (actual: ${ACTUAL})")
endif()
