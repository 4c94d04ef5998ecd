package org.dtablecluster.admin;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.dtablecluster.JsonAnswers;

/** An admin servlet that only reads: GET and HEAD; everything else is 405 as JSON. */
abstract class ReadOnlyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            doRead(request, response);
            return;
        }
        response.setHeader("Allow", "GET, HEAD");
        JsonAnswers.send(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                JsonAnswers.error("method_not_allowed", method + " is not allowed here; use GET"));
    }

    protected abstract void doRead(HttpServletRequest request, HttpServletResponse response) throws IOException;
}
