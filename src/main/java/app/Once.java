package app;

/**
 * One-shot mode, the daemon's answer to the seed's "python3 scripts/slo_budget.py": runs one
 * job once against the same files and state, prints its JSON and exits.
 * Usage: java -cp target/echopilot.jar app.Once slo
 */
public final class Once {
    private Once() {
    }

    public static void main(String[] args) {
        System.exit(new OneShot(System.out, System.err).run(args));
    }
}
