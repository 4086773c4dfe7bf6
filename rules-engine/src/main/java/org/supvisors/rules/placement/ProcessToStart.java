package org.supvisors.rules.placement;

/**
 * A process of an application being placed as a whole.
 *
 * @param startSequence its rank; only ranks above 0 add to the application load
 */
public record ProcessToStart(String namespec, int expectedLoading, int startSequence) {}
