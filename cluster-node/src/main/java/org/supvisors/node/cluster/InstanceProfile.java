package org.supvisors.node.cluster;

import java.util.List;
import org.supvisors.node.config.InstanceAddress;

/**
 * What the instances table needs to know of an instance that no {@code supvisors_list} declares: where it runs and
 * the stereotypes the rules may name it by. Every cluster member carries it in its roles ({@link Members#roles}).
 *
 * @param address the instance's address, as a {@code supvisors_list} item would give it
 * @param stereotypes its {@code stereotypes}, in their configured order
 */
public record InstanceProfile(InstanceAddress address, List<String> stereotypes) {

  public InstanceProfile {
    stereotypes = List.copyOf(stereotypes);
  }

  public String identifier() {
    return address.identifier();
  }
}
