package org.supvisors.node.instance;

import java.util.concurrent.CompletionStage;
import org.supvisors.node.config.InstanceAddress;

/**
 * Whether the supervisord of an instance lives, asked when Akka loses the instance's node: a node that dies beside
 * a live supervisord is restarted by it, and its processes still run. This is the one call a node makes to another
 * instance's supervisord (docs/architecture.md, "A lost node is not a lost host").
 */
@FunctionalInterface
public interface SupervisordProbe {

  /** Completes with true when the supervisord of {@code address} answers in time, false otherwise; never fails. */
  CompletionStage<Boolean> alive(InstanceAddress address);
}
