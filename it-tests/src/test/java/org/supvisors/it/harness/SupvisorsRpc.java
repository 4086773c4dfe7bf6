package org.supvisors.it.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed access to the {@code supvisors.*} status methods of one node (results as in compat/xmlrpc.md §4). */
public final class SupvisorsRpc {

    private final String identifier;
    private final XmlRpc rpc;

    public SupvisorsRpc(String identifier, XmlRpc rpc) {
        this.identifier = identifier;
        this.rpc = rpc;
    }

    /** The identifier of the instance this node runs beside. */
    public String identifier() {
        return identifier;
    }

    public XmlRpc rpc() {
        return rpc;
    }

    public Map<String, Object> state() {
        return struct(rpc.invoke("supvisors.get_supvisors_state"));
    }

    public String fsmState() {
        return (String) state().get("fsm_statename");
    }

    public String master() {
        return (String) rpc.invoke("supvisors.get_master_identifier");
    }

    public Map<String, Object> instanceInfo(String id) {
        return struct(rpc.invoke("supvisors.get_instance_info", id));
    }

    /** State name of the given instance as seen by this node. */
    public String instanceState(String id) {
        return (String) instanceInfo(id).get("statename");
    }

    public List<Map<String, Object>> allInstancesInfo() {
        Object[] items = (Object[]) rpc.invoke("supvisors.get_all_instances_info");
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object item : items) {
            result.add(struct(item));
        }
        return result;
    }

    /** identifier -> statename for every instance, as seen by this node. */
    public Map<String, String> instanceStates() {
        Map<String, String> states = new LinkedHashMap<>();
        for (Map<String, Object> info : allInstancesInfo()) {
            states.put((String) info.get("identifier"), (String) info.get("statename"));
        }
        return states;
    }

    public boolean endSync(String master) {
        return (Boolean) rpc.invoke("supvisors.end_sync", master);
    }

    /** A one-line view for assertion messages. */
    public String summary() {
        try {
            Map<String, Object> s = state();
            return identifier + "{" + s.get("fsm_statename") + ", master=" + s.get("master_identifier")
                    + ", instances=" + instanceStates() + "}";
        } catch (RuntimeException e) {
            return identifier + "{" + e.getMessage() + "}";
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> struct(Object value) {
        return (Map<String, Object>) value;
    }

    @Override
    public String toString() {
        return identifier + "@" + rpc.endpoint();
    }
}
