package org.dtablecluster.metrics;

import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.dtablecluster.JsonAnswers;

/**
 * {@code GET /metrics}: the client's own servlet exporter (text format, or OpenMetrics or protobuf
 * when the scraper asks for them), for GET and HEAD only; other methods get a JSON 405 like every
 * admin read.
 */
final class MetricsServlet extends PrometheusMetricsServlet {

    private static final long serialVersionUID = 1L;

    MetricsServlet(PrometheusRegistry registry) {
        super(registry);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            super.service(request, response);
            return;
        }
        response.setHeader("Allow", "GET, HEAD");
        JsonAnswers.send(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                JsonAnswers.error("method_not_allowed", method + " is not allowed here; use GET"));
    }
}
