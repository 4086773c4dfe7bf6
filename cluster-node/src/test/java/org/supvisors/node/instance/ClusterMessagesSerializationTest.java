package org.supvisors.node.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.javadsl.Adapter;
import akka.pattern.StatusReply;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.node.master.MasterActor;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.StateModes;
import org.supvisors.protocol.SupvisorsState;

/** Every message that crosses the cluster survives the Jackson CBOR binding of the node's configuration. */
class ClusterMessagesSerializationTest {

  @RegisterExtension
  static final TestKitExtension testKit = new TestKitExtension(ConfigFactory.parseString(
      "akka.actor.serialization-bindings { \"org.supvisors.protocol.ClusterSerializable\" = jackson-cbor }\n"
          + "akka.actor.serialize-messages = off"));

  private Object roundTrip(Object message) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.kit().system()));
    Serializer serializer = serialization.findSerializerFor(message);
    assertEquals("akka.serialization.jackson.JacksonCborSerializer", serializer.getClass().getName());
    // Serialization.serialize (not the serializer alone) sets the transport information that
    // actor references need.
    byte[] bytes = serialization.serialize(message).get();
    String manifest = akka.serialization.Serializers.manifestFor(serializer, message);
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  @Test
  void instanceMessagesRoundTrip() {
    StateModes modes = new StateModes(SupvisorsState.OPERATION, false, "supv-01", true, false);
    TestProbe<Instances.CheckReply> replyTo = testKit.kit().createTestProbe();
    for (Object message : List.of(
        new Instances.Heartbeat("supv-01", 42, 1795559720L, modes, true),
        new Instances.CheckInstance("supv-02", replyTo.getRef()),
        new Instances.CheckReply(InstanceState.ISOLATED, modes))) {
      assertEquals(message, roundTrip(message));
    }
  }

  @Test
  void masterMessagesRoundTrip() {
    TestProbe<StatusReply<Boolean>> replyTo = testKit.kit().createTestProbe();
    MasterActor.EndSync endSync = new MasterActor.EndSync("supv-02", replyTo.getRef());
    assertEquals(endSync, roundTrip(endSync));
    assertEquals(MasterActor.Stop.INSTANCE, roundTrip(MasterActor.Stop.INSTANCE));
  }
}
