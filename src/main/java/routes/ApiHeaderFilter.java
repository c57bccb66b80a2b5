package routes;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * The HTTP header filter of /api/*, letting Cache-Control through to the client: file downloads
 * (the portal's receipts) must say "private, no-store". ApiResponder clears every other header
 * before it writes a reply, so nothing from the request can leak through this opening.
 */
final class ApiHeaderFilter extends HttpHeaderFilterStrategy {
    ApiHeaderFilter() {
        getOutFilter().remove("cache-control");
    }
}
