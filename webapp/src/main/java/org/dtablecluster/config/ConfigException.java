package org.dtablecluster.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Bad or missing configuration: start-up stops with this one message, which names the file, the
 * key and what was expected, for example
 * {@code Configuration file /opt/conf/dtable_server_config.json: cluster_config.etcd_host_list[1]:
 * expected host, host:port or http(s)://host:port, got ""}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String key;
    private final String problem;

    /**
     * @param file the configuration file, or null when none could be located
     * @param key the key path such as {@code cluster_config.node_id}, or null for the whole file
     * @param problem what is wrong and what was expected
     */
    public ConfigException(Path file, String key, String problem) {
        this(file, key, problem, null);
    }

    public ConfigException(Path file, String key, String problem, Throwable cause) {
        super(message(file, key, problem), cause);
        this.file = file;
        this.key = key;
        this.problem = problem;
    }

    /** The message format, shared with warnings. */
    static String message(Path file, String key, String problem) {
        StringBuilder message = new StringBuilder();
        if (file != null) {
            message.append("Configuration file ").append(file).append(": ");
        }
        if (key != null) {
            message.append(key).append(": ");
        }
        return message.append(problem).toString();
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    public String problem() {
        return problem;
    }
}
