package org.supvisors.rules.placement;

import org.supvisors.protocol.InstanceState;

/**
 * A Supvisors instance as the Master sees it when choosing where to start something.
 *
 * @param identifier the instance identifier
 * @param node the node key: instances with the same resolved IP address share a node and its load
 * @param state the instance state; only RUNNING instances can receive a start
 */
public record InstanceView(String identifier, String node, InstanceState state) {}
