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

  /** What one probe found out. */
  enum Verdict {
    /** Any HTTP answer: the supervisord lives, and so do its processes. */
    ANSWERS,
    /** The host answered that nothing listens (refused, reset): the host is up and its supervisord is dead. */
    REFUSED,
    /**
     * Nothing in time: a dead host, a hung one, or a network partition. They cannot be told apart from here, and in
     * a partition the processes still run on the other side.
     */
    NO_ANSWER
  }

  /** Completes with the verdict about the supervisord of {@code address}; never fails. */
  CompletionStage<Verdict> probe(InstanceAddress address);
}
