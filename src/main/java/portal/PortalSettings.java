package portal;

import java.time.Duration;
import java.util.Optional;

import base.Settings;

/**
 * The portal's settings, validated when loaded (in the order the daemon always checked them);
 * every default is in application.properties.
 *
 * @param secret         PORTAL_SIGNING_SECRET's bytes; empty: the portal is off and answers 503
 * @param previousSecret PORTAL_SIGNING_SECRET_PREVIOUS's bytes, still accepted during a rotation
 *                       (read only when the portal is on)
 * @param linkTtl        PORTAL_LINK_TTL_HRS
 * @param trustProxy     TRUST_PROXY: the access log takes the client address from X-Forwarded-For
 */
public record PortalSettings(Optional<byte[]> secret, Optional<byte[]> previousSecret, Duration linkTtl, boolean trustProxy) {
    static final int MAX_TTL_HRS = 24 * 366;

    public static PortalSettings from(Settings s) {
        Duration ttl = Duration.ofHours(s.integer("PORTAL_LINK_TTL_HRS", 1, MAX_TTL_HRS));
        Optional<String> secret = s.optional(LinkSigner.SECRET);
        Optional<byte[]> previous = secret.isEmpty() ? Optional.empty()
                : s.optional(LinkSigner.PREVIOUS).map(p -> LinkSigner.strongEnough(LinkSigner.PREVIOUS, p));
        Optional<byte[]> current = secret.map(c -> LinkSigner.strongEnough(LinkSigner.SECRET, c));
        return new PortalSettings(current, previous, ttl, s.bool("TRUST_PROXY"));
    }
}
