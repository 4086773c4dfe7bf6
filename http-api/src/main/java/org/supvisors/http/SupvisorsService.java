package org.supvisors.http;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.supvisors.protocol.ApplicationInfo;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessInfo;
import org.supvisors.protocol.WireStruct;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.Strategies;
import org.supvisors.protocol.SupvisorsStatus;

/**
 * What the API routes need from a node. {@code cluster-node} implements it with asks to its actors;
 * parameters arrive already checked for type and range by the API layer. A call that must fail
 * completes exceptionally with {@link org.supvisors.protocol.SupvisorsException}, which the routes
 * turn into the matching XML-RPC fault; any other failure becomes a FAILED fault, never an HTTP 500.
 *
 * <p>Lists returned are immutable snapshots; returning the same list object again means the same
 * content, which lets the API layer reuse its encoding.
 */
public interface SupvisorsService {

  /** Version string of the Supvisors API this node is compatible with. */
  String apiVersion();

  CompletionStage<SupvisorsStatus> supvisorsState();

  CompletionStage<String> masterIdentifier();

  CompletionStage<Strategies> strategies();

  /** All instances, sorted by identifier. */
  CompletionStage<List<InstanceInfo>> allInstancesInfo();

  /** Fails with INCORRECT_PARAMETERS "<id> unknown to Supvisors" for an unknown identifier. */
  CompletionStage<InstanceInfo> instanceInfo(String identifier);

  /**
   * Ends the synchronization phase (USER option). {@code master} is empty to let the election
   * choose. Faults: BAD_SUPVISORS_STATE, INCORRECT_PARAMETERS, BAD_NAME, NOT_RUNNING.
   */
  CompletionStage<Boolean> endSync(String master);

  CompletionStage<Boolean> changeLogLevel(LogLevel level);

  // ---------------------------------------------------------------- status of applications and processes
  // Each fails with BAD_SUPVISORS_STATE outside DEPLOYMENT, OPERATION, CONCILIATION, RESTARTING and
  // SHUTTING_DOWN (checked first), then with the BAD_NAME texts of the compat sheet.

  /** Every application, managed or not, in the order their groups were first seen. */
  CompletionStage<List<ApplicationInfo>> allApplicationsInfo();

  CompletionStage<ApplicationInfo> applicationInfo(String applicationName);

  /** The resolved rules of an application (compat xmlrpc 4.4). */
  CompletionStage<WireStruct> applicationRules(String applicationName);

  CompletionStage<List<ProcessInfo>> allProcessInfo();

  /** One element for {@code group:name}, every process of the group for {@code group:*}. */
  CompletionStage<List<ProcessInfo>> processInfo(String namespec);

  /** The resolved rules of the processes named (compat xmlrpc 4.6). */
  CompletionStage<List<WireStruct>> processRules(String namespec);

  /** Processes of managed applications running on more than one instance. */
  CompletionStage<List<ProcessInfo>> conflicts();

  /** The local supervisord's processes, in any state of Supvisors (Supervisor's faults pass through). */
  CompletionStage<List<LocalProcessInfo>> allLocalProcessInfo();

  CompletionStage<LocalProcessInfo> localProcessInfo(String namespec);
}
