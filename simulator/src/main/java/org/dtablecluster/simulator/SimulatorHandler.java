package org.dtablecluster.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * Names the node on every response, applies the current fault, admits a request that names a
 * base only while its bucket is served here (else 421 {@code not_owner}, not processed), and
 * dispatches, to a WebSocket when the request asks for an upgrade.
 */
final class SimulatorHandler extends Handler.Abstract {

    private final SimulatorState state;
    private final ApiEndpoints api;
    private final ControlEndpoints control;
    private final ServerWebSocketContainer webSockets;

    SimulatorHandler(SimulatorState state, ServerWebSocketContainer webSockets) {
        super(InvocationType.NON_BLOCKING);
        this.state = state;
        this.api = new ApiEndpoints(state);
        this.control = new ControlEndpoints(state);
        this.webSockets = webSockets;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put(DtableServerSimulator.NODE_HEADER, state.nodeId());
        if (Request.getPathInContext(request).startsWith("/_sim/")) {
            guarded(() -> control.serve(request, response, callback), response, callback);
            return true;
        }
        state.requests().increment();
        Fault fault = state.fault();
        if (fault.close()) {
            // What a crashed server looks like to its client: the connection ends with no answer.
            // Completing (not failing) the callback keeps Jetty from logging an error for it.
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.succeeded();
        } else if (fault.delayMillis() > 0) {
            request.getComponents().getScheduler().schedule(
                    () -> serveOrFail(fault, request, response, callback), fault.delayMillis(), TimeUnit.MILLISECONDS);
        } else {
            serveOrFail(fault, request, response, callback);
        }
        return true;
    }

    private void serveOrFail(Fault fault, Request request, Response response, Callback callback) {
        if (fault.status() != 0) {
            Json.error(response, callback, fault.status(), "simulated fault on " + state.nodeId());
            return;
        }
        String base = BaseUuids.inRequest(request);
        boolean upgrade = isWebSocketUpgrade(request);
        if (base == null) {
            if (upgrade) {
                Json.error(response, callback, 400, "a WebSocket names its base in the path or in dtable_uuid");
            } else {
                guarded(() -> api.serve(request, response, callback), response, callback);
            }
            return;
        }
        int bucket = BaseUuids.bucket(base);
        if (!state.ownership().enter(bucket)) {
            state.refused().increment();
            notOwner(response, callback, base, bucket);
            return;
        }
        Callback done = new Callback() {
            @Override
            public void succeeded() {
                state.ownership().exit(bucket);
                callback.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                state.ownership().exit(bucket);
                callback.failed(x);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
        if (upgrade) {
            guarded(() -> upgrade(request, response, done, base), response, done);
        } else {
            guarded(() -> api.serve(request, response, done), response, done);
        }
    }

    private void upgrade(Request request, Response response, Callback callback, String base) {
        boolean upgraded = webSockets.upgrade((req, resp, cb) -> new EchoSocket(state.ownership(), state.nodeId(), base),
                request, response, callback);
        if (!upgraded) {
            Json.error(response, callback, 400, "not a valid WebSocket upgrade");
        }
    }

    /** 421 Misdirected Request: not processed here, so a proxy may send it to the owner. */
    private void notOwner(Response response, Callback callback, String base, int bucket) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "not_owner");
        body.put("error_msg", state.nodeId() + " does not serve bucket " + String.format("%02x", bucket) + " now");
        body.put("node_id", state.nodeId());
        body.put("dtable_uuid", base);
        body.put("bucket", String.format("%02x", bucket));
        Json.send(response, callback, 421, body);
    }

    private static boolean isWebSocketUpgrade(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket");
    }

    private static void guarded(Runnable endpoint, Response response, Callback callback) {
        try {
            endpoint.run();
        } catch (IllegalArgumentException e) {
            Json.error(response, callback, 400, e.getMessage());
        } catch (RuntimeException e) {
            callback.failed(e);
        }
    }
}
