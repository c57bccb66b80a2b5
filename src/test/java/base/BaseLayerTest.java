package base;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The shared base stays below the capabilities: only the composition root (app) knows them all. */
class BaseLayerTest {
    private static final Pattern CAPABILITY = Pattern.compile(
            // a package, any subpackages, then a class: "slo.SloReport", "incidents.camel.PageAttempts"
            "\\b(?:app|slo|incidents|costs|scale|portal|requests|routes)\\.(?:[a-z]+\\.)*[A-Z]");

    @Test
    void no_base_class_names_a_capability_or_the_composition_root() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/base"))) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(BaseLayerTest::codeLines)
                    .filter(line -> CAPABILITY.matcher(line).find())
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    /** Lines of code, not comments: a comment may say which capability uses a class. */
    private static Stream<String> codeLines(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .map(String::strip)
                    .filter(l -> !l.startsWith("*") && !l.startsWith("/*") && !l.startsWith("//"))
                    .map(l -> file.getFileName() + ": " + l.replaceAll("\"[^\"]*\"", "\"\""));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
