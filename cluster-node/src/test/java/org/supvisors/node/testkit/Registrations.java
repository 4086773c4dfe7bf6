package org.supvisors.node.testkit;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import java.time.Duration;

/** Registers a stand-in with the receptionist, as the node's guardian does, and waits until it is listed. */
public final class Registrations {

  private Registrations() {}

  public static <T> void registerAndWait(ActorTestKit kit, ServiceKey<T> key, ActorRef<T> actor) {
    kit.system().receptionist().tell(Receptionist.register(key, actor));
    TestProbe<Receptionist.Listing> listed = kit.createTestProbe();
    kit.system().receptionist().tell(Receptionist.subscribe(key, listed.getRef()));
    listed.fishForMessage(Duration.ofSeconds(10), l -> l.getServiceInstances(key).contains(actor)
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    listed.stop();
  }
}
