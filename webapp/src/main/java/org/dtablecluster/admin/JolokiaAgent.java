package org.dtablecluster.admin;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jolokia.server.core.http.AgentServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jolokia's {@link AgentServlet} at {@code /jolokia/*}, with the access policy
 * {@code ${jetty.base}/etc/jolokia-access.xml} (operators can edit it), else the same policy
 * inside the WAR. Without a policy Jolokia would allow every operation of every MBean, so there is
 * always one. The policy decides what may be read and run; {@link AdminGuardFilter} decides who.
 */
final class JolokiaAgent {

    static final String POLICY_FILE = "jolokia-access.xml";
    static final String CLASSPATH_POLICY = "classpath:/" + POLICY_FILE;

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaAgent.class);

    private JolokiaAgent() {
    }

    /** The policy under {@code jettyBase}/etc when it is there, else the WAR's. */
    static String policyLocation(String jettyBase) {
        if (jettyBase != null && !jettyBase.isBlank()) {
            Path file = Path.of(jettyBase.trim(), "etc", POLICY_FILE).toAbsolutePath();
            if (Files.isReadable(file)) {
                return file.toUri().toString();
            }
            LOG.warn("[admin] {} is missing; Jolokia uses the policy inside the WAR", file);
        }
        return CLASSPATH_POLICY;
    }

    static ServletRegistration.Dynamic register(ServletContext context, String name, String policyLocation) {
        ServletRegistration.Dynamic jolokia = context.addServlet(name, new AgentServlet());
        jolokia.setInitParameter("policyLocation", policyLocation);
        // No multicast discovery: the agent answers where it is mapped and nowhere else.
        jolokia.setInitParameter("discoveryEnabled", "false");
        jolokia.setInitParameter("includeStackTrace", "false");
        // Load now, so a broken policy shows in the start-up log, not at the first request.
        jolokia.setLoadOnStartup(2);
        jolokia.addMapping("/jolokia/*");
        LOG.info("[admin] Jolokia at /jolokia/ with policy {}", policyLocation);
        return jolokia;
    }
}
