package routes;

import java.util.Set;

/**
 * One API operation, as its rest: block in a route file declares it: method, path, the direct:
 * route that answers it, whether it needs X-Dash-Key, the largest body it takes (none for a verb
 * that consumes nothing; 8 MiB for one that consumes NDJSON batches; 64 KiB otherwise) and the
 * content types it accepts for a body, and whether the key may come as {@code Authorization: Bearer}
 * (the operation names the scheme DashBearer: Alertmanager's http_config.authorization sends it so).
 */
public record ApiEndpoint(String method, String path, String target, boolean keyRequired,
                          int maxBodyBytes, Set<String> bodyTypes, boolean bearerAccepted) {
    static final int SMALL_BODY = 64 * 1024;
    static final int INGEST_BODY = 8 * 1024 * 1024;

    /** The path as declared, where a segment "{name}" stands for any one non-empty segment. */
    boolean matches(String requested) {
        if (path.indexOf('{') < 0) {
            return path.equals(requested);
        }
        String[] want = path.split("/", -1);
        String[] got = requested.split("/", -1);
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            boolean param = want[i].startsWith("{") && want[i].endsWith("}");
            if (param ? got[i].isEmpty() : !want[i].equals(got[i])) {
                return false;
            }
        }
        return true;
    }
}
