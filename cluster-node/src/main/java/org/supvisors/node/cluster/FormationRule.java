package org.supvisors.node.cluster;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * When a node that found no existing cluster may form one (the rest of the join decision is Akka Cluster
 * Bootstrap's: a node that hears of a cluster joins it). Pure, so that it is tested from tables.
 *
 * <p>Only the first answering instance in election order forms the cluster, which makes it the oldest member and
 * so the host of the Master singleton, as the manual's election would choose. It forms at once when every listed
 * instance answers. When some are missing, it waits until the set of answering instances has not changed for the
 * stable margin if they are a majority of the listed instances, and for the longer minority margin otherwise: two
 * majorities always share an instance, which sees both and lets only the first of them form, so nodes whose JVMs
 * start seconds apart never form two clusters; a minority forms alone only when the others stay silent for long.
 *
 * @param listed every instance expected (supvisors_list, or the instances heard in discovery mode)
 * @param coreIdentifiers preferred in the election (core_identifiers)
 * @param stableMargin how long a majority that answers must stay the same before forming without every instance
 * @param minorityMargin the same for fewer than a majority
 */
public record FormationRule(
    Set<String> listed, List<String> coreIdentifiers, Duration stableMargin, Duration minorityMargin) {

  public enum Decision { JOIN_SELF, KEEP_PROBING }

  /**
   * @param self this instance
   * @param answering the instances whose contact point answered, this one included or not
   * @param answeringStableFor how long {@code answering} has stayed the same
   */
  public Decision decide(String self, Set<String> answering, Duration answeringStableFor) {
    String first = answering.stream().filter(listed::contains)
        .min(electionOrder())
        .filter(candidate -> electionOrder().compare(candidate, self) < 0)
        .orElse(self);
    if (!first.equals(self)) {
      return Decision.KEEP_PROBING;
    }
    Set<String> present = new java.util.TreeSet<>(answering);
    present.add(self);
    present.retainAll(listed);
    if (present.size() == listed.size()) {
      return Decision.JOIN_SELF;
    }
    Duration margin = 2 * present.size() > listed.size() ? stableMargin : minorityMargin;
    return answeringStableFor.compareTo(margin) >= 0 ? Decision.JOIN_SELF : Decision.KEEP_PROBING;
  }

  /** Core instances first, then by identifier. */
  public Comparator<String> electionOrder() {
    return Comparator.comparing((String id) -> !coreIdentifiers.contains(id)).thenComparing(id -> id);
  }
}
