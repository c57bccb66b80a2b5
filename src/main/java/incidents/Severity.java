package incidents;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import base.ApiProblem;
import base.Excerpt;

/** How bad an incident is; the YAML route decides what each severity does (page, digest, log). */
public enum Severity {
    CRITICAL, ERROR, WARNING, INFO;

    /** Accepts any case ("critical", "Critical"); anything else is a 400 that lists the choices. */
    public static Severity parse(String text) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        for (Severity s : values()) {
            if (s.name().equals(upper)) {
                return s;
            }
        }
        throw ApiProblem.badRequest("unknown severity '" + Excerpt.of(text) + "'; use one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + " (any case)");
    }
}
