package org.supvisors.node.master.commander;

import org.supvisors.protocol.ProcessState;

/** What a step of the commander asks the outside world to do. */
public sealed interface Effect {

  /** Start the process on that instance, with these extra arguments. */
  record StartOn(String namespec, String identifier, String extraArgs) implements Effect {}

  /** Stop the process on that instance. */
  record StopOn(String namespec, String identifier) implements Effect {}

  /** The commander gave up: show this state for the process until its next event. */
  record Force(String namespec, ProcessState state, String reason) implements Effect {}

  /** A crash asks for the whole of Supvisors to restart (true) or shut down (false). */
  record Terminate(boolean restart) implements Effect {}
}
