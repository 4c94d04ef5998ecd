package org.dtablecluster.simulator;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Names the node on every response, applies the current fault, and dispatches. */
final class SimulatorHandler extends Handler.Abstract {

    private final SimulatorState state;
    private final ApiEndpoints api;
    private final ControlEndpoints control;

    SimulatorHandler(SimulatorState state) {
        super(InvocationType.NON_BLOCKING);
        this.state = state;
        this.api = new ApiEndpoints(state);
        this.control = new ControlEndpoints(state);
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
        } else {
            guarded(() -> api.serve(request, response, callback), response, callback);
        }
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
