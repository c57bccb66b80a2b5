package foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/echopilot, the launcher the systemd unit runs, with a stand-in java that prints the command
 * line it was given (the real jar is built after the tests; .ci/run's deploy check and the README's
 * run command use it for real).
 */
class LauncherTest {
    @TempDir
    Path home;

    private record Run(int exit, String out, String err) {
    }

    private Run launch(Map<String, String> env, String... args) throws Exception {
        Path fakeJava = home.resolve("fake-java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.writeString(home.resolve("echopilot.jar"), "not really a jar");
        List<String> cmd = new ArrayList<>(List.of(Path.of("bin/echopilot").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("JAVA") || k.equals("ECHOPILOT_JAR"));
        pb.environment().put("JAVA", fakeJava.toString());
        pb.environment().put("ECHOPILOT_JAR", jar.toString());
        pb.environment().putAll(env);
        pb.redirectOutput(home.resolve("out").toFile()).redirectError(home.resolve("err").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(home.resolve("out")).trim(), Files.readString(home.resolve("err")));
    }

    @Test
    void the_launcher_runs_the_jar_with_a_small_heap_and_the_serial_collector_by_default() throws Exception {
        Run r = launch(Map.of(), "--flag");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("-Xms96m -Xmx256m -Xmn48m").contains("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError")
                .endsWith("-jar " + home.resolve("echopilot.jar") + " --flag");
    }

    @Test
    void java_opts_replace_the_defaults_and_java_opts_extra_adds_to_them() throws Exception {
        assertThat(launch(Map.of("JAVA_OPTS", "-Xmx1g -XX:+UseG1GC")).out()).isEqualTo("-Xmx1g -XX:+UseG1GC -jar " + home.resolve("echopilot.jar"));
        assertThat(launch(Map.of("JAVA_OPTS_EXTRA", "-Xmx512m")).out()).contains("-XX:+UseSerialGC").contains("-Dfile.encoding=UTF-8 -Xmx512m -jar");
    }

    @Test
    void a_missing_jar_stops_the_launcher_with_one_line_saying_how_to_build_it() throws Exception {
        Run r = launch(Map.of("ECHOPILOT_JAR", home.resolve("nowhere.jar").toString()));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("echopilot: cannot start: no echopilot.jar").contains("mvn -B -DskipTests package");
        assertThat(r.out()).isEmpty();
    }
}
