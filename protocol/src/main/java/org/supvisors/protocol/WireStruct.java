package org.supvisors.protocol;

import java.util.Map;

/**
 * A record that has a wire form: an ordered map whose keys, order and value types are exactly those
 * of Supvisors 0.17.4 (XML-RPC struct, JSON event body, REST document).
 */
public interface WireStruct {

  Map<String, Object> toWire();
}
