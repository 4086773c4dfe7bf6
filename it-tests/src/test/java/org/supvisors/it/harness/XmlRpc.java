package org.supvisors.it.harness;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;

/**
 * A small XML-RPC client (Apache XML-RPC) for supervisord and the node's {@code /RPC2}.
 * Structs come back as {@code Map<String, Object>}, arrays as {@code Object[]}.
 */
public final class XmlRpc {

    private final URI endpoint;
    private final XmlRpcClient client = new XmlRpcClient();

    public XmlRpc(URI endpoint, Duration timeout) {
        this.endpoint = endpoint;
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        try {
            config.setServerURL(endpoint.toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(endpoint.toString(), e);
        }
        config.setConnectionTimeout((int) timeout.toMillis());
        config.setReplyTimeout((int) timeout.toMillis());
        client.setConfig(config);
    }

    public static XmlRpc local(int port) {
        return at("127.0.0.1", port);
    }

    /** {@code http://host:port/RPC2} with the default 10 s timeout. */
    public static XmlRpc at(String host, int port) {
        return new XmlRpc(URI.create("http://" + host + ":" + port + "/RPC2"), Duration.ofSeconds(10));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Calls a method; an XML-RPC fault is an {@link XmlRpcException} whose {@code code} is the fault code. */
    public Object call(String method, Object... params) throws XmlRpcException {
        return client.execute(method, params);
    }

    /** Same as {@link #call} with faults and I/O errors turned into {@link RpcFailure} (for pollers and lambdas). */
    public Object invoke(String method, Object... params) {
        try {
            return call(method, params);
        } catch (XmlRpcException e) {
            throw new RpcFailure(endpoint + " " + method, e);
        }
    }

    /** An unchecked wrapper of a failed call. */
    public static final class RpcFailure extends RuntimeException {
        private final int code;

        RpcFailure(String what, XmlRpcException cause) {
            super(what + ": " + (cause.code != 0 ? "fault " + cause.code + " " : "") + cause.getMessage(), cause);
            this.code = cause.code;
        }

        public int code() {
            return code;
        }
    }

    /** Maps, lists and arrays rendered with their contents (XML-RPC arrays are Object[]). */
    public static String render(Object value) {
        if (value instanceof Object[] array) {
            return render(Arrays.asList(array));
        }
        if (value instanceof Collection<?> c) {
            List<String> items = new ArrayList<>();
            c.forEach(i -> items.add(render(i)));
            return "[" + String.join(", ", items) + "]";
        }
        if (value instanceof Map<?, ?> m) {
            List<String> items = new ArrayList<>();
            m.forEach((k, v) -> items.add(k + "=" + render(v)));
            return "{" + String.join(", ", items) + "}";
        }
        return String.valueOf(value);
    }
}
