package org.supvisors.http.xmlrpc;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** An immutable, name-sorted table of XML-RPC methods; names are unique. */
public final class RpcRegistry {

  private final SortedMap<String, RpcMethod> methods;

  private RpcRegistry(SortedMap<String, RpcMethod> methods) {
    this.methods = Collections.unmodifiableSortedMap(methods);
  }

  public static RpcRegistry of(Collection<RpcMethod> methods) {
    return new RpcRegistry(new TreeMap<>()).plus(methods);
  }

  /** A new registry with {@code more} added; a name registered twice is a programming error. */
  public RpcRegistry plus(Collection<RpcMethod> more) {
    SortedMap<String, RpcMethod> merged = new TreeMap<>(methods);
    for (RpcMethod method : more) {
      if (merged.putIfAbsent(method.name(), method) != null) {
        throw new IllegalArgumentException("method registered twice: " + method.name());
      }
    }
    return new RpcRegistry(merged);
  }

  public Optional<RpcMethod> find(String name) {
    return Optional.ofNullable(methods.get(name));
  }

  /** All names, sorted as {@code system.listMethods} returns them. */
  public List<String> names() {
    return List.copyOf(methods.keySet());
  }
}
