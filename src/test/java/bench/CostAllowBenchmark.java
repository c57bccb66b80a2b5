package bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import base.ApiRequest;
import costs.AllowTable;
import costs.CostGuard;
import costs.CostsApi;
import support.RunningDaemon;

/**
 * How fast GET /api/costs/allow answers: the decision itself in-process (AllowTable.decide), the
 * whole API bean (decision + JSON reply), and over loopback HTTP through the real daemon (key
 * check, Camel routing, Vert.x). Run:
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=bench.CostAllowBenchmark
 */
public final class CostAllowBenchmark {
    private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-3-haiku", "unknown-model"};

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("cost-allow-bench");
        try (RunningDaemon d = new RunningDaemon(home)
                .set("MODEL_CAPS_JSON", "{\"gpt-4o\":10,\"gpt-4o-mini\":10,\"claude-3-haiku\":5}")
                .set("MODEL_FALLBACKS_JSON", "{\"gpt-4o\":\"gpt-4o-mini\",\"claude-3-haiku\":\"gpt-4o-mini\"}").start()) {
            String ts = Instant.now().minusSeconds(3600).toString();
            d.post("/api/costs/usage", "application/x-ndjson", "{\"ts\":\"" + ts + "\",\"model\":\"gpt-4o\",\"cost_usd\":12.3}\n"
                    + "{\"ts\":\"" + ts + "\",\"model\":\"gpt-4o-mini\",\"cost_usd\":6.2}\n");
            CostGuard guard = d.context().getRegistry().lookupByNameAndType("costGuard", CostGuard.class);
            CostsApi api = d.context().getRegistry().lookupByNameAndType("costsApi", CostsApi.class);
            System.out.println("answer for gpt-4o: " + d.get("/api/costs/allow?model=gpt-4o").text());

            decision(guard);
            apiBean(api);
            http(d);
        }
        // Camel leaves non-daemon threads behind; exec:java would wait for them forever
        System.exit(0);
    }

    private static void decision(CostGuard guard) {
        int n = 5_000_000;
        long sink = 0;
        for (int round = 0; round < 2; round++) {   // the first round warms up the JIT
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                AllowTable.Decision dec = guard.allowTable().decide(MODELS[i & 3], false);
                sink += dec.useModel().length();
            }
            long took = System.nanoTime() - start;
            if (round == 1) {
                System.out.printf("decision in-process: %d calls, mean %.1f ns/call%n", n, (double) took / n);
            }
        }
        long[] samples = new long[1_000_000];
        for (int i = 0; i < samples.length; i++) {
            long t = System.nanoTime();
            sink += guard.allowTable().decide(MODELS[i & 3], false).reason().length();
            samples[i] = System.nanoTime() - t;
        }
        print("decision in-process (each call timed, includes ~20 ns of nanoTime)", samples, "ns", 1);
        if (sink == 42) {
            System.out.println();
        }
    }

    private static void apiBean(CostsApi api) {
        ApiRequest[] requests = new ApiRequest[MODELS.length];
        for (int i = 0; i < MODELS.length; i++) {
            requests[i] = new ApiRequest("GET", "/api/costs/allow", Map.of("model", MODELS[i]), new byte[0], "127.0.0.1", null, "bench");
        }
        long sink = 0;
        for (int i = 0; i < 500_000; i++) {
            sink += api.allow(requests[i & 3]).body().length;
        }
        long[] samples = new long[500_000];
        for (int i = 0; i < samples.length; i++) {
            long t = System.nanoTime();
            sink += api.allow(requests[i & 3]).body().length;
            samples[i] = System.nanoTime() - t;
        }
        print("CostsApi.allow in-process (decision + JSON reply bytes)", samples, "ns", 1);
        if (sink == 42) {
            System.out.println();
        }
    }

    private static void http(RunningDaemon d) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest[] requests = new HttpRequest[MODELS.length];
        for (int i = 0; i < MODELS.length; i++) {
            requests[i] = HttpRequest.newBuilder(URI.create(d.url("/api/costs/allow?model=" + MODELS[i])))
                    .header("X-Dash-Key", RunningDaemon.KEY).GET().build();
        }
        for (int i = 0; i < 5_000; i++) {
            client.send(requests[i & 3], HttpResponse.BodyHandlers.ofByteArray());
        }
        long[] samples = new long[20_000];
        for (int i = 0; i < samples.length; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> r = client.send(requests[i & 3], HttpResponse.BodyHandlers.ofByteArray());
            samples[i] = System.nanoTime() - t;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode());
            }
        }
        print("GET /api/costs/allow over loopback HTTP (one client, sequential, keep-alive)", samples, "us", 1000);
    }

    private static void print(String what, long[] samples, String unit, long divisor) {
        long[] s = samples.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0) / divisor;
        System.out.printf("%s: n=%d p50 %.1f %s, p99 %.1f %s, p99.9 %.1f %s, mean %.1f %s%n", what, s.length,
                (double) s[s.length / 2] / divisor, unit, (double) s[(int) (s.length * 0.99)] / divisor, unit,
                (double) s[(int) (s.length * 0.999)] / divisor, unit, mean, unit);
    }
}
