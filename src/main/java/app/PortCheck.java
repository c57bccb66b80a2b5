package app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import base.ConfigException;
import base.Settings;

/**
 * Fails start-up when a port the daemon must listen on is taken. Vert.x only logs "Address
 * already in use" and the daemon would run deaf; this says which variable to change instead.
 */
final class PortCheck {
    private PortCheck() {
    }

    static void requireFree(Settings s, String hostVariable, String portVariable) {
        String host = s.text(hostVariable, "0.0.0.0");
        int port = s.integer(portVariable, 1, 65535);
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new ConfigException(portVariable, "port " + port + " on " + host + " is already in use (" + e.getMessage()
                    + "); stop the process that holds it or set " + portVariable + " to a free port");
        }
    }
}
