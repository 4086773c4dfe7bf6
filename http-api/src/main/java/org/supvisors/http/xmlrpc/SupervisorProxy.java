package org.supvisors.http.xmlrpc;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Forwards calls that this node does not implement itself ({@code supervisor.*}, and the
 * {@code system.*} introspection of those) to the local supervisord, so that Supervisor clients
 * keep working against the node's URL.
 *
 * <p>A fault answered by supervisord must complete the stage exceptionally with a
 * {@link org.supvisors.protocol.SupvisorsException} carrying the same code and, as detail, the
 * faultString without its {@code NAME: } prefix; the client then sees the fault unchanged. Results
 * must use the types that {@link XmlRpcEncoder} accepts.
 */
@FunctionalInterface
public interface SupervisorProxy {

  CompletionStage<Object> call(String method, List<Object> params);
}
