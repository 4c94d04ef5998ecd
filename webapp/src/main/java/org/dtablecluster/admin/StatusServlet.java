package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.dtablecluster.JsonAnswers;

/** {@code GET /status}: the cluster as this process sees it, as JSON ({@link StatusJson}). */
final class StatusServlet extends ReadOnlyServlet {

    private static final long serialVersionUID = 1L;

    private final transient AdminSources sources;

    StatusServlet(AdminSources sources) {
        this.sources = requireNonNull(sources, "sources is null");
    }

    @Override
    protected void doRead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonAnswers.send(response, HttpServletResponse.SC_OK, StatusJson.of(sources.report()));
    }
}
