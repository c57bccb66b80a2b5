package support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What an operator does first to edit the flows: copy the shipped YAML routes into a ROUTES_DIR folder. */
public final class EditableRoutes {
    private EditableRoutes() {
    }

    /** A folder {@code home/routes} holding a copy of src/main/resources/routes/*.camel.yaml. */
    public static Path copyInto(Path home) throws IOException {
        Path routes = Files.createDirectories(home.resolve("routes"));
        try (Stream<Path> yaml = Files.list(Path.of("src/main/resources/routes"))) {
            for (Path p : yaml.toList()) {
                Files.copy(p, routes.resolve(p.getFileName()));
            }
        }
        return routes;
    }
}
