package org.supvisors.node.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.supvisors.node.context.ApplicationEvaluation.Member;
import org.supvisors.protocol.ApplicationInfo;
import org.supvisors.protocol.ApplicationState;
import org.supvisors.protocol.ProcessState;

/** Every row of the application state and failure tables (compat behaviour §6.1). */
class ApplicationEvaluationTest {

  private static Member m(ProcessState state, boolean expected, boolean required) {
    return new Member(state, expected, required);
  }

  static Stream<Arguments> rows() {
    ProcessState R = ProcessState.RUNNING;
    return Stream.of(
        // state priority: STOPPING > STARTING/BACKOFF > RUNNING > STOPPED
        Arguments.of(List.of(m(ProcessState.STOPPING, true, false), m(ProcessState.STARTING, true, false)), ApplicationState.STOPPING, false, false),
        Arguments.of(List.of(m(ProcessState.BACKOFF, true, false), m(R, true, false)), ApplicationState.STARTING, false, false),
        Arguments.of(List.of(m(ProcessState.STARTING, true, false), m(R, true, false)), ApplicationState.STARTING, false, false),
        Arguments.of(List.of(m(R, true, false), m(ProcessState.STOPPED, true, false)), ApplicationState.RUNNING, false, false),
        Arguments.of(List.of(m(ProcessState.STOPPED, true, true), m(ProcessState.EXITED, true, false)), ApplicationState.STOPPED, false, false),
        // failures: FATAL, UNKNOWN, unexpected EXITED -> major if required, minor otherwise
        Arguments.of(List.of(m(R, true, true), m(ProcessState.FATAL, false, true)), ApplicationState.RUNNING, true, false),
        Arguments.of(List.of(m(R, true, true), m(ProcessState.FATAL, false, false)), ApplicationState.RUNNING, false, true),
        Arguments.of(List.of(m(R, true, true), m(ProcessState.UNKNOWN, true, false)), ApplicationState.RUNNING, false, true),
        Arguments.of(List.of(m(R, true, true), m(ProcessState.EXITED, false, true)), ApplicationState.RUNNING, true, false),
        Arguments.of(List.of(m(R, true, true), m(ProcessState.EXITED, true, true)), ApplicationState.RUNNING, false, false),
        // a required STOPPED process is a major failure only when the application is not STOPPED
        Arguments.of(List.of(m(R, true, false), m(ProcessState.STOPPED, true, true)), ApplicationState.RUNNING, true, false),
        Arguments.of(List.of(m(ProcessState.STOPPED, true, true)), ApplicationState.STOPPED, false, false),
        // a STOPPED application may carry failures
        Arguments.of(List.of(m(ProcessState.FATAL, false, true), m(ProcessState.STOPPED, true, false)), ApplicationState.STOPPED, true, false));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void managedApplication(List<Member> members, ApplicationState state, boolean major, boolean minor) {
    ApplicationInfo info = ApplicationEvaluation.evaluate("app", true, members);
    assertEquals(state, info.state());
    assertEquals(major, info.majorFailure(), "major");
    assertEquals(minor, info.minorFailure(), "minor");
  }

  @ParameterizedTest
  @MethodSource("rows")
  void anUnmanagedApplicationIsAlwaysStoppedWithoutFailure(List<Member> members) {
    assertEquals(new ApplicationInfo("app", false, ApplicationState.STOPPED, false, false),
        ApplicationEvaluation.evaluate("app", false, members));
  }
}
