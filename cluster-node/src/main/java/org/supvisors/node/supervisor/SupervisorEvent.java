package org.supvisors.node.supervisor;

import java.util.Map;

/**
 * One event received from supervisord through the event-listener protocol: its name (for example
 * PROCESS_STATE_RUNNING or TICK_5), the protocol header tokens and the parsed payload tokens.
 */
public record SupervisorEvent(String eventName, Map<String, String> headers, Map<String, String> payload, String data) {}
