package org.dtablecluster.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Base64;
import org.dtablecluster.BaseIds;

/**
 * Finds the base a request is about, first match wins: a path segment
 * that is a base id; the query parameter {@code dtable_uuid}; the {@code dtable_uuid} claim of the
 * JWT in {@code Authorization: Token <jwt>} (also {@code Bearer}). The JWT is read, not verified:
 * the dtable-server verifies it, and a forged claim only routes the request to a server that will
 * reject it.
 *
 * <p>Path and query are scanned in place; only the JWT payload is decoded, and only when the path
 * and query name no base.
 */
final class BaseLocator {

    /** No base named: any live node may answer. */
    static final int NONE = -1;
    /** A {@code dtables} path segment followed by something that is not a base id. */
    static final int BAD_PATH = -2;

    private static final String DTABLES = "dtables";
    private static final String QUERY_PARAMETER = "dtable_uuid";
    /** A SeaTable JWT payload is a few hundred bytes; anything far larger is not one. */
    private static final int MAX_PAYLOAD_CHARS = 8192;
    private static final JsonFactory JSON = new JsonFactory();

    private BaseLocator() {
    }

    /** The bucket of the base the request names, or {@link #NONE}, or {@link #BAD_PATH}. */
    static int locate(String path, String query, String authorization) {
        int bucket = inPath(path);
        if (bucket != NONE) {
            return bucket;
        }
        bucket = inQuery(query);
        if (bucket != NONE) {
            return bucket;
        }
        return inAuthorization(authorization);
    }

    static int inPath(String path) {
        if (path == null) {
            return NONE;
        }
        boolean afterDtables = false;
        int n = path.length();
        for (int start = 0; start <= n; ) {
            int end = start;
            while (end < n && path.charAt(end) != '/') {
                end++;
            }
            int next = end + 1;
            int semicolon = indexOf(path, ';', start, end);
            if (semicolon >= 0) {
                end = semicolon;
            }
            if (end > start) {
                int bucket = BaseIds.bucketOf(path, start, end);
                if (bucket >= 0) {
                    return bucket;
                }
                if (afterDtables) {
                    return BAD_PATH;
                }
                afterDtables = end - start == DTABLES.length() && path.startsWith(DTABLES, start);
            }
            start = next;
        }
        return NONE;
    }

    /** The first segment after {@code dtables} that is not a base id; for the error message only. */
    static String badSegment(String path) {
        boolean afterDtables = false;
        for (String segment : path.split("/")) {
            int semicolon = segment.indexOf(';');
            String name = semicolon < 0 ? segment : segment.substring(0, semicolon);
            if (name.isEmpty()) {
                continue;
            }
            if (afterDtables) {
                return name.length() > 64 ? name.substring(0, 64) + "..." : name;
            }
            afterDtables = name.equals(DTABLES);
        }
        return "";
    }

    static int inQuery(String query) {
        if (query == null) {
            return NONE;
        }
        int n = query.length();
        for (int start = 0; start < n; ) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = n;
            }
            int valueStart = start + QUERY_PARAMETER.length() + 1;
            if (valueStart <= end && query.startsWith(QUERY_PARAMETER, start) && query.charAt(valueStart - 1) == '=') {
                int bucket = BaseIds.bucketOf(query, valueStart, end);
                if (bucket >= 0) {
                    return bucket;
                }
            }
            start = end + 1;
        }
        return NONE;
    }

    static int inAuthorization(String authorization) {
        if (authorization == null) {
            return NONE;
        }
        int space = authorization.indexOf(' ');
        if (space < 0 || !isTokenScheme(authorization, space)) {
            return NONE;
        }
        int tokenStart = space + 1;
        while (tokenStart < authorization.length() && authorization.charAt(tokenStart) == ' ') {
            tokenStart++;
        }
        int firstDot = authorization.indexOf('.', tokenStart);
        int secondDot = firstDot < 0 ? -1 : authorization.indexOf('.', firstDot + 1);
        if (secondDot < 0 || secondDot - firstDot - 1 > MAX_PAYLOAD_CHARS) {
            return NONE;
        }
        return inJwtPayload(authorization.substring(firstDot + 1, secondDot));
    }

    private static boolean isTokenScheme(String authorization, int length) {
        return length == 5 && authorization.regionMatches(true, 0, "Token", 0, 5)
                || length == 6 && authorization.regionMatches(true, 0, "Bearer", 0, 6);
    }

    /** Reads only the top-level {@code dtable_uuid}; garbage of any kind means no base. */
    private static int inJwtPayload(String base64Url) {
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(base64Url);
        } catch (IllegalArgumentException e) {
            return NONE;
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                boolean wanted = QUERY_PARAMETER.equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (wanted) {
                    int bucket = value == JsonToken.VALUE_STRING ? BaseIds.bucketOf(parser.getText()) : -1;
                    return bucket >= 0 ? bucket : NONE;
                }
                parser.skipChildren();
            }
            return NONE;
        } catch (IOException e) {
            return NONE;
        }
    }

    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
