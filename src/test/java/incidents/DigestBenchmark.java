package incidents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import base.StateDb;

/**
 * How long one digest run takes with 200,000 queued WARNING/ERROR entries in the SQLite state
 * database, and how long a raise-sized write (one digest entry, through the same group commit)
 * waits meanwhile. Run:
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=incidents.DigestBenchmark
 */
public final class DigestBenchmark {
    private static final int QUEUED = 200_000;

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("digest-bench");
        Lease lease = new Lease("bench", Duration.ofSeconds(60), Clock.systemUTC());
        try (StateDb db = new StateDb("jdbc:sqlite:" + home.resolve("state.db")); GroupCommit writes = new GroupCommit(db)) {
            for (int r = 0; r < 2; r++) {
                int round = r;
                fill(db, lease, round);
                AtomicBoolean running = new AtomicBoolean(true);
                long[] waits = new long[200_000];
                int[] n = {0};
                Thread raiser = new Thread(() -> {
                    int k = 0;
                    while (running.get() && n[0] < waits.length) {
                        Incident i = incident(round * 10_000_000 + QUEUED + k);
                        String id = "r" + round + "-" + k++;
                        long t = System.nanoTime();
                        writes.run(c -> {
                            DigestQueue.add(db, c, i, id, lease);
                            return null;
                        });
                        waits[n[0]++] = System.nanoTime() - t;
                    }
                });
                raiser.start();
                Thread.sleep(200);
                long start = System.nanoTime();
                long total = digest(writes, lease);
                long took = System.nanoTime() - start;
                running.set(false);
                raiser.join();
                long[] w = Arrays.copyOf(waits, n[0]);
                Arrays.sort(w);
                System.out.printf("round %d: digest of %d entries took %d ms; concurrent single-entry writes: %d, p99 %.1f ms,"
                        + " max %.1f ms%n", round, total, took / 1_000_000, w.length, w[(int) (w.length * 0.99)] / 1e6,
                        w[w.length - 1] / 1e6);
                digest(writes, lease);
            }
        }
        System.exit(0);
    }

    private static long digest(GroupCommit writes, Lease lease) {
        return DigestQueue.take(writes, Pager.DIGEST_LISTED, Set.of(), lease, digest -> c -> null).total();
    }

    private static void fill(StateDb db, Lease lease, int round) {
        for (int from = 0; from < QUEUED; from += 10_000) {
            int start = from;
            db.inTransaction(c -> {
                for (int k = start; k < start + 10_000; k++) {
                    DigestQueue.add(db, c, incident(k), "q" + round + "-" + k, lease);
                }
                return null;
            });
        }
    }

    private static Incident incident(int k) {
        return new Incident(Instant.ofEpochMilli(1_700_000_000_000L + k), k % 7 == 0 ? Severity.ERROR : Severity.WARNING,
                "source-" + (k % 13), "bench incident number " + k, Integer.toHexString(k));
    }
}
