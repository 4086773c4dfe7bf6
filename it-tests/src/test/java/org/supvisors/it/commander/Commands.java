package org.supvisors.it.commander;

import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.XmlRpc;

/**
 * The control methods of one node's {@code supvisors} namespace (compat/xmlrpc.md §5.2-5.4), called with a reply
 * timeout long enough for {@code wait=True}. Faults come back as {@link XmlRpc.RpcFailure} with their code.
 */
final class Commands {

    private final String identifier;
    private final XmlRpc rpc;

    private Commands(String identifier, XmlRpc rpc) {
        this.identifier = identifier;
        this.rpc = rpc;
    }

    /** The control methods of the node beside instance {@code id}. */
    static Commands on(Cluster cluster, String id) {
        return new Commands(id, new XmlRpc(cluster.instance(id).nodeRpcUrl(), Limits.CALL));
    }

    String identifier() {
        return identifier;
    }

    boolean startApplication(String strategy, String application, boolean wait) {
        return bool(rpc.invoke("supvisors.start_application", strategy, application, wait));
    }

    boolean stopApplication(String application, boolean wait) {
        return bool(rpc.invoke("supvisors.stop_application", application, wait));
    }

    boolean restartApplication(String strategy, String application, boolean wait) {
        return bool(rpc.invoke("supvisors.restart_application", strategy, application, wait));
    }

    boolean startProcess(String strategy, String namespec, String extraArgs, boolean wait) {
        return bool(rpc.invoke("supvisors.start_process", strategy, namespec, extraArgs, wait));
    }

    boolean restartProcess(String strategy, String namespec, String extraArgs, boolean wait) {
        return bool(rpc.invoke("supvisors.restart_process", strategy, namespec, extraArgs, wait));
    }

    boolean stopProcess(String namespec, boolean wait) {
        return bool(rpc.invoke("supvisors.stop_process", namespec, wait));
    }

    boolean conciliate(String strategy) {
        return bool(rpc.invoke("supvisors.conciliate", strategy));
    }

    boolean shutdown() {
        return bool(rpc.invoke("supvisors.shutdown"));
    }

    boolean restart() {
        return bool(rpc.invoke("supvisors.restart"));
    }

    private boolean bool(Object value) {
        if (!(value instanceof Boolean b)) {
            throw new AssertionError(identifier + ": boolean expected, got " + value);
        }
        return b;
    }

    @Override
    public String toString() {
        return identifier + "@" + rpc.endpoint();
    }
}
