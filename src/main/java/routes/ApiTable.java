package routes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.SecurityDefinition;
import org.apache.camel.model.rest.VerbDefinition;

/**
 * The API table, read from the rest: blocks of the YAML route files (the only place it is
 * written). Rebuilt when the rest definitions change (a reloaded route file), else reused: the
 * door consults it on every call.
 */
public final class ApiTable {
    /** The security scheme of X-Dash-Key (api.camel.yaml); an operation that names no scheme needs it too. */
    static final String DASH_KEY = "DashKey";
    /** The same key sent as {@code Authorization: Bearer KEY}, accepted only by operations that name this scheme. */
    static final String DASH_BEARER = "DashBearer";
    private static final String NDJSON = "ndjson";

    private final ModelCamelContext context;
    private volatile Snapshot snapshot = new Snapshot(List.of(), List.of());

    private record Snapshot(List<RestDefinition> from, List<ApiEndpoint> endpoints) {
    }

    public ApiTable(CamelContext context) {
        this.context = (ModelCamelContext) context;
    }

    /** Every operation of the loaded route files. */
    public List<ApiEndpoint> endpoints() {
        List<RestDefinition> rests = context.getRestDefinitions();
        Snapshot s = snapshot;
        if (!sameDefinitions(s.from(), rests)) {
            List<RestDefinition> copy = List.copyOf(rests);
            s = new Snapshot(copy, read(copy));
            snapshot = s;
        }
        return s.endpoints();
    }

    Optional<ApiEndpoint> find(String method, String path) {
        for (ApiEndpoint e : endpoints()) {
            if (e.matches(path) && e.method().equals(method)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    List<ApiEndpoint> atPath(String path) {
        return endpoints().stream().filter(e -> e.matches(path)).collect(Collectors.toList());
    }

    boolean isPublic(String path) {
        return endpoints().stream().anyMatch(e -> e.matches(path) && !e.keyRequired());
    }

    private static boolean sameDefinitions(List<RestDefinition> seen, List<RestDefinition> now) {
        if (seen.size() != now.size() || seen.isEmpty()) {
            return false;
        }
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i) != now.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static List<ApiEndpoint> read(List<RestDefinition> rests) {
        List<ApiEndpoint> endpoints = new ArrayList<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition verb : rest.getVerbs()) {
                endpoints.add(endpoint(rest, verb));
            }
        }
        return List.copyOf(endpoints);
    }

    private static ApiEndpoint endpoint(RestDefinition rest, VerbDefinition verb) {
        String path = join(rest.getPath(), verb.getPath());
        if (verb.getTo() == null) {
            throw new IllegalStateException("the rest operation " + verb.asVerb().toUpperCase(Locale.ROOT) + " " + path
                    + " has no 'to:'; name the direct: route that answers it");
        }
        Set<String> types = verb.getConsumes() == null ? Set.of()
                : Arrays.stream(verb.getConsumes().split(",")).map(t -> t.trim().toLowerCase(Locale.ROOT))
                .filter(t -> !t.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        int maxBody = types.isEmpty() ? 0
                : types.stream().anyMatch(t -> t.contains(NDJSON)) ? ApiEndpoint.INGEST_BODY : ApiEndpoint.SMALL_BODY;
        return new ApiEndpoint(verb.asVerb().toUpperCase(Locale.ROOT), path, verb.getTo().getUri(),
                needsKey(verb.getSecurity()), maxBody, Set.copyOf(types), names(verb.getSecurity(), DASH_BEARER));
    }

    /** Fail closed: only an operation that names a scheme other than DashKey (or DashBearer) goes without the key. */
    private static boolean needsKey(List<SecurityDefinition> security) {
        return security == null || security.isEmpty() || names(security, DASH_KEY) || names(security, DASH_BEARER);
    }

    private static boolean names(List<SecurityDefinition> security, String scheme) {
        return security != null && security.stream().anyMatch(s -> scheme.equals(s.getKey()));
    }

    /** True when an operation at the path takes the key as a bearer token. */
    boolean acceptsBearer(String path) {
        return endpoints().stream().anyMatch(e -> e.matches(path) && e.bearerAccepted());
    }

    private static String join(String base, String path) {
        String b = base == null ? "" : base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String p = path == null || path.isEmpty() ? "" : path.startsWith("/") ? path : "/" + path;
        return b + p;
    }
}
