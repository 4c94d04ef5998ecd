package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The users and roles of a Jetty realm file, read the way Jetty's {@code HashLoginService} reads
 * it ({@code user: password[, role ...]} lines of a properties file), passwords ignored. The WAR
 * cannot see the container's login service, so it reads the same file to know whether an admin
 * password is configured at all.
 *
 * @param source where it was read, for messages
 * @param rolesByUser every user and its roles
 */
record RealmFile(String source, Map<String, Set<String>> rolesByUser) {

    RealmFile {
        requireNonNull(source, "source is null");
        rolesByUser = Map.copyOf(new TreeMap<>(requireNonNull(rolesByUser, "rolesByUser is null")));
    }

    /**
     * Reads {@code file}.
     *
     * @throws UncheckedIOException when it is missing or unreadable: the container's login
     *     service would not start either, and guessing "no password" would open the admin port
     */
    static RealmFile read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            return parse(file.toString(), in);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("admin realm file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read admin realm file " + file + ": " + e, e);
        }
    }

    static RealmFile parse(String source, Reader in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        Map<String, Set<String>> users = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            String user = key.trim();
            if (user.isEmpty()) {
                continue;
            }
            String credentials = p.getProperty(key);
            int comma = credentials.indexOf(',');
            Set<String> roles = comma < 0 ? Set.of() : Arrays.stream(credentials.substring(comma + 1).split(","))
                    .map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet());
            users.put(user, roles);
        }
        return new RealmFile(source, users);
    }

    /**
     * True when users other than the file's owner and group may read {@code file}: every local
     * account could then read the admin passwords (Jetty keeps them as plain text or weak hashes).
     * False where the file system has no POSIX permissions.
     */
    static boolean othersCanRead(Path file) {
        try {
            return Files.getPosixFilePermissions(file).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    boolean hasUsers() {
        return !rolesByUser.isEmpty();
    }

    /** Users holding {@code role}, sorted. */
    Set<String> usersWith(String role) {
        return rolesByUser.entrySet().stream().filter(e -> e.getValue().contains(role)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
