package org.dtablecluster.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The realm file decides whether the admin port asks for a password. */
class RealmFileTest {

    @TempDir
    Path dir;

    @Test
    void readsUsersAndRolesLikeJettyAndIgnoresPasswords() throws Exception {
        RealmFile realm = RealmFile.parse("test", new StringReader("""
                # a comment
                admin: OBF:1v2j1uum1xtv1zej1zer1xtn1uvk1v1v, dtable-cluster-admin, ops
                viewer=plain
                  spaced :  pw ,  dtable-cluster-admin
                """));

        assertEquals(Map.of("admin", Set.of("dtable-cluster-admin", "ops"), "viewer", Set.of(),
                "spaced", Set.of("dtable-cluster-admin")), realm.rolesByUser());
        assertEquals(Set.of("admin", "spaced"), realm.usersWith("dtable-cluster-admin"));
        assertTrue(AdminAccess.of(realm).isProtected());
    }

    @Test
    void theShippedRealmHasNoUserSoThePortIsOpen() {
        Path shipped = Path.of("..", "jetty-base", "etc", "dtable-cluster-realm.properties");
        RealmFile realm = RealmFile.read(shipped);

        assertFalse(realm.hasUsers(), "jetty-base must ship without an admin user: " + realm.rolesByUser());
        assertFalse(AdminAccess.of(realm).isProtected());
    }

    @Test
    void loadTakesTheContextParameterThenTheSystemProperty() throws Exception {
        Path file = Files.writeString(dir.resolve("realm.properties"), "admin: secret, dtable-cluster-admin\n");
        assertTrue(AdminAccess.load(name -> AdminAccess.REALM_PARAMETER.equals(name) ? file.toString() : null)
                .isProtected());
        assertFalse(AdminAccess.load(name -> null).isProtected(), "no realm configured: open");
        assertTrue(AdminAccess.load(name -> null).realmSource().contains(AdminAccess.REALM_PARAMETER));
    }

    @Test
    void aConfiguredRealmThatIsMissingStopsTheStart() {
        Path missing = dir.resolve("nope.properties");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AdminAccess.load(name -> missing.toString()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
