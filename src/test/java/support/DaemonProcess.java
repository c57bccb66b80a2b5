package support;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the daemon's own main classes (app.App, app.Once) in a separate JVM, as an operator
 * would, with the environment given and logs/data in a folder of the test's; waits for the exit.
 */
public final class DaemonProcess {
    private DaemonProcess() {
    }

    /** What a finished process printed and how it ended. */
    public record Finished(int exitCode, String out, String err) {
    }

    public static Finished run(Path home, Map<String, String> env, String mainClass, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PORTAL_") || k.startsWith("TELEGRAM_") || k.startsWith("SMTP_"));
        pb.environment().put("HTTP_HOST", "127.0.0.1");
        pb.environment().put("HTTP_PORT", String.valueOf(RunningDaemon.freePort()));
        pb.environment().put("MANAGEMENT_PORT", String.valueOf(RunningDaemon.freePort()));
        pb.environment().put("LOGS_DIR", home.resolve("logs").toString());
        pb.environment().put("DATA_DIR", home.resolve("data").toString());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectError(home.resolve("stderr.txt").toFile());
        pb.redirectOutput(home.resolve("stdout.txt").toFile());
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(mainClass + " did not exit within 90 s");
        }
        return new Finished(p.exitValue(), read(home.resolve("stdout.txt")), read(home.resolve("stderr.txt")));
    }

    private static String read(Path file) throws java.io.IOException {
        return new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
