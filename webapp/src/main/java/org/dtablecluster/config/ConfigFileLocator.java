package org.dtablecluster.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Finds {@code dtable_server_config.json}. First set wins:
 * <ol>
 *   <li>the servlet context init-parameter {@code dtable.cluster.config} (per web application, so
 *       one Jetty can run a node and a proxy side by side);
 *   <li>the system property {@code dtable.cluster.config};
 *   <li>the environment variable {@code DTABLE_SERVER_CONFIG}.
 * </ol>
 * A blank value counts as unset. The value is a file path (relative to the working directory)
 * or a {@code file:} URI. Each source is a lookup function, so tests need no real environment.
 */
public final class ConfigFileLocator {

    /** The init-parameter and system property naming the file. */
    public static final String PROPERTY = "dtable.cluster.config";
    /** The environment variable naming the file; SeaTable's own name for it. */
    public static final String ENVIRONMENT_VARIABLE = "DTABLE_SERVER_CONFIG";

    /**
     * @param path the file, absolute and normalised
     * @param origin where its name came from, such as {@code system property dtable.cluster.config}
     */
    public record Located(Path path, String origin) {
        public Located {
            requireNonNull(path, "path is null");
            requireNonNull(origin, "origin is null");
        }
    }

    private ConfigFileLocator() {
    }

    public static Located locate(
            Function<String, String> initParameters,
            Function<String, String> systemProperties,
            Function<String, String> environment) {
        String value = initParameters.apply(PROPERTY);
        if (isSet(value)) {
            return located(value, "servlet context init-parameter " + PROPERTY);
        }
        value = systemProperties.apply(PROPERTY);
        if (isSet(value)) {
            return located(value, "system property " + PROPERTY);
        }
        value = environment.apply(ENVIRONMENT_VARIABLE);
        if (isSet(value)) {
            return located(value, "environment variable " + ENVIRONMENT_VARIABLE);
        }
        throw new ConfigException(null, null, "no configuration file given: set the servlet context"
                + " init-parameter or system property " + PROPERTY + ", or the environment variable "
                + ENVIRONMENT_VARIABLE + ", to the path of dtable_server_config.json");
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static Located located(String value, String origin) {
        String trimmed = value.strip();
        try {
            Path path = trimmed.startsWith("file:") ? Path.of(URI.create(trimmed)) : Path.of(trimmed);
            return new Located(path.toAbsolutePath().normalize(), origin);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new ConfigException(null, null, origin + " is \"" + trimmed
                    + "\": expected a file path or a file: URI (" + e.getMessage() + ")", e);
        }
    }
}
