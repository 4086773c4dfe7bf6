package org.supvisors.rules.placement;

import java.util.List;

/** Where the processes of an application starting as a whole may go. */
public sealed interface ApplicationPlacement {

  /** ALL_INSTANCES: each process is placed on its own, with its own identifiers, when its turn comes. */
  record PerProcess() implements ApplicationPlacement {}

  /**
   * SINGLE_INSTANCE (one instance) or SINGLE_NODE (the instances of one node, in rules order): every
   * process of the application must be placed among these.
   */
  record Restricted(List<String> instances) implements ApplicationPlacement {
    public Restricted {
      instances = List.copyOf(instances);
    }
  }

  /** No instance can take the application: every start fails with "no resource available". */
  record NoResource(String reason) implements ApplicationPlacement {}
}
