package org.dtablecluster.simulator;

import java.util.Locale;
import org.eclipse.jetty.server.Request;

/** Base UUIDs as the simulator keeps them: one canonical form, so both spellings name one base. */
final class BaseUuids {

    private BaseUuids() {
    }

    /**
     * The 36-character lowercase form of {@code text} when it is a UUID in the dashed or the
     * 32-hex form (any case), else {@code null}.
     */
    static String canonical(String text) {
        if (text == null) {
            return null;
        }
        String hex;
        if (text.length() == 36) {
            if (text.charAt(8) != '-' || text.charAt(13) != '-' || text.charAt(18) != '-' || text.charAt(23) != '-') {
                return null;
            }
            hex = text.substring(0, 8) + text.substring(9, 13) + text.substring(14, 18)
                    + text.substring(19, 23) + text.substring(24);
        } else if (text.length() == 32) {
            hex = text;
        } else {
            return null;
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return null;
            }
        }
        hex = hex.toLowerCase(Locale.ROOT);
        return hex.substring(0, 8) + '-' + hex.substring(8, 12) + '-' + hex.substring(12, 16) + '-'
                + hex.substring(16, 20) + '-' + hex.substring(20);
    }

    /** The bucket of a canonical UUID: its first two hex digits, as dtable-web computes it. */
    static int bucket(String canonical) {
        return Integer.parseInt(canonical.substring(0, 2), 16);
    }

    /**
     * The base a request names: its first path segment that is a UUID, else its
     * {@code dtable_uuid} query parameter; canonical, or {@code null} when it names none.
     */
    static String inRequest(Request request) {
        for (String s : request.getHttpURI().getPath().split("/")) {
            String uuid = canonical(s);
            if (uuid != null) {
                return uuid;
            }
        }
        return canonical(Request.extractQueryParameters(request).getValue("dtable_uuid"));
    }
}
