package routes;

import base.ConfigException;
import base.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.main.HttpServerConfigurationProperties;

/**
 * Camel Main's factory of the HTTP server (camel.server.*), bound in application.properties
 * (camel.beans.httpServerFactory): Main takes a factory from the registry before its built-in
 * one, and a bean bound there exists before Main builds the server, unlike the beans of
 * AppConfiguration. The management server (camel.management.*) is the stock one.
 */
public final class HardenedHttpServerFactory extends DefaultMainHttpServerFactory {

    @Override
    public Service newHttpServer(CamelContext context, HttpServerConfigurationProperties properties) {
        // the stock factory turns camel.server.* into Vert.x settings; its MainHttpServer itself is not used
        VertxPlatformHttpServerConfiguration configuration = ((MainHttpServer) super.newHttpServer(context, properties)).getConfiguration();
        refuseWhatIsNotWired(configuration);
        configuration.setServerType(VertxPlatformHttpRouter.SERVER_TYPE_SERVER);
        HardenedHttpServer server = new HardenedHttpServer(configuration, Settings.of(context).secondsOrDuration("HTTP_IDLE_TIMEOUT"));
        server.setCamelContext(context);
        return server;
    }

    /**
     * TLS, authentication and a context path of camel.server.* live in the stock server's code
     * (its top router), which this one replaces: refused at start rather than silently dropped.
     */
    private static void refuseWhatIsNotWired(VertxPlatformHttpServerConfiguration c) {
        if (c.getPath() != null && !c.getPath().equals("/")) {
            throw new ConfigException("camel.server.path", "'" + c.getPath() + "' is not supported; the API is served at /api");
        }
        if (c.getSslContextParameters() != null || c.isUseGlobalSslContextParameters()) {
            throw new ConfigException("camel.server.ssl", "TLS on the API port is not supported; put a TLS proxy in front of the daemon");
        }
        if (c.getAuthenticationConfig().isEnabled()) {
            throw new ConfigException("camel.server.authentication", "is not supported; the API checks X-Dash-Key itself");
        }
    }
}
