package org.dtablecluster.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.dtablecluster.config.ConfigFileLocator.Located;
import org.junit.jupiter.api.Test;

class ConfigFileLocatorTest {

    private static final Function<String, String> NONE = name -> null;

    private static Function<String, String> only(String name, String value) {
        return Map.of(name, value)::get;
    }

    @Test
    void initParameterWinsOverSystemPropertyAndEnvironment() {
        Located located = ConfigFileLocator.locate(only("dtable.cluster.config", "/a/init.json"),
                only("dtable.cluster.config", "/a/property.json"), only("DTABLE_SERVER_CONFIG", "/a/env.json"));

        assertEquals(new Located(Path.of("/a/init.json"), "servlet context init-parameter dtable.cluster.config"),
                located);
    }

    @Test
    void systemPropertyWinsOverEnvironment() {
        Located located = ConfigFileLocator.locate(NONE,
                only("dtable.cluster.config", "/a/property.json"), only("DTABLE_SERVER_CONFIG", "/a/env.json"));

        assertEquals(new Located(Path.of("/a/property.json"), "system property dtable.cluster.config"), located);
    }

    @Test
    void environmentVariableIsTheFallback() {
        Located located = ConfigFileLocator.locate(only("dtable.cluster.config", "  "), NONE,
                only("DTABLE_SERVER_CONFIG", "/opt/conf/dtable_server_config.json"));

        assertEquals(new Located(Path.of("/opt/conf/dtable_server_config.json"),
                "environment variable DTABLE_SERVER_CONFIG"), located);
    }

    @Test
    void relativePathsAndFileUrisBecomeAbsolute() {
        Located relative = ConfigFileLocator.locate(NONE, only("dtable.cluster.config", "conf/../x.json"), NONE);
        assertEquals(Path.of("x.json").toAbsolutePath(), relative.path());

        Located uri = ConfigFileLocator.locate(only("dtable.cluster.config", "file:///etc/x.json"), NONE, NONE);
        assertEquals(Path.of("/etc/x.json"), uri.path());
    }

    @Test
    void nothingConfiguredSaysWhatToSet() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFileLocator.locate(NONE, only("dtable.cluster.config", ""), NONE));

        assertTrue(e.file().isEmpty());
        assertTrue(e.getMessage().contains("init-parameter or system property dtable.cluster.config"), e.getMessage());
        assertTrue(e.getMessage().contains("environment variable DTABLE_SERVER_CONFIG"), e.getMessage());
    }

    @Test
    void badFileUriIsNamed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFileLocator.locate(only("dtable.cluster.config", "file://host/x.json"), NONE, NONE));

        assertTrue(e.getMessage().startsWith("servlet context init-parameter dtable.cluster.config is \"file://host/x.json\""),
                e.getMessage());
    }
}
