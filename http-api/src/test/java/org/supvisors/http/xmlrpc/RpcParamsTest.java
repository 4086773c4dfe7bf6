package org.supvisors.http.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.SupvisorsException;

class RpcParamsTest {

  private static void assertFault(String expected, Executable call) {
    SupvisorsException e = assertThrows(SupvisorsException.class, call);
    assertEquals(Fault.INCORRECT_PARAMETERS.code(), e.fault().code());
    assertEquals(expected, e.fault().faultString());
  }

  @Test
  void arity() {
    RpcParams.arity(List.of(), 0);
    RpcParams.arity(List.of(1), 0, 1);
    assertFault("INCORRECT_PARAMETERS", () -> RpcParams.arity(List.of(1), 0));
    assertFault("INCORRECT_PARAMETERS", () -> RpcParams.arity(List.of(), 1, 2));
    assertFault("INCORRECT_PARAMETERS", () -> RpcParams.arity(List.of(1, 2, 3), 1, 2));
  }

  @Test
  void strings() {
    assertEquals("x", RpcParams.string("x"));
    assertFault("INCORRECT_PARAMETERS", () -> RpcParams.string(1));
  }

  @Test
  void pythonTruthinessOfWait() {
    assertTrue(RpcParams.wait(List.of(), 0));
    assertTrue(RpcParams.wait(List.of(true), 0));
    assertFalse(RpcParams.wait(List.of(false), 0));
    assertTrue(RpcParams.wait(List.of(1), 0));
    assertFalse(RpcParams.wait(List.of(0), 0));
    assertFalse(RpcParams.wait(List.of(0L), 0));
    assertFalse(RpcParams.wait(List.of(BigInteger.ZERO), 0));
    assertFalse(RpcParams.wait(List.of(0.0), 0));
    assertTrue(RpcParams.wait(List.of(0.5), 0));
    assertTrue(RpcParams.wait(List.of("false"), 0));
    assertFalse(RpcParams.wait(List.of(""), 0));
    assertFalse(RpcParams.wait(List.of(List.of()), 0));
    assertTrue(RpcParams.wait(List.of(List.of(0)), 0));
    assertFalse(RpcParams.wait(List.of(Map.of()), 0));
  }

  @Test
  void enumByExactNameOrCode() {
    assertEquals(StartingStrategy.LESS_LOADED, RpcParams.startingStrategy("LESS_LOADED"));
    assertEquals(StartingStrategy.MOST_LOADED_NODE, RpcParams.startingStrategy(5));
    assertEquals(ConciliationStrategy.USER, RpcParams.conciliationStrategy(2L));
    assertEquals(ConciliationStrategy.RESTART, RpcParams.conciliationStrategy("RESTART"));
  }

  @Test
  void enumFaultTexts() {
    assertFault("INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'>: FOO (string expected in"
        + " ['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE',"
        + " 'MOST_LOADED_NODE'])", () -> RpcParams.startingStrategy("FOO"));
    assertFault("INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'>: config (string"
        + " expected in ['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE',"
        + " 'MOST_LOADED_NODE'])", () -> RpcParams.startingStrategy("config"));
    assertFault("INCORRECT_PARAMETERS: incorrect strategy: 9 (integer expected in"
        + " [0, 1, 2, 3, 4, 5]", () -> RpcParams.startingStrategy(9));
    assertFault("INCORRECT_PARAMETERS: incorrect strategy: 99999999999 (integer expected in"
        + " [0, 1, 2, 3, 4, 5]", () -> RpcParams.startingStrategy(99999999999L));
    assertFault("INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'>: 2.5 (string or"
        + " integer expected)", () -> RpcParams.startingStrategy(2.5));
    assertFault("INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'>: True (string or"
        + " integer expected)", () -> RpcParams.startingStrategy(true));
    assertFault("INCORRECT_PARAMETERS: invalid <enum 'ConciliationStrategies'>: NOPE (string"
        + " expected in ['SENICIDE', 'INFANTICIDE', 'USER', 'STOP', 'RESTART',"
        + " 'RUNNING_FAILURE'])", () -> RpcParams.conciliationStrategy("NOPE"));
    assertFault("INCORRECT_PARAMETERS: invalid <enum 'ConciliationStrategies'>: 1.0 (string or"
        + " integer expected)", () -> RpcParams.conciliationStrategy(1.0));
  }

  @Test
  void logLevels() {
    assertEquals(LogLevel.DEBUG, RpcParams.logLevel("DEBUG"));
    assertEquals(LogLevel.WARN, RpcParams.logLevel("Warn"));
    assertEquals(LogLevel.BLATHER, RpcParams.logLevel(3));
    assertEquals(LogLevel.CRITICAL, RpcParams.logLevel(50L));
  }

  @Test
  void logLevelFaultTexts() {
    assertFault("INCORRECT_PARAMETERS: invalid logger level: warning (string expected in"
        + " ['critical', 'error', 'warn', 'info', 'debug', 'trace', 'blather'])",
        () -> RpcParams.logLevel("warning"));
    assertFault("INCORRECT_PARAMETERS: invalid logger level: Info  (string expected in"
        + " ['critical', 'error', 'warn', 'info', 'debug', 'trace', 'blather'])",
        () -> RpcParams.logLevel("Info "));
    assertFault("INCORRECT_PARAMETERS: invalid logger level: 31 (integer expected in"
        + " [50, 40, 30, 20, 10, 5, 3])", () -> RpcParams.logLevel(31));
    assertFault("INCORRECT_PARAMETERS: invalid logger level: 2.0 (string or integer expected)",
        () -> RpcParams.logLevel(2.0));
    assertFault("INCORRECT_PARAMETERS: invalid logger level: False (string or integer expected)",
        () -> RpcParams.logLevel(false));
    assertFault("INCORRECT_PARAMETERS: invalid logger level: ['info'] (string or integer"
        + " expected)", () -> RpcParams.logLevel(List.of("info")));
  }
}
