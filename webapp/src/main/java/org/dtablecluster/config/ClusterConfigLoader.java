package org.dtablecluster.config;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import org.dtablecluster.config.ConfigFileLocator.Located;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, reads and parses {@code dtable_server_config.json} once, at start-up. A servlet
 * listener calls {@code ClusterConfigLoader.load(context::getInitParameter)}; a
 * {@link ConfigException} from it should stop the web application.
 */
public final class ClusterConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterConfigLoader.class);
    /** Far above any real config; stops us from slurping a log file named by mistake. */
    private static final long MAX_BYTES = 1 << 20;

    private ClusterConfigLoader() {
    }

    /** Looks in the given init-parameters, then system properties, then the environment; logs warnings. */
    public static ClusterConfig load(Function<String, String> initParameters) {
        return load(initParameters, System::getProperty, System::getenv, warning -> LOG.warn("{}", warning));
    }

    public static ClusterConfig load(
            Function<String, String> initParameters,
            Function<String, String> systemProperties,
            Function<String, String> environment,
            Consumer<String> warnings) {
        Located located = ConfigFileLocator.locate(initParameters, systemProperties, environment);
        ClusterConfig config = ClusterConfigParser.parse(located.path(), read(located), warnings);
        LOG.info("[config file={} from={}] loaded: roles={} node={} etcd={}", located.path(), located.origin(),
                config.roles(), config.node().map(NodeSettings::nodeId).orElse("-"), config.etcd().endpoints());
        return config;
    }

    /** Reads and parses one file. */
    public static ClusterConfig load(Path file, Consumer<String> warnings) {
        Located located = new Located(file.toAbsolutePath().normalize(), "the caller");
        return ClusterConfigParser.parse(located.path(), read(located), warnings);
    }

    static String read(Located located) {
        Path file = located.path();
        String from = " (named by " + located.origin() + ")";
        if (Files.isDirectory(file)) {
            Path inside = file.resolve("dtable_server_config.json");
            throw new ConfigException(file, null, "is a directory, expected a file" + from
                    + (Files.isRegularFile(inside) ? "; did you mean " + inside + "?" : ""));
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(file, null, "is larger than 1 MiB, expected a small JSON file" + from);
            }
            byte[] bytes = Files.readAllBytes(file);
            return UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, null, "does not exist" + from, e);
        } catch (AccessDeniedException e) {
            throw new ConfigException(file, null, "cannot be read: permission denied" + from, e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, null, "is not UTF-8 text, expected a UTF-8 JSON file" + from, e);
        } catch (IOException e) {
            throw new ConfigException(file, null, "cannot be read" + from + ": " + e, e);
        }
    }
}
