package org.supvisors.node.supervisor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.supvisors.protocol.SupervisorState;

/**
 * Asynchronous view of the local supervisord's XML-RPC API. The only way the node talks to
 * supervisord; implementations keep blocking I/O off the actors' threads.
 */
public interface SupervisorClient {

  CompletionStage<SupervisorState> getState();

  /** Raw call for methods without a typed wrapper yet, and for forwarding API calls. */
  CompletionStage<Object> call(String method, List<Object> params);

  /** supervisor.getAllProcessInfo as Supervisor returns it. */
  CompletionStage<List<Map<String, Object>>> getAllProcessInfo();
}
