package org.supvisors.node.fsm;

import akka.pattern.StatusReply;
import java.util.List;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.SupvisorsFault;
import org.supvisors.protocol.SupvisorsState;

/**
 * Faults carried by {@code StatusReply} errors between actors: the error text is the fault's wire
 * text, which the API turns back into the fault ({@link SupvisorsFault#parse}).
 */
public final class FaultReplies {

  private FaultReplies() {}

  public static <T> StatusReply<T> error(Fault fault, String detail) {
    return StatusReply.error(new SupvisorsFault(fault, detail).faultString());
  }

  /** end_sync outside INITIALIZATION. */
  public static <T> StatusReply<T> notInitialization(SupvisorsState state) {
    return StatusReply.error(SupvisorsFault.badState(state, List.of(SupvisorsState.INITIALIZATION)).faultString());
  }
}
