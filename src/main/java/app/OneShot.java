package app;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import base.ApiReply;
import base.ApiRequest;
import base.ConfigException;
import base.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * Starts the daemon's Camel context with no HTTP server and no routes running, starts only the
 * routes one job needs, sends one message through them and prints the answer.
 */
final class OneShot {
    /** A job: the routes it runs, in order; the last one answers with an ApiReply. */
    record Job(String name, String usage, List<String> routes) {
    }

    static final List<Job> JOBS = List.of(
            new Job("slo", "slo            compute the SLO budget now, write logs/slo_budget.*, print it",
                    List.of("slo-budget-run", "api-slo-budget")),
            new Job("scale", "scale          decide the worker count now (never applies), write logs/autoscale.*, print it",
                    List.of("scale-run", "api-scale-status")),
            new Job("portal", "portal email=E  print E's receipts with fresh signed download links",
                    List.of("api-portal-receipts")),
            new Job("incidents", "incidents      run the incident job now (digest, outbox retries), write logs/incident_summary.*, print the summary",
                    List.of("incident-run", "api-incidents-summary")),
            new Job("costs", "costs          check LLM spend against the caps now, write logs/costs.*, print it",
                    List.of("costs-run", "api-costs-status")));

    private final PrintStream out;
    private final PrintStream err;

    OneShot(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        Optional<Job> job = args.length == 0 ? Optional.empty()
                : JOBS.stream().filter(j -> j.name().equals(args[0])).findFirst();
        if (job.isEmpty()) {
            err.println("usage: java -cp target/echopilot.jar app.Once <job> [arguments]; jobs:");
            JOBS.forEach(j -> err.println("  " + j.usage()));
            return 64;
        }
        Main main = new Main();
        main.addOverrideProperty("camel.main.auto-startup", "false");
        main.addOverrideProperty("camel.server.enabled", "false");
        main.addOverrideProperty("camel.management.enabled", "false");
        try {
            main.start();
            return runJob(main.getCamelContext(), job.get(), Arrays.copyOfRange(args, 1, args.length));
        } catch (Exception e) {
            ConfigException config = Daemon.configCause(e);
            err.println("echopilot: " + job.get().name() + " failed: " + (config != null ? config.getMessage() : e));
            return config != null ? 2 : 1;
        } finally {
            main.stop();
        }
    }

    private static Map<String, String> keyValues(String[] arguments) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String a : arguments) {
            int eq = a.indexOf('=');
            query.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "" : a.substring(eq + 1));
        }
        return query;
    }

    private int runJob(CamelContext context, Job job, String[] arguments) throws Exception {
        for (String route : job.routes()) {
            context.getRouteController().startRoute(route);
        }
        ProducerTemplate template = context.createProducerTemplate();
        Object body = ApiRequest.local(keyValues(arguments));
        for (String route : job.routes()) {
            body = template.requestBody("direct:" + route, body);
        }
        if (body instanceof byte[] refused) {
            // a route threw: the API door (routes.ApiDoor) already wrote the {"ok":false,"error":...} envelope
            printJson(refused);
            return 1;
        }
        ApiReply reply = (ApiReply) body;
        printJson(reply.body());
        return reply.status() == 200 ? 0 : 1;
    }

    private void printJson(byte[] json) throws java.io.IOException {
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(json)));
    }
}
