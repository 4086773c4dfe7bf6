package org.supvisors.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SupvisorsFaultTest {

  @Test
  void faultStringsAreSupervisorsFormat() {
    assertEquals("BAD_NAME: application x unknown to Supvisors",
        SupvisorsFault.of(Fault.BAD_NAME, "application x unknown to Supvisors").faultString());
    assertEquals("INCORRECT_PARAMETERS", SupvisorsFault.of(Fault.INCORRECT_PARAMETERS, "").faultString());
    assertEquals("UNKNOWN: what", new SupvisorsFault(999, "what").faultString());
  }

  @Test
  void theStateGuardTextListsTheAllowedStates() {
    assertEquals(
        "BAD_SUPVISORS_STATE: Supvisors (state=OPERATION) not in state ['CONCILIATION'] to perform request",
        SupvisorsFault.badState(SupvisorsState.OPERATION, List.of(SupvisorsState.CONCILIATION)).faultString());
    assertEquals(101, SupvisorsFault.badState(SupvisorsState.OFF, List.of()).code());
  }

  @Test
  void aFaultStringParsesBackToItsFault() {
    SupvisorsFault fault = SupvisorsFault.parse("NOT_RUNNING: Supvisors instance=c is not RUNNING (SILENT)");
    assertEquals(70, fault.code());
    assertEquals("Supvisors instance=c is not RUNNING (SILENT)", fault.detail());
    assertEquals(Fault.FAILED.code(), SupvisorsFault.parse("something else").code());
  }
}
