package portal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import base.ApiProblem;
import base.ApiReply;
import base.ApiRequest;

/**
 * The portal's HTTP answers: GET /api/portal/receipts (key) lists a customer's receipts with
 * fresh signed links; GET /api/portal/download (no key, the link is the credential) serves one.
 * Every attempt, served or refused, goes to the access log.
 */
public final class PortalApi {
    static final String OFF = "the customer portal is off: set " + LinkSigner.SECRET
            + " (at least 32 random bytes, for example: openssl rand -hex 32) and restart";
    /** One body for every signature or expiry failure, so a client learns nothing about which. */
    static final String BAD_LINK = "this download link is not valid or has expired; ask for a new link from the receipts page";
    static final String NO_RECEIPT = "no such receipt; ask for a new link from the receipts page";
    private static final Pattern EPOCH_SECONDS = Pattern.compile("[0-9]{1,12}");
    private static final String LOOKUP = "lookup";
    private static final String DOWNLOAD = "download";

    /** A refused request: its status, the result word for the access log, and the client's message. */
    static final class Refusal extends ApiProblem {
        final String result;

        Refusal(int status, String result, String message) {
            super(status, message);
            this.result = result;
        }
    }

    private final ReceiptCatalog catalog;
    private final ReceiptFiles files;
    private final Optional<LinkSigner> signer;
    private final PortalAccessLog access;

    public PortalApi(ReceiptCatalog catalog, ReceiptFiles files, Optional<LinkSigner> signer, PortalAccessLog access) {
        this.catalog = catalog;
        this.files = files;
        this.signer = signer;
        this.access = access;
    }

    /** GET /api/portal/receipts?email=: this customer's receipts, newest first, each with a fresh link. */
    public ApiReply receipts(ApiRequest request) {
        String email = Receipt.normalEmail(request.param("email"));
        try {
            LinkSigner s = signer.orElseThrow(() -> new Refusal(503, "not_configured", OFF));
            if (email.isEmpty()) {
                throw new Refusal(400, "bad_request", "missing email; call /api/portal/receipts?email=customer@example.com");
            }
            if (!Receipt.emailShaped(email)) {
                throw new Refusal(400, "bad_request", "email is not an email address; send email=name@domain");
            }
            List<Listed> receipts = new ArrayList<>();
            for (Receipt r : catalog.forEmail(email)) {
                receipts.add(listed(r, s.sign(email, r.id())));
            }
            access.record(LOOKUP, request, email, null, "ok", 200);
            return ApiReply.okWith(new Receipts(email, receipts, s.ttl().toHours()));
        } catch (Refusal r) {
            access.record(LOOKUP, request, email, null, r.result, r.status());
            throw r;
        }
    }

    /** GET /api/portal/download?email=&id=&expires=&token=: the receipt, if the link is genuine and current. */
    public ApiReply download(ApiRequest request) {
        String email = request.param("email");
        String id = request.param("id");
        try {
            ApiReply reply = serve(request, email, id);
            access.record(DOWNLOAD, request, email, id, "ok", 200);
            return reply;
        } catch (Refusal r) {
            access.record(DOWNLOAD, request, email, id, r.result, r.status());
            throw r;
        }
    }

    private ApiReply serve(ApiRequest request, String email, String id) {
        LinkSigner s = signer.orElseThrow(() -> new Refusal(503, "not_configured", OFF));
        String expires = request.param("expires");
        String token = request.param("token");
        for (String[] p : new String[][] {{"email", email}, {"id", id}, {"expires", expires}, {"token", token}}) {
            if (p[1] == null || p[1].isEmpty()) {
                throw new Refusal(400, "bad_request", "missing " + p[0] + "; open the link exactly as /api/portal/receipts gave it");
            }
        }
        if (!Receipt.emailShaped(email) || !Receipt.plainName(id) || !EPOCH_SECONDS.matcher(expires).matches()) {
            throw new Refusal(400, "bad_request", "malformed link (email, id or expires); open the link exactly as /api/portal/receipts gave it");
        }
        LinkSigner.Check check = s.check(email, id, Long.parseLong(expires), token);
        if (check != LinkSigner.Check.VALID) {
            throw new Refusal(403, check.name().toLowerCase(Locale.ROOT), BAD_LINK);
        }
        // only a genuine link reaches the catalog, so ids cannot be probed
        Receipt receipt = catalog.byId(id).filter(r -> r.email().equals(email))
                .orElseThrow(() -> new Refusal(404, "not_found", NO_RECEIPT));
        return receipt.file() == null ? rendered(receipt) : file(receipt);
    }

    private ApiReply file(Receipt receipt) {
        try {
            byte[] bytes = files.read(receipt.file());
            return attachment(ReceiptFiles.contentType(receipt.file()), bytes, receipt.file());
        } catch (ReceiptFiles.Unavailable e) {
            throw new Refusal(404, e.getMessage(), NO_RECEIPT);
        }
    }

    private static ApiReply rendered(Receipt receipt) {
        byte[] html = ReceiptPage.render(receipt).getBytes(StandardCharsets.UTF_8);
        return attachment("text/html; charset=utf-8", html, "receipt-" + receipt.id() + ".html");
    }

    /** The file as a download nobody caches; plain names need no quoting beyond the quotes. */
    private static ApiReply attachment(String contentType, byte[] bytes, String fileName) {
        ApiReply reply = new ApiReply(200, contentType, bytes, Map.of())
                .withHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .withHeader("Cache-Control", "private, no-store")
                .withHeader("X-Content-Type-Options", "nosniff")
                // the token is in the URL: do not hand it to another site in a Referer
                .withHeader("Referrer-Policy", "no-referrer");
        return contentType.startsWith("text/html")
                ? reply.withHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                : reply;
    }

    private static Listed listed(Receipt r, LinkSigner.SignedLink link) {
        return new Listed(r.id(), r.date(), r.amountUsd(), r.description(), r.status(),
                "/api/portal/download?email=" + enc(r.email()) + "&id=" + enc(r.id())
                        + "&expires=" + link.expiresAt() + "&token=" + link.token(),
                link.expiresAt(), Instant.ofEpochSecond(link.expiresAt()).toString());
    }

    /** The answer to a lookup: this customer's receipts, newest first. */
    private record Receipts(String email, List<Listed> receipts, long linkTtlHours) {
    }

    /** One receipt as a lookup lists it, with a fresh signed link. */
    private record Listed(String id, String date, BigDecimal amountUsd, String description, String status, String downloadUrl,
                          long expiresAt, String expiresIso) {
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
