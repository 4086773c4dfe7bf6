package org.supvisors.http.xmlrpc;

import java.util.Collections;
import java.util.List;

/**
 * A decoded XML-RPC {@code methodCall}. Parameters are plain Java values (see {@link XmlRpcDecoder})
 * and may be mutable containers, so the list itself is exposed read-only.
 */
public record XmlRpcRequest(String methodName, List<Object> params) {

  public XmlRpcRequest {
    params = Collections.unmodifiableList(params);
  }
}
