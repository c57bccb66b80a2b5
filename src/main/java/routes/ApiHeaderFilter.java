package routes;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * The HTTP header filter of /api/*. Inbound, it lets nothing through: platform-http copies the
 * query parameters into the Camel headers beside the request headers, so a header read there
 * could have come from "?X-Dash-Key=...". {@link ApiGate} reads the Vert.x request itself, and
 * routes see only the ApiRequest it builds. Outbound, it lets Cache-Control through: file
 * downloads (the portal's receipts) must say "private, no-store". ApiResponder clears every
 * other header before it writes a reply.
 */
final class ApiHeaderFilter extends HttpHeaderFilterStrategy {
    ApiHeaderFilter() {
        getOutFilter().remove("cache-control");
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true;
    }
}
