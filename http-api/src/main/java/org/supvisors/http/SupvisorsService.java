package org.supvisors.http;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.supvisors.protocol.ApplicationInfo;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessInfo;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.WireStruct;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.Strategies;
import org.supvisors.protocol.SupvisorsState;
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

  /**
   * The state guards of Supvisors' methods (compat xmlrpc §3), named after Supvisors' checks. The
   * states are listed in the order the BAD_SUPVISORS_STATE fault text quotes them.
   */
  enum StateGuard {
    /** Status methods, restart and shutdown. */
    FROM_DEPLOYMENT(SupvisorsState.DEPLOYMENT, SupvisorsState.OPERATION,
        SupvisorsState.CONCILIATION, SupvisorsState.RESTARTING, SupvisorsState.SHUTTING_DOWN),
    /** Starts, restarts, enable, disable and restart_sequence. */
    OPERATING(SupvisorsState.OPERATION),
    /** Stops. */
    OPERATING_CONCILIATION(SupvisorsState.OPERATION, SupvisorsState.CONCILIATION),
    /** conciliate. */
    CONCILIATION(SupvisorsState.CONCILIATION);

    private final List<SupvisorsState> states;

    StateGuard(SupvisorsState... states) {
      this.states = List.of(states);
    }

    /** The allowed states, in the order of the fault text. */
    public List<SupvisorsState> states() {
      return states;
    }

    public boolean allows(SupvisorsState state) {
      return states.contains(state);
    }
  }

  /**
   * Checks {@code guard} against the local Supvisors state (not the Master's). Every guarded method
   * checks its own guard first; the API layer calls this alone when it refuses a parameter, so that
   * a call made in the wrong state gets the state fault, as in Supvisors where the guard is always
   * evaluated before the parameters.
   *
   * @return a stage completed normally when the state allows the call, exceptionally with
   *     BAD_SUPVISORS_STATE otherwise
   */
  CompletionStage<Void> guard(StateGuard guard);

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

  // ---------------------------------------------------------------- control (compat xmlrpc 5.2-5.4)
  // The state guard of each method is checked first, on the local state; the Master then checks
  // names and process states with its own model. With wait, the answer comes when the jobs this
  // request created are finished (not when the whole Starter or Stopper is idle).

  /**
   * Starts a managed application with {@code strategy}.
   *
   * <p>Faults: BAD_SUPVISORS_STATE outside OPERATION; BAD_NAME (the bare name) if unknown;
   * NOT_MANAGED if no rule manages it; ALREADY_STARTED if not STOPPED; with wait,
   * ABNORMAL_TERMINATION if it is not RUNNING once its jobs are done.
   *
   * @return whether jobs were planned (false when nothing could be); with wait, true once done
   */
  CompletionStage<Boolean> startApplication(
      StartingStrategy strategy, String applicationName, boolean wait);

  /**
   * Stops the running processes of a managed application, greatest stop_sequence first.
   *
   * <p>Faults: BAD_SUPVISORS_STATE outside OPERATION and CONCILIATION; BAD_NAME; NOT_MANAGED;
   * NOT_RUNNING if none of its processes runs; with wait, ABNORMAL_TERMINATION if it is not
   * STOPPED once its jobs are done.
   *
   * @return whether jobs were planned; true once they are done with wait
   */
  CompletionStage<Boolean> stopApplication(String applicationName, boolean wait);

  /**
   * Stops the application if any of its processes runs, then starts it with {@code strategy}.
   *
   * <p>Faults: BAD_SUPVISORS_STATE outside OPERATION; BAD_NAME
   * ({@code application <name> unknown to Supvisors}); ABNORMAL_TERMINATION
   * ({@code failed restarting <name>}) if nothing could be planned, with wait
   * ({@code failed to restart <name>}) if it is STOPPED in the end.
   *
   * @return true
   */
  CompletionStage<Boolean> restartApplication(
      StartingStrategy strategy, String applicationName, boolean wait);

  /**
   * Starts a process of the local supervisord with {@code extraArgs} appended to its command line
   * (empty: the original command). Not guarded: the Master uses it during DEPLOYMENT.
   *
   * <p>Faults: BAD_NAME if the process is unknown to Supvisors or to the local supervisord; then
   * supervisord's own faults (SHUTDOWN_STATE, NO_FILE, NOT_EXECUTABLE, FAILED, SPAWN_ERROR,
   * ALREADY_STARTED, ABNORMAL_TERMINATION with wait) and DISABLED.
   *
   * @return true once supervisord started it (running, with wait)
   */
  CompletionStage<Boolean> startArgs(String namespec, String extraArgs, boolean wait);

  /**
   * Starts the stopped processes named by {@code namespec} ({@code group:name} or {@code group:*})
   * with {@code strategy} and {@code extraArgs}.
   *
   * <p>Faults: BAD_SUPVISORS_STATE outside OPERATION; BAD_NAME; ALREADY_STARTED (the process
   * namespec) if one is running; ABNORMAL_TERMINATION if nothing could be planned or, with wait, if
   * one of them is still stopped once its jobs are done.
   *
   * @return true
   */
  CompletionStage<Boolean> startProcess(
      StartingStrategy strategy, String namespec, String extraArgs, boolean wait);

  /**
   * Starts the first stopped process whose namespec matches {@code regex} (a search, not a full
   * match) and for which {@code strategy} finds an instance.
   *
   * <p>Faults: BAD_SUPVISORS_STATE outside OPERATION; BAD_NAME
   * ({@code no candidate process matching "<regex>"}); then those of {@link #startProcess}.
   *
   * @return the namespec of the process chosen
   */
  CompletionStage<String> startAnyProcess(
      StartingStrategy strategy, String regex, String extraArgs, boolean wait);

  /**
   * Stops the processes named by {@code namespec} on every instance where they run.
   *
   * <p>Faults: BAD_SUPVISORS_STATE outside OPERATION and CONCILIATION; BAD_NAME; NOT_RUNNING if
   * nothing could be planned; with wait, ABNORMAL_TERMINATION (the namespecs still running, space
   * separated).
   *
   * @return true
   */
  CompletionStage<Boolean> stopProcess(String namespec, boolean wait);

  /**
   * Stops the processes named by {@code namespec} that run, then starts them all with
   * {@code strategy} and {@code extraArgs}.
   *
   * <p>Faults: BAD_SUPVISORS_STATE outside OPERATION; BAD_NAME; ABNORMAL_TERMINATION
   * ({@code failed restarting <namespec>}) if nothing could be planned, with wait (the namespecs
   * still stopped, space separated).
   *
   * @return true
   */
  CompletionStage<Boolean> restartProcess(
      StartingStrategy strategy, String namespec, String extraArgs, boolean wait);

  /**
   * Asks the Master for a new DEPLOYMENT.
   *
   * <p>Faults: BAD_SUPVISORS_STATE outside OPERATION.
   *
   * @return true (with wait, once the deployment is over)
   */
  CompletionStage<Boolean> restartSequence(boolean wait);

  /**
   * Asks the Master to restart Supvisors (state RESTARTING, then every supervisord restarts).
   *
   * <p>Faults: BAD_SUPVISORS_STATE outside DEPLOYMENT, OPERATION, CONCILIATION, RESTARTING and
   * SHUTTING_DOWN.
   *
   * @return true, as soon as the Master took the request
   */
  CompletionStage<Boolean> restart();

  /**
   * Asks the Master to shut Supvisors down (state SHUTTING_DOWN, then every supervisord stops).
   *
   * <p>Faults: as {@link #restart()}.
   *
   * @return true, as soon as the Master took the request
   */
  CompletionStage<Boolean> shutdown();

  /**
   * Applies {@code strategy} to the current conflicts.
   *
   * <p>Faults: BAD_SUPVISORS_STATE outside CONCILIATION.
   *
   * @return true, or false for USER, which does nothing
   */
  CompletionStage<Boolean> conciliate(ConciliationStrategy strategy);

  /**
   * Enables the local processes of a program (persisted; autostart applies again).
   *
   * <p>Faults: BAD_SUPVISORS_STATE outside OPERATION; BAD_NAME if the program is unknown.
   *
   * @return true (with wait, once Supvisors sees none of them disabled)
   */
  CompletionStage<Boolean> enable(String programName, boolean wait);

  /**
   * Disables the local processes of a program (persisted) and stops those running.
   *
   * <p>Faults: BAD_SUPVISORS_STATE outside OPERATION; BAD_NAME if the program is unknown; with
   * wait, ABNORMAL_TERMINATION (the namespecs still running, space separated).
   *
   * @return true (with wait, once they are stopped and Supvisors sees them all disabled)
   */
  CompletionStage<Boolean> disable(String programName, boolean wait);
}
