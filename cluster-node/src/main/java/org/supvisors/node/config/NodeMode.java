package org.supvisors.node.config;

/**
 * How the node relates to supervisord.
 *
 * <p>{@link #LISTENER}: the node is started by supervisord (as one of its programs, {@code SUPERVISOR_ENABLED} set in
 * its environment) and follows it. {@link #STANDALONE}: the node runs on its own beside an existing supervisord.
 */
public enum NodeMode {
  LISTENER,
  STANDALONE
}
