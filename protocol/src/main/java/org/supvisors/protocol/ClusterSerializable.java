package org.supvisors.protocol;

/**
 * Marker of every message and value that crosses the cluster. It is the only type bound to
 * Jackson CBOR serialization, so nothing else can leave a node by accident.
 */
public interface ClusterSerializable {}
