package org.supvisors.http;

import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorSystem;
import akka.event.BusLogging;
import akka.event.DummyClassForStringSources;

/**
 * The log of the node's HTTP server connections (logger {@code org.supvisors.http.HttpServer}), where
 * a connection that ended before the head of its first request was complete is a debug message,
 * not Akka's warning. The header timeout closes such connections on purpose, and a client trickling
 * its headers can open thousands of them: one warning each would flood the node's log. Every other
 * message of the server keeps its level.
 */
final class ServerLog extends BusLogging {

  /** Akka HTTP's summary of a connection whose input ended inside a request head. */
  static final String INCOMPLETE_HEAD = "Illegal HTTP message start";

  private ServerLog(ExtendedActorSystem system) {
    super(system.eventStream(), HttpServer.class.getName(), DummyClassForStringSources.class,
        system.logFilter());
  }

  static ServerLog of(ActorSystem<?> system) {
    return new ServerLog((ExtendedActorSystem) system.classicSystem());
  }

  @Override
  public void notifyWarning(String message) {
    if (message != null && message.contains(INCOMPLETE_HEAD)) {
      if (isDebugEnabled()) {
        notifyDebug(message);
      }
      return;
    }
    super.notifyWarning(message);
  }
}
