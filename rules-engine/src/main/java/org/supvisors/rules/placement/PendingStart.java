package org.supvisors.rules.placement;

/**
 * A start already assigned to an instance by a job in progress, whose process is not running yet:
 * its load is reserved so that two starts do not both take the last free capacity of a node.
 */
public record PendingStart(String namespec, String identifier, int expectedLoading) {}
