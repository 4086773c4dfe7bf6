package org.supvisors.node.testkit;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.internal.pubsub.TopicImpl;
import akka.actor.typed.pubsub.Topic;
import java.time.Duration;

/** What an actor under test published on a topic that a test probe stands in for. */
public final class Published {

  private Published() {}

  /** The message of the next command the probe gets, which must be a publication. */
  @SuppressWarnings("unchecked")
  public static <T> T next(TestProbe<Topic.Command<T>> topic, Duration max) {
    Topic.Command<T> command = topic.receiveMessage(max);
    if (!(command instanceof TopicImpl.Publish<?> publish)) {
      throw new AssertionError("not a publication: " + command);
    }
    return (T) publish.message();
  }
}
