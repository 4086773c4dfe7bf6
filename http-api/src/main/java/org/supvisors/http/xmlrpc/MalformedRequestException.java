package org.supvisors.http.xmlrpc;

/**
 * The request body is not a readable XML-RPC call: not well-formed, forbidden XML constructs
 * (DOCTYPE, entities), no method name, or a value that cannot be converted. Answered with HTTP 400,
 * as Supervisor does.
 */
public final class MalformedRequestException extends Exception {

  public MalformedRequestException(String message) {
    super(message, null, false, false);
  }
}
